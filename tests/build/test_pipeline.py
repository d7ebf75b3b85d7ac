"""Tests for tanto_analysis.build.pipeline: incremental, parallel, failure-tolerant builds.

Planning, fingerprints, the build cache and the index are tested on two tiny
notebooks with a fake kernel (:func:`fake_kernel`): no kernel or process is
started.  Two tests are real and marked slow: failure isolation on the tiny
notebooks, and the real 2022 appendix (the session's ``built_site``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from tanto_analysis.build import pipeline
from tanto_analysis.build.progress import BuildProgress
from tanto_analysis.core.errors import BuildError, ConfigurationError
from tanto_analysis.page.headline import headline_bundle
from tests.build.tiny_project import write_settings


class Recorder(BuildProgress):
    """A build's progress events, recorded as ``(event, arguments…)`` tuples (times left out)."""

    def __init__(self) -> None:
        self.events: list[tuple[object, ...]] = []

    def up_to_date(self, name: str, html: str) -> None:
        self.events.append(("up_to_date", name, html))

    def built(self, name: str, html: str, seconds: float) -> None:
        self.events.append(("built", name, html))

PARAMS = 'year = 2022\ndata_dir = "../data"\nledger_dir = "../data/ledgers/demo"\noutput_dir = "../reports"\nlang = "zh"'


def write_notebook(path: Path, *cells: str, heading: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {heading}"), params] + [nbformat.v4.new_code_cell(c) for c in cells]
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    nbformat.write(nb, path)


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    write_settings(tmp_path)
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "10_first.ipynb",
                   "from IPython.display import HTML, display\n"
                   "from tanto_analysis.page.headline import headline_bundle\n"
                   "rows = open(f'{ledger_dir}/{year}/loans_synthetic.csv', encoding='utf-8').read().splitlines()\n"
                   "display(headline_bundle([{'label': '笔数', 'value': str(len(rows) - 1), 'unit': '笔', "
                   "'status': 'synthetic'}], f'<p>{year}年：{len(rows) - 1}笔</p>'), raw=True)",
                   heading="概览")
    write_notebook(tmp_path / "notebooks" / "11_second.ipynb",
                   "x = 1",
                   "if year == 2021:\n    raise ValueError(f'boom in {year}')",
                   "from IPython.display import Markdown, display\ndisplay(Markdown(f'second done {year}'))",
                   heading="第二节")
    for year, rows in ((2020, 2), (2021, 3)):
        folder = tmp_path / "data" / "ledgers" / "demo" / str(year)
        folder.mkdir(parents=True)
        (folder / "loans_synthetic.csv").write_text("a\n" + "1\n" * rows, encoding="utf-8")
    return tmp_path


def html_of(root: Path, year: int | str) -> Path:
    return root / "reports" / "html" / f"{year}.html"


def _fake_outputs(name: str, parameters: dict, cwd: Path) -> list:
    """What the tiny notebooks' last cells display when a kernel runs them (see ``project``)."""
    year = parameters.get("year", "all years")
    if name == "10_first.ipynb":
        ledger = cwd / parameters["ledger_dir"] / str(year) / "loans_synthetic.csv"
        count = len(ledger.read_text(encoding="utf-8").splitlines()) - 1
        bundle = headline_bundle([{"label": "笔数", "value": str(count), "unit": "笔", "status": "synthetic"}],
                                 f"<p>{year}年：{count}笔</p>")
        return [nbformat.v4.new_output("display_data", data=bundle)]
    return [nbformat.v4.new_output("display_data", data={"text/markdown": f"second done {year}",
                                                          "text/plain": "<IPython.core.display.Markdown object>"})]


class _NoKernel:
    """Stands in for the kernel manager ``kernels.start`` returns: no kernel runs."""

    has_kernel = False
    provisioner = None  # no kernel process, so no process group to stop


def _source_name(nb, cwd: Path) -> str:
    """The notebook of ``cwd`` that ``nb`` was read from (its cells, without the build's isolation cell)."""
    ran = [c.source for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])
           and c.get("id") != "tanto-isolation"]
    return next(p.name for p in sorted(cwd.glob("*.ipynb"))
                if [c.source for c in nbformat.read(p, as_version=4).cells] == ran)


