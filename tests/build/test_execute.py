"""Tests for tanto_analysis.build.execute: one page's notebooks in one kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tanto_analysis.build import pipeline
from tanto_analysis.build.plan import ISOLATION_TAG
from tests.build.tiny_project import make_tiny_project, write_notebook


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch) -> Path:
    root = make_tiny_project(tmp_path / "project")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    return root


@pytest.mark.parametrize("failing", ["10_first.ipynb", "11_second.ipynb"])
def test_the_failing_cell_is_numbered_as_in_the_source_notebook(tiny: Path, failing: str) -> None:
    # heading (cell 1), `x = 1` (cell 2, code cell 1), parameters (cell 3, code cell 2),
    # the raising cell (cell 4, code cell 3, right after the parameters papermill injects)
    source = tiny / "notebooks" / failing
    write_notebook(source, "raise ValueError(f'third code cell of {year}')", before=("x = 1",))
    cells = nbformat.read(source, as_version=4).cells
    assert cells[3].source.startswith("raise") and [c.cell_type for c in cells[:4]].count("code") == 3
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    result = pipeline.build_page(page)
    assert result.error == (f"2020: {failing}: cell 4 (`raise ValueError(f'third code cell of {{year}}')`): "
                            f"ValueError: third code cell of 2020 (executed notebook kept in "
                            f"reports/executed/2020/{failing})")
    kept = nbformat.read(tiny / "reports" / "executed" / "2020" / failing, as_version=4)
    assert [o.get("ename") for c in kept.cells for o in c.get("outputs", []) if o.get("ename")] == ["ValueError"]
    assert kept.metadata.papermill.input_path == f"notebooks/{failing}"
    assert kept.metadata.papermill.output_path == f"reports/executed/2020/{failing}"


def test_executed_notebooks_name_no_absolute_path(tiny: Path) -> None:
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    assert pipeline.build_page(page).ok
    for name in ("10_first.ipynb", "11_second.ipynb"):
        text = (tiny / "reports" / "executed" / "2020" / name).read_text(encoding="utf-8")
        assert str(tiny) not in text and f'"output_path": "reports/executed/2020/{name}"' in text


@pytest.mark.slow  # real kernels
def test_a_kept_kernel_builds_the_next_page_from_a_clean_namespace(tiny: Path) -> None:
    import shutil

    import jupyter_client.manager

    from tanto_analysis.build import execute
    from tanto_analysis.build import papermill_engine as engine

    shutil.copytree(tiny / "data" / "ledgers" / "demo" / "2020", tiny / "data" / "ledgers" / "demo" / "2021")
    write_notebook(tiny / "notebooks" / "11_second.ipynb",
                   "import os\nfrom IPython.display import Markdown, display\n"
                   "display(Markdown(f\"second done {year} {os.getpid()} {'left' in dir()}\"))\nleft = year")
    first, second = pipeline.plan_pages([2020, 2021], with_trends=False, lang="zh")
    clients = []
    real_client = jupyter_client.manager.AsyncKernelManager.client

    def counted_client(self, **kwargs):
        clients.append(real_client(self, **kwargs))
        return clients[-1]

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jupyter_client.manager.AsyncKernelManager, "client", counted_client)
            assert pipeline.build_page(first, keep_kernel=True).ok
            (kept,) = execute._warm.values()
            assert pipeline.build_page(second, keep_kernel=True).ok
        assert list(execute._warm.values()) == [kept]  # the same kernel built both pages
        # and its four notebooks shared one client, connected once (papermill would connect four)
        assert len(clients) == 1 and clients[0].channels_running
    finally:
        execute.close_kernels()
    assert execute._warm == {} and not kept.has_kernel
    assert engine._clients == {} and not clients[0].channels_running  # closed with its kernel
    outputs = {}
    for page in (first, second):
        nb = nbformat.read(page.executed_dir / "11_second.ipynb", as_version=4)
        outputs[page.name] = "".join(o.get("data", {}).get("text/markdown", "")
                                     for c in nb.cells for o in c.get("outputs", [])).split()
    assert outputs["2020"][:2] == ["second", "done"] and outputs["2021"][:2] == ["second", "done"]
    assert outputs["2020"][2:] == ["2020", outputs["2020"][3], "False"]
    assert outputs["2021"][2:] == ["2021", outputs["2020"][3], "False"]  # same kernel process, no `left`
    first_notebook = nbformat.read(second.executed_dir / "10_first.ipynb", as_version=4)
    assert ISOLATION_TAG in first_notebook.cells[0].metadata.get("tags", [])


def test_a_failed_notebook_is_kept_without_the_rejected_value(tiny: Path) -> None:
    # the value comes from the ledger, as in a real page: the source does not hold it
    write_notebook(tiny / "notebooks" / "11_second.ipynb",
                   "value = '410324' + '199001011234'\n"
                   "raise ValueError(f\"loans.csv:4:household_id: not an id; got '{value}'\")")
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    result = pipeline.build_page(page)
    assert not result.ok and "executed notebook kept in reports/executed/2020/11_second.ipynb" in result.error
    assert "410324199001011234" not in result.error and "not an id; got [removed] (executed" in result.error
    kept = (tiny / "reports" / "executed" / "2020" / "11_second.ipynb").read_text(encoding="utf-8")
    assert "410324199001011234" not in kept and "got [removed]" in kept
    assert not list((tiny / "reports").rglob("*.tmp*"))


def test_a_notebook_that_never_ran_names_no_kept_notebook(tiny: Path) -> None:
    from tanto_analysis.build import execute

    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    assert execute._error_message(page, page.notebooks[0], None, RuntimeError("Kernel died before replying")) == (
        "2020: 10_first.ipynb: RuntimeError: Kernel died before replying")
    kept = page.executed_dir / "10_first.ipynb"
    assert execute._error_message(page, page.notebooks[0], kept, RuntimeError("Kernel died")) == (
        "2020: 10_first.ipynb: RuntimeError: Kernel died (executed notebook kept in reports/executed/2020/10_first.ipynb)")
