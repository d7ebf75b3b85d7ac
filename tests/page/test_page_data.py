"""Tests for tanto_analysis.page.page_data: a year's blocks show published figures with their quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tanto_analysis.core import paths
from tanto_analysis.core.errors import InputError
from tanto_analysis.page import page_data as appendix


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, demo_ledgers: Path) -> Path:
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(paths.published_dir(), root / "published")
    shutil.copytree(paths.sources_dir(), root / "sources")  # a data tree: table, report text, registry
    shutil.copytree(demo_ledgers, root / "ledgers" / "demo")
    return root


@pytest.fixture(scope="module")
def year_2022(data_dir: Path) -> appendix.PageData:
    return appendix.load_page_data(2022, data_dir, data_dir / "ledgers" / "demo", "zh")


def test_load_year_reads_published_table_and_all_ledgers(year_2022) -> None:
    assert year_2022.published is not None
    assert sorted(year_2022.ledgers) == ["job_placements", "land_contracts", "loan_subsidies", "loans",
                                         "villages", "welfare_posts"]
    assert year_2022.synthetic and year_2022.problems == []


def test_overview_shows_published_headline_with_quote_and_anchor(year_2022) -> None:
    html, items = appendix.overview_html(year_2022)
    assert {"label": "新增贷款金额", "value": "11,465,000", "unit": "元", "status": "published"} in items
    assert "1146.5万元" in html and 'href="#fig-loans_new_amount"' in html
    assert 'title="一(一)：1146.5万元"' in html


def test_year_without_report_uses_ledgers_and_says_so(data_dir: Path) -> None:
    d = appendix.load_page_data(2021, data_dir, data_dir / "ledgers" / "demo", "en")
    assert d.published is None
    banner = appendix.banner_html(d)
    assert "There is no published figures table for 2021" in banner
    assert "SYNTHETIC DATA" in banner
    _, items = appendix.overview_html(d)
    assert items and {i["status"] for i in items} == {"synthetic"}
    assert "No report is published for 2021" in appendix.other_domains_html(d)


def test_published_table_has_quote_section_and_derived_inputs(year_2022) -> None:
    from tanto_analysis.ledgers import loans

    html = appendix.published_table_html(loans.published_indicators(year_2022.published, 2022), "zh", "贷款")
    assert '<tr id="fig-loans_new_amount"><td>新增贷款金额</td><td>11,465,000</td><td>元</td><td lang="zh-CN">一(一)</td><td class="quote" lang="zh-CN">1146.5万元</td></tr>' in html
    assert '新增贷款户均金额（推算）</td><td>46,229.84</td><td>元</td><td lang="zh-CN">一(一)</td><td class="quote" lang="zh-CN">1146.5万元 / 248户</td>' in html


def test_other_domains_list_the_rest_with_quotes_once(year_2022) -> None:
    html = appendix.other_domains_html(year_2022)
    assert "<h3>防返贫动态监测</h3>" in html and "7265户" in html
    assert 'id="fig-projects_funds"' in html
    assert 'id="fig-loans_new_amount"' not in html  # shown in the loans section instead
    assert html.count('id="fig-households_total"') == 1


def test_missing_ledger_is_reported_not_fatal(data_dir: Path, tmp_path: Path) -> None:
    ledgers = tmp_path / "ledgers"
    shutil.copytree(data_dir / "ledgers" / "demo" / "2022", ledgers / "2022")
    (ledgers / "2022" / "loans_synthetic.csv").unlink()
    d = appendix.load_page_data(2022, data_dir, ledgers, "zh")
    assert "loans" not in d.ledgers and "loan_subsidies" not in d.ledgers
    assert any("loans.csv" in p and "ledger not found" in p for p in d.problems)
    assert "台账不可用" in appendix.banner_html(d)


def test_invalid_ledger_fails_the_page_without_showing_its_values(data_dir: Path, tmp_path: Path) -> None:
    ledgers = tmp_path / "ledgers"
    shutil.copytree(data_dir / "ledgers" / "demo" / "2022", ledgers / "2022")
    path = ledgers / "2022" / "loans_synthetic.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("village")] = "某人名"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        appendix.load_page_data(2022, data_dir, ledgers, "zh")
    (problem,) = [p for p in info.value.problems if p.column == "village"]
    assert (problem.row, problem.file.endswith("loans_synthetic.csv")) == (3, True)


def test_indicator_table_is_labelled_synthetic_in_english(data_dir: Path) -> None:
    d = appendix.load_page_data(2022, data_dir, data_dir / "ledgers" / "demo", "en")
    html = appendix.indicator_table_html(appendix.ledger_indicators(d), "en", "All")
    assert "<caption>All（合成数据 / SYNTHETIC DATA）</caption>" in html
    assert "<th>Indicator</th>" in html and "SYNTHETIC" in html
    assert "H0" not in html  # no household ids


def test_every_figure_of_the_year_is_in_a_domain_section_or_among_the_other_figures(year_2022) -> None:
    import re

    table = year_2022.published
    sections = appendix.section_figure_ids(table, 2022)
    assert {"loans_new_amount", "land_transfer_rate", "talent_jobs_driven"} <= sections
    others = set(re.findall(r'id="fig-([a-z0-9_]+)"', appendix.other_domains_html(year_2022)))
    assert others.isdisjoint(sections)
    assert sections | others == set(table["id"]) and len(table) == 130
    # equity_quantified_villages (14个村, land_transfer) was once shown nowhere
    assert "equity_quantified_villages" in others


def test_headline_cards_follow_the_registry_and_show_the_change_from_the_previous_year(year_2022) -> None:
    import dataclasses

    before = year_2022.published.copy()
    before.loc[before["kind"] == "actual", "year"] = 2021
    before.loc[before["id"] == "households_total", "value"] = 7100.0
    html, items = appendix.overview_html(dataclasses.replace(year_2022, previous=before))
    assert [i["label"] for i in items][:2] == ["全镇走访户数", "全镇走访人数"]
    assert items[0]["change"] == "2021年：7,100，变化+165"
    assert items[1]["change"] == "2021年：28,958，变化0"
    assert '<div class="label change">2021年：7,100，变化+165</div>' in html
    assert appendix.headline_indicators()[:3] == ["households_total", "population_total", "public_welfare_posts"]


def test_a_previous_figure_in_another_unit_gives_no_change(year_2022) -> None:
    import dataclasses

    before = year_2022.published.copy()
    before.loc[before["kind"] == "actual", "year"] = 2021
    before.loc[before["id"] == "households_total", "unit"] = "人"
    _, items = appendix.overview_html(dataclasses.replace(year_2022, previous=before))
    assert "change" not in items[0]


def test_a_year_loaded_again_shares_its_ledgers_and_changed_files_are_read_again(data_dir: Path, tmp_path: Path,
                                                                                 monkeypatch) -> None:
    from tanto_analysis.ledgers import ledger, loading

    monkeypatch.setattr(loading, "_loaded", {})
    ledgers = tmp_path / "ledgers"
    shutil.copytree(data_dir / "ledgers" / "demo" / "2022", ledgers / "2022")
    first = appendix.load_page_data(2022, data_dir, ledgers, "zh")
    monkeypatch.setattr(ledger, "read_cells", lambda *args, **kwargs: pytest.fail("a ledger was read again"))
    second = appendix.load_page_data(2022, data_dir, ledgers, "zh")  # the page's next notebook
    assert second is not first and second.ledgers["loans"] is first.ledgers["loans"]
    assert second.published.equals(first.published)
    monkeypatch.undo()
    monkeypatch.setattr(loading, "_loaded", dict(loading._loaded))
    path = ledgers / "2022" / "loans_synthetic.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # one loan fewer, read again
    assert len(appendix.load_page_data(2022, data_dir, ledgers, "zh").ledgers["loans"]) == len(first.ledgers["loans"]) - 1


def test_the_banners_name_a_bad_table_of_the_year_before_without_its_cells(data_dir: Path, tmp_path: Path) -> None:
    from tanto_analysis.page.trend_sections import LedgerPanel, panel_banner_html

    hostile = "张三 13812345678 41032419800101123X <img src=x onerror=alert(1)>"
    data = tmp_path / "data"
    shutil.copytree(data_dir / "published", data / "published")
    shutil.copytree(data_dir / "sources", data / "sources")
    table = data / "published" / "2022.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("1146.5万元", hostile, 1), encoding="utf-8")
    d = appendix.load_page_data(2023, data, data_dir / "ledgers" / "demo", "zh")
    assert d.previous is None and len(d.problems) == 1
    assert d.problems[0].endswith("2022.csv:16:quote: quote does not occur verbatim in the source text")
    panel = LedgerPanel(pd.DataFrame(), pd.DataFrame(), [2023], [f"2023: {p}" for p in d.problems])
    for html in (appendix.banner_html(d), panel_banner_html(panel, "zh")):
        assert "quote does not occur verbatim in the source text" in html
        for secret in ("张三", "13812345678", "41032419800101123X", "onerror", "&lt;img"):
            assert secret not in html
