"""Tests for tanto_analysis.reference.indicators: the indicator registry."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.core.paths import default_indicators_path
from tanto_analysis.reference.indicators import COLUMNS, Indicator, load_registry


def _rows() -> list[dict[str, str]]:
    with open(default_indicators_path(), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "indicators.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _problems(tmp_path: Path, rows: list[dict[str, str]]) -> list[str]:
    with pytest.raises(InputError) as info:
        load_registry(_write(tmp_path, rows))
    return [str(p).split(":", 1)[1] for p in info.value.problems]


def test_shipped_registry_declares_each_indicator_once_with_no_year_in_its_key():
    registry = load_registry()
    assert len(registry) == 147  # 124 a report states, 23 only the ledgers give
    assert registry["loans_new_households"] == Indicator(
        "loans_new_households", "loan_subsidy", "actual", "户", "新增贷款户数",
        "New loans: households", headline=5)
    assert [k for k, v in sorted(registry.items(), key=lambda kv: kv[1].headline or 99)
            if v.headline] == ["households_total", "population_total", "public_welfare_posts",
                               "jobs_income_increase_mean", "loans_new_households", "loans_new_amount",
                               "loan_subsidy_amount", "land_transfer_area", "land_transfer_rate"]
    targets = {k: (v.target_of, v.direction) for k, v in registry.items() if v.target_of}
    # 新增乡贤返乡目标400人 is a flow of new returnees; 跟踪意向返乡乡贤505人 counts intentions: not linked.
    assert targets == {"talent_target_projects": ("talent_projects_landed", "higher"),
                       "talent_target_entities": ("talent_entities_led", "higher"),
                       "talent_target_jobs": ("talent_jobs_driven", "higher")}
    assert {k for k, v in registry.items() if v.within_year} == {
        "projects_completion_rate", "projects_funds_disbursed_rate"}


def test_bad_registry_rows_name_row_and_column(tmp_path):
    rows = _rows()
    rows[1] = {**rows[1], "indicator": "households_total_2023"}
    rows[2] = {**rows[2], "unit": "艘"}
    rows[3] = {**rows[3], "indicator": rows[0]["indicator"]}
    rows[4] = {**rows[4], "kind": "target", "target_of": "no_such_thing", "direction": ""}
    rows[5] = {**rows[5], "headline": "1"}
    assert _problems(tmp_path, rows) == [
        "3:indicator: 'households_total_2023' names a year; the year belongs in the figures table's year column",
        "4:unit: unknown unit '艘'; expected a base unit such as 元, 亩, 户, 人 or %, or a ratio of two such as 元/亩",
        "5:indicator: indicator 'monitoring_screening_rounds' is declared twice; first at row 2",
        "6:direction: a target needs a direction: higher or lower",
        "6:target_of: target_of names 'no_such_thing', which is not a registered indicator",
        "7:headline: headline rank 1 is taken by row 3",
    ]


def test_a_within_year_share_must_be_a_percentage(tmp_path):
    rows = _rows()
    rows[0] = {**rows[0], "within_year": "share"}  # 次, not %
    assert _problems(tmp_path, rows) == ["2:within_year: a within-year share is a percentage; unit must be %"]


def test_a_missing_registry_file_is_named(tmp_path):
    with pytest.raises(InputError) as info:
        load_registry(tmp_path / "indicators.csv")
    assert [p.message for p in info.value.problems] == ["indicator registry not found"]


def test_a_project_adds_its_own_keys_to_the_shared_registry(tmp_path, monkeypatch):
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    (tmp_path / "data" / "reference").mkdir(parents=True)
    shared = load_registry()
    assert "loans_new_amount" in shared and "tea_garden_area" not in shared  # the package's keys
    own = [{**dict.fromkeys(COLUMNS, ""), "indicator": "tea_garden_area", "domain": "rural_operation", "kind": "actual",
            "unit": "亩", "label_zh": "茶园面积", "label_en": "Tea gardens: area"},
           {**_rows()[0], "label_en": "Households (town's own label)"}]
    _write(tmp_path / "data" / "reference", own)
    merged = load_registry()
    first = _rows()[0]["indicator"]
    assert list(merged)[-2:] == ["tea_garden_area", first] and merged["tea_garden_area"].unit == "亩"
    assert merged[first].label_en == "Households (town's own label)" and len(merged) == len(shared) + 1


def test_a_ratio_of_two_base_units_is_a_unit_and_other_compounds_are_not(tmp_path):
    rows = _rows()
    rows[0] = {**rows[0], "unit": "元/亩"}
    rows[1] = {**rows[1], "unit": "万元/亩"}
    rows[2] = {**rows[2], "unit": "元/亩/年"}
    assert _problems(tmp_path, rows) == [
        "3:unit: unknown unit '万元/亩'; expected a base unit such as 元, 亩, 户, 人 or %, or a ratio of two such as 元/亩",
        "4:unit: unknown unit '元/亩/年'; expected a base unit such as 元, 亩, 户, 人 or %, or a ratio of two such as 元/亩",
    ]
