"""Ledgers as offices keep them (issue 24): each hostile form is built from the demo ledgers of 2022 and
is either accepted with the same numbers as the clean ledger (and a note) or refused in one message."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.ledgers import loading as year_module
from tanto_analysis.ledgers.loading import load_year_ledgers
from tanto_analysis.ledgers.reconcile import ledger_indicators

LOANS = "loans_synthetic.csv"


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]], line_end: str = "\n") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


@pytest.fixture
def ledgers(tmp_path, demo_ledgers, monkeypatch) -> Path:
    """A copy of the demo ledgers of 2022 in ``tmp_path/ledgers/2022``, the working directory ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(year_module, "_loaded", {})
    shutil.copytree(demo_ledgers / "2022", tmp_path / "ledgers" / "2022")
    return tmp_path / "ledgers"


@pytest.fixture(scope="module")
def clean(demo_ledgers) -> dict[str, float]:
    """The indicators of the clean demo ledgers of 2022."""
    return _indicators(demo_ledgers)


def _indicators(folder: Path) -> dict[str, float]:
    frames = load_year_ledgers(2022, folder)
    table = ledger_indicators(2022, frames=frames)
    return dict(zip(table["indicator"], table["value"].fillna(-1.0), strict=True))


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_year_ledgers(2022, folder)
    return [p.detail() for p in caught.value.problems]


@pytest.mark.parametrize("line_end", ["\r", "mixed"])
def test_classic_mac_and_mixed_line_ends_are_read(ledgers, clean, line_end):
    path = ledgers / "2022" / LOANS
    rows = _rows(path)
    if line_end == "mixed":
        ends = ["\r\n", "\r", "\n"]
        path.write_bytes("".join(",".join(r) + ends[i % 3] for i, r in enumerate(rows)).encode("utf-8"))
    else:
        _write(path, rows, "\r")
    assert b"\r" in path.read_bytes()
    assert _indicators(ledgers) == clean


def test_an_upper_case_extension_is_found(ledgers, clean):
    (ledgers / "2022" / LOANS).rename(ledgers / "2022" / "loans.CSV")
    assert _indicators(ledgers) == clean


def test_a_2_mb_cell_is_named_with_its_row_and_column(ledgers):
    path = ledgers / "2022" / LOANS
    rows = _rows(path)
    rows[5][2] = "甲" * 2_000_000
    _write(path, rows)
    assert _problems(ledgers) == [
        "ledgers/2022/loans_synthetic.csv:6:village: a cell of 2,000,000 characters (column 3); a cell holds "
        "at most 32,767 (Excel's limit): is a closing quote (\") missing, or was a text pasted in?"]


def _chinese_and_slashed_dates(path: Path) -> None:
    """Every other issue date as 2020年3月24日, the rest as 2020/3/24 (Excel's text of a date)."""
    rows = _rows(path)
    for i, row in enumerate(rows[1:]):
        y, m, d = row[4].split("-")
        row[4] = f"{y}年{int(m)}月{int(d)}日" if i % 2 else f"{y}/{int(m)}/{int(d)}"
    _write(path, rows)


def test_chinese_and_slashed_dates_are_read_with_one_note(ledgers, clean):
    _chinese_and_slashed_dates(ledgers / "2022" / LOANS)
    assert _indicators(ledgers) == clean
    loans = load_year_ledgers(2022, ledgers)["loans"]
    # 280 loans: rows 2, 4, … (140) slashed, rows 3, 5, … (140) in Chinese
    assert [str(n) for n in loans.notes] == [
        "ledgers/2022/loans_synthetic.csv::issue_date: dates read as YYYY-MM-DD: 140 written as YYYY/M/D, "
        "140 written as YYYY年M月D日"]
    assert loans.df()["issue_date"].iloc[0].strftime("%Y-%m-%d") == "2020-03-24"  # L0001, written 2020/3/24


