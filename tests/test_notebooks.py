"""The page notebooks: committed without outputs, parameterised, bilingual, and thin.

Only the notebooks the build runs are checked (``1N_*.ipynb`` and
``2N_*.ipynb`` in ``notebooks/``); a scratch ``Untitled.ipynb`` and
everything under ``notebooks/explore/`` are ignored, by the build and here.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from tanto_analysis.build.plan import CROSS_YEAR, YEARLY
from tanto_analysis.core import paths

NOTEBOOKS = sorted(p for p in paths.notebooks_dir().glob("*.ipynb") if YEARLY.match(p.name) or CROSS_YEAR.match(p.name))
YEARLY_PARAMETERS = {"year", "data_dir", "ledger_dir", "output_dir", "lang"}
CROSS_YEAR_PARAMETERS = {"years", "first_year", "last_year", "data_dir", "ledger_dir", "output_dir", "lang"}
#: Code that reads files or ledger rows itself instead of calling the library.
ROW_ACCESS = re.compile(r"read_csv|read_excel|open\(|\.csv|\.xlsx|\.ledgers\b|_synthetic|ledgers/demo|\.\./")
ABSOLUTE_PATH = re.compile(r"""["'](?:/|~|[A-Za-z]:\\)""")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\u3001\u3002\uff0c\uff1a]")


def _read(path):
    return nbformat.read(path, as_version=4)


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]


def _parameters(nb) -> dict[str, object]:
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    return {t.id: ast.literal_eval(node.value) for node in ast.parse(cell.source).body
            if isinstance(node, ast.Assign) for t in node.targets}


def test_there_are_yearly_and_cross_year_notebooks_and_no_generators():
    names = [p.name for p in NOTEBOOKS]
    assert "10_overview.ipynb" in names and "20_trends.ipynb" in names
    assert not list(paths.notebooks_dir().glob("make_*.py"))  # the notebooks are the source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for cell in _read(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_default_to_the_projects_own_paths(path):
    params = _parameters(_read(path))
    expected = YEARLY_PARAMETERS if YEARLY.match(path.name) else CROSS_YEAR_PARAMETERS
    assert expected <= set(params)
    assert params["data_dir"] is None and params["ledger_dir"] is None and params["output_dir"] is None
    assert params["lang"] == "zh"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_absolute_paths_and_no_ledger_rows_outside_the_library(path):
    for source in _code(_read(path)):
        assert not ABSOLUTE_PATH.search(source), f"{path.name}: {source}"
        assert not ROW_ACCESS.search(source), f"{path.name}: use the library (ta.year, y.by_village): {source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_is_a_few_library_calls(path):
    lines = [ln for source in _code(_read(path)) for ln in source.splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(lines) <= 40, path.name
    assert any("import tanto_analysis as ta" in ln for ln in lines), path.name


@pytest.mark.parametrize("name", ["10_overview.ipynb", "11_employment_income.ipynb", "12_loan_subsidies.ipynb",
                                  "13_land_transfer.ipynb", "14_other_domains.ipynb", "15_audit_progress.ipynb",
                                  "16_reconciliation.ipynb", "20_trends.ipynb"])
def test_a_page_notebook_writes_its_findings_in_both_languages(name):
    code = "\n".join(_code(_read(paths.notebooks_dir() / name)))
    calls = [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr == "say"]
    assert len(calls) >= 2, name
    for call in calls:  # each sentence's words are in the notebook, an f-string per language
        words = {k.arg: k.value for k in call.keywords}
        assert {"zh", "en"} <= set(words) and all(isinstance(words[k], ast.JoinedStr) for k in ("zh", "en")), name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_is_written_once_per_language(path):
    cells = [c for c in _read(path).cells if c.cell_type == "markdown"]
    tags = [set(c.metadata.get("tags", [])) & {"lang-zh", "lang-en"} for c in cells]
    assert all(len(t) == 1 for t in tags), f"{path.name}: tag each markdown cell lang-zh or lang-en"
    zh = [c.source for c, t in zip(cells, tags, strict=True) if t == {"lang-zh"}]
    en = [c.source for c, t in zip(cells, tags, strict=True) if t == {"lang-en"}]
    assert len(zh) == len(en)
    assert [s.split(" ", 1)[0] for s in zh] == [s.split(" ", 1)[0] for s in en]  # same heading levels
    assert all(CJK.search(s) for s in zh)
    assert not [s for s in en if CJK.search(s)], f"{path.name}: Chinese in an English cell"
