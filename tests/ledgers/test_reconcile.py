"""Tests for tanto_analysis.ledgers.reconcile and ``tanto reconcile``."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tanto_analysis.cli import main
from tanto_analysis.core.text import with_bound
from tanto_analysis.ledgers.reconcile import COLUMNS, reconcile

PUBLISHED_2022 = {
    "public_welfare_posts": 385, "jobs_provided": 300, "jobs_income_increase_mean": 15000,
    "jobs_income_added_total": 4_500_000, "loans_total_count": 280, "loans_new_households": 248,
    "loans_new_amount": 11_465_000, "loans_new_amount_per_household": 46229.84, "loan_subsidy_recipients": 190,
    "loan_subsidy_amount": 304_126, "loan_subsidy_per_recipient": 1600.66, "land_transfer_area": 21000,
    "land_contracted_base": 27167, "households_total": 7265, "population_total": 28958, "villages_total": 24,
}


@pytest.fixture(scope="module")
def demo(demo_ledgers):
    return demo_ledgers


@pytest.fixture
def copy(demo, tmp_path):
    target = tmp_path / "ledgers"
    shutil.copytree(demo, target)
    return target


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, ["reconcile", *args])


def test_2022_reconciles(demo):
    table = reconcile(2022, demo)
    assert list(table.columns[: len(COLUMNS)]) == COLUMNS
    rows = table.set_index("indicator")
    for indicator, value in PUBLISHED_2022.items():
        assert rows.loc[indicator, "status"] == "match", indicator
        assert rows.loc[indicator, "published_value"] == value
        assert rows.loc[indicator, "ledger_value"] == value
    rate = rows.loc["land_transfer_rate"]
    assert rate["status"] == "within_rounding" and rate["published_value"] == 77.3
    assert rate["ledger_value"] == pytest.approx(2_100_000 / 27167)
    assert rows.loc["talent_jobs_driven", "status"] == "not_in_ledger"
    assert rows.loc["land_recovered_forest", "published_value"] == 3480
    assert rows.loc["lpr_1y_mean", "status"] == "not_published"
    # 300余个 is a lower bound, and so is 300余个 × 1.5万元; 1146.5万元 is exact
    assert rows.loc["jobs_provided", "published_bound"] == "at_least"
    assert rows.loc["jobs_income_added_total", "published_bound"] == "at_least"
    assert rows.loc["loans_new_amount", "published_bound"] == "exact"
    assert rows.loc["lpr_1y_mean", "published_bound"] == ""
    assert rows.loc["loan_subsidy_amount", "quote"] == "30.4126万元"
    assert set(table["status"]) == {"match", "within_rounding", "not_in_ledger", "not_published"}
    assert set(table["data_status"]) == {"synthetic"}
    assert list(dict.fromkeys(table["domain"])) == [
        "employment_income", "loan_subsidy", "land_transfer", "village_register"]


def test_a_year_without_published_figures_claims_no_match(demo):
    result = run("--year", "2023", "--ledgers", str(demo))  # the demo publishes 2022 only
    assert result.exit_code == 0, result.output
    assert "no published figures for 2023 (data/published/2023.csv); showing ledger figures only" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == "no published figure of 2023 is one the ledgers give: nothing reconciled"
    assert "every published figure" not in result.stdout


def test_cli_exits_0_on_fresh_demo_data(demo):
    result = run("--year", "2022", "--ledgers", str(demo))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "every published figure of 2022 that the ledgers give matches"
    assert "ledger data: SYNTHETIC" in result.output
    for title in ("Employment income", "Loan subsidies", "Land transfer"):
        assert title in result.output
    assert "mismatch" not in result.output.lower()
    assert "│ 4,500,000 │ ≥ 4,500,000 │" in result.output
    assert "│ 11,465,000 │ 11,465,000 │" in result.output


def test_removed_loan_row_is_a_mismatch(copy):
    loans = copy / "2022" / "loans_synthetic.csv"
    lines = loans.read_text(encoding="utf-8").splitlines(keepends=True)
    # drop a new loan that has no subsidy, so only the loan counts change
    subsidised = {line.split(",")[1] for line in (copy / "2022" / "loan_subsidies_synthetic.csv")
                  .read_text(encoding="utf-8").splitlines()[1:]}
    victim = next(i for i, line in enumerate(lines[1:], 1) if line.split(",")[0] not in subsidised)
    loans.write_text("".join(lines[:victim] + lines[victim + 1:]), encoding="utf-8")
    result = run("--year", "2022", "--ledgers", str(copy))
    assert result.exit_code == 1
    assert "MISMATCH loan_subsidy loans_total_count (小额贴息贷款笔数): ledger 279 笔, published 280 笔" in result.output
    assert "MISMATCH loan_subsidy loans_new_households" in result.output


def test_changed_subsidy_amount_is_a_mismatch(copy):
    path = copy / "2022" / "loan_subsidies_synthetic.csv"
    line = path.read_text(encoding="utf-8").splitlines()[1]
    amount = line.split(",")[5]
    yuan, fen = amount.split(".")
    edit(path, line, line.replace(f",{amount},", f",{int(yuan) + 1}.{fen},"))
    result = run("--year", "2022", "--ledgers", str(copy))
    assert result.exit_code == 1
    assert "MISMATCH loan_subsidy loan_subsidy_amount (贴息补贴金额): ledger 304,127 元, published 304,126 元" in result.output
    table = reconcile(2022, copy).set_index("indicator")
    assert table.loc["loan_subsidy_amount", "difference"] == pytest.approx(1.0)
    assert table.loc["loan_subsidy_per_recipient", "status"] == "mismatch"  # 304,127 / 190 = 1,600.67


def test_changed_contract_area_is_a_mismatch(copy):
    path = copy / "2022" / "land_contracts_synthetic.csv"
    line = path.read_text(encoding="utf-8").splitlines()[1]
    area = line.split(",")[4]
    edit(path, line, line.replace(f",{area},", f",{float(area) + 0.1:.1f},"))
    result = run("--year", "2022", "--ledgers", str(copy))
    assert result.exit_code == 1
    assert "MISMATCH land_transfer land_transfer_area" in result.output
    table = reconcile(2022, copy).set_index("indicator")
    assert table.loc["land_transfer_rate", "status"] == "within_rounding"  # still 77.3 % to 0.1 %


def test_bad_ledger_exits_1_with_file_row_column(copy, monkeypatch):
    monkeypatch.chdir(copy)
    path = copy / "2022" / "welfare_posts_synthetic.csv"
    line = path.read_text(encoding="utf-8").splitlines()[3]
    pay = line.split(",")[7]
    edit(path, line, line.replace(f",{pay},", f",-{pay},"))
    result = run("--year", "2022", "--ledgers", ".")
    assert result.exit_code == 1
    assert (f"2022/welfare_posts_synthetic.csv:4:annual_pay_yuan: negative amount; expected 0 or more; "
            f"got '-{pay}'") in result.output
    assert "ledger validation failed: 1 problem(s)" in result.output


def test_missing_demo_ledgers_say_to_run_demo_data(tmp_path, monkeypatch):
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    result = run("--year", "2022")
    assert result.exit_code == 1
    assert "run `tanto demo-data`" in result.output


def test_a_year_folder_given_as_ledgers_is_refused_as_by_build(demo, monkeypatch):
    monkeypatch.chdir(demo)
    result = run("--year", "2022", "--ledgers", "2022")
    assert result.exit_code == 2
    assert "tanto reconcile: 2022 is the folder of the year 2022 (it holds job_placements_synthetic.csv, " in result.output
    assert result.output.endswith("give the folder that holds the year folders instead: --ledgers .\n")
    assert "demo-data" not in result.output


def test_year_without_published_figures(demo):
    result = run("--year", "2023", "--ledgers", str(demo))
    assert result.exit_code == 0, result.output
    assert "no published figures for 2023" in result.output
    table = reconcile(2023, demo)
    assert set(table["status"]) == {"not_published"}


def test_demo_data_command_writes_synthetic_files(tmp_path):
    result = CliRunner().invoke(main, ["demo-data", "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "2022/loans_synthetic.csv (synthetic)" in result.output
    assert (tmp_path / "d" / "README.md").is_file()


def test_with_bound_writes_the_bound_in_each_language():
    assert with_bound("4,500,000", "at_least", "en") == "≥ 4,500,000"
    assert with_bound("4,500,000", "at_least", "zh") == "4,500,000以上"
    assert with_bound("300", "approx", "zh") == "约300"
    assert with_bound("11,465,000", "exact", "zh") == "11,465,000"


def test_at_least_mismatch_prints_the_bound(copy):
    # all 300 placements are needed for 300余个; dropping one leaves 299 < 300
    path = copy / "2022" / "job_placements_synthetic.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    result = run("--year", "2022", "--ledgers", str(copy))
    assert result.exit_code == 1
    assert "MISMATCH employment_income jobs_provided (提供就业岗位): ledger 299 个, published ≥ 300 个" in result.output


def test_docs_list_every_accepted_chinese_header():
    from tanto_analysis.core import paths
    from tanto_analysis.ledgers.template import LEDGER_FIELDS

    docs = (paths.project_root() / "docs" / "ledgers.md").read_text(encoding="utf-8")
    for name, fields in LEDGER_FIELDS.items():
        row = "; ".join(f"{f.name}: {', '.join(f.headers()[1:])}" for f in fields)
        assert f"| `{name}` | {row} |" in docs


def test_symlink_loop_is_one_line_and_exit_1(copy, monkeypatch):
    monkeypatch.chdir(copy)
    (copy / "2022" / "loans_synthetic.csv").unlink()
    (copy / "2022" / "loans_synthetic.csv").symlink_to("loans_synthetic.csv")
    result = run("--year", "2022", "--ledgers", ".")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == (
        "2022/loans_synthetic.csv::: cannot read the file: too many levels of symbolic links")


def test_unreadable_file_is_one_line_and_exit_1(copy, monkeypatch):
    from pathlib import Path

    read_bytes, open_ = Path.read_bytes, Path.open

    def refuse(self):
        if self.name == "welfare_posts_synthetic.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    def refuse_open(self, *args, **kwargs):
        if self.name == "welfare_posts_synthetic.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return open_(self, *args, **kwargs)

    monkeypatch.chdir(copy)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "open", refuse_open)
    result = run("--year", "2022", "--ledgers", ".")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == "2022/welfare_posts_synthetic.csv::: cannot read the file: permission denied"


def test_bounds_as_written_are_respected_by_the_status():
    from tanto_analysis.ledgers.reconcile import _status

    # 约1.57万元 = 15,700 元 allows ±10 % (1,570 元): never an exact match
    assert _status(15_000.0, 15_700.0, "approx", 1_570.0) == "within_rounding"
    assert _status(15_700.0, 15_700.0, "approx", 1_570.0) == "match"
    assert _status(14_000.0, 15_700.0, "approx", 1_570.0) == "mismatch"
    # 1.5万—2万元: value 15,000, span 5,000 up to 20,000
    assert _status(18_000.0, 15_000.0, "range", 5_000.0) == "match"
    assert _status(21_000.0, 15_000.0, "range", 5_000.0) == "mismatch"
    assert _status(14_999.0, 15_000.0, "range", 5_000.0) == "mismatch"
    # 不足500户 / 300余个
    assert _status(480.0, 500.0, "at_most", 0.0) == "match"
    assert _status(501.0, 500.0, "at_most", 0.0) == "mismatch"
    assert _status(385.0, 300.0, "at_least", 0.0) == "match"


def test_an_approximate_published_figure_carries_the_width_its_wording_allows():
    import pandas as pd

    from tanto_analysis.ledgers.tidy import published_row

    table = pd.DataFrame([{"id": "jobs_gain", "indicator": "jobs_income_increase_mean", "kind": "actual",
                           "scope": "潭头镇", "year": 2023, "label_zh": "人均年增收", "label_en": "gain",
                           "value": 15_700.0, "unit": "元", "bound": "approx", "quote": "人均年增收约1.57万元",
                           "section": "一"}])
    row = published_row(table, "jobs_income_increase_mean", "employment_income")
    assert row["bound"] == "approx" and row["rounding"] == pytest.approx(1_570.0)
    assert row["figure_ids"] == "jobs_gain"


def test_a_county_sized_flag_lists_its_first_rows_and_counts_the_rest(copy, monkeypatch):
    from tanto_analysis.ledgers import reconcile as module

    monkeypatch.setattr(module, "FLAGGED_SHOWN", 3)
    path = copy / "2022" / "loan_subsidies_synthetic.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    orphans = [f"SX{i},LX{i},HX{i},何村,2022-12-20,10.00,synthetic" for i in range(5)]
    path.write_text("\n".join(lines + orphans) + "\n", encoding="utf-8")
    result = run("--year", "2022", "--ledgers", str(copy))
    flagged = [line for line in result.output.splitlines() if ": flagged subsidy_without_loan" in line]
    assert [line.split(":")[1] for line in flagged] == ["192", "193", "194"]  # the first three, by row
    assert "5 flagged row(s) (kept and counted; see docs/ledgers.md):" in result.output
    assert ("2022/loan_subsidies_synthetic.csv: 2 more row(s) flagged subsidy_without_loan "
            "(the first 3 are listed above)") in result.output


ID_NUMBER, PHONE, MARKUP = "41032419800101123X", "13812345678", "<img src=x onerror=alert(1)>"


def test_a_hostile_ledger_is_named_on_stderr_with_its_values_masked(copy, monkeypatch):
    monkeypatch.chdir(copy)
    path = copy / "2022" / "loans_synthetic.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")  # loan_id,household_id,village,kind,issue_date,term_months,amount_yuan,data_status
    cells[1], cells[2], cells[3], cells[6] = "王五", f"张三 {PHONE}", MARKUP, ID_NUMBER
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    result = run("--year", "2022", "--ledgers", ".")
    assert result.exit_code == 1
    *errors, summary = result.stderr.splitlines()
    assert summary == "ledger validation failed: 4 problem(s); nothing reconciled"  # why: a diagnostic
    assert errors == [
        "2022/loans_synthetic.csv:2:amount_yuan: expected a number in 元; got '[masked]'",
        "2022/loans_synthetic.csv:2:household_id: expected an opaque id such as H00001 (letters, digits, - or _); "
        "got '[masked]'",
        "2022/loans_synthetic.csv:2:kind: unknown value; expected one of new, continuing; "
        "got '<img src=x onerror=alert(1)>'",
        "2022/loans_synthetic.csv:2:village: unknown village; expected one of 潭头镇's 24 villages "
        "(data/reference/villages.csv); got '张三 [masked]'",
    ]
    for secret in (ID_NUMBER, PHONE, "王五"):
        assert secret not in result.output
    assert "张三" not in result.stdout and "onerror" not in result.stdout  # values only on the terminal's stderr
    assert result.stdout == ""  # no result: nothing was reconciled
