"""Tests for tanto_analysis.analysis.across_years: published figures across report years."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.analysis.across_years import projections_toward_targets, published_series


def test_projections_toward_targets_with_one_published_year():
    frame = projections_toward_targets(published_series([2022]))
    assert len(frame) == 3
    assert set(frame["outlook"]) == {"more_years_needed"} and frame["projected"].isna().all()


def test_projections_toward_targets_with_several_years():
    table = published_series([2022])
    jobs = table.loc[table["id"] == "talent_jobs_driven"].iloc[0]
    earlier = pd.DataFrame([jobs.to_dict() | {"year": y, "value": v}
                            for y, v in [(2019, 2196.0), (2020, 2396.0), (2021, 2596.0)]])
    frame = projections_toward_targets(pd.concat([earlier, table], ignore_index=True)).set_index("actual_id")
    row = frame.loc["talent_jobs_driven"]
    # exactly 200 per year → 2,996 in 2023, with no residual spread; the target is 3,200
    assert row["projected"] == pytest.approx(2996.0)
    assert row["outlook"] == "unlikely"
