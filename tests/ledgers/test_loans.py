"""Tests for tanto_analysis.ledgers.loans: loans and subsidies ledgers, LPR, indicators."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.figures.published import load_published
from tanto_analysis.ledgers import loans
from tanto_analysis.reference.lpr import lpr_for_year

from ..conftest import write_ledger

pytestmark = pytest.mark.usefixtures("in_tmp")

LOANS_HEADER = "loan_id,household_id,village,kind,issue_date,term_months,amount_yuan,data_status"
SUBSIDY_HEADER = "subsidy_id,loan_id,household_id,village,paid_date,amount_yuan,data_status"
LOANS = [
    "L1,H1,断滩村,new,2022-07-01,12,20000,synthetic",
    "L2,H2,何村,continuing,2021-06-01,36,50000,synthetic",
    "L3,H3,村A,new,2022-03-15,36,30000,synthetic",
]
SUBSIDIES = [
    "S1,L1,H1,断滩村,2022-12-20,368.00,synthetic",
    "S2,L2,H2,何村,2022-12-20,1825.00,synthetic",
]


@pytest.fixture
def ledger(tmp_path):
    frame = loans.load_loans(write_ledger(tmp_path, "loans.csv", LOANS_HEADER, LOANS), 2022)
    subsidies = loans.load_subsidies(write_ledger(tmp_path, "subsidies.csv", SUBSIDY_HEADER, SUBSIDIES), 2022, frame)
    return frame, subsidies


def load_errors(tmp_path: Path, lines: list[str]) -> list[str]:
    with pytest.raises(InputError) as info:
        loans.load_loans(write_ledger(tmp_path, "loans.csv", LOANS_HEADER, lines), 2022)
    return [p.detail() for p in info.value.problems]


def test_principal_years_and_implied_rate(ledger):
    frame, subsidies = ledger
    py = loans.principal_years(frame, 2022)
    assert py.round(2).tolist() == [10082.19, 50000.0, 30000 * 292 / 365]
    # 368 + 1825 = 2193 元 on 50,000 + 20,000 × 184/365 元·年 = 3.65 %
    assert loans.implied_subsidy_rate(frame, subsidies, 2022) == pytest.approx(3.65)


def test_indicators_hand_computed(ledger):
    frame, subsidies = ledger
    table = loans.indicators(frame, subsidies, 2022).set_index("indicator")
    value = table["value"]
    assert value["loans_total_count"] == 3 and value["loans_new_count"] == 2
    assert value["loans_new_households"] == 2 and value["loans_new_amount"] == 50000
    assert value["loans_new_amount_per_household"] == 25000
    assert value["loans_amount_mean_per_household"] == 33333.33
    assert value["loans_amount_median_per_household"] == 30000
    assert value["loans_share_at_amount_limit"] == pytest.approx(100 / 3)
    assert value["loans_share_at_term_limit"] == pytest.approx(200 / 3)
    assert value["loans_above_limits"] == 0
    assert value["loan_subsidy_recipients"] == 2 and value["loan_subsidy_amount"] == 2193
    assert value["loan_subsidy_per_recipient"] == 1096.5
    assert value["loan_implied_rate_minus_lpr"] == pytest.approx(3.65 - lpr_for_year(2022))
    assert table.loc["loans_new_amount", "unit"] == "元"
    assert set(table["data_status"]) == {"synthetic"} and set(table["year"]) == {2022}


def test_breakdowns(ledger):
    frame, subsidies = ledger
    by_village = loans.loans_by_village(frame, subsidies, 2022)
    amounts = by_village.loc[by_village["indicator"] == "loans_amount_total"].set_index("scope")["value"]
    assert amounts.to_dict() == {"何村": 50000, "断滩村": 20000, "村A": 30000}
    dist = loans.amount_distribution(frame, 2022)
    assert dist["amount_yuan"].tolist() == [20000, 50000, 30000]


def test_loans_above_limits_are_flagged_not_dropped(tmp_path):
    frame = loans.load_loans(write_ledger(tmp_path, "loans.csv", LOANS_HEADER,
                                   LOANS + ["L4,H4,村B,new,2022-02-01,48,60000,synthetic"]), 2022)
    rows = frame.df()
    assert rows.loc[rows["loan_id"] == "L4", "flags"].item() == "above_amount_limit;above_term_limit"
    none = loans.load_subsidies(write_ledger(tmp_path, "subsidies.csv", SUBSIDY_HEADER, []), 2022, frame)
    value = loans.indicators(frame, none, 2022)
    assert value.set_index("indicator").loc["loans_above_limits", "value"] == 1


def test_subsidy_without_loan_is_flagged_and_counted(tmp_path, ledger):
    frame, _ = ledger
    subsidies = loans.load_subsidies(write_ledger(tmp_path, "subsidies.csv", SUBSIDY_HEADER, SUBSIDIES + [
        "S3,L9,H9,村C,2022-12-20,500.00,synthetic"]), 2022, frame)
    assert subsidies.df()["flags"].tolist() == ["", "", "subsidy_without_loan"]
    value = loans.indicators(frame, subsidies, 2022).set_index("indicator")["value"]
    assert value["loan_subsidy_amount"] == 2693 and value["loan_subsidy_recipients"] == 3
    assert value["loan_implied_subsidy_rate"] == pytest.approx(3.65)  # S3 left out of the rate


def test_new_loan_outside_the_year(tmp_path):
    assert load_errors(tmp_path, ["L1,H1,断滩村,new,2021-12-01,12,20000,synthetic"]) == [
        "loans.csv:2:issue_date: date outside the year 2022: a new loan must be issued in 2022; got '2021-12-01'"]
    assert load_errors(tmp_path, ["L1,H1,断滩村,new,2023-01-05,12,20000,synthetic"]) == [
        "loans.csv:2:issue_date: date after the year 2022; got '2023-01-05'"]


def test_continuing_loan_checks(tmp_path):
    assert load_errors(tmp_path, ["L1,H1,断滩村,continuing,2022-02-01,36,20000,synthetic"]) == [
        "loans.csv:2:issue_date: a continuing loan must be issued before 2022; got '2022-02-01'"]
    assert load_errors(tmp_path, ["L1,H1,断滩村,continuing,2018-06-01,36,20000,synthetic"]) == [
        "loans.csv:2:term_months: the loan matured (issue_date + term_months) by the first day of 2022; "
        "it is not outstanding in the year; got '36'"]


def test_negative_duplicate_and_wan_yuan_loans(tmp_path):
    assert load_errors(tmp_path, LOANS[:2] + ["L2,H3,村A,new,2022-03-15,36,-30000,synthetic"]) == [
        "loans.csv:4:amount_yuan: negative amount; expected 0 or more; got '-30000'",
        "loans.csv:4:loan_id: duplicate loan_id; ids must be unique (first at row 3); got '[masked]'",
    ]
    in_wan = [line.replace(",20000,", ",2,").replace(",50000,", ",5,").replace(",30000,", ",3,") for line in LOANS]
    assert load_errors(tmp_path, in_wan) == [
        "loans.csv:2:amount_yuan: the column's median amount is below 100 元; looks like 万元; multiply by 10,000; "
        "got '2'"]


def test_subsidy_paid_outside_the_year(tmp_path):
    with pytest.raises(InputError) as info:
        loans.load_subsidies(write_ledger(tmp_path, "subsidies.csv", SUBSIDY_HEADER,
                                   ["S1,L1,H1,断滩村,2023-01-10,368.00,synthetic"]), 2022)
    assert [(str(p), p.value) for p in info.value.problems] == [
        ("subsidies.csv:2:paid_date: date outside the year 2022", "2023-01-10")]


def test_published_per_unit_figures_carry_their_inputs():
    table = loans.published_indicators(load_published(2022), 2022).set_index("indicator")
    per_household = table.loc["loans_new_amount_per_household"]
    assert per_household["value"] == 46229.84  # 11,465,000 元 / 248 户
    assert per_household["figure_ids"] == "loans_new_amount;loans_new_households"
    assert per_household["quote"] == "1146.5万元 / 248户"
    per_recipient = table.loc["loan_subsidy_per_recipient"]
    assert per_recipient["value"] == 1600.66  # 304,126 元 / 190 人
    assert per_recipient["quote"] == "30.4126万元 / 190人"
    assert table.loc["loans_total_count", "value"] == 280
    assert set(table["data_status"]) == {"published"} and set(table["section"]) == {"一(一)"}
    assert loans.published_indicators(load_published(2022), 2021).empty


def test_published_without_the_figures_is_empty():
    empty = pd.DataFrame(columns=["id", "indicator", "kind", "scope", "year"])
    assert loans.published_indicators(empty, 2022).empty


def test_chinese_headers_are_accepted(tmp_path):
    header = "贷款编号,户编号,村名,贷款类型,发放日期,期限（月）,贷款金额(元),数据状态"
    frame = loans.load_loans(write_ledger(tmp_path, "loans.csv", header, LOANS), 2022)
    assert frame.df()["amount_yuan"].tolist() == [20000, 50000, 30000]
    assert frame.columns[:7] == ["loan_id", "household_id", "village", "kind", "issue_date",
                                          "term_months", "amount_yuan"]


def test_unrecognised_header_is_named_in_the_missing_column_message(tmp_path):
    header = "贷款编号,户编号,村,贷款类型,发放日期,期限(月),贷款金额(万元),数据状态"
    expected = ("missing column; expected the columns loan_id, household_id, village, kind, issue_date, "
                "term_months, amount_yuan, data_status; the header (row 1) has 1 unrecognised column(s)")
    with pytest.raises(InputError) as info:
        loans.load_loans(write_ledger(tmp_path, "loans.csv", header, LOANS), 2022)
    assert [(str(p), p.value) for p in info.value.problems] == [(f"loans.csv:1:amount_yuan: {expected}", "贷款金额(万元)")]


def test_english_and_chinese_header_for_one_column(tmp_path):
    header = LOANS_HEADER + ",贷款金额(元)"
    with pytest.raises(InputError) as info:
        loans.load_loans(write_ledger(tmp_path, "loans.csv", header, [line + ",1" for line in LOANS]), 2022)
    assert [p.detail() for p in info.value.problems] == [
        "loans.csv:1:amount_yuan: two columns for amount_yuan (columns 7 and 9); keep one; got '贷款金额(元)'"]
