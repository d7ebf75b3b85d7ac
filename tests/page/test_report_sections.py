"""Tests for tanto_analysis.page.report_sections: the frames and tables of the report notebooks (10, 14, 15)."""

from __future__ import annotations

import pytest

import tanto_analysis as ta
from tanto_analysis.page import report_sections as rs
from tanto_analysis.page.page_data import other_domains_html, overview_html


@pytest.fixture(scope="module")
def y2022():
    return ta.year(2022)


def test_headline_is_the_reports_figures_in_the_registrys_order(y2022) -> None:
    h = rs.headline(y2022)
    assert list(h["indicator"][:3]) == ["households_total", "population_total", "public_welfare_posts"]
    row = h.set_index("indicator").loc["loans_new_amount"]
    assert (row["value"], row["unit"], row["quote"], row["data_status"]) == (11465000.0, "元", "1146.5万元", "published")
    v = y2022.values(h)
    assert f"{v.households_total}户、{v.land_transfer_rate}%".replace("\ue000p\ue001", "") == "7,265户、77.3%"


def test_headline_cards_follow_the_frames_rows_and_order(y2022) -> None:
    h = rs.headline(y2022)
    assert rs.headline_cards(y2022, h).html == overview_html(y2022.data)[0]
    two = rs.headline_cards(y2022, h.iloc[[4, 0]])
    assert [i["label"] for i in two.items] == ["新增贷款户数", "全镇走访户数"]


def test_other_figures_are_the_rows_no_domain_section_shows(y2022) -> None:
    others = rs.other_figures(y2022)
    assert len(others) == 116 and others["domain"].nunique() == 8
    assert "loans_new_amount" not in set(others["indicator"])
    assert rs.other_tables(y2022, others).html == other_domains_html(y2022.data)


def test_within_year_is_the_reports_shares_against_the_year_elapsed(y2022) -> None:
    within = rs.within_year(y2022)
    row = within.loc["projects_funds_disbursed_rate"]
    assert (row["share_pct"], round(row["time_elapsed_pct"], 1), round(row["gap_pp"], 1)) == (44.87, 97.8, -52.9)
    assert row["data_status"] == "published" and str(row["as_of"]) == "2022-12-23"


def test_audit_table_shows_the_chosen_findings_without_the_summary_line(y2022) -> None:
    findings = y2022.audit
    html = rs.audit_table(y2022, findings).html
    assert "审计结果" not in html and html.count("<tr") == len(findings) + 1
    assert rs.audit_table(y2022, findings.iloc[[0]]).html.count("<tr") == 2


def test_a_year_without_a_report_has_ledger_headlines_and_no_report_tables(demo_ledgers) -> None:
    y = ta.year(2019, ledger_dir=demo_ledgers)
    h = rs.headline(y)
    assert set(h["data_status"]) == {"synthetic"} and h.set_index("indicator").loc["public_welfare_posts", "value"] == 352
    assert rs.other_figures(y).empty and rs.within_year(y).empty and rs.audit_table(y, y.audit).html == ""
    assert rs.published_file(y) == "data/published/2019.csv"
