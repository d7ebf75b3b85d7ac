"""The committed notebooks: without outputs, parameterised, thin, and as their generators write them."""

from __future__ import annotations

import sys

import nbformat
import pytest

from tanto_analysis.core import paths

NOTEBOOKS = sorted(paths.notebooks_dir().glob("*.ipynb"))
YEARLY_PARAMETERS = {"year", "data_dir", "ledger_dir", "output_dir", "lang"}
CROSS_YEAR_PARAMETERS = {"years", "first_year", "last_year", "data_dir", "ledger_dir", "output_dir", "lang"}


def _parameters(nb) -> set[str]:
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    names = set()
    for line in cell.source.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            names.add(line.split("=", 1)[0].strip())
    return names


def test_there_are_yearly_and_cross_year_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "10_overview.ipynb" in names and "20_trends.ipynb" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    expected = YEARLY_PARAMETERS if path.name.startswith("1") else CROSS_YEAR_PARAMETERS
    assert expected <= _parameters(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_thin(path):
    """Computation lives in the library: a code cell holds a few calls, not a computation."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
            assert len(lines) <= 6, f"{path.name}: {cell.source}"


def test_generators_reproduce_the_committed_notebooks(monkeypatch):
    monkeypatch.syspath_prepend(str(paths.notebooks_dir()))
    import make_analysis_notebooks
    import make_yearly_notebooks

    for name, cells in make_yearly_notebooks.NOTEBOOKS.items():
        built = nbformat.writes(make_yearly_notebooks.build(name, cells))
        assert built + "\n" == (paths.notebooks_dir() / f"{name}.ipynb").read_text(encoding="utf-8")
    for name, (parameters, cells) in make_analysis_notebooks.NOTEBOOKS.items():
        built = nbformat.writes(make_analysis_notebooks.notebook(name, parameters, cells))
        assert built + "\n" == (paths.notebooks_dir() / f"{name}.ipynb").read_text(encoding="utf-8")
    sys.modules.pop("make_yearly_notebooks", None)
    sys.modules.pop("make_analysis_notebooks", None)
