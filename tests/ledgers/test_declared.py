"""A ledger a project declares in tanto.toml: read, checked, counted, protected and reconciled like the package's."""

from __future__ import annotations

from pathlib import Path

import pytest

import tanto_analysis as ta
from tanto_analysis.core.errors import ConfigurationError, InputError
from tanto_analysis.ledgers import domains
from tanto_analysis.ledgers.loading import load_year_ledgers
from tanto_analysis.ledgers.reconcile import reconcile_frames

SETTINGS = '''[project]
town = "甲镇"
county = "乙县"

[ledgers.housing_repairs]
domain = "housing_safety"
title_zh = "危房改造"
title_en = "Housing repairs"
contributor = "household_id"
columns = [
  {name = "repair_id", kind = "id", unique = true, zh = "改造编号"},
  {name = "household_id", kind = "id", zh = "户编号"},
  {name = "village", kind = "village", zh = "村"},
  {name = "grade", kind = "choice", choices = ["C级", "D级"], zh = "等级"},
  {name = "finished_date", kind = "date", dates = "in_year", zh = "竣工日期"},
  {name = "grant_yuan", kind = "number", unit = "元", zh = "补助金额(元)"},
]
indicators = [
  {key = "housing_repairs_count", count = "rows"},
  {key = "housing_repairs_households", count_distinct = "household_id"},
  {key = "housing_repairs_grant_total", sum = "grant_yuan"},
]
'''
REGISTRY = ("indicator,domain,kind,unit,target_of,direction,within_year,headline,label_zh,label_en\n"
            "housing_repairs_count,housing_safety,actual,户,,,,,危房改造户数,Houses repaired\n"
            "housing_repairs_households,housing_safety,actual,户,,,,,危房改造受益户,Households with a repair\n"
            "housing_repairs_grant_total,housing_safety,actual,元,,,,,危房改造补助,Repair grants\n")
VILLAGES = "village,short_form,aliases,note\n甲村,甲,,\n乙村,,,\n丙村,,,\n"
HEADER = "改造编号,户编号,村,等级,竣工日期,补助金额(元),数据状态"
# 甲村: 4 households (one with two repairs); 乙村: 3; 丙村: 1 household alone
ROWS = ["R1,H1,甲,C级,2022-03-01,20000,synthetic", "R2,H1,甲村,D级,2022-04-01,10000,synthetic",
        "R3,H2,甲村,C级,2022-05-01,20000,synthetic", "R4,H3,甲村,C级,2022-05-02,20000,synthetic",
        "R5,H4,甲村,C级,2022-05-03,20000,synthetic", "R6,H5,乙村,D级,2022-06-01,30000,synthetic",
        "R7,H6,乙村,D级,2022-06-02,30000,synthetic", "R8,H7,乙村,C级,2022-06-03,30000,synthetic",
        "R9,H8,丙村,D级,2022-07-01,35000,synthetic"]
PUBLISHED = ("id,indicator,section,domain,scope,year,kind,value,unit,bound,label_zh,label_en,quote\n"
             "housing_repairs_count,housing_repairs_count,一(一),housing_safety,甲镇,2022,actual,9,户,exact,"
             "危房改造户数,Houses repaired,9户\n")


