"""Tests for tanto_analysis.appendix_sections: each domain section's tables, commentary and charts."""

from __future__ import annotations

import shutil

import pytest

from tanto_analysis import appendix, appendix_sections, paths, plotting
from tanto_analysis.demo import write_demo_ledgers


@pytest.fixture(scope="module")
def year_2022(tmp_path_factory) -> appendix.YearData:
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(paths.published_dir(), root / "published")
    write_demo_ledgers(root / "ledgers" / "demo")
    plotting.setup_plotting()
    return appendix.load_year(2022, root, root / "ledgers" / "demo", "zh")


@pytest.fixture
def captured(monkeypatch):
    shown: list = []
    monkeypatch.setattr(appendix_sections, "show", shown.append)
    monkeypatch.setattr(plotting, "show", lambda fig: shown.append(fig))
    yield shown
    plotting.plt.close("all")


def _html(shown: list) -> str:
    return "".join(s for s in shown if isinstance(s, str))


def _figures(shown: list) -> list:
    return [s for s in shown if not isinstance(s, str)]


def test_loans_section(year_2022, captured) -> None:
    appendix_sections.show_loans(year_2022)
    html = _html(captured)
    assert "1146.5万元" in html and "11,465,000" in html
    assert "据报告公开数字，2022年新增小额贴息贷款248户、11,465,000元，户均46,229.84元" in html
    assert "贷款贴息190人、304,126元，人均1,600.66元" in html
    assert 'class="banner synthetic"' in html
    figures = _figures(captured)
    assert len(figures) == 3
    assert all(plotting.SYNTHETIC_MARK in [t.get_text() for t in f.texts] for f in figures)


def test_employment_section(year_2022, captured) -> None:
    appendix_sections.show_employment(year_2022)
    html = _html(captured)
    assert "公益性岗位385人" in html and "300余个" in html
    assert "就业群众年均增收15,000元" in html
    assert len(_figures(captured)) == 4


def test_land_section(year_2022, captured) -> None:
    appendix_sections.show_land(year_2022)
    html = _html(captured)
    assert "2.1万亩" in html and "流转率达77.3%" in html
    assert "流转率77.3%，对应承包地面积27,167亩" in html
    assert len(_figures(captured)) == 4


def test_section_without_ledgers_shows_published_figures_only(year_2022, captured) -> None:
    d = appendix.YearData(2022, "en", year_2022.published)
    appendix_sections.show_loans(d)
    html = _html(captured)
    assert "According to the published report, in 2022 248 households" in html
    assert "ledgers of 2022 are missing" in html
    assert _figures(captured) == []


def test_english_section_translates_labels_and_categories(year_2022, captured) -> None:
    import dataclasses

    appendix_sections.show_employment(dataclasses.replace(year_2022, lang="en"))
    html = _html(captured)
    assert "Employment income (published)" in html and "Public-welfare posts filled" in html
    figure = _figures(captured)[0]
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "forest ranger" in ticks and "护林员" not in ticks
    assert figure.axes[0].get_title(loc="left").startswith("Public-welfare posts by type, 2022")


def test_reconciliation_on_calibrated_2022(year_2022) -> None:
    html = appendix_sections.reconciliation_html(year_2022)
    # Published figures of the three domains + the village register; all agree with the calibrated ledgers,
    # the rate 77.3% only within the report's rounding (ledger 77.2997%).
    assert "不一致" not in html
    assert "在报告舍入范围内1项" in html
    assert "台账与公开数字核对（合成数据 / SYNTHETIC DATA）" in html
    assert "1146.5万元" in html and "30.4126万元 / 190人" in html
    assert '<td class="num">46,229.84</td><td class="num">46,229.84</td>' in html


def test_reconciliation_reports_a_changed_amount(year_2022) -> None:
    changed = appendix.YearData(year_2022.year, "en", year_2022.published, dict(year_2022.ledgers))
    subsidies = changed.ledgers["loan_subsidies"].copy()
    subsidies.loc[subsidies.index[0], "amount_yuan"] += 1
    changed.ledgers["loan_subsidies"] = subsidies
    html = appendix_sections.reconciliation_html(changed)
    assert "MISMATCH" in html
    assert '<td class="num">304,127</td><td class="num">304,126</td><td class="num">1</td>' in html


def test_reconciliation_without_published_figures(year_2022) -> None:
    no_report = appendix.YearData(2021, "zh", None, year_2022.ledgers)
    assert "2021年没有公开报告数字，无从核对台账。" in appendix_sections.reconciliation_html(no_report)
