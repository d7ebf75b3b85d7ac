"""A project declares the headers its offices write (data/reference/ledger_headers.csv)."""

import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.ledgers.loans import load_loans
from tests.conftest import demo_settings

LOANS = ("贷款编号,户编号,村,贷款类型,发放日期,期限(月),{amount},数据状态\n"
         "L0001,H00001,何村,new,2022-03-01,36,50000,synthetic\n"
         "L0002,H00002,何村,new,2022-04-01,24,30000,synthetic\n")


def test_an_office_s_own_header_is_accepted_once_the_project_declares_it(tmp_path, monkeypatch):
    root = demo_settings(tmp_path / "town")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    path = tmp_path / "loans.csv"
    path.write_text(LOANS.format(amount="放贷金额（元）"), encoding="utf-8")
    with pytest.raises(InputError, match="unrecognised column"):
        load_loans(path, 2022)
    (root / "data" / "reference" / "ledger_headers.csv").write_text(
        "ledger,column,header\nloans,amount_yuan,放贷金额（元）\nwelfare_posts,post_id,岗位号\n", encoding="utf-8")
    loans = load_loans(path, 2022)
    assert loans.scalar("SELECT sum(amount_yuan) FROM {t}") == 80000
    path.write_text(LOANS.format(amount="贷款金额(元)"), encoding="utf-8")  # the package's header still works
    assert load_loans(path, 2022).scalar("SELECT count(*) FROM {t}") == 2


def test_a_header_for_a_column_the_ledger_lacks_is_named(tmp_path, monkeypatch):
    root = demo_settings(tmp_path / "town")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    (root / "data" / "reference" / "ledger_headers.csv").write_text(
        "ledger,column,header\nloans,amount,金额\n", encoding="utf-8")
    path = tmp_path / "loans.csv"
    path.write_text(LOANS.format(amount="贷款金额(元)"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_loans(path, 2022)
    assert str(error.value).endswith("ledger_headers.csv:2:column: loans has no such column; expected one of loan_id, "
                                     "household_id, village, kind, issue_date, term_months, amount_yuan")
