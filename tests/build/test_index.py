"""Tests for tanto_analysis.build.index: the index page lists built years with escaped headline figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tanto_analysis.build.csp import CONTENT_SECURITY_POLICY, CSP_META, csp_problem, page_policy
from tanto_analysis.build.index import index_html, write_index
from tanto_analysis.core import atomic
from tanto_analysis.page.headline import HEADLINE_MIME, headline_bundle


def test_index_links_built_years_and_trends(tmp_path: Path) -> None:
    for name in ("2021.html", "2022.html", "trends.html"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    entries = {
        "2022": {"html": "2022.html", "headline": [
            {"label": "新增贷款金额", "value": "11,465,000", "unit": "元", "status": "published"}]},
        "2021": {"html": "2021.html", "headline": [
            {"label": "<script>alert(1)</script>", "value": "1", "unit": "户", "status": "synthetic"}]},
        "2020": {"html": "2020.html", "headline": []},  # HTML missing: not listed
        "trends": {"html": "trends.html", "headline": []},
    }
    html = index_html(entries, tmp_path, "zh")
    assert '<a href="2022.html">2022年附录</a>' in html
    assert '<a href="2021.html">' in html and "2020.html" not in html
    assert html.index("2021.html") < html.index("2022.html")
    assert "<strong>11,465,000</strong> 元 <span class=\"published\">[公开数据]</span>" in html
    assert "&lt;script&gt;" in html and "<script" not in html
    assert '<a href="trends.html">跨年度趋势</a>' in html
    assert "http:" not in html and "https:" not in html and "//" not in html


def test_write_index_is_stable(tmp_path: Path) -> None:
    path = write_index(tmp_path, {}, "en")
    first = path.read_bytes()
    assert b"no page built yet" in first
    write_index(tmp_path, {}, "en")
    assert path.read_bytes() == first


def test_a_failed_index_write_keeps_the_old_index(tmp_path: Path, monkeypatch) -> None:
    path = write_index(tmp_path, {}, "en")
    first = path.read_bytes()

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_index(tmp_path, {}, "zh")
    assert path.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_headline_bundle() -> None:
    bundle = headline_bundle([{"label": "a"}], "<p>a</p>")
    assert bundle == {"text/html": "<p>a</p>", HEADLINE_MIME: {"items": [{"label": "a"}]}}


def test_a_failed_page_is_marked_with_its_reason_never_current(tmp_path) -> None:
    (tmp_path / "2021.html").write_text("old", encoding="utf-8")
    entries = {"2021": {"html": "2021.html", "fingerprint": None, "failed": "2021: cell 4: ValueError: boom"},
               "2022": {"fingerprint": None, "failed": "2022: rendering failed"},
               "2020": {"html": "2020.html"}}
    page = index_html(entries, tmp_path, "zh")
    assert ('<a href="2021.html">2021年附录</a> <span class="failed">[最近一次生成失败，此处为旧页面：'
            '2021: cell 4: ValueError: boom]</span>') in page
    assert '<td>2022</td><td> <span class="failed">[最近一次生成失败：2022: rendering failed]</span></td>' in page
    assert "<td>2020</td>" not in page  # neither built nor failed
    en = index_html(entries, tmp_path, "en")
    assert "the last build failed; this is the older page: 2021: cell 4: ValueError: boom" in en


def test_headline_items_show_their_change(tmp_path) -> None:
    (tmp_path / "2022.html").write_text("x", encoding="utf-8")
    entries = {"2022": {"html": "2022.html", "headline": [
        {"label": "全镇走访户数", "value": "7,265", "unit": "户", "status": "published",
         "change": "2021年：7,100，变化+165"}]}}
    assert ("<li>全镇走访户数: <strong>7,265</strong> 户 <span class=\"change\">（2021年：7,100，变化+165）</span> "
            "<span class=\"published\">[公开数据]</span></li>") in index_html(entries, tmp_path, "zh")
def test_index_has_landmarks_and_links_to_the_other_language(tmp_path: Path) -> None:
    (tmp_path / "2022.html").write_text("x", encoding="utf-8")
    entries = {"2022": {"html": "2022.html", "headline": [
        {"label": "Land transferred", "value": "21,000", "unit": "亩", "status": "published"}]}}
    zh = index_html(entries, tmp_path, "zh")
    en = index_html(entries, tmp_path, "en")
    for page in (zh, en):
        assert page.count("<main>") == 1 and "<header>" in page and "<footer>" in page
    assert '<a href="en/index.html" hreflang="en" lang="en">English version</a>' in zh
    assert '<a href="../index.html" hreflang="zh-CN" lang="zh-CN">中文版</a>' in en
    assert "<strong>21,000</strong> mu" in en


def test_index_carries_the_content_security_policy_first_in_head(tmp_path: Path) -> None:
    for lang in ("zh", "en"):
        page = index_html({}, tmp_path, lang)
        assert page.count('http-equiv="Content-Security-Policy"') == 1
        assert f'<head>\n<meta charset="utf-8">\n{CSP_META}\n' in page
        assert csp_problem(page) is None and page_policy(page) == CONTENT_SECURITY_POLICY