def _project(root: Path, settings: str = SETTINGS, rows: list[str] = ROWS) -> Path:
    (root / "data" / "reference").mkdir(parents=True)
    (root / "tanto.toml").write_text(settings, encoding="utf-8")
    (root / "data" / "reference" / "indicators.csv").write_text(REGISTRY, encoding="utf-8")
    (root / "data" / "reference" / "villages.csv").write_text(VILLAGES, encoding="utf-8")
    folder = root / "data" / "ledgers" / "demo" / "2022"
    folder.mkdir(parents=True)
    (folder / "housing_repairs_synthetic.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    (root / "data" / "published").mkdir()
    (root / "data" / "sources").mkdir()
    (root / "data" / "sources" / "2022.txt").write_text("一、住房安全\n（一）完成危房改造9户。\n", encoding="utf-8")
    (root / "data" / "published" / "2022.csv").write_text(PUBLISHED, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = _project(tmp_path / "town")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    return root


def test_a_declared_ledger_is_loaded_checked_and_counted_like_the_package_s(project):
    loaded = load_year_ledgers(2022, project / "data" / "ledgers" / "demo", missing=[])
    assert list(loaded) == ["housing_repairs"]
    assert loaded["housing_repairs"].df()["village"].tolist() == ["甲村"] * 5 + ["乙村"] * 3 + ["丙村"]
    d = domains.domain("housing_repairs")
    assert (d.key, d.section, d.town_trends) == ("housing_safety", False, (
        "housing_repairs_count", "housing_repairs_households", "housing_repairs_grant_total"))
    got = d.indicators(loaded["housing_repairs"], 2022).set_index("indicator")
    assert got["value"].to_dict() == {"housing_repairs_count": 9.0, "housing_repairs_households": 8.0,
                                      "housing_repairs_grant_total": 215000.0}
    assert got.loc["housing_repairs_grant_total", ["label_zh", "unit", "scope", "data_status"]].tolist() == [
        "危房改造补助", "元", "甲镇", "synthetic"]
    assert domains.domain_title("housing_safety", "en") == "Housing repairs"


def test_a_declared_ledger_s_bad_cells_are_named_by_file_row_and_column(tmp_path, monkeypatch):
    root = _project(tmp_path / "town", rows=[*ROWS[:2], "R3,H2,丁村,E级,2021-05-01,x,synthetic"])
    monkeypatch.setenv("TANTO_ROOT", str(root))
    with pytest.raises(InputError) as info:
        load_year_ledgers(2022, root / "data" / "ledgers" / "demo", missing=[])
    text = "\n".join(str(p) for p in info.value.problems)
    assert "housing_repairs_synthetic.csv:4:village: unknown village; expected one of 甲镇's 3 villages" in text
    assert "housing_repairs_synthetic.csv:4:grade: unknown value; expected one of C级, D级" in text
    assert "4:finished_date: date outside the year 2022" in text and "4:grant_yuan: expected a number in 元" in text


def test_the_year_api_reconciles_and_protects_a_declared_ledger(project):
    y = ta.year(2022)
    assert y.ledger_names == ["housing_repairs"]
    assert y.indicators.set_index("indicator")["value"]["housing_repairs_households"] == 8.0
    table = reconcile_frames(2022, y.ledgers, y.figures)
    row = table.loc[table["indicator"] == "housing_repairs_count"].iloc[0]
    assert (row["ledger_value"], row["published_value"], row["status"]) == (9.0, 9.0, "match")
    v = y.by_village("housing_repairs")
    assert v.loc["丙村"].tolist() == [1, 1, 35000.0] and v.loc["甲村"].tolist() == [5, 4, 90000.0]
    html = y.table(v, "按村危房改造").html
    # 丙村: one household, fewer than 3; 乙村 (the next smallest) too, so 丙村 cannot be had from the town total
    assert "<td>丙村</td><td class=\"sdc\">—（少于3户，不公布）</td>" in html
    assert "<td>乙村</td><td class=\"sdc\">—（为防推算一并不公布）</td>" in html
    assert '<td>甲村</td><td class="num">5</td><td class="num">4</td><td class="num">90,000</td>' in html
    assert "35,000" not in html


@pytest.mark.parametrize(("change", "message"), [
    ('contributor = "household_id"', 'contributor = "person_id"'),
    ('{key = "housing_repairs_count", count = "rows"}', '{key = "housing_repairs_count", count = "rows", sum = "grant_yuan"}'),
    ('{name = "grade", kind = "choice", choices = ["C级", "D级"], zh = "等级"}', '{name = "grade", kind = "choice", zh = "等级"}'),
    ('domain = "housing_safety"', 'domain = "loan_subsidy"'),
])
def test_a_bad_declaration_is_a_configuration_error_naming_the_file_and_ledger(tmp_path, monkeypatch, change, message):
    root = _project(tmp_path / "town", settings=SETTINGS.replace(change, message))
    monkeypatch.setenv("TANTO_ROOT", str(root))
    with pytest.raises(ConfigurationError, match=r"tanto\.toml: \[ledgers\.housing_repairs\]") as info:
        domains.project_domains()
    expected = {"person_id": "contributor 'person_id' is not one of its columns",
                "sum = ": "give exactly one of count",
                'kind = "choice", zh': "choices go with kind choice",
                "loan_subsidy": "domain 'loan_subsidy' is taken"}
    assert next(v for k, v in expected.items() if k in message) in str(info.value)


def test_a_value_in_the_ledgers_table_is_named_as_not_a_ledger(tmp_path, monkeypatch):
    settings = SETTINGS.replace("[ledgers.housing_repairs]", '[ledgers]\nengine = "duckdb"\n\n[ledgers.housing_repairs]')
    root = _project(tmp_path / "town", settings=settings)
    monkeypatch.setenv("TANTO_ROOT", str(root))
    with pytest.raises(ConfigurationError, match=r"\[ledgers\] has engine = …; \[ledgers\] holds only ledgers' tables"):
        domains.project_ledgers()
