"""Tests for tanto_analysis.page.findings: a notebook's sentence over computed values, safe by default."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.analysis.disclosure import Protection, Rules
from tanto_analysis.core.text import SYNTHETIC_MARK
from tanto_analysis.page.findings import Value, finding, pick, values


def _tidy(status: str, **figures: tuple[float, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": k, "value": v, "unit": u, "bound": b, "data_status": status}
                         for k, (v, u, b) in figures.items()])


def test_a_value_is_written_as_the_page_writes_numbers_with_its_bound() -> None:
    p = values(_tidy("published", jobs_provided=(300, "个", "at_least"), amount=(11465000, "元", "exact")), "zh")
    assert pick("zh", f"提供就业岗位{p.jobs_provided}个，贷款{p.amount}元", "") == "提供就业岗位300余个，贷款11,465,000元"
    en = values(_tidy("published", jobs_provided=(300, "个", "at_least")), "en")
    assert pick("en", "", f"{en.jobs_provided} jobs") == "more than 300 jobs"
    assert float(p.amount) == 11465000.0 and repr(p.jobs_provided) == "Value(300余 个)"


def test_a_sentence_of_published_figures_is_not_labelled_one_of_ledger_figures_is() -> None:
    p = values(_tidy("published", posts=(385, "人", "exact")), "zh")
    v = values(_tidy("synthetic", posts=(385, "人", "exact")), "zh")
    assert finding(f"岗位{p.posts}人。", "", lang="zh", synthetic=True).html == '<p class="commentary">岗位385人。</p>'
    shown = finding(f"岗位{v.posts}人。", "", lang="zh", synthetic=True)
    assert shown.html == f'<p class="commentary">岗位385人（{SYNTHETIC_MARK}）。</p>' and shown.synthetic
    en = finding("", f"{v.posts} posts.", lang="en", synthetic=True)
    assert en.text == f"385 posts ({SYNTHETIC_MARK})."
    assert finding(f"岗位{v.posts}人。", "", lang="zh", synthetic=False).text == "岗位385人。"  # actual ledgers


def test_a_sentence_without_values_is_labelled_unless_it_says_it_states_nothing_from_the_ledgers() -> None:
    assert finding("台账没有被标记的记录。", "", lang="zh", synthetic=True).text == (
        f"台账没有被标记的记录（{SYNTHETIC_MARK}）。")
    assert finding("2019年没有公开报告。", "", lang="zh", synthetic=True, ledgers=False).text == "2019年没有公开报告。"
    v = values(_tidy("synthetic", posts=(385, "人", "exact")), "zh")
    assert SYNTHETIC_MARK in finding(f"岗位{v.posts}人。", "", lang="zh", synthetic=True, ledgers=False).text


def test_a_withheld_value_shows_the_mark_never_the_number() -> None:
    frame = pd.DataFrame({"amount_yuan": [37654.32, 1200000.0]}, index=pd.Index(["纸房村", "何村"], name="village"))
    decided = Protection("village", {"纸房村": "frequency"}, "household", Rules()).apply(frame)
    small = values(decided, "zh", row="纸房村")
    shown = finding(f"纸房村贷款{small.amount_yuan}元。", "", lang="zh", synthetic=False)
    assert shown.text == "纸房村贷款—（少于3户，不公布）元。" and "37" not in shown.html
    assert SYNTHETIC_MARK not in shown.text  # withheld, so from the ledgers: labelled only on a synthetic page
    assert SYNTHETIC_MARK in finding(f"{small.amount_yuan}", "", lang="zh", synthetic=True, ledgers=False).text
    assert pick("zh", f"{values(decided, 'zh', row='何村').amount_yuan}", "") == "1,200,000"


def test_a_sentence_quoting_a_value_the_year_lacks_is_left_out() -> None:
    p = values(_tidy("published", posts=(385, "人", "exact")), "zh")
    assert finding(f"岗位{p.posts}人，增收{p.jobs_income_increase_mean}元。", "", lang="zh", synthetic=False) is None
    assert not Value(None) and Value(float("nan")).number is None
    with pytest.warns(UserWarning, match="no value 'postz'; did you mean posts"):
        assert not p.postz


def test_the_sentence_is_escaped_in_html_and_markdown() -> None:
    shown = finding('<img src=x onerror="alert(1)"> *bold*', "", lang="zh", synthetic=False, ledgers=False)
    assert shown.html == '<p class="commentary">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; *bold*</p>'
    assert shown._repr_markdown_() == r'\<img src=x onerror="alert\(1\)"\> \*bold\*'
    assert "\ue000" not in shown.text and "\ue000" not in pick("zh", f"{Value(1.5)}", "")


def test_a_row_of_the_reports_own_figures_is_not_labelled_a_row_of_a_ledger_breakdown_is() -> None:
    within = pd.DataFrame({"share_pct": [69.0], "data_status": ["published"]}, index=["projects_completion_rate"])
    w = values(within, "zh", row="projects_completion_rate")
    assert finding(f"项目竣工率{w.share_pct}%。", "", lang="zh", synthetic=True).text == "项目竣工率69%。"
    ledger = pd.DataFrame({"posts": [12], "data_status": ["published"]}, index=["甲村"])
    decided = Protection.town(Rules()).apply(ledger)  # a decision: the row is the ledgers', whatever its status says
    v = values(decided, "zh", row="甲村")
    assert finding(f"甲村岗位{v.posts}人。", "", lang="zh", synthetic=True).text == f"甲村岗位12人（{SYNTHETIC_MARK}）。"
