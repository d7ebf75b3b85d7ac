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
    import importlib.util

    if importlib.util.find_spec(skipped.split(".")[0]) is None:  # rfc3987_syntax comes with the lab extra
        pytest.skip(f"{skipped} is not installed")
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


def test_lean_seaborn_imports_scipy_only_when_a_chart_needs_it_and_then_draws_what_seaborn_would() -> None:
    out = _run("""
import sys
import matplotlib
matplotlib.use("agg")
import numpy as np, pandas as pd
from tanto_analysis.core.lean_imports import lean_seaborn
sns = lean_seaborn()
print("scipy.stats" in sys.modules, "scipy.cluster" in sys.modules)
grid = sns.clustermap(pd.DataFrame(np.arange(12.0).reshape(4, 3) % 5))
ax = sns.kdeplot(x=[1.0, 2.0, 2.5, 4.0], cumulative=True)
from scipy.stats import gaussian_kde
import seaborn._statistics as stats
print(type(stats.gaussian_kde([1.0, 2.0, 3.0])) is gaussian_kde, grid.dendrogram_row is not None)
""")
    assert out.splitlines() == ["False False", "True True"]


def test_a_kernel_started_as_the_build_starts_them_has_the_lean_seaborn_and_draws_a_cluster_map() -> None:
    cell = "\n".join([
        "import sys, matplotlib",
        "matplotlib.use('agg')",
        "print('seaborn' in sys.modules, 'scipy.stats' in sys.modules)",
        "import numpy as np, pandas as pd, seaborn",
        "seaborn.clustermap(pd.DataFrame(np.arange(12.0).reshape(4, 3) % 5))",
        "print('drawn')",
    ])
    out = _run(f"""
from jupyter_client.manager import start_new_kernel
from tanto_analysis.build.execute import KERNEL_ARGUMENTS
km, kc = start_new_kernel(kernel_name="python3", extra_arguments=KERNEL_ARGUMENTS)
try:
    kc.execute_interactive({cell!r}, timeout=120,
                           output_hook=lambda m: print(m["content"].get("text", ""), end=""))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
""")
    assert out.splitlines()[-2:] == ["True False", "drawn"]
