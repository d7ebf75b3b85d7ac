"""Tests for tanto_analysis.build.render: offline, deterministic page with TOC and provenance footer."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest

from tanto_analysis.build.render import (
    OfflineError,
    add_toc,
    check_offline,
    footer_html,
    merge_notebooks,
    render_page,
)
from tanto_analysis.core.errors import BuildError

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def executed_notebook(path: Path, heading: str, html: str, cell_ids: tuple[str, ...]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "papermill": {"duration": 1.234, "start_time": "2026-01-01T00:00:00",
                                 "input_path": "/home/someone/notebooks/x.ipynb"}}
    params = nbformat.v4.new_code_cell("year = 2022")
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell("year = 2019")
    injected.metadata["tags"] = ["injected-parameters"]
    code = nbformat.v4.new_code_cell("secret_code_line()", execution_count=7)
    code.metadata = {"execution": {"iopub.execute_input": "2026-01-01T00:00:01"}, "papermill": {"duration": 0.5}}
    code.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": html}),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning in /home/someone/.venv/x.py"),
        nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(1)", "text/plain": "js"}),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {heading}\n\n## 小节"), params, injected, code]
    for cell, ident in zip(nb.cells, cell_ids, strict=True):
        cell.id = ident
    nbformat.write(nb, path)
    return path


@pytest.fixture
def notebooks(tmp_path: Path) -> list[Path]:
    return [executed_notebook(tmp_path / "10_overview.ipynb", "一、概览", "<p class='x'>11,465,000 元</p>",
                              ("a1", "a2", "a3", "a4")),
            executed_notebook(tmp_path / "12_loans.ipynb", "三、贷款", "<p>1146.5万元</p>", ("b1", "b2", "b3", "b4"))]


def render(notebooks: list[Path], **overrides) -> str:
    args = {"title": "潭头镇 2022年附录", "kicker": "k", "lang": "zh", "index_label": "索引",
            "footer": footer_html(version="0.1.0", parameters={"year": 2022, "lang": "zh"},
                                  data_hashes={"data/published/tantou_2022.csv": "ab" * 32})}
    args.update(overrides)
    return render_page(notebooks, **args)


def test_page_is_offline_with_code_hidden_and_images_embedded(notebooks) -> None:
    page = render(notebooks)
    assert "<script" not in page.lower()
    assert "http:" not in page and "https:" not in page and "//cdn" not in page
    assert "secret_code_line" not in page and "year = 2019" not in page
    assert page.count('src="data:image/png;base64,') == 2
    assert "11,465,000 元" in page and "1146.5万元" in page
    assert "alert(1)" not in page  # javascript outputs are dropped


def test_page_has_no_run_specific_details(notebooks, tmp_path) -> None:
    page = render(notebooks)
    for leaked in ("/home/someone", "2026-01-01", "duration", "UserWarning", "In&nbsp;[", str(tmp_path)):
        assert leaked not in page
    assert 'id="cell-id=10_overview-3"' in page and 'id="cell-id=12_loans-3"' in page


def test_same_content_with_other_random_ids_renders_identically(notebooks, tmp_path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    copies = [executed_notebook(other / "10_overview.ipynb", "一、概览", "<p class='x'>11,465,000 元</p>",
                                ("z1", "z2", "z3", "z4")),
              executed_notebook(other / "12_loans.ipynb", "三、贷款", "<p>1146.5万元</p>", ("y1", "y2", "y3", "y4"))]
    assert render(notebooks) == render(copies)


def test_toc_lists_headings_with_unique_anchors(notebooks) -> None:
    page = render(notebooks)
    toc = page[page.index('class="toc"'):page.index('<main')]
    assert ">一、概览</a>" in toc and ">三、贷款</a>" in toc
    assert toc.count(">小节</a>") == 2
    assert 'href="#%E5%B0%8F%E8%8A%82"' in toc and 'href="#%E5%B0%8F%E8%8A%82-2"' in toc
    assert 'id="%E5%B0%8F%E8%8A%82-2"' in page


def test_footer_states_version_parameters_and_hashes(notebooks) -> None:
    page = render(notebooks)
    footer = page[page.index('<footer class="page-footer">'):]
    assert "tanto_analysis 0.1.0" in footer
    assert "lang=zh, year=2022" in footer
    assert "data/published/tantou_2022.csv" in footer and "ab" * 32 in footer


def test_title_and_english_labels_are_escaped(notebooks) -> None:
    page = render(notebooks, title="<script>alert(1)</script>", lang="en", index_label="Back")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<html lang="en">' in page and ">Contents<" in page


def test_print_css_is_inline(notebooks) -> None:
    page = render(notebooks)
    assert "@media print" in page and "<link" not in page


def test_check_offline_refuses_external_references() -> None:
    check_offline('<img src="data:image/png;base64,AAAA"><a href="#x">x</a>')
    for bad in ('<script src="https://cdn.example/require.js"></script>', '<img src="http://x/y.png">',
                "<style>@import url(x.css)</style>", '<link href="//fonts.example/css">',
                "<div style=\"background:url('https://x')\"></div>"):
        with pytest.raises(OfflineError):
            check_offline(bad)


def test_add_toc_only_lists_headings_inside_main() -> None:
    page = ('<h1 id="t">Title</h1><nav><!--TANTO-TOC--></nav><main id="appendix">'
            '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2><h3 id="b">B &amp; C</h3></main>')
    out = add_toc(page)
    assert '<li class="toc-h2"><a href="#a">A</a></li><li class="toc-h3"><a href="#b">B &amp; C</a></li>' in out
    assert "#t" not in out


def test_merge_drops_parameter_cells(notebooks) -> None:
    merged = merge_notebooks(notebooks)
    assert [c.id for c in merged.cells] == ["10_overview-0", "10_overview-3", "12_loans-0", "12_loans-3"]
    assert all(c.metadata == {} for c in merged.cells)


def test_footer_states_the_library_versions() -> None:
    footer = footer_html(version="0.1.0", parameters={"year": 2022}, data_hashes={}, lang="en",
                         versions={"seaborn": "0.13.2", "pandas": "3.1.1"})
    assert "<p>Library versions: <code>pandas 3.1.1, seaborn 0.13.2</code></p>" in footer
    zh = footer_html(version="0.1.0", parameters={"year": 2022}, data_hashes={}, versions={"pandas": "3.1.1"})
    assert "<p>依赖库版本: <code>pandas 3.1.1</code></p>" in zh
def test_an_offline_error_is_a_build_error():
    with pytest.raises(BuildError, match="the page contains a <script> element"):
        check_offline("<p>x</p><script>alert(1)</script>")
    assert OfflineError.exit_code == 1
