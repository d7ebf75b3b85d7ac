"""Where ledgers are looked for: ``--ledgers`` names a folder of ``<year>/`` folders."""

from __future__ import annotations

import pytest

from tanto_analysis.core.errors import ConfigurationError
from tanto_analysis.ledgers.files import check_ledger_folder, year_folders


@pytest.fixture
def ledgers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ledgers" / "2021").mkdir(parents=True)
    (tmp_path / "ledgers" / "2022").mkdir()
    (tmp_path / "ledgers" / "2022" / "loans.csv").write_text("loan_id\n", encoding="utf-8")
    (tmp_path / "ledgers" / "notes").mkdir()
    return tmp_path / "ledgers"


def test_a_folder_of_year_folders_passes(ledgers):
    assert year_folders(ledgers) == [2021, 2022]
    check_ledger_folder(ledgers, [2021, 2022])


def test_a_year_folder_says_which_folder_to_give(ledgers):
    with pytest.raises(ConfigurationError) as caught:
        check_ledger_folder(ledgers / "2022", [2022])
    assert str(caught.value) == ("ledgers/2022 is the folder of the year 2022 (it holds loans.csv); "
                                 "give the folder that holds the year folders instead: --ledgers ledgers")


def test_a_folder_without_year_folders_says_what_is_expected(ledgers):
    with pytest.raises(ConfigurationError) as caught:
        check_ledger_folder(ledgers / "notes")
    assert str(caught.value) == ("ledgers/notes holds no <year>/ folder (it holds nothing); --ledgers expects a "
                                 "folder holding one folder per year, e.g. ledgers/notes/<year>/loans.csv")


def test_a_missing_year_and_a_missing_folder(ledgers):
    with pytest.raises(ConfigurationError, match=r"^ledgers has no folder for 2019, 2020 \(it has 2021/, 2022/\); "):
        check_ledger_folder(ledgers, [2022, 2020, 2019])
    with pytest.raises(ConfigurationError, match=r"^elsewhere: no such folder; --ledgers expects"):
        check_ledger_folder("elsewhere")


def test_a_ledger_file_is_found_in_any_case(ledgers):
    from tanto_analysis.core.errors import InputError
    from tanto_analysis.ledgers.files import find_ledger

    (ledgers / "2022" / "loans.csv").rename(ledgers / "2022" / "Loans.CSV")
    assert find_ledger(ledgers, 2022, "loans").name == "Loans.CSV"
    (ledgers / "2022" / "loans.csv").write_text("loan_id\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        find_ledger(ledgers, 2022, "loans")
    assert str(caught.value) == ("ledgers/2022/Loans.CSV::: two files for the ledger loans: Loans.CSV and loans.csv; "
                                 "keep one and move the other out of 2022/")
