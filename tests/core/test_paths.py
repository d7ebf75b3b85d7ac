"""Tests for tanto_analysis.core.paths."""

from pathlib import Path

from tanto_analysis.core import paths


def test_default_root_is_the_checkout():
    root = paths.project_root()
    assert (root / "pyproject.toml").is_file() and (root / "tanto_analysis").is_dir()
    assert paths.source_path(2022) == root / "data" / "sources" / "tantou_2022_report.txt"
    assert paths.published_path(2022).is_file()


def test_tanto_root_moves_every_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    assert paths.project_root() == tmp_path.resolve()
    assert paths.published_path(2023) == tmp_path.resolve() / "data" / "published" / "tantou_2023.csv"
    assert paths.ledgers_dir() == tmp_path.resolve() / "data" / "ledgers"
    assert paths.reports_dir() == tmp_path.resolve() / "reports"
    assert paths.notebooks_dir() == tmp_path.resolve() / "notebooks"
    assert isinstance(paths.reference_dir(), Path)


def test_every_data_file_under_a_given_data_dir():
    assert paths.published_path(2022, "../data") == Path("../data/published/tantou_2022.csv")
    assert paths.source_path(2022, "../data") == Path("../data/sources/tantou_2022_report.txt")
    assert paths.lpr_path("../data") == Path("../data/reference/lpr_1y.csv")
    assert paths.demo_ledgers_dir("../data") == Path("../data/ledgers/demo")


def test_default_data_dir_and_notebook_relative_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    root = tmp_path.resolve()
    assert paths.lpr_path() == root / "data" / "reference" / "lpr_1y.csv"
    assert paths.demo_ledgers_dir() == root / "data" / "ledgers" / "demo"
    assert paths.from_notebooks(paths.data_dir()) == "../data"
    assert paths.from_notebooks(paths.demo_ledgers_dir()) == "../data/ledgers/demo"


def test_published_years(tmp_path):
    assert paths.published_years(tmp_path) == []
    (tmp_path / "published").mkdir()
    for name in ("tantou_2023.csv", "tantou_2022.csv", "tantou_draft.csv", "tantou_2022_old.csv"):
        (tmp_path / "published" / name).write_text("", encoding="utf-8")
    assert paths.published_years(tmp_path) == [2022, 2023]
