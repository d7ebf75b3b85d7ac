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
