"""The trends page's blocks: published years vs ledger panel, one year vs many."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.core import paths
from tanto_analysis.figures.published import load_published
from tanto_analysis.page.charts import setup_plotting
from tanto_analysis.page.trend_sections import (
    load_ledger_panel,
    panel_banner_html,
    published_in_range,
    published_trends_html,
    town_trends_section,
    village_panel_section,
)


@pytest.fixture(scope="module")
def ledger_dir(demo_ledgers):
    return demo_ledgers


@pytest.fixture(scope="module")
def panel(ledger_dir):
    setup_plotting()
    return load_ledger_panel(2019, 2024, paths.data_dir(), ledger_dir)


def test_one_published_year_says_more_years_are_needed():
    tables = published_in_range(2019, 2024, paths.data_dir())
    assert set(tables["report_year"]) == {2022}
    html = published_trends_html(tables, "zh")
    assert "只有1个年份的数据：至少需要3个年份才能拟合趋势" in html
    assert "<table" not in html
    assert "Only 1 year(s) of data" in published_trends_html(tables, "en")


def test_three_published_years_give_a_table_of_slopes():
    real = load_published(2022)
    frames = [real]
    for year, shift in ((2020, -2.0), (2021, -1.0)):
        copy = real.loc[real["kind"] == "actual"].copy()
        copy["year"], copy["report_year"] = year, year
        copy.loc[copy["id"] == "projects_approved", "value"] = 16.0 + 2 * shift  # 12, 14, 16
        frames.append(copy)
    html = published_trends_html(pd.concat(frames, ignore_index=True), "en")
    assert "Published tables: 2020, 2021, 2022." in html
    # the indicator by its label, never its key
    assert "<td>Approved projects</td><td>count</td><td>3</td><td class=\"num\">2</td>" in html
    assert "projects_approved" not in html


def test_ledger_panel_loads_three_domains_and_villages(panel):
    assert panel.years == [2019, 2020, 2021, 2022, 2023, 2024] and panel.problems == []
    assert panel.synthetic
    town = panel.town.set_index(["year", "indicator"])
    assert town.loc[(2022, "loans_new_amount"), "value"] == 11465000  # demo 2022 matches the report
    assert town.loc[(2022, "land_transfer_area"), "value"] == 21000
    posts = panel.villages.loc[(panel.villages["indicator"] == "public_welfare_posts")
                               & (panel.villages["year"] == 2022)]
    assert posts["scope"].nunique() == 24 and posts["value"].sum() == 385


def test_banner_marks_synthetic_ledgers(panel):
    html = panel_banner_html(panel, "zh")
    assert 'class="banner synthetic"' in html and "合成数据 / SYNTHETIC DATA" in html
    assert "台账年份：2019、2020、2021、2022、2023、2024。" in html


def test_town_trends_fit_before_the_projection_years(panel):
    section = town_trends_section(panel, "loan_subsidy", "zh", (2023, 2024))
    text = section.html
    assert "4个年份（2019–2022年）的线性趋势" in text
    assert "新增贷款金额：外推（合成数据 / SYNTHETIC DATA）" in text
    assert len(section.charts) == 2
    assert all(part.synthetic for part in section.parts)
    assert list(section.frames) == ["loans_new_amount", "loan_subsidy_amount"]
    assert section.frames["loans_new_amount"].set_index("year").loc[2022, "value"] == 11465000


def test_town_trends_with_one_year_draw_nothing(ledger_dir):
    one = load_ledger_panel(2022, 2022, paths.data_dir(), ledger_dir)
    town, villages = town_trends_section(one, "land_transfer", "en", (2023, 2024)), village_panel_section(
        one, "land_transfer", "en")
    assert town.charts == [] and villages.charts == []
    shown = [p.html for p in town.parts + villages.parts]
    assert all("Only 1 year(s) of data" in s for s in shown if not s.startswith("<h3>")) and shown


def test_village_panel_section_keeps_its_table_and_displays_in_order(panel, monkeypatch):
    section = village_panel_section(panel, "loan_subsidy", "zh")
    # the demo's small villages: fewer than 3 borrowing households in some year, and one more withheld with them
    withheld = panel.withheld["loan_subsidy"]
    assert sorted(withheld.values()) == ["frequency"] * 6 + ["secondary"]
    assert len(section.frames["villages"]) == 24 - 7 and len(section.charts) == 1
    assert not set(section.frames["villages"]["scope"]) & set(withheld)
    assert 'data-sdc="frequency:6 secondary:1"' in section.parts[0].html
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(type(obj).__name__))
    section._ipython_display_()
    assert shown == ["HTML", "HTML", "HTML"]  # the note, the chart (PNG, alt text, CSV link), then the table
    html = section._repr_html_()
    assert '<figure class="chart">' in html and 'src="data:image/png;base64,' in html and 'alt="' in html


def test_published_comparison_names_each_year_s_bound_even_a_range():
    from tanto_analysis.page.trend_sections import published_comparison_html

    def fig(year, value, bound, high=None):
        return {"id": f"subsidy_{year}", "indicator": "work_subsidy_per_person", "kind": "actual", "scope": "潭头镇",
                "year": year, "report_year": year, "value": value, "value_high": high, "unit": "元",
                "bound": bound, "label_zh": "务工补贴标准", "label_en": "Work subsidy per person"}

    tables = pd.DataFrame([fig(2022, 15_000.0, "range", 20_000.0), fig(2023, 16_000.0, "approx")])
    zh, en = published_comparison_html(tables, "zh"), published_comparison_html(tables, "en")
    assert "2022: 范围；2023: 约数" in zh and "2022: range; 2023: approximate" in en
    assert '<td class="num">15,000</td>' in en and '<td class="num">1,000</td>' in en  # change
