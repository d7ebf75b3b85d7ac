"""A second year beside the real 2022 table: the fictional 2023 fixture (tests/fixtures/fictional_2023).

The 2023 report and table are made up for these tests (zeros, approximate
figures, a range, an upper bound, a figure in another unit than 2022's,
shared and new indicators); see the fixture's README.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tanto_analysis.analysis.across_years import (
    projection_years,
    published_comparison,
    published_series,
)
from tanto_analysis.analysis.audit.auditor import audit_year
from tanto_analysis.analysis.progress import headline_progress
from tanto_analysis.core import paths
from tanto_analysis.figures.published import load_published, validate_figures
from tanto_analysis.ledgers.reconcile import published_indicators
from tanto_analysis.page import page_data
from tests.conftest import demo_settings

FIXTURE = Path(__file__).parent / "fixtures" / "fictional_2023"


@pytest.fixture
def two_years(tmp_path, monkeypatch) -> Path:
    """A data tree with the real 2022 report and table and the fictional 2023 ones."""
    data = tmp_path / "data"
    for name in ("published", "sources", "reference"):
        shutil.copytree(paths.data_dir() / name, data / name)
    demo_settings(tmp_path)
    shutil.copy2(FIXTURE / "2023.csv", data / "published" / "2023.csv")
    shutil.copy2(FIXTURE / "2023.txt", data / "sources" / "2023.txt")
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    return tmp_path


def test_the_fictional_table_validates_and_keeps_zeros_bounds_and_ranges(two_years):
    assert validate_figures(paths.published_path(2023)) == []
    table = load_published(2023).set_index("id")
    assert table.loc["poverty_incidence_rate", ["value", "unit"]].tolist() == [0.0, "%"]
    assert table.loc["loans_overdue_amount", ["value", "bound"]].tolist() == [0.0, "exact"]
    assert table.loc["income_gain_mean", ["value", "bound"]].tolist() == [15_700.0, "approx"]
    assert table.loc["work_subsidy_per_person", ["value", "value_high", "bound"]].tolist() == [
        15_000.0, 20_000.0, "range"]
    assert table.loc["farmland_high_standard_new", ["value", "bound"]].tolist() == [500.0, "at_most"]


def test_259_posts_are_not_the_indicator_of_2022s_385_people(two_years):
    path = paths.published_path(2023)
    text = path.read_text(encoding="utf-8").replace(
        "welfare_posts_created,public_welfare_post_count,", "welfare_posts_created,public_welfare_posts,")
    path.write_text(text, encoding="utf-8")
    assert [str(p).split(":", 1)[1] for p in validate_figures(path)] == [
        "7:unit: unit '个' differs from '人', the unit of indicator 'public_welfare_posts'; a figure in "
        "another unit measures another thing: give it its own indicator"]


def test_the_audit_and_progress_of_a_year_with_zeros_finish(two_years):
    findings = audit_year(2023)
    assert all(f.severity in ("contradiction", "warning", "note") for f in findings)
    progress = headline_progress(load_published(2023))
    assert list(progress.columns)[:3] == ["year", "kind", "id"]


def test_two_years_side_by_side_with_change_and_growth(two_years):
    tables = published_series()
    wide = published_comparison(tables).set_index("indicator")
    gain = wide.loc["jobs_income_increase_mean"]
    assert (gain["2022"], gain["2023"], gain["change"]) == (15_000.0, 15_700.0, 700.0)
    assert gain["growth_pct"] == pytest.approx((15_700 / 15_000 - 1) * 100)  # 4.67 %
    assert gain["bounds"] == "2023: approx"
    assert wide.loc["households_total", ["2022", "2023", "change"]].tolist() == [7265.0, 7302.0, 37.0]
    assert wide.loc["land_transfer_area", "change"] == 500.0
    assert "public_welfare_posts" not in wide.index  # 2023 states posts (个), not people (人)
    assert projection_years(tables) == [2024]


def test_an_approximate_figure_is_reconciled_within_its_wording(two_years):
    rows = published_indicators(2023).set_index("indicator")
    assert rows.loc["jobs_income_increase_mean", "bound"] == "approx"
    assert rows.loc["jobs_income_increase_mean", "rounding"] == pytest.approx(1_570.0)


def test_every_2023_figure_is_on_the_2023_page_with_2022s_change(two_years):
    import re

    d = page_data.load_page_data(2023, ledger_dir=two_years / "no-ledgers", lang="zh")
    assert d.previous is not None and len(d.published) == 18
    shown = page_data.section_figure_ids(d.published, 2023) | set(
        re.findall(r'id="fig-([a-z0-9_]+)"', page_data.other_domains_html(d)))
    assert shown == set(d.published["id"])
    _, items = page_data.overview_html(d)
    households = next(i for i in items if i["label"] == "全镇走访户数")
    assert households["change"] == "2022年：7,265，变化+37"
    gain = next(i for i in items if i["label"] == "就业群众人均年增收")
    assert gain["value"] == "约15,700"


def test_a_data_tree_elsewhere_is_read_with_its_own_report_and_registry(tmp_path):
    """data_dir points at another tree: its table, report text and registry, not the project's."""
    data = tmp_path / "elsewhere"
    (data / "published").mkdir(parents=True)
    (data / "sources").mkdir()
    shutil.copy2(FIXTURE / "2023.csv", data / "published" / "2023.csv")
    shutil.copy2(FIXTURE / "2023.txt", data / "sources" / "2023.txt")
    assert not paths.published_path(2023).exists()  # the project itself has no 2023 table
    assert len(load_published(2023, data_dir=data)) == 18
    assert len(page_data.load_page_data(2023, data, tmp_path / "no-ledgers").published) == 18
