"""A real 2022 appendix built once per test session, shared by test_pipeline and test_browser."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

from tanto_analysis.core import paths

REPO = paths.project_root()


def make_project(root: Path, years: tuple[int, ...] | None = (2022,)) -> Path:
    """A project tree under ``root``: the real notebooks (1N_, 2N_), published data and demo ledgers of ``years``."""
    from tanto_analysis.ledgers.demo import write_demo_ledgers

    (root / "notebooks").mkdir(parents=True)
    for nb in sorted((REPO / "notebooks").glob("[12][0-9]_*.ipynb")):
        shutil.copy2(nb, root / "notebooks" / nb.name)
    for name in ("published", "sources", "reference"):
        shutil.copytree(REPO / "data" / name, root / "data" / name)
    demo = root / "data" / "ledgers" / "demo"
    write_demo_ledgers(demo)
    for folder in demo.iterdir():
        if folder.is_dir() and years is not None and int(folder.name) not in years:
            shutil.rmtree(folder)
    return root


@functools.lru_cache(maxsize=2)
def built_2022(lang: str = "zh") -> Path:
    """Build the 2022 appendix (in ``lang``) with the real notebooks into a temporary project; return its root."""
    from tanto_analysis.build.pipeline import run_build

    root = make_project(Path(tempfile.mkdtemp(prefix="tanto-build-")))
    old = os.environ.get("TANTO_ROOT")
    os.environ["TANTO_ROOT"] = str(root)
    try:
        code = run_build(years=[2022], all_years=False, jobs=1, force=False, lang=lang)
    finally:
        if old is None:
            os.environ.pop("TANTO_ROOT", None)
        else:
            os.environ["TANTO_ROOT"] = old
    if code != 0:
        raise RuntimeError(f"building the 2022 appendix failed with exit code {code}")
    return root


@functools.lru_cache(maxsize=1)
def built_all() -> Path:
    """``tanto build --all`` in Chinese and in English into a temporary project; return its root."""
    from tanto_analysis.build.pipeline import run_build

    root = make_project(Path(tempfile.mkdtemp(prefix="tanto-build-all-")), years=None)
    old = os.environ.get("TANTO_ROOT")
    os.environ["TANTO_ROOT"] = str(root)
    try:
        codes = [run_build(years=[], all_years=True, jobs=2, force=False, lang=lang) for lang in ("zh", "en")]
    finally:
        if old is None:
            os.environ.pop("TANTO_ROOT", None)
        else:
            os.environ["TANTO_ROOT"] = old
    if any(codes):
        raise RuntimeError(f"tanto build --all failed with exit codes {codes}")
    return root
