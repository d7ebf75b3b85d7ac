"""Tests for the per-cell and cross-row ledger checks: 万元 cells, duplicates, hidden rows, dates, subsidies."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.ledgers import loans
from tanto_analysis.ledgers.fields import Field
from tanto_analysis.ledgers.ledger import flagged_rows, load_ledger
from tanto_analysis.ledgers.register import load_villages

from ..conftest import write_ledger

pytestmark = pytest.mark.usefixtures("in_tmp")

FIELDS = (
    Field("item_id", "id", unique=True),
    Field("household_id", "id"),
    Field("village", "village"),
    Field("amount_yuan", "number", unit="元"),
    Field("paid_date", "date", dates="in_year"),
)
HEADER = "item_id,household_id,village,amount_yuan,paid_date,data_status"
PAY = [f"I{i},H{i},断滩村,6000,2022-03-01,actual" for i in range(1, 6)]
LOANS_HEADER = "loan_id,household_id,village,kind,issue_date,term_months,amount_yuan,data_status"
SUBSIDY_HEADER = "subsidy_id,loan_id,household_id,village,paid_date,amount_yuan,data_status"


def errors(path, fields=FIELDS, year=2022, load=None) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path, year) if load else load_ledger(path, fields, year)
    return [p.detail() for p in info.value.problems]


def test_a_few_cells_in_wan_yuan_are_each_an_error(tmp_path):
    lines = PAY + ["I6,H6,何村,0.6,2022-03-01,actual", "I7,H7,何村,0.72,2022-04-01,actual"]
    assert errors(write_ledger(tmp_path, "pay.csv", HEADER, lines)) == [
        "pay.csv:7:amount_yuan: about 10,000 times smaller than the column's typical amount; "
        "looks like 万元; multiply by 10,000; got '0.6'",
        "pay.csv:8:amount_yuan: about 10,000 times smaller than the column's typical amount; "
        "looks like 万元; multiply by 10,000; got '0.72'",
    ]


def test_a_small_but_plausible_amount_is_not_taken_for_wan_yuan(tmp_path):
    frame = load_ledger(write_ledger(tmp_path, "pay.csv", HEADER, PAY + ["I6,H6,何村,50,2022-03-01,actual"]),
                        FIELDS, 2022).df()
    assert frame["amount_yuan"].sum() == 30050


def test_rows_pasted_with_fresh_ids_are_flagged(tmp_path):
    lines = PAY[:2] + ["I9,H1,断滩村,6000,2022-03-01,actual"]
    ledger = load_ledger(write_ledger(tmp_path, "pay.csv", HEADER, lines), FIELDS, 2022)
    assert ledger.df()["flags"].tolist() == ["", "", "duplicate_row"]
    table = flagged_rows(ledger)
    assert table[["file", "row", "column", "flag", "value"]].values.tolist() == [
        ["pay.csv", 4, "item_id", "duplicate_row", "I9"]]


def test_a_village_listed_twice_under_two_spellings(tmp_path):
    header = "village,households,population,contracted_area_mu,data_status"
    path = write_ledger(tmp_path, "villages.csv", header, [
        "断滩村,247,1000,900,actual", "何村,300,1200,800,actual", "断滩,247,1000,900,actual"])
    assert errors(path, load=load_villages) == [
        "villages.csv:4:village: duplicate village '断滩村' (another spelling); list each village once "
        "(first at row 2); got '断滩'"]


def test_two_columns_with_one_header(tmp_path):
    path = write_ledger(tmp_path, "pay.csv", HEADER + ",amount_yuan", [p + ",5" for p in PAY])
    assert errors(path) == [
        "pay.csv:1:amount_yuan: two columns with the same header (columns 4 and 7); keep one; got 'amount_yuan'"]


def test_impossible_dates_are_errors(tmp_path):
    path = write_ledger(tmp_path, "pay.csv", HEADER, PAY[:2] + ["I3,H3,何村,6000,0001-01-01,actual",
                                                               "I4,H4,何村,6000,9999-12-31,actual"])
    assert errors(path) == [
        "pay.csv:4:paid_date: impossible date; expected a year from 1950 to 2100; got '0001-01-01'",
        "pay.csv:5:paid_date: impossible date; expected a year from 1950 to 2100; got '9999-12-31'",
    ]


def test_excel_date_serials_are_read_as_dates(tmp_path):
    frame = load_ledger(write_ledger(tmp_path, "pay.csv", HEADER, ["I1,H1,何村,6000,44621,actual"]), FIELDS, 2022).df()
    assert frame["paid_date"].tolist() == [pd.Timestamp(2022, 3, 1)]


def test_zero_loan_and_absurd_term_are_errors_not_tracebacks(tmp_path):
    path = write_ledger(tmp_path, "loans.csv", LOANS_HEADER, [
        "L1,H1,断滩村,new,2022-07-01,12,20000,actual", "L2,H2,何村,new,2022-03-01,12,0,actual",
        "L3,H3,村A,new,2022-03-15,99999999,30000,actual"])
    assert errors(path, load=loans.load_loans) == [
        "loans.csv:3:amount_yuan: a loan of 0 元; a loan has an amount (delete the row if the loan was cancelled)",
        "loans.csv:4:term_months: the term runs past 2100; expected the term in months (e.g. 36); got '99999999'",
    ]


def test_loan_maturing_on_new_year_is_not_said_to_be_before_the_year(tmp_path):
    path = write_ledger(tmp_path, "loans.csv", LOANS_HEADER, ["L1,H1,断滩村,continuing,2019-01-01,36,20000,actual"])
    assert errors(path, load=loans.load_loans) == [
        "loans.csv:2:term_months: the loan matured (issue_date + term_months) by the first day of 2022; "
        "it is not outstanding in the year; got '36'"]


def test_subsidy_above_the_lpr_or_to_another_household_is_flagged(tmp_path):
    frame = loans.load_loans(write_ledger(tmp_path, "loans.csv", LOANS_HEADER, [
        "L1,H1,断滩村,new,2022-01-05,12,50000,actual", "L2,H2,何村,new,2022-02-01,12,40000,actual"]), 2022)
    subsidies = loans.load_subsidies(write_ledger(tmp_path, "subsidies.csv", SUBSIDY_HEADER, [
        "S1,L1,H1,断滩村,2022-12-20,20000,actual",  # 40 % of the loan; at most 50,000 × 3.8 % × 15/12 = 2,375
        "S2,L2,H7,何村,2022-12-20,1500,actual",
        "S3,L2,H2,何村,2022-12-21,400,actual",  # L2: 1,900 元 in all, at most 1,900 元
    ]), 2022, frame)
    assert subsidies.df()["flags"].tolist() == ["subsidy_above_lpr", "subsidy_other_household", ""]
    assert flagged_rows(subsidies)[["row", "column", "flag", "value"]].values.tolist() == [
        [2, "amount_yuan", "subsidy_above_lpr", "20000.0"], [3, "household_id", "subsidy_other_household", "H7"]]


def test_hidden_excel_rows_are_flagged(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for line in PAY[:3]:
        sheet.append(line.split(","))
    sheet.row_dimensions[3].hidden = True
    book.save(tmp_path / "pay.xlsx")
    ledger = load_ledger(tmp_path / "pay.xlsx", FIELDS, 2022)
    assert ledger.df()["flags"].tolist() == ["", "hidden_row", ""]
    assert flagged_rows(ledger)[["row", "column", "flag"]].values.tolist() == [[3, "item_id", "hidden_row"]]
