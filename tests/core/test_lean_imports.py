"""Tests for tanto_analysis.core.lean_imports: libraries imported without optional modules never used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


@pytest.mark.parametrize(("library", "skips", "skipped"), [
    ("nbformat", "NBFORMAT_SKIPS", "rfc3987_syntax"),
    ("seaborn", "SEABORN_SKIPS", "scipy.stats"),
])
def test_the_library_works_without_the_skipped_module_which_stays_importable(library, skips, skipped) -> None:
    out = _run(f"""
import importlib, sys
from tanto_analysis.core import lean_imports
module = lean_imports.import_without({library!r}, lean_imports.{skips})
print(module.__name__, {skipped!r} in sys.modules)
importlib.import_module({skipped!r})
print({skipped!r} in sys.modules)
""")
    assert out.splitlines() == [f"{library} False", "True"]


def test_notebooks_validate_without_the_iri_checker() -> None:
    out = _run("""
from tanto_analysis.core.lean_imports import NBFORMAT_SKIPS, import_without
nbformat = import_without("nbformat", NBFORMAT_SKIPS)
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
nb.cells[0].id = "c1"
print(nbformat.validate(nbformat.reads(nbformat.writes(nb), as_version=4)))
bad = nbformat.v4.new_notebook()
bad.cells = [{"cell_type": "code", "source": "x"}]
try:
    nbformat.validate(bad)
except nbformat.ValidationError:
    print("rejected")
""")
    assert out.splitlines() == ["None", "rejected"]