@pytest.fixture
def fake_kernel(monkeypatch) -> list[tuple[str, str]]:
    """Build pages in this process with the kernel replaced by a fake that fills in the outputs.

    ``pipeline.build_page`` and papermill run for real (parameters, papermill's metadata,
    rendering, headline, atomic write, cache) but the build's papermill engine runs no
    kernel: it adds what a kernel adds that must not reach a page (execution times and
    counts) and the outputs of :func:`_fake_outputs`.  Returns the (page, notebook) pairs "executed".
    """
    from tanto_analysis.build import kernels
    from tanto_analysis.build import papermill_engine as engine

    executed: list[tuple[str, str]] = []

    def run_cells(nb_man, kernel_name, **kwargs):
        nb, now = nb_man.nb, dt.datetime.now().isoformat()
        parameters = nb.metadata["papermill"]["parameters"]
        name = _source_name(nb, Path.cwd())  # papermill runs the engine in the notebook's folder
        executed.append((str(parameters.get("year", "trends")), name))
        code = [c for c in nb.cells if c.cell_type == "code"]
        for count, cell in enumerate(code, 1):
            cell.execution_count = count
            cell.metadata["execution"] = {"iopub.execute_input": now}
        code[-1].outputs = _fake_outputs(name, parameters, Path.cwd())
        return nb

    monkeypatch.setattr(engine.KeptClientEngine, "run_cells", staticmethod(run_cells))
    monkeypatch.setattr(kernels, "start", lambda cwd, arguments, on_start=None: _NoKernel())
    monkeypatch.setattr(pipeline, "_execute", lambda stale, jobs, stopper=None, progress=None: [pipeline.build_page(p) for p in stale])
    return executed


def test_available_years(project: Path) -> None:
    assert pipeline.available_years() == [2020, 2021]


@pytest.mark.slow
def test_one_failing_year_does_not_stop_the_others(project: Path, caplog) -> None:
    """Real kernels in two worker processes: the one real test of failure isolation."""
    html_of(project, 2021).parent.mkdir(parents=True)
    html_of(project, 2021).write_text("GOOD OLD PAGE", encoding="utf-8")
    with pytest.raises(BuildError) as excinfo:
        pipeline.run_build(years=[], all_years=True, jobs=2, force=False, lang="zh")
    assert str(excinfo.value) == "1 page(s) failed; the other pages were built"
    (record,) = [r for r in caplog.records if r.name == "tanto_analysis.build.pipeline"]
    assert record.levelname == "ERROR"
    assert re.fullmatch(r"FAILED 2021: 11_second\.ipynb: cell 4 \(`if year == 2021:`\): "
                        r"ValueError: boom in 2021 \(executed notebook kept in reports/executed/2021/11_second\.ipynb\)",
                        record.getMessage())
    assert html_of(project, 2021).read_text(encoding="utf-8") == "GOOD OLD PAGE"
    kept = nbformat.read(project / "reports" / "executed" / "2021" / "11_second.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in kept.cells for o in c.get("outputs", []))
    page = html_of(project, 2020).read_text(encoding="utf-8")
    assert "2020年：2笔" in page and "second done 2020" in page
    index = (project / "reports" / "html" / "index.html").read_text(encoding="utf-8")
    assert '<a href="2020.html">' in index and "<strong>2</strong> 笔" in index
    # the failed year's old page stays listed, marked as failed with the reason, never as current
    assert ('<a href="2021.html">2021年附录</a> <span class="failed">[最近一次生成失败，此处为旧页面：'
            '2021: 11_second.ipynb: cell 4') in index


def test_unchanged_inputs_execute_nothing_and_force_is_byte_identical(project: Path, fake_kernel,
                                                                       monkeypatch) -> None:
    shown = Recorder()
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh", progress=shown) == 0
    assert shown.events == [("built", "2020", "reports/html/2020.html")]
    assert fake_kernel == [("2020", "10_first.ipynb"), ("2020", "11_second.ipynb")]
    first = html_of(project, 2020).read_bytes()
    assert "2020年：2笔" in first.decode("utf-8") and "second done 2020" in first.decode("utf-8")

    def no_execution(*args, **kwargs):
        raise AssertionError("nothing should be executed")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_execute", no_execution)
        shown = Recorder()
        assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh", progress=shown) == 0
    assert shown.events == [("up_to_date", "2020", "reports/html/2020.html")]
    assert len(fake_kernel) == 2
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=True, lang="zh") == 0
    assert len(fake_kernel) == 4
    assert html_of(project, 2020).read_bytes() == first
    assert str(project) not in first.decode("utf-8")


_NO_OP = """
import runpy, sys
sys.argv = ["tanto", "build", "--all"]
try:
    runpy.run_module("tanto_analysis", run_name="__main__")
except SystemExit as exc:
    print("exit", exc.code)
print(" ".join(m for m in ("pandas", "numpy", "nbformat", "jsonschema", "matplotlib", "papermill") if m in sys.modules))
"""


def test_a_no_op_build_imports_no_pandas(project: Path, fake_kernel) -> None:
    """Nothing stale: planning, the build record and the index use only the standard library (and click)."""
    import subprocess
    import sys

    pipeline.run_build([], True, 1, False, "zh")
    env = {**os.environ, "TANTO_ROOT": str(project), "PYTHONPATH": str(Path(pipeline.__file__).parents[2])}
    run = subprocess.run([sys.executable, "-c", _NO_OP], capture_output=True, text=True, env=env, timeout=60)
    assert "2020: up to date (reports/html/2020.html)" in run.stdout
    assert "2021: up to date (reports/html/2021.html)" in run.stdout
    assert run.stdout.splitlines()[-2:] == ["exit 0", ""], run.stdout + run.stderr


