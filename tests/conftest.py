"""Shared fixtures: the real 2022 figures table and helpers to make bad copies of it, the demo
ledgers written once, and one real build of the 2022 appendix shared by every test that needs it."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from tanto_analysis.core import paths
from tanto_analysis.ledgers.demo import write_demo_ledgers

#: The demo project: this checkout.
REPO = Path(__file__).resolve().parents[1]
PUBLISHED_2022 = paths.published_path(2022, REPO / "data")
SOURCE_2022 = paths.source_path(2022, REPO / "data")


def read_rows(path: Path = PUBLISHED_2022) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row_of(rows: list[dict[str, str]], figure_id: str) -> int:
    """Spreadsheet row (header = 1) of a figure id."""
    return [r["id"] for r in rows].index(figure_id) + 2


@pytest.fixture(autouse=True)
def in_the_demo_project(monkeypatch):
    """Every test runs in the demo project (this checkout), wherever its working directory is,
    unless it names another project with ``TANTO_ROOT`` (tests/core/test_paths.py tests the search)."""
    if not os.environ.get("TANTO_ROOT"):
        monkeypatch.setenv("TANTO_ROOT", str(REPO))


@pytest.fixture
def figures_copy(tmp_path: Path):
    """Return (rows, writer) to make a modified copy of the 2022 table named 2022.csv."""
    rows = read_rows()

    def write(modified: list[dict[str, str]], encoding: str = "utf-8") -> Path:
        return write_rows(tmp_path / "2022.csv", modified, encoding)

    return rows, write


def demo_settings(root: Path) -> Path:
    """Make ``root`` a project of the demo's town: its ``tanto.toml`` and ``data/reference/villages.csv``."""
    (root / "data" / "reference").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "tanto.toml", root / "tanto.toml")
    shutil.copy2(paths.villages_path(REPO / "data"), root / "data" / "reference" / "villages.csv")
    return root


def write_ledger(folder: Path, name: str, header: str, lines: list[str]) -> Path:
    """Write a small ledger CSV (header + lines) into ``folder``."""
    path = folder / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in ``tmp_path``, so problems name files by their short relative path (in the demo project's town)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory) -> list[Path]:
    """The SYNTHETIC demo ledgers of every year, as ``write_demo_ledgers`` returns them, written once.

    Shared by the whole session: read them, or copy them before editing.
    """
    return write_demo_ledgers(tmp_path_factory.mktemp("demo-ledgers"))


@pytest.fixture(scope="session")
def demo_ledgers(demo_files: list[Path]) -> Path:
    """The folder of :func:`demo_files` (``<year>/<name>_synthetic.csv``); read only, copy to edit."""
    return demo_files[-1].parent


def make_project(root: Path, demo: Path, years: tuple[int, ...], notebooks: str = "1[0-9]") -> Path:
    """A project tree under ``root``: the real page notebooks (``notebooks``: the yearly ones by default,
    ``[12][0-9]`` for the trends page too), published data and demo ledgers of ``years``."""
    (root / "notebooks").mkdir(parents=True)
    for nb in sorted(paths.notebooks_dir().glob(f"{notebooks}_*.ipynb")):
        shutil.copy2(nb, root / "notebooks" / nb.name)
    for name in ("published", "sources", "reference"):
        shutil.copytree(paths.data_dir() / name, root / "data" / name)
    shutil.copy2(REPO / "tanto.toml", root / "tanto.toml")  # the town, its rules
    for year in years:
        shutil.copytree(demo / str(year), root / "data" / "ledgers" / "demo" / str(year))
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, demo_ledgers: Path) -> Path:
    """The 2022 appendix (zh) and its index, built once with the real notebooks and kernels; its root.

    Read only: a test that builds again must do it elsewhere.
    """
    from tanto_analysis.build.pipeline import run_build

    root = make_project(tmp_path_factory.mktemp("site"), demo_ledgers, years=(2022,))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TANTO_ROOT", str(root))
        code = run_build(years=[2022], all_years=False, jobs=1, force=False, lang="zh")
    assert code == 0, f"building the 2022 appendix failed with exit code {code}"
    return root


def _build(root: Path, years: list[int], langs: tuple[str, ...]) -> Path:
    """Run the real build of ``years`` (all years if empty) in each of ``langs`` under ``root``."""
    from tanto_analysis.build.pipeline import run_build

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TANTO_ROOT", str(root))
        for lang in langs:
            run_build(years=years, all_years=not years, jobs=2, force=False, lang=lang)
    return root


@pytest.fixture(scope="session")
def built_site_en(tmp_path_factory, demo_ledgers: Path) -> Path:
    """The English 2022 appendix, built once with the real notebooks; its root (read only)."""
    return _build(make_project(tmp_path_factory.mktemp("site-en"), demo_ledgers, years=(2022,)), [2022], ("en",))


@pytest.fixture(scope="session")
def built_everything(tmp_path_factory, demo_ledgers: Path) -> Path:
    """``tanto build --all`` in Chinese and English (every demo year, trends, index); its root (read only)."""
    years = tuple(int(p.name) for p in sorted(demo_ledgers.iterdir()) if p.is_dir())
    root = make_project(tmp_path_factory.mktemp("site-all"), demo_ledgers, years=years, notebooks="[12][0-9]")
    return _build(root, [], ("zh", "en"))