def test_a_month_first_date_stays_refused(ledgers):
    path = ledgers / "2022" / LOANS
    rows = _rows(path)
    rows[1][4] = "3/24/2020"  # month or day first: ambiguous, not read
    _write(path, rows)
    assert _problems(ledgers) == [
        "ledgers/2022/loans_synthetic.csv:2:issue_date: expected a date written YYYY-MM-DD; got '3/24/2020'"]


def test_a_cached_ledger_keeps_its_notes(ledgers, monkeypatch, tmp_path):
    from tanto_analysis.core import paths
    from tanto_analysis.ledgers import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "CACHE_MIN_BYTES", 0)
    monkeypatch.setattr(paths, "ledger_cache_dir", lambda: tmp_path / "cache")
    _chinese_and_slashed_dates(ledgers / "2022" / LOANS)
    first = load_year_ledgers(2022, ledgers)["loans"].notes
    monkeypatch.setattr(year_module, "_loaded", {})
    again = load_year_ledgers(2022, ledgers)["loans"].notes
    assert len(list((tmp_path / "cache").glob("*/notes.json"))) == 6
    assert again == first and len(first) == 1
    assert [(n.key, n.args) for n in again] == [("ledger_note.date_forms", (("YYYY/M/D", "140"), ("YYYY年M月D日", "140")))]