def test_changed_ledger_or_edited_page_is_rebuilt(project: Path, fake_kernel) -> None:
    assert pipeline.run_build(years=[], all_years=True, jobs=1, force=False, lang="zh") == 0
    assert {page for page, _ in fake_kernel} == {"2020", "2021"}
    fake_kernel.clear()
    ledger = project / "data" / "ledgers" / "demo" / "2020" / "loans_synthetic.csv"
    ledger.write_text("a\n1\n1\n1\n1\n", encoding="utf-8")
    assert pipeline.run_build(years=[], all_years=True, jobs=1, force=False, lang="zh") == 0
    assert {page for page, _ in fake_kernel} == {"2020"}  # 2021's inputs did not change
    assert "2020年：4笔" in html_of(project, 2020).read_text(encoding="utf-8")
    assert "<strong>4</strong> 笔" in (project / "reports" / "html" / "index.html").read_text(encoding="utf-8")
    html_of(project, 2020).write_text("tampered", encoding="utf-8")
    cache = pipeline.BuildCache(project / "reports" / ".cache" / "build-zh.json")
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    assert not cache.is_current("2020", page.fingerprint, page.html_path)
    fake_kernel.clear()
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh") == 0
    assert {page for page, _ in fake_kernel} == {"2020"}
    assert "2020年：4笔" in html_of(project, 2020).read_text(encoding="utf-8")


