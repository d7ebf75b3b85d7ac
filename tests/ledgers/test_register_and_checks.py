"""Tests for ledger loading and checks: validation, the magnitude check, flags, the village register."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.ledgers.fields import Field
from tanto_analysis.ledgers.files import find_ledger
from tanto_analysis.ledgers.ledger import Ledger, data_status_of, flagged_rows, load_ledger
from tanto_analysis.ledgers.register import load_villages, register_indicators
from tanto_analysis.ledgers.tidy import half_unit

FIELDS = (
    Field("item_id", "id", unique=True),
    Field("village", "village"),
    Field("kind", "choice", choices=("a", "b")),
    Field("count", "int"),
    Field("amount_yuan", "number", unit="元"),
    Field("paid_date", "date", dates="in_year"),
)
HEADER = "item_id,village,kind,count,amount_yuan,paid_date,data_status"
GOOD = [
    "I1,断滩村,a,1,20000,2022-01-05,synthetic",
    "I2,拨云岭,b,2,30000,2022-06-30,synthetic",
    "I3,村A,a,0,45000.5,2022-12-31,synthetic",
]


def write(folder: Path, lines: list[str], name: str = "items.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def problems(path: Path, year: int = 2022) -> list[str]:
    with pytest.raises(InputError) as info:
        load_ledger(path, FIELDS, year)
    return [p.detail() for p in info.value.problems]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_good_ledger_is_typed(tmp_path):
    frame = load_ledger(write(tmp_path, GOOD), FIELDS, 2022).df()
    assert list(frame["village"]) == ["断滩村", "拨云岭村", "村A"]  # short form made canonical
    assert frame["amount_yuan"].sum() == 95000.5
    assert frame["count"].dtype == "int64"
    assert list(frame["source_row"]) == [2, 3, 4]
    assert list(frame["flags"]) == ["", "", ""]
    assert frame.attrs["file"] == "items.csv"
    assert frame["paid_date"].iloc[1] == pd.Timestamp(2022, 6, 30)


def test_gbk_ledger_reads_the_same(tmp_path):
    frame = load_ledger(write(tmp_path, GOOD, encoding="gbk"), FIELDS, 2022).df()
    assert list(frame["village"]) == ["断滩村", "拨云岭村", "村A"]


def test_xlsx_ledger_with_date_cells(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["I1", "断滩村", "a", 1, 20000, dt.datetime(2022, 3, 1), "synthetic"])
    sheet.append(["I2", "何村", "b", 2, 30000.5, dt.datetime(2022, 4, 1), "synthetic"])
    book.save(tmp_path / "items.xlsx")
    frame = load_ledger(tmp_path / "items.xlsx", FIELDS, 2022).df()
    assert frame["amount_yuan"].tolist() == [20000, 30000.5]
    assert frame["paid_date"].tolist() == [pd.Timestamp(2022, 3, 1), pd.Timestamp(2022, 4, 1)]
    assert frame["count"].tolist() == [1, 2]


def test_negative_amount_is_an_error(tmp_path):
    bad = GOOD[:1] + ["I2,拨云岭,b,2,-30000,2022-06-30,synthetic"] + GOOD[2:]
    assert problems(write(tmp_path, bad)) == [
        "items.csv:3:amount_yuan: negative amount; expected 0 or more; got '-30000'"]


def test_negative_count_is_an_error(tmp_path):
    bad = GOOD[:2] + ["I3,村A,a,-1,45000,2022-12-31,synthetic"]
    assert problems(write(tmp_path, bad)) == ["items.csv:4:count: negative value; expected 0 or more; got '-1'"]


def test_duplicate_id_is_an_error(tmp_path):
    bad = GOOD + ["I2,村B,a,1,30000,2022-03-01,synthetic"]
    assert problems(write(tmp_path, bad)) == [
        "items.csv:5:item_id: duplicate item_id; ids must be unique (first at row 3); got '[masked]'"]


def test_unknown_village_is_an_error(tmp_path):
    bad = GOOD[:2] + ["I3,幸福村,a,0,45000,2022-12-31,synthetic"]
    assert problems(write(tmp_path, bad)) == [
        "items.csv:4:village: unknown village; expected one of 潭头镇's 24 villages "
        "(data/reference/villages.csv); got '幸福村'"]


def test_date_outside_the_year_is_an_error(tmp_path):
    bad = ["I1,断滩村,a,1,20000,2021-12-31,synthetic"] + GOOD[1:]
    assert problems(write(tmp_path, bad)) == [
        "items.csv:2:paid_date: date outside the year 2022; got '2021-12-31'"]


def test_bad_types_and_values(tmp_path):
    bad = ["I1,断滩村,c,1.5,2万,2022-02-30,made-up"] + GOOD[1:]
    assert problems(write(tmp_path, bad)) == [
        "items.csv:2:amount_yuan: expected a number in 元; got '2万'",
        "items.csv:2:count: expected a whole number; got '1.5'",
        "items.csv:2:data_status: unknown data_status; expected one of synthetic, actual; got 'made-up'",
        "items.csv:2:kind: unknown value; expected one of a, b; got 'c'",
        "items.csv:2:paid_date: expected a date written YYYY-MM-DD; got '2022-02-30'",
    ]


def test_missing_column_is_an_error(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("item_id,village\nI1,断滩村\n", encoding="utf-8")
    expected = "missing column; expected the columns item_id, village, kind, count, amount_yuan, paid_date, data_status"
    assert problems(path) == [f"items.csv:1:{c}: {expected}"
                              for c in ("amount_yuan", "count", "data_status", "kind", "paid_date")]


def test_amounts_in_wan_yuan_are_caught(tmp_path):
    bad = ["I1,断滩村,a,1,150,2022-01-05,synthetic",  # 150 元 alone is plausible
           "I2,拨云岭,b,2,3,2022-06-30,synthetic", "I3,村A,a,0,4.5,2022-12-31,synthetic"]
    assert problems(write(tmp_path, bad)) == [
        "items.csv:3:amount_yuan: the column's median amount is below 100 元; looks like 万元; multiply by 10,000; "
        "got '3'"]


def test_flags_are_listed_with_file_row_and_column(tmp_path):
    fields = (Field("loan_id", "id", unique=True), *FIELDS[1:])
    path = tmp_path / "loans.csv"
    path.write_text("\n".join([HEADER.replace("item_id", "loan_id"), *GOOD]) + "\n", encoding="utf-8")
    ledger = load_ledger(path, fields, 2022)
    assert ledger.add_flag("amount_yuan > 40000", "above_amount_limit") == 1
    assert ledger.add_flag("source_row = 4", "subsidy_without_loan") == 1
    assert list(ledger.df()["flags"]) == ["", "", "above_amount_limit;subsidy_without_loan"]
    table = flagged_rows(ledger)
    assert table[["file", "row", "column", "flag", "value"]].values.tolist() == [
        ["loans.csv", 4, "amount_yuan", "above_amount_limit", "45000.5"],
        ["loans.csv", 4, "loan_id", "subsidy_without_loan", "I3"],
    ]
    with pytest.raises(ValueError, match="unknown flag"):
        ledger.add_flag("true", "made_up")


def test_half_unit_of_written_decimals():
    assert half_unit(77.3) == pytest.approx(0.05)
    assert half_unit(44.87) == pytest.approx(0.005)
    assert half_unit(69) == 0.5
    assert half_unit(21000) == 0.5


def test_register_totals(tmp_path):
    path = tmp_path / "villages.csv"
    path.write_text("village,households,population,contracted_area_mu,data_status\n"
                    "断滩村,300,1200,1000.5,synthetic\n何村,250,980,800,synthetic\n", encoding="utf-8")
    reg = load_villages(path, 2022)
    table = register_indicators(reg, 2022).set_index("indicator")
    assert table.loc["households_total", "value"] == 550
    assert table.loc["population_total", "value"] == 2180
    assert table.loc["villages_total", "value"] == 2
    assert set(table["data_status"]) == {"synthetic"} and set(table["scope"]) == {"潭头镇"}


def test_find_ledger_finds_one_file_and_refuses_two(tmp_path):
    (tmp_path / "2022").mkdir()
    (tmp_path / "2022" / "loans_synthetic.csv").write_text("x\n", encoding="utf-8")
    assert find_ledger(tmp_path, 2022, "loans").name == "loans_synthetic.csv"
    (tmp_path / "2022" / "loans.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        find_ledger(tmp_path, 2022, "loans")
    assert str(info.value) == ("2022/loans.csv::: two files for the ledger loans: loans.csv and "
                               "loans_synthetic.csv; keep one and move the other out of 2022/")
    (tmp_path / "2022" / "loans_synthetic.csv").unlink()
    (tmp_path / "2022" / "loans.xlsx").write_bytes(b"")
    with pytest.raises(InputError, match="two files for the ledger loans: loans.csv and loans.xlsx; keep one"):
        find_ledger(tmp_path, 2022, "loans")
    with pytest.raises(InputError, match="2022/posts.csv::: ledger not found"):
        find_ledger(tmp_path, 2022, "posts")


def test_data_status_of_mixed_ledgers():
    a = Ledger.from_frame(pd.DataFrame({"data_status": ["synthetic"]}))
    b = Ledger.from_frame(pd.DataFrame({"data_status": ["actual"]}))
    assert data_status_of(a) == "synthetic"
    assert data_status_of(a, b) == "actual+synthetic"


def test_old_excel_ledger_is_explained(tmp_path):
    (tmp_path / "2022").mkdir()
    (tmp_path / "2022" / "loans.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as info:
        find_ledger(tmp_path, 2022, "loans")
    assert str(info.value) == ("2022/loans.xls::: an old Excel file (.xls) is not read; "
                               "open it in Excel or WPS and save it as .xlsx")


def test_rows_under_a_title_line_keep_their_numbers(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("\n".join(["潭头镇台账2022", HEADER, GOOD[0], GOOD[1], GOOD[2].replace(",0,", ",-1,")]) + "\n",
                    encoding="utf-8")
    assert problems(path) == ["items.csv:5:count: negative value; expected 0 or more; got '-1'"]


def test_xlsx_without_a_recognised_header_names_the_row_and_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "台账"
    book.active.append(["潭头镇台账"])
    book.active.append(["编号", "金额"])
    book.save(tmp_path / "items.xlsx")
    with pytest.raises(InputError) as info:
        load_ledger(tmp_path / "items.xlsx", FIELDS, 2022)
    assert str(info.value.problems[0]) == (
        "items.xlsx:1:amount_yuan: missing column; expected the columns item_id, village, kind, count, amount_yuan, "
        "paid_date, data_status; the header (row 1 of sheet '台账') has 2 unrecognised column(s)")
    assert info.value.problems[0].value == "潭头镇台账, (column 2 without a header)"


@pytest.mark.parametrize(("written", "read", "form"), [
    ("2020年3月24日", "2020-03-24", "YYYY年M月D日"), ("2020 年 03 月 24 日", "2020-03-24", "YYYY年M月D日"),
    ("2020/3/24", "2020-03-24", "YYYY/M/D"), ("2020/03/24 0:00:00", "2020-03-24", "YYYY/M/D"),
    ("2020.3.24", "2020-03-24", "YYYY.M.D"), ("2020-3-4", "2020-03-04", "YYYY-M-D"),
    ("43914", "2020-03-24", "an Excel date number"), ("2020-03-24", "2020-03-24", None),
    ("2020-03-24 00:00:00", "2020-03-24", None), ("24/3/2020", "24/3/2020", None), ("2020年3月", "2020年3月", None),
    ("2020/2/30", "2020-02-30", "YYYY/M/D"),  # read, then refused as no date
])
def test_dates_of_other_forms_are_read_year_first_only(written, read, form):
    from tanto_analysis.ledgers.fields import read_date

    assert read_date(written) == (read, form)
