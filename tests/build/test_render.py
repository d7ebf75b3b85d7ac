"""Tests for tanto_analysis.build.render: offline, deterministic page with TOC and provenance footer."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest

from tanto_analysis.build.csp import CONTENT_SECURITY_POLICY, CSP_META, page_policy
from tanto_analysis.build.render import (
    OfflineError,
    add_toc,
    check_offline,
    footer_html,
    level_headings,
    merge_notebooks,
    other_language_href,
    print_css,
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
                                  data_hashes={"data/published/2022.csv": "ab" * 32})}
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
    assert "data/published/2022.csv" in footer and "ab" * 32 in footer


def test_title_and_english_labels_are_escaped(notebooks) -> None:
    page = render(notebooks, title="<script>alert(1)</script>", lang="en", index_label="Back")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<html lang="en">' in page and ">Contents<" in page


def test_print_css_is_inline(notebooks) -> None:
    page = render(notebooks)
    assert "@media print" in page and "<link" not in page


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{CSP_META}<style></style></head><body>{body}</body></html>'


def test_check_offline_refuses_external_references() -> None:
    check_offline(_page('<img src="data:image/png;base64,AAAA"><a href="#x">x</a>'))
    for bad in ('<script src="https://cdn.example/require.js"></script>', '<img src="http://x/y.png">',
                "<style>@import url(x.css)</style>", '<link href="//fonts.example/css">',
                "<div style=\"background:url('https://x')\"></div>"):
        with pytest.raises(OfflineError, match="script|external"):
            check_offline(_page(bad))


def test_page_carries_the_content_security_policy_first_in_head(notebooks) -> None:
    page = render(notebooks)
    assert CONTENT_SECURITY_POLICY == ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                                       "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")
    assert page_policy(page) == CONTENT_SECURITY_POLICY
    assert page.count("Content-Security-Policy") == 1
    # nbconvert re-serialises the head: attributes in name order, void elements closed
    assert (f'<head>\n<meta charset="utf-8"/>\n<meta content="{CONTENT_SECURITY_POLICY}" '
            'http-equiv="Content-Security-Policy"/>\n') in page
    assert page.index("Content-Security-Policy") < page.index("<style") < page.index("<body")


def test_check_offline_refuses_a_page_without_the_policy_or_with_it_too_late() -> None:
    with pytest.raises(BuildError, match="no Content-Security-Policy <meta>"):
        check_offline("<!DOCTYPE html><html><head><style></style></head><body><p>x</p></body></html>")
    weaker = CSP_META.replace("script-src 'none'", "script-src 'self'")
    with pytest.raises(OfflineError, match="script-src 'self'"):
        check_offline(f"<html><head>{weaker}</head><body></body></html>")
    for late in (f"<html><head><style></style>{CSP_META}</head><body></body></html>",
                 f"<html><head></head><body>{CSP_META}</body></html>",
                 f'<html><head><img src="data:image/png;base64,AAAA">{CSP_META}</head><body></body></html>'):
        with pytest.raises(OfflineError, match="comes after <(style|body|img)>, content it should govern"):
            check_offline(late)


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


def _tagged_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cells = [("# 一、概览", ["lang-zh"]), ("# 1. Overview", ["lang-en"]), ("### 小节 · Part", []),
             ("## 二级", [])]
    for source, tags in cells:
        cell = nbformat.v4.new_markdown_cell(source)
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def test_language_tagged_cells_show_only_on_their_page(tmp_path) -> None:
    path = _tagged_notebook(tmp_path / "10_overview.ipynb")
    assert [c.source for c in merge_notebooks([path], "zh").cells] == ["# 一、概览", "### 小节 · Part", "## 二级"]
    assert [c.source for c in merge_notebooks([path], "en").cells] == ["# 1. Overview", "### 小节 · Part", "## 二级"]
    assert len(merge_notebooks([path]).cells) == 4
    zh = render([path])
    en = render([path], lang="en")
    assert "一、概览" in zh and "1. Overview" not in zh
    assert "1. Overview" in en and "一、概览" not in en


def test_toc_adds_no_numbers_and_heading_levels_never_skip(tmp_path) -> None:
    page = render([_tagged_notebook(tmp_path / "10_overview.ipynb")])
    toc = page[page.index('class="toc"'):page.index("<main")]
    assert '<ul class="toc-list">' in toc and "<ol" not in toc
    # the h3 right after the h1 is shown as an h2; the toc lists it at that level
    assert '<li class="toc-h2"><a href="#%E5%B0%8F%E8%8A%82-%C2%B7-Part">小节 · Part</a></li>' in toc
    main = page[page.index("<main"):]
    assert "<h3" not in main and main.count("<h2") == 2
    assert level_headings('<main id="appendix"><h1>A</h1><h4>B</h4><h2>C</h2><h4>D</h4></main>') == (
        '<main id="appendix"><h1>A</h1><h2>B</h2><h2>C</h2><h3>D</h3></main>')


def test_page_links_to_its_other_language_and_explains_the_links(notebooks) -> None:
    zh = render(notebooks, page_file="2022.html")
    en = render(notebooks, lang="en", page_file="2022.html")
    assert '<a href="en/2022.html" hreflang="en" lang="en">English version</a>' in zh
    assert '<a href="../2022.html" hreflang="zh-CN" lang="zh-CN">中文版</a>' in en
    assert "单独收到的本页是完整的" in zh and "sent on its own, this page is complete" in en
    assert other_language_href("trends.html", "en") == "../trends.html"


def test_print_rules_give_a4_page_numbers_and_a_running_header() -> None:
    css = print_css("潭头镇乡村振兴进展报告 2022年附录", "zh", synthetic=True)
    assert "size: A4" in css and "margin: 18mm 15mm 18mm 15mm" in css
    assert '@top-center { content: "潭头镇乡村振兴进展报告 2022年附录 · 合成数据 / SYNTHETIC DATA"' in css
    assert '@bottom-center { content: "第 " counter(page) " / " counter(pages) " 页"' in css
    en = print_css('A "quoted" </style> title', "en", synthetic=False)
    assert "content: \"A 'quoted' ‹/style› title\"" in en and "SYNTHETIC" not in en
    assert 'content: "Page " counter(page) " of " counter(pages)' in en


def test_report_text_is_carried_collapsed_and_quote_cells_show_their_clause(tmp_path) -> None:
    html = ('<table><tr><td class="quote" lang="zh-CN">2次</td>'
            '<td class="quote" lang="zh-CN">1146.5万元 / 248户</td><td class="quote" lang="zh-CN">不在原文</td></tr></table>')
    text = "标题\n\n今年以来，开展全员筛查2次，走访。\n新增贷款248户1146.5万元。\n"
    path = executed_notebook(tmp_path / "10_overview.ipynb", "一、概览", html, ("a1", "a2", "a3", "a4"))
    page = render([path], report_text=text)
    assert ('<td class="quote" lang="zh-CN"><a class="clause" href="#report-p3"><q>开展全员筛查<strong>2次</strong>'
            '</q></a></td>') in page
    assert ('<a class="clause" href="#report-p4"><q>新增贷款248户<strong>1146.5万元</strong></q></a><br>'
            '<a class="clause" href="#report-p4"><q>新增贷款<strong>248户</strong>1146.5万元</q></a>') in page
    assert '<td class="quote" lang="zh-CN">不在原文</td>' in page
    details = page[page.index('<details class="report-text" id="report-text">'):page.index("</main>")]
    assert '<p id="report-p1">标题</p><p id="report-p3">今年以来，开展全员筛查2次，走访。</p>' in details
    assert '<a href="#report-text">报告原文</a>' in page


def test_cell_ids_do_not_count_the_isolation_cell(notebooks) -> None:
    """A page's first notebook run in a kernel kept from a previous page starts with the isolation cell."""
    from tanto_analysis.build.execute import ISOLATION_SOURCE
    from tanto_analysis.build.plan import ISOLATION_TAG

    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        reset = nbformat.v4.new_code_cell(ISOLATION_SOURCE)
        reset.metadata["tags"] = [ISOLATION_TAG]
        reset.id = "tanto-isolation"
        nb.cells.insert(0, reset)
        nbformat.write(nb, path)
    merged = merge_notebooks(notebooks)
    assert [c.id for c in merged.cells] == ["10_overview-0", "10_overview-3", "12_loans-0", "12_loans-3"]
    assert all("reset" not in c.source for c in merged.cells)
