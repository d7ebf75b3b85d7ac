"""Tests for tanto_analysis.page.domain_sections: the frames and page tables the domain notebooks show."""

from __future__ import annotations

import shutil

import pytest

from tanto_analysis.core import paths
from tanto_analysis.page import charts as plotting
from tanto_analysis.page import domain_sections as appendix_sections
from tanto_analysis.page import page_data as appendix


@pytest.fixture(scope="module")
def year_2022(tmp_path_factory, demo_ledgers) -> appendix.PageData:
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(paths.published_dir(), root / "published")
    shutil.copytree(paths.sources_dir(), root / "sources")  # a data tree: table, report text, registry
    shutil.copytree(demo_ledgers, root / "ledgers" / "demo")
    plotting.setup_plotting()
    return appendix.load_page_data(2022, root, root / "ledgers" / "demo", "zh")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plotting.plt.close("all")


def _rec(d) -> str:
    """The reconciliation notebook's two tables, as the page shows them."""
    return (appendix_sections.reconciliation_table(d, appendix_sections.reconciliation(d), "台账与公开数字核对").html
            + appendix_sections.flags_table(d, appendix_sections.flag_counts(d), "台账标记记录数").html)


def test_loans_frames_add_up_to_the_ledger_total(year_2022) -> None:
    published = appendix_sections.published(year_2022, "loans")
    html = appendix_sections.published_table(year_2022, published, "小额贴息贷款（公开数据）").html
    assert "1146.5万元" in html and 'id="fig-loans_new_amount"' in html
    indicators = appendix_sections.ledger_indicators(year_2022, "loans")
    table = appendix_sections.indicator_table(year_2022, indicators, "小额贴息贷款：台账指标")
    assert "小额贴息贷款：台账指标（合成数据 / SYNTHETIC DATA）" in table.html and table.synthetic
    total = indicators.set_index("indicator").loc["loans_amount_total", "value"]
    amounts = appendix_sections.loan_amounts(year_2022)
    assert (amounts["amount_yuan"] * amounts["households"]).sum() == total
    assert 'class="banner synthetic"' in appendix_sections.section_banner(year_2022, "loans").html


def test_employment_and_land_frames(year_2022) -> None:
    by_type = appendix_sections.posts_by_type(year_2022)
    assert list(by_type["post_type"]) == ["社保协管员", "保洁员", "护林员", "河道员", "其他"]
    assert by_type["value"].sum() == 385  # the published 385 posts
    assert appendix_sections.income_gains(year_2022)["placements"].sum() > 0
    assert list(appendix_sections.land_by_type(year_2022)["land_type"]) == ["耕地", "林地/林坡", "其他"]
    expiring = appendix_sections.expiring(year_2022)
    assert expiring["expiry_year"].str.fullmatch(r"\d{4}").all()
    assert (appendix_sections.rent_per_mu(year_2022)["rent_yuan_per_mu"] > 0).all()


def test_without_ledgers_a_domain_has_published_figures_only(year_2022) -> None:
    d = appendix.PageData(2022, "en", year_2022.published)
    assert appendix_sections.ledger_indicators(d, "loans").empty
    assert appendix_sections.section_banner(d, "loans").html == ""
    assert len(appendix_sections.published(d, "loans")) == 7


def test_english_frames_translate_categories(year_2022) -> None:
    import dataclasses

    d = dataclasses.replace(year_2022, lang="en")
    by_type = appendix_sections.posts_by_type(d)
    assert "forest ranger" in set(by_type["post_type"]) and "护林员" not in set(by_type["post_type"])
    figure = plotting.bar_chart(by_type, "post_type", "value", title="Public-welfare posts by type, 2022",
                                value_label="people", synthetic=True)
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "forest ranger" in ticks and "护林员" not in ticks


def test_reconciliation_on_calibrated_2022(year_2022) -> None:
    html = _rec(year_2022)
    # Published figures of the three domains + the village register; all agree with the calibrated ledgers,
    # the rate 77.3% only within the report's rounding (ledger 77.2997%).
    assert "不一致" not in html
    assert appendix_sections.reconciliation(year_2022)["status"].value_counts().to_dict() == {
        "match": 16, "not_in_ledger": 4, "within_rounding": 1}
    assert "台账与公开数字核对（合成数据 / SYNTHETIC DATA）" in html
    assert "1146.5万元" in html and "30.4126万元 / 190人" in html
    assert '<td class="num">46,229.84</td><td class="num">46,229.84</td>' in html
    # 300余个 and the total derived from it (300 × 15,000 元) are lower bounds, written as such
    assert '<td class="num">300</td><td class="num">300以上</td><td class="num">0</td>' in html
    assert '<td class="num">4,500,000</td><td class="num">4,500,000以上</td><td class="num">0</td>' in html
    assert '<td class="num">11,465,000</td><td class="num">11,465,000</td>' in html
    assert appendix_sections.flag_counts(year_2022).empty and "台账标记记录数" not in html