def test_tanto_reconcile_prints_the_notes(ledgers):
    from click.testing import CliRunner

    from tanto_analysis.cli import main

    _chinese_and_slashed_dates(ledgers / "2022" / LOANS)
    result = CliRunner().invoke(main, ["reconcile", "--year", "2022", "--ledgers", "ledgers"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()  # a diagnostic, beside the flagged rows: not a result
    at = lines.index("1 note(s) on how the ledgers were read (accepted; see docs/ledgers.md):")
    assert lines[at + 1] == ("ledgers/2022/loans_synthetic.csv::issue_date: dates read as YYYY-MM-DD: "
                             "140 written as YYYY/M/D, 140 written as YYYY年M月D日")


def _workbook(folder: Path, merged: bool = False, subtotals: str = "") -> None:
    """The loans as ``loans.xlsx``, by village: each village's name merged down its block (``merged``), and
    after each block a row 小计 with the block's amount, at the end a 合计 row (``subtotals="words"``), or the
    same rows without the words, their ids empty (``subtotals="sums"``)."""
    from openpyxl import Workbook

    path = folder / LOANS
    header, *body = _rows(path)
    path.unlink()
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    blocks: dict[str, list[list[str]]] = {}
    for row in sorted(body, key=lambda r: (r[2], r[0])):
        blocks.setdefault(row[2], []).append(row)
    for rows in blocks.values():
        first = sheet.max_row + 1
        for row in rows:
            sheet.append([*row[:5], int(row[5]), int(row[6]), row[7]])
        if merged and len(rows) > 1:
            sheet.merge_cells(start_row=first, start_column=3, end_row=sheet.max_row, end_column=3)
        if subtotals:
            word = "小 计" if subtotals == "words" else ""
            sheet.append(["", "", word, "", "", "", sum(int(r[6]) for r in rows), ""])
    if subtotals:
        sheet.append(["合计" if subtotals == "words" else "", "", "", "", "", "", sum(int(r[6]) for r in body), ""])
    book.save(folder / "loans.xlsx")


def _same(found: dict[str, float], clean: dict[str, float]) -> None:
    """The same indicators (rows in another order: sums equal to the last bits of a float)."""
    assert found == pytest.approx(clean, rel=1e-12)


def test_a_village_merged_down_its_block_is_filled_with_a_note(ledgers, clean):
    _workbook(ledgers / "2022", merged=True)
    _same(_indicators(ledgers), clean)
    (note,) = load_year_ledgers(2022, ledgers)["loans"].notes
    # 24 villages in row order by name: 何村 first (its 25 loans in rows 2–26), 龙王庙村 last
    assert str(note).startswith("ledgers/2022/loans.xlsx::: merged cells filled down within their ranges: "
                                "C2:C26, C27:C32, ")
    assert str(note).endswith(", C274:C281") and str(note).count(":C") == 24


@pytest.mark.parametrize("merged", [False, True])
def test_subtotal_and_total_rows_are_one_message(ledgers, merged):
    _workbook(ledgers / "2022", merged=merged, subtotals="words")
    # 24 blocks: 何村's 25 loans in rows 2–26 and its 小计 in row 27, 古城村's 6 loans in 28–33 and row 34 …
    assert _problems(ledgers) == [
        "ledgers/2022/loans.xlsx:27:: rows 27, 34, 47, 53, 64, 75, 82, 92, 109, 136 and 15 more are subtotal "
        "rows (合计/小计/总计, or the sum of the rows above), not records; delete them: the totals are computed "
        "from the records"]


def test_rows_without_an_id_that_sum_the_rows_above_are_subtotal_rows(ledgers):
    _workbook(ledgers / "2022", subtotals="sums")
    (problem,) = _problems(ledgers)
    assert problem.startswith("ledgers/2022/loans.xlsx:27:: rows 27, 34, 47, ")
    assert " and 15 more are subtotal rows " in problem


def test_other_problems_are_kept_beside_the_subtotal_rows(ledgers):
    path = ledgers / "2022" / LOANS
    rows = _rows(path)
    rows[1][3] = "old"  # row 2: a kind that does not exist
    rows.append(["合计", "", "", "", "", "", str(sum(int(r[6]) for r in rows[1:])), ""])  # row 282
    _write(path, rows)
    assert _problems(ledgers) == [
        "ledgers/2022/loans_synthetic.csv:2:kind: unknown value; expected one of new, continuing; got 'old'",
        "ledgers/2022/loans_synthetic.csv:282:: row 282 is a subtotal row (合计/小计/总计, or the sum of the rows "
        "above), not a record; delete it: the totals are computed from the records"]


def test_the_subtotal_query_reads_in_other_engines(ledgers, monkeypatch):
    from .test_portable_sql import Recorder, _not_portable

    seen: list[str] = []
    connect = year_module.connect
    monkeypatch.setattr(year_module, "connect", lambda *a: Recorder(connect(*a), seen))
    _workbook(ledgers / "2022", subtotals="sums")
    _problems(ledgers)
    (query,) = [sql for sql in seen if "PARTITION BY block" in sql]
    marked = [sql for sql in seen if "regexp_matches" in sql and "合" in sql]
    for dialect in ("spark", "trino"):
        assert _not_portable(query, dialect) == ""
        assert _not_portable(marked[0], dialect) == ""


@pytest.mark.parametrize("narrowed", [True, False], ids=["few-repeated-households", "many"])
def test_a_household_borrowing_in_two_villages_is_flagged(ledgers, clean, monkeypatch, narrowed):
    import pandas as pd

    from tanto_analysis.ledgers import ledger as ledger_module
    from tanto_analysis.ledgers.ledger import flagged_rows

    # the checks look only at the repeated households' rows while they are few, at every row otherwise
    monkeypatch.setattr(ledger_module, "_NARROWING_SHARE", 0.1 if narrowed else -1.0)  # -1: never narrowed
    asked = []
    real = ledger_module.duplicate_rows_sql
    monkeypatch.setattr(ledger_module, "duplicate_rows_sql", lambda t, f, among=None: asked.append(among) or real(t, f, among))

    path = ledgers / "2022" / LOANS
    loans = pd.read_csv(path, dtype=str)
    paid = set(pd.read_csv(ledgers / "2022" / "loan_subsidies_synthetic.csv", dtype=str)["loan_id"])
    unpaid = loans.loc[~loans["loan_id"].isin(paid)]
    first = unpaid.iloc[0]
    other = unpaid.loc[unpaid["village"] != first["village"]].iloc[0]
    loans.loc[other.name, "household_id"] = first["household_id"]  # one household, loans in two villages
    loans.to_csv(path, index=False)
    found = _indicators(ledgers)
    assert found["loans_borrowing_households"] == clean["loans_borrowing_households"] - 1
    assert found["loans_total_count"] == clean["loans_total_count"] == 280
    flagged = flagged_rows(load_year_ledgers(2022, ledgers)["loans"])
    assert flagged[["row", "column", "flag"]].to_dict("records") == [
        {"row": int(first.name) + 2, "column": "village", "flag": "household_in_two_villages"},
        {"row": int(other.name) + 2, "column": "village", "flag": "household_in_two_villages"}]
    assert set(flagged["message"]) == {
        "household found in more than one village (one household_id under two villages)"}
    assert any(a is not None for a in asked) == narrowed


def test_an_office_workbook_reads_as_the_csv(ledgers, clean):
    """A title merged above Chinese headers, terms and amounts stored as text, dates as serials, date cells, text."""
    import datetime as dt

    from openpyxl import Workbook

    path = ledgers / "2022" / LOANS
    _, *body = _rows(path)
    path.unlink()
    book = Workbook()
    sheet = book.active
    sheet.append(["甲镇小额贴息贷款台账"])
    sheet.merge_cells("A1:H1")
    sheet.append(["贷款编号", "户编号", "村", "贷款类型", "发放日期", "期限（月）", "贷款金额（元）", "数据状态"])
    for i, row in enumerate(body):
        day = dt.date.fromisoformat(row[4])
        written = [(day - dt.date(1899, 12, 30)).days, dt.datetime(day.year, day.month, day.day), row[4]][i % 3]
        sheet.append([*row[:4], written, *row[5:]])  # row[5:]: the term and amount as text
        if i % 3 == 1:
            sheet.cell(sheet.max_row, 5).number_format = "yyyy/m/d"  # a date cell as a Chinese office shows it
    book.save(ledgers / "2022" / "loans.xlsx")
    assert _indicators(ledgers) == clean
    # rows 3, 6, …: 280 loans, every third from the first (94) as a serial
    assert [str(n) for n in load_year_ledgers(2022, ledgers)["loans"].notes] == [
        "ledgers/2022/loans.xlsx::issue_date: dates read as YYYY-MM-DD: 94 written as an Excel date number"]


def _page(root: Path, ledgers: Path, lang: str):
    from tanto_analysis.core import paths
    from tanto_analysis.page import page_data

    if not (root / "published").exists():
        shutil.copytree(paths.published_dir(), root / "published")
        shutil.copytree(paths.sources_dir(), root / "sources")
    return page_data.load_page_data(2022, root, ledgers, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reconciliation_page_says_how_the_ledgers_were_read(ledgers, tmp_path, lang):
    from tanto_analysis.page import domain_sections as ds

    _workbook(ledgers / "2022", merged=True)  # the loans as a workbook, their village merged down each block
    d = _page(tmp_path / "data", ledgers, lang)
    notes = ds.reading_notes(d)
    assert notes.to_dict("records") == [{"ledger": "loans", "column": "", "note": {
        "zh": "合并单元格已在其范围内向下填充（24处）",
        "en": "merged cells filled down within their ranges (24 ranges)"}[lang]}]
    html = ds.notes_table(d, notes, "台账读法说明").html
    assert "C27:C32" not in html and "C2:" not in html  # a block's length is a village's count of loans


def test_the_date_forms_note_in_both_languages(ledgers, tmp_path):
    from tanto_analysis.page import domain_sections as ds

    _chinese_and_slashed_dates(ledgers / "2022" / LOANS)
    zh = ds.reading_notes(_page(tmp_path / "data", ledgers, "zh"))
    year_module._loaded.clear()
    en = ds.reading_notes(_page(tmp_path / "data", ledgers, "en"))
    assert zh["note"].tolist() == ["日期统一读作YYYY-MM-DD：140条写作YYYY/M/D，140条写作YYYY年M月D日"]
    assert en["note"].tolist() == ["dates read as YYYY-MM-DD: 140 written as YYYY/M/D, 140 written as YYYY年M月D日"]
    assert zh["column"].tolist() == ["issue_date"] and zh["ledger"].tolist() == ["loans"]
