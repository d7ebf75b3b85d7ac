"""Tests for tanto_analysis.page.domain_sections: each domain section's tables, commentary and charts."""

from __future__ import annotations

import shutil

import pytest

from tanto_analysis.core import paths
from tanto_analysis.page import charts as plotting
from tanto_analysis.page import domain_sections as appendix_sections
from tanto_analysis.page import year_data as appendix


@pytest.fixture(scope="module")
def year_2022(tmp_path_factory, demo_ledgers) -> appendix.YearData:
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(paths.published_dir(), root / "published")
    shutil.copytree(paths.sources_dir(), root / "sources")  # a data tree: table, report text, registry
    shutil.copytree(demo_ledgers, root / "ledgers" / "demo")
    plotting.setup_plotting()
    return appendix.load_year(2022, root, root / "ledgers" / "demo", "zh")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plotting.plt.close("all")


def _html(section) -> str:
    return section.html


def _figures(section) -> list:
    return section.charts


def test_loans_section(year_2022) -> None:
    section = appendix_sections.loans_section(year_2022)
    html = _html(section)
    assert "1146.5万元" in html and "11,465,000" in html
    assert "据报告公开数字，2022年新增小额贴息贷款248户、11,465,000元，户均46,229.84元" in html
    assert "贷款贴息190人、304,126元，人均1,600.66元" in html
    assert 'class="banner synthetic"' in html
    figures = _figures(section)
    assert len(figures) == 3
    assert list(section.frames) == ["published", "indicators", "amount_by_village", "subsidy_by_village", "amounts"]
    total = section.frames["indicators"].set_index("indicator").loc["loans_amount_total", "value"]
    amounts = section.frames["amounts"]
    assert section.frames["amount_by_village"]["value"].sum() == total == (amounts["amount_yuan"] * amounts["households"]).sum()
    assert all(part.synthetic for part in section.parts if hasattr(part, "figure"))
    assert all(plotting.SYNTHETIC_MARK in [t.get_text() for t in f.texts] for f in figures)


def test_employment_section(year_2022) -> None:
    section = appendix_sections.employment_section(year_2022)
    html = _html(section)
    assert "据报告公开数字，2022年公益性岗位安置385人；提供就业岗位300余个" in html and "300余个</td>" in html
    assert "就业群众年均增收15,000元" in html
    assert len(_figures(section)) == 4


def test_land_section(year_2022) -> None:
    section = appendix_sections.land_section(year_2022)
    html = _html(section)
    assert "2.1万亩</td>" in html and "77.3%</td>" in html
    assert "流转率77.3%，对应承包地面积27,167亩" in html
    assert len(_figures(section)) == 4


def test_section_without_ledgers_shows_published_figures_only(year_2022) -> None:
    d = appendix.YearData(2022, "en", year_2022.published)
    section = appendix_sections.loans_section(d)
    html = _html(section)
    assert "According to the published report, in 2022 248 households" in html
    assert "ledgers of 2022 are missing" in html
    assert _figures(section) == []


def test_english_section_translates_labels_and_categories(year_2022) -> None:
    import dataclasses

    section = appendix_sections.employment_section(dataclasses.replace(year_2022, lang="en"))
    html = _html(section)
    assert "Employment income (published)" in html and "Public-welfare posts filled" in html
    figure = _figures(section)[0]
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
    # 300余个 and the total derived from it (300 × 15,000 元) are lower bounds, written as such
    assert '<td class="num">300</td><td class="num">300以上</td><td class="num">0</td>' in html
    assert '<td class="num">4,500,000</td><td class="num">4,500,000以上</td><td class="num">0</td>' in html
    assert '<td class="num">11,465,000</td><td class="num">11,465,000</td>' in html
    assert "2022年台账没有被标记的记录" in html


def test_reconciliation_reports_a_changed_amount(year_2022) -> None:
    changed = appendix.YearData(year_2022.year, "en", year_2022.published, dict(year_2022.ledgers))
    subsidies = changed.ledgers["loan_subsidies"].copy()
    subsidies.con.execute(f"UPDATE {subsidies.table} SET amount_yuan = amount_yuan + 1 "
                          f"WHERE source_row = (SELECT min(source_row) FROM {subsidies.table})")
    changed.ledgers["loan_subsidies"] = subsidies
    html = appendix_sections.reconciliation_html(changed)
    assert "MISMATCH" in html
    assert '<td class="num">304,127</td><td class="num">304,126</td><td class="num">1</td>' in html
    assert '<td class="num">4,500,000</td><td class="num">≥ 4,500,000</td>' in html
    assert "No ledger rows of 2022 are flagged" in html


def test_reconciliation_without_published_figures(year_2022) -> None:
    no_report = appendix.YearData(2021, "zh", None, year_2022.ledgers)
    assert "2021年没有公开报告数字，无从核对台账。" in appendix_sections.reconciliation_html(no_report)


@pytest.fixture(scope="module")
def orphan_subsidies(year_2022, tmp_path_factory, demo_ledgers) -> appendix.YearData:
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
    return appendix.load_year(2022, root, root / "ledgers", "zh")


def test_reconciliation_counts_flagged_rows_without_their_content(orphan_subsidies) -> None:
    html = appendix_sections.reconciliation_html(orphan_subsidies)
    assert ("<td>贴息台账</td><td>subsidy_without_loan</td>"
            "<td>贴息对应的贷款不在本年贷款台账中（计入贴息总额，不计入隐含贴息率）</td><td class=\"num\">2</td>") in html
    assert "2022年台账中有2处标记" in html
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
    html = appendix_sections.reconciliation_html(d)
    assert ("<td>village register</td><td>area_above_base</td>"
            "<td>transferred area above the village&#x27;s contracted-land base</td><td class=\"num\">1</td>") in html
    assert "3 flag(s) on ledger rows of 2022" in html


def test_flags_shown_for_a_year_without_published_figures(orphan_subsidies) -> None:
    no_report = appendix.YearData(2022, "zh", None, orphan_subsidies.ledgers)
    html = appendix_sections.reconciliation_html(no_report)
    assert html.startswith('<p class="commentary">2022年没有公开报告数字，无从核对台账。</p>')
    assert '<td>subsidy_without_loan</td>' in html and '<td class="num">2</td>' in html
    assert "LX9001" not in html


def test_every_flag_is_worded_and_counted(orphan_subsidies) -> None:
    import dataclasses

    from tanto_analysis.core.text import MESSAGES
    from tanto_analysis.ledgers import schema
    assert [c for c in schema.FLAGS if f"flag.{c}" not in MESSAGES] == []
    posts = orphan_subsidies.ledgers["welfare_posts"].copy()
    posts.add_flag("source_row < 4", "duplicate_row")
    posts.add_flag("source_row = 7", "hidden_row")
    d = dataclasses.replace(orphan_subsidies, lang="en", ledgers={**orphan_subsidies.ledgers, "welfare_posts": posts})
    assert appendix_sections.flag_counts(d).to_dict("records") == [
        {"ledger": "loan_subsidies", "flag": "subsidy_without_loan", "rows": 2},
        {"ledger": "welfare_posts", "flag": "duplicate_row", "rows": 2},
        {"ledger": "welfare_posts", "flag": "hidden_row", "rows": 1},
    ]