def test_reconciliation_reports_a_changed_amount(year_2022) -> None:
    changed = appendix.PageData(year_2022.year, "en", year_2022.published, dict(year_2022.ledgers))
    subsidies = changed.ledgers["loan_subsidies"].copy()
    subsidies.con.execute(f"UPDATE {subsidies.table} SET amount_yuan = amount_yuan + 1 "
                          f"WHERE source_row = (SELECT min(source_row) FROM {subsidies.table})")
    changed.ledgers["loan_subsidies"] = subsidies
    html = _rec(changed)
    assert "MISMATCH" in html
    assert '<td class="num">304,127</td><td class="num">304,126</td><td class="num">1</td>' in html
    assert '<td class="num">4,500,000</td><td class="num">≥ 4,500,000</td>' in html
    assert appendix_sections.flag_counts(changed).empty


def test_reconciliation_without_published_figures(year_2022) -> None:
    no_report = appendix.PageData(2021, "zh", None, year_2022.ledgers)
    assert appendix_sections.reconciliation(no_report).empty and _rec(no_report) == ""


@pytest.fixture(scope="module")
def orphan_subsidies(year_2022, tmp_path_factory, demo_ledgers) -> appendix.PageData:
    """The 2022 demo with two subsidies pointing at loans that are not in the loans ledger."""
    root = tmp_path_factory.mktemp("orphans")
    shutil.copytree(paths.published_dir(), root / "published")
    shutil.copytree(paths.sources_dir(), root / "sources")  # a data tree: table, report text, registry
    shutil.copytree(demo_ledgers, root / "ledgers")
    path = root / "ledgers" / "2022" / "loan_subsidies_synthetic.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("S0001,L0001,H06417,") and lines[2].startswith("S0002,L0002,")
    lines[1] = lines[1].replace(",L0001,", ",LX9001,", 1)
    lines[2] = lines[2].replace(",L0002,", ",LX9002,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    return appendix.load_page_data(2022, root, root / "ledgers", "zh")


def test_reconciliation_counts_flagged_rows_without_their_content(orphan_subsidies) -> None:
    html = _rec(orphan_subsidies)
    assert ("<td>贴息台账</td><td>subsidy_without_loan</td>"
            "<td>贴息对应的贷款不在本年贷款台账中（计入贴息总额，不计入隐含贴息率）</td><td class=\"num\">2</td>") in html
    assert appendix_sections.flag_counts(orphan_subsidies)["rows"].sum() == 2
    assert "台账标记记录数（合成数据 / SYNTHETIC DATA）" in html
    assert html.count("subsidy_without_loan") == 1
    # the subsidies still count in full, so every published figure still agrees
    assert "不一致" not in html and '<td class="num">304,126</td><td class="num">304,126</td>' in html
    for content in ("LX9001", "LX9002", "S0001", "S0002", "H06417", "2063.69"):
        assert content not in html


def test_flag_counts_include_the_register_check_against_land(orphan_subsidies) -> None:
    import dataclasses

    from tanto_analysis.ledgers import land

    villages = orphan_subsidies.ledgers["villages"].copy()
    villages.con.execute(f"UPDATE {villages.table} SET contracted_area_mu = 0 WHERE village = '古城村'")
    land.check_against_base(orphan_subsidies.ledgers["land_contracts"], villages)
    d = dataclasses.replace(orphan_subsidies, lang="en",
                            ledgers={**orphan_subsidies.ledgers, "villages": villages})
    counts = appendix_sections.flag_counts(d)
    assert counts.to_dict("records") == [
        {"ledger": "villages", "flag": "area_above_base", "rows": 1},
        {"ledger": "loan_subsidies", "flag": "subsidy_without_loan", "rows": 2},
    ]
    html = _rec(d)
    assert ("<td>village register</td><td>area_above_base</td>"
            "<td>transferred area above the village&#x27;s contracted-land base</td><td class=\"num\">1</td>") in html


def test_flags_shown_for_a_year_without_published_figures(orphan_subsidies) -> None:
    no_report = appendix.PageData(2022, "zh", None, orphan_subsidies.ledgers)
    html = _rec(no_report)
    assert html.startswith('<div class="table-scroll"')
    assert '<td>subsidy_without_loan</td>' in html and '<td class="num">2</td>' in html
    assert "LX9001" not in html


def test_every_flag_is_worded_and_counted(orphan_subsidies) -> None:
    import dataclasses

    from tanto_analysis.core.text import MESSAGES
    from tanto_analysis.ledgers import ledger
    assert [c for c in ledger.FLAGS if f"flag.{c}" not in MESSAGES] == []
    posts = orphan_subsidies.ledgers["welfare_posts"].copy()
    posts.add_flag("source_row < 4", "duplicate_row")
    posts.add_flag("source_row = 7", "hidden_row")
    d = dataclasses.replace(orphan_subsidies, lang="en", ledgers={**orphan_subsidies.ledgers, "welfare_posts": posts})
    assert appendix_sections.flag_counts(d).to_dict("records") == [
        {"ledger": "loan_subsidies", "flag": "subsidy_without_loan", "rows": 2},
        {"ledger": "welfare_posts", "flag": "duplicate_row", "rows": 2},
        {"ledger": "welfare_posts", "flag": "hidden_row", "rows": 1},
    ]
