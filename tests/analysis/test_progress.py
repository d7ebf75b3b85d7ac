"""Progress classification (Statistics Canada / Open SDG) and 时间过半、任务过半."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from tanto_analysis.analysis.progress import (
    category_for_ratio,
    classify_progress,
    headline_progress,
    report_date,
    target_progress,
    within_year_progress,
)
from tanto_analysis.core import paths
from tanto_analysis.core.readers import read_text
from tanto_analysis.figures.published import load_published


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_published(2022)


# ---------------------------------------------------------------- thresholds
def test_target_achieved_when_latest_meets_target():
    result = classify_progress(100, 2020, 400, 2021, 400, 2022)
    assert result.category == "target_achieved"
    assert result.label_zh == "已实现目标"


def test_ratio_exactly_095_is_substantial():
    # CAGR_obs = 195/100 − 1 = 0.95; CAGR_req = (400/100)^(1/2) − 1 = 1.0
    result = classify_progress(100, 2020, 195, 2021, 400, 2022)
    assert result.cagr_obs == 0.95 and result.cagr_req == 1.0
    assert result.ratio == 0.95
    assert result.category == "substantial"


def test_ratio_between_060_and_095_is_moderate():
    # CAGR_obs = 0.8, CAGR_req = 1.0 → ratio 0.8
    result = classify_progress(100, 2020, 180, 2021, 400, 2022)
    assert result.ratio == pytest.approx(0.8)
    assert result.category == "moderate"


def test_ratio_exactly_060_is_moderate():
    # CAGR_obs = 175/100 − 1 = 0.75; CAGR_req = (506.25/100)^(1/2) − 1 = 1.25 → 0.75/1.25 = 0.6
    result = classify_progress(100, 2020, 175, 2021, 506.25, 2022)
    assert result.ratio == 0.6
    assert result.category == "moderate"


def test_ratio_between_0_and_060_is_limited():
    result = classify_progress(100, 2020, 125, 2021, 400, 2022)
    assert result.ratio == 0.25
    assert result.category == "limited"


def test_ratio_exactly_0_is_limited():
    result = classify_progress(100, 2020, 100, 2021, 400, 2022)
    assert result.ratio == 0.0
    assert result.category == "limited"


def test_negative_ratio_is_deterioration():
    result = classify_progress(100, 2020, 75, 2021, 400, 2022)
    assert result.ratio == -0.25
    assert result.category == "deterioration"
    assert result.label_en == "Deterioration"


def test_category_for_ratio_boundaries():
    assert category_for_ratio(0.95) == "substantial"
    assert category_for_ratio(0.9499) == "moderate"
    assert category_for_ratio(0.60) == "moderate"
    assert category_for_ratio(0.5999) == "limited"
    assert category_for_ratio(0.0) == "limited"
    assert category_for_ratio(-1e-9) == "deterioration"


# ---------------------------------------------------------------- edge cases
def test_lower_is_better():
    # CAGR_obs = 60/100 − 1 = −0.4; CAGR_req = (25/100)^(1/2) − 1 = −0.5; ratio = −1 × −0.4 / 0.5 = 0.8
    result = classify_progress(100, 2020, 60, 2021, 25, 2022, direction="lower")
    assert result.cagr_obs == pytest.approx(-0.4)
    assert result.cagr_req == pytest.approx(-0.5)
    assert result.ratio == pytest.approx(0.8)
    assert result.category == "moderate"
    assert classify_progress(100, 2020, 110, 2021, 25, 2022, direction="lower").category == "deterioration"
    assert classify_progress(100, 2020, 20, 2021, 25, 2022, direction="lower").category == "target_achieved"


def test_zero_base_is_replaced_as_open_sdg_does():
    # base 0 → 0.001: CAGR_obs = 5/0.001 − 1 = 4999; CAGR_req = (10/0.001)^(1/2) − 1 = 99
    result = classify_progress(0, 2020, 5, 2021, 10, 2022)
    assert result.cagr_obs == pytest.approx(4999)
    assert result.cagr_req == pytest.approx(99)
    assert result.ratio == pytest.approx(4999 / 99)
    assert result.category == "substantial"
    assert "zero base replaced by 0.001" in result.note


def test_too_few_years_gives_insufficient_data_with_required_growth():
    result = classify_progress(2796, 2022, 2796, 2022, 3200, 2023)
    assert result.category == "insufficient_data"
    assert result.ratio is None and result.cagr_obs is None
    assert result.cagr_req == pytest.approx(3200 / 2796 - 1)
    assert "at least two" in result.note


def test_mixed_signs_cannot_be_assessed():
    result = classify_progress(-5, 2020, 3, 2021, 10, 2022)
    assert result.category == "insufficient_data"
    assert "mixed sign" in result.note


def test_unknown_direction_is_an_error():
    with pytest.raises(ValueError, match="direction must be"):
        classify_progress(1, 2020, 2, 2021, 3, 2022, direction="up")


# ---------------------------------------------------------------- real 2022 figures
def test_2022_targets_have_one_year_of_actuals(table):
    frame = target_progress(table).set_index("target_id")
    assert set(frame.index) == {"talent_target_projects_2023", "talent_target_entities_2023",
                                "talent_target_jobs_2023"}
    assert set(frame["category"]) == {"insufficient_data"}
    assert frame.loc["talent_target_projects_2023", "cagr_req"] == pytest.approx(30 / 24 - 1)
    assert frame.loc["talent_target_entities_2023", "cagr_req"] == pytest.approx(94 / 67 - 1)
    assert frame.loc["talent_target_jobs_2023", "latest_value"] == 2796
    assert frame.loc["talent_target_jobs_2023", "target_quote"] == "3200人以上"


def test_a_second_year_of_actuals_gives_a_classification(table):
    earlier = table.loc[table["id"] == "talent_projects_landed"].copy()
    earlier["year"], earlier["value"], earlier["report_year"] = 2021, 20.0, 2021
    frame = target_progress(pd.concat([earlier, table], ignore_index=True)).set_index("target_id")
    row = frame.loc["talent_target_projects_2023"]
    # CAGR_obs = 24/20 − 1 = 0.2; CAGR_req = (30/20)^(1/2) − 1 = 0.224745
    assert row["cagr_obs"] == pytest.approx(0.2)
    assert row["cagr_req"] == pytest.approx(math.sqrt(1.5) - 1)
    assert row["ratio"] == pytest.approx(0.2 / (math.sqrt(1.5) - 1))
    assert row["category"] == "moderate"


def test_report_date_from_the_signature():
    assert report_date(read_text(paths.source_path(2022)), 2022) == date(2022, 12, 23)
    assert report_date("no date here", 2022) == date(2022, 12, 31)


def test_within_year_projects_against_elapsed_time(table):
    frame = within_year_progress(table, date(2022, 12, 23)).set_index("id")
    elapsed = 100 * 357 / 365
    completion = frame.loc["projects_completion_rate"]
    disbursed = frame.loc["projects_funds_disbursed_rate"]
    assert completion["share_pct"] == 69 and disbursed["share_pct"] == 44.87
    assert completion["time_elapsed_pct"] == pytest.approx(elapsed)
    assert completion["gap_pp"] == pytest.approx(69 - elapsed)
    assert not completion["on_pace"] and not disbursed["on_pace"]
    assert completion["halfway_met"] and not disbursed["halfway_met"]


def test_within_year_before_halfway(table):
    frame = within_year_progress(table, date(2022, 6, 30)).set_index("id")  # day 181 → 49.59 %
    assert frame.loc["projects_completion_rate", "on_pace"]
    assert not frame.loc["projects_funds_disbursed_rate", "on_pace"]
    assert frame["halfway_met"].isna().all()


def test_headline_progress_for_the_index(table):
    frame = headline_progress(table, read_text(paths.source_path(2022)))
    assert list(frame["kind"]) == ["within_year", "within_year", "target", "target", "target"]
    first = frame.iloc[0]
    assert first["value"] == 69 and first["status"] == "behind"
    assert first["reference_zh"] == "截至12月23日时间进度"
    assert frame.iloc[4]["quote"] == "2796人；目标：3200人以上"