def test_english_pages_go_to_their_own_folder(project: Path, fake_kernel) -> None:
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="en") == 0
    assert not html_of(project, 2020).exists()
    assert fake_kernel == [("2020", "10_first.ipynb"), ("2020", "11_second.ipynb")]
    assert (project / "reports" / "executed" / "en" / "2020" / "10_first.ipynb").is_file()
    page = (project / "reports" / "html" / "en" / "2020.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Back to index" in page and "lang=en" in page


def test_unknown_year_is_a_usage_error(project: Path) -> None:
    with pytest.raises(ConfigurationError) as excinfo:
        pipeline.run_build(years=[1999], all_years=False, jobs=1, force=False, lang="zh")
    assert str(excinfo.value) == ("no data for 1999: no ledger folder data/ledgers/demo/<year>/ and no published "
                                  "table; run `tanto demo-data` first")


@pytest.mark.slow
def test_real_2022_appendix(built_site: Path) -> None:
    """The real notebooks, kernels and worker process; a forced rebuild is byte-identical (fake kernel above)."""
    root = built_site
    page = html_of(root, 2022).read_bytes()
    text = page.decode("utf-8")
    assert "1146.5万元" in text and "11,465,000" in text
    assert "46,229.84" in text and "30.4126万元" in text and "77.3%" in text
    assert "<script" not in text.lower() and "http://" not in text and "https://" not in text
    assert text.count('src="data:image/png;base64,') >= 11
    for heading in ("二、就业增收", "三、小额贴息贷款", "四、土地流转", "五、其他领域"):
        assert heading in text
    assert "合成数据 / SYNTHETIC DATA" in text
    assert str(root) not in text and "/work/" not in text
    index = (root / "reports" / "html" / "index.html").read_text(encoding="utf-8")
    assert '<a href="2022.html">' in index and "11,465,000" in index
    executed = sorted(p.name for p in (root / "reports" / "executed" / "2022").iterdir())
    assert executed == sorted(p.name for p in (root / "notebooks").glob("1*.ipynb")) and len(executed) >= 6


def test_ledgers_kept_outside_the_project(project: Path, fake_kernel, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("office") / "ledgers"
    folder = elsewhere / "2023"
    folder.mkdir(parents=True)
    (folder / "loans_synthetic.csv").write_text("a\n1\n1\n1\n1\n1\n", encoding="utf-8")
    assert pipeline.available_years(elsewhere) == [2023]
    page = pipeline.plan_pages([2023], with_trends=False, lang="zh", ledger_dir=elsewhere)[0]
    assert not Path(page.parameters["ledger_dir"]).is_absolute()
    assert list(page.data_hashes) == ["2023/loans_synthetic.csv", "tanto.toml"]
    assert pipeline.run_build(years=[2023], all_years=False, jobs=1, force=False, lang="zh",
                              ledger_dir=elsewhere) == 0
    html = html_of(project, 2023).read_text(encoding="utf-8")
    assert "2023年：5笔" in html and str(elsewhere) not in html


def test_building_one_year_also_refreshes_the_trends_page(project: Path, fake_kernel) -> None:
    write_notebook(project / "notebooks" / "20_trends.ipynb", "print('trends')", heading="趋势")
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh") == 0
    # the longest page (it reads every year) starts first, so it never runs alone at the end
    assert [page for page, _ in fake_kernel] == ["trends", "2020", "2020"]
    trends = nbformat.read(project / "reports" / "executed" / "trends" / "20_trends.ipynb", as_version=4)
    injected = next(c for c in trends.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "years = [2020, 2021]" in injected.source  # every year, not only the one asked for
    fake_kernel.clear()
    (project / "data" / "ledgers" / "demo" / "2021" / "loans_synthetic.csv").write_text("a\n1\n", encoding="utf-8")
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh") == 0
    assert fake_kernel == [("trends", "20_trends.ipynb")]  # 2020 is up to date; trends read 2021


SECRETS = ("41032419800101123X", "13812345678", "张三", "\\u5f20\\u4e09", "onerror", "&lt;img", "&lt;/img", "\\u003cimg")


@pytest.mark.slow
def test_a_rejected_ledger_value_reaches_no_file_under_reports(tmp_path_factory, demo_ledgers: Path) -> None:
    """Real notebooks and kernel: `tanto build` refuses a hostile ledger and writes none of its values."""
    from click.testing import CliRunner

    from tanto_analysis.cli import main

    from ..conftest import make_project

    root = make_project(tmp_path_factory.mktemp("hostile"), demo_ledgers, years=(2022,))
    office = tmp_path_factory.mktemp("office") / "ledgers"
    shutil.copytree(demo_ledgers / "2022", office / "2022")
    loans = office / "2022" / "loans_synthetic.csv"
    lines = loans.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")  # loan_id,household_id,village,kind,issue_date,term_months,amount_yuan,data_status
    cells[2], cells[3], cells[6] = "张三 13812345678", "<img src=x onerror=alert(1)>", "41032419800101123X"
    loans.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TANTO_ROOT", str(root))
        result = CliRunner().invoke(main, ["build", "--year", "2022", "--jobs", "1", "--ledgers", str(office)])
    assert result.exit_code == 1, result.output
    assert "tanto build: 1 page(s) failed; the other pages were built" in result.stderr
    for secret in SECRETS:  # nor in the build's log
        assert secret not in result.output, secret
    reports = root / "reports"
    files = []
    for folder, dirs, names in os.walk(reports):  # not into reports/.ledgers/, the link to the ledgers themselves
        links = [d for d in dirs if (Path(folder) / d).is_symlink()]
        assert all(Path(folder) == reports / ".ledgers" for _ in links)
        dirs[:] = [d for d in dirs if d not in links]
        files += [Path(folder) / n for n in names]
    kinds = {p.suffix for p in files}
    assert {".html", ".json", ".ipynb"} <= kinds, kinds
    assert (reports / "executed" / "2022").is_dir() and (reports / ".cache" / "build-zh.json").is_file()
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in SECRETS:
            assert secret not in text, f"{secret} in {path.relative_to(root)}"
    index = (reports / "html" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="failed">\[[^]]*2022: 10_overview\.ipynb: cell \d+ \(`[^`]*`\): InputError: '
                     r"[^]]*loans_synthetic\.csv:2:amount_yuan: expected a number in 元", index), index
    assert "loans_synthetic.csv:2:village: unknown village; expected one of 潭头镇&#x27;s 24 villages" in index
    assert "loans_synthetic.csv:2:kind: unknown value; expected one of new, continuing" in index


def test_a_failed_page_s_error_is_scrubbed_before_the_cache_the_index_and_the_log(project: Path, monkeypatch,
                                                                                  caplog) -> None:
    """A second layer: whatever a page's error quotes (a worker's crash, say), no value is recorded."""
    from tanto_analysis.build.execute import PageResult

    error = ("{}: worker failed: ValueError(\"loans.csv:2:village: unknown village; got '张三 13812345678'; "
             "41032419800101123X <img src=x onerror=alert(1)>\")")
    monkeypatch.setattr(pipeline, "_execute", lambda stale, jobs, stopper=None, progress=None: [
        PageResult(p.name, False, error.format(p.name)) for p in stale])
    with pytest.raises(BuildError):
        pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh")
    cache = (project / "reports" / ".cache" / "build-zh.json").read_text(encoding="utf-8")
    index = (project / "reports" / "html" / "index.html").read_text(encoding="utf-8")
    log = "\n".join(r.getMessage() for r in caplog.records)
    for text in (cache, index, log):
        for secret in SECRETS:
            assert secret not in text, secret
    assert "FAILED 2020: worker failed: ValueError(\"loans.csv:2:village: unknown village; got [removed]; " \
           "[removed] [removed]\")" in log
    assert "loans.csv:2:village: unknown village; got [removed]" in cache
