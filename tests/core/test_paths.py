"""Tests for tanto_analysis.core.paths: a project is found like git finds a repository."""

from pathlib import Path

import pytest

from tanto_analysis.core import paths
from tanto_analysis.core.errors import ConfigurationError


def test_the_checkout_is_the_demo_project():
    root = paths.project_root()
    assert (root / "tanto.toml").is_file() and (root / "pyproject.toml").is_file()
    assert paths.source_path(2022) == root / "data" / "sources" / "2022.txt"
    assert paths.published_path(2022) == root / "data" / "published" / "2022.csv" and paths.published_path(2022).is_file()


def test_a_project_is_found_from_any_folder_inside_it(tmp_path, monkeypatch):
    monkeypatch.delenv("TANTO_ROOT", raising=False)
    (tmp_path / "town" / "notebooks" / "explore").mkdir(parents=True)
    (tmp_path / "town" / "tanto.toml").write_text('[project]\ntown = "甲镇"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "town" / "notebooks" / "explore")
    assert paths.project_root() == (tmp_path / "town").resolve()
    assert paths.published_path(2023) == (tmp_path / "town").resolve() / "data" / "published" / "2023.csv"
    assert paths.find_project(tmp_path) is None


def test_outside_any_project_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.delenv("TANTO_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigurationError, match=r"not inside a tanto project: no tanto\.toml in .* make one with "
                                                 r"`tanto init DIR --town 镇名 --county 县名`"):
        paths.project_root()


def test_tanto_root_moves_every_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    assert paths.project_root() == tmp_path.resolve()
    assert paths.published_path(2023) == tmp_path.resolve() / "data" / "published" / "2023.csv"
    assert paths.ledgers_dir() == tmp_path.resolve() / "data" / "ledgers"
    assert paths.reports_dir() == tmp_path.resolve() / "reports"
    assert paths.notebooks_dir() == tmp_path.resolve() / "notebooks"
    assert paths.villages_path() == tmp_path.resolve() / "data" / "reference" / "villages.csv"


def test_every_data_file_under_a_given_data_dir():
    assert paths.published_path(2022, "../data") == Path("../data/published/2022.csv")
    assert paths.source_path(2022, "../data") == Path("../data/sources/2022.txt")
    assert paths.demo_ledgers_dir("../data") == Path("../data/ledgers/demo")


def test_reference_data_a_project_does_not_have_is_the_package_s(tmp_path, monkeypatch):
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    assert paths.lpr_path() == paths.DEFAULTS_DIR / "lpr_1y.csv" and paths.lpr_path().is_file()
    (tmp_path / "data" / "reference").mkdir(parents=True)
    (tmp_path / "data" / "reference" / "lpr_1y.csv").write_text("effective_date,rate_pct,source\n", encoding="utf-8")
    assert paths.lpr_path() == tmp_path.resolve() / "data" / "reference" / "lpr_1y.csv"
    assert paths.default_indicators_path().is_file()
    assert paths.from_notebooks(paths.demo_ledgers_dir()) == "../data/ledgers/demo"


def test_a_report_is_found_as_text_first(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "2023.docx").write_bytes(b"")
    assert paths.source_path(2023, tmp_path) == tmp_path / "sources" / "2023.docx"
    (tmp_path / "sources" / "2023.txt").write_text("", encoding="utf-8")
    assert paths.source_path(2023, tmp_path) == tmp_path / "sources" / "2023.txt"


def test_published_years(tmp_path):
    assert paths.published_years(tmp_path) == []
    (tmp_path / "published").mkdir()
    for name in ("2023.csv", "2022.csv", "draft.csv", "2022_old.csv"):
        (tmp_path / "published" / name).write_text("", encoding="utf-8")
    assert paths.published_years(tmp_path) == [2022, 2023]


def test_a_towns_own_ledger_folder_is_a_project_setting(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tanto_analysis.cli import main

    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert paths.project_ledgers_dir() == tmp_path.resolve() / "data" / "ledgers" / "demo"  # no setting: the demo's
    settings = tmp_path / "tanto.toml"
    settings.write_text('[project]\ntown = "甲镇"\nledgers = "data/ledgers/offices"\n', encoding="utf-8")
    assert paths.project_ledgers_dir() == tmp_path.resolve() / "data" / "ledgers" / "offices"
    assert paths.project_ledgers_dir("../data") == Path("../data/ledgers/demo")  # another data tree: its own
    result = CliRunner().invoke(main, ["build", "--all"])
    assert result.exit_code == 2 and result.stderr.strip().endswith(
        "no years with data: no published table in data/published/ and no <year>/ folder in data/ledgers/offices/")
    settings.write_text('[project]\ntown = "甲镇"\nledgers = 2022\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r'tanto\.toml: \[project\] ledgers must be a folder, relative to '
                                                 r'the project, e\.g\. ledgers = "data/ledgers/offices"'):
        paths.project_ledgers_dir()
