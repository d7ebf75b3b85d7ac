"""Tests for tanto_analysis.ledgers.employment: posts roster, placements, indicators."""

from __future__ import annotations

import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.figures.published import load_published
from tanto_analysis.ledgers import employment
from tanto_analysis.ledgers.ledger import Ledger

from ..conftest import write_ledger

pytestmark = pytest.mark.usefixtures("in_tmp")

POST_HEADER = "post_id,person_id,household_id,village,post_type,holder_status,start_date,annual_pay_yuan,data_status"
POSTS = [
    "G1,P1,H1,断滩村,保洁员,脱贫户,2021-03-01,6000,synthetic",
    "G2,P2,H2,断滩村,护林员,监测对象,2022-01-01,7200,synthetic",
    "G3,P3,H3,何村,保洁员,一般户,2020-05-01,6000,synthetic",
    "G4,P4,H4,何村,社保协管员,脱贫户,2022-06-01,9600,synthetic",
]
PLACEMENT_HEADER = "placement_id,person_id,household_id,village,channel,placed_date,income_increase_yuan,data_status"
PLACEMENTS = [
    "J1,P10,H10,断滩村,乡贤项目,2022-03-01,12000,synthetic",
    "J2,P11,H11,何村,企业,2022-04-01,18000,synthetic",
    "J3,P12,H12,村A,乡贤项目,2022-05-01,9000,synthetic",
    "J4,P13,H13,村B,合作社,2022-06-01,25000,synthetic",
]


@pytest.fixture
def ledgers(tmp_path):
    posts = employment.load_posts(write_ledger(tmp_path, "posts.csv", POST_HEADER, POSTS), 2022)
    placements = employment.load_placements(write_ledger(tmp_path, "jobs.csv", PLACEMENT_HEADER, PLACEMENTS), 2022)
    return posts, placements


def test_indicators_hand_computed(ledgers):
    posts, placements = ledgers
    table = employment.indicators(posts, placements, 2022).set_index("indicator")
    value = table["value"]
    assert value["public_welfare_posts"] == 4
    assert value["posts_share_poverty_households"] == 75  # 3 of 4 held by 脱贫户 or 监测对象
    assert value["posts_pay_total"] == 28800
    assert value["jobs_provided"] == 4 and value["placements_people"] == 4
    assert value["jobs_income_increase_mean"] == 16000  # 64,000 / 4
    assert value["jobs_income_increase_median"] == 15000  # (12,000 + 18,000) / 2
    assert value["jobs_income_added_total"] == 64000
    assert value["placements_talent_projects"] == 2
    assert table.loc["jobs_income_increase_mean", "unit"] == "元"
    assert set(table["data_status"]) == {"synthetic"}


def test_income_stats():
    import pandas as pd

    stats = employment.income_increase_stats(
        Ledger.from_frame(pd.DataFrame({"income_increase_yuan": [1000.0, 2000.0, 4000.0]})))
    assert stats == {"mean": 2333.33, "median": 2000.0, "total": 7000.0}


def test_breakdowns(ledgers):
    posts, placements = ledgers
    by_type = employment.posts_by_type(posts, 2022)
    assert dict(zip(by_type["post_type"], by_type["value"], strict=True)) == {
        "社保协管员": 1, "保洁员": 2, "护林员": 1, "河道员": 0, "其他": 0}
    by_village = employment.posts_by_village(posts, 2022)
    assert dict(zip(by_village["scope"], by_village["value"], strict=True)) == {"何村": 2, "断滩村": 2}
    by_channel = employment.placements_by_channel(placements, 2022)
    assert by_channel["value"].tolist() == [2, 1, 1, 0] and set(by_channel["unit"]) == {"个"}


def test_published_employment_indicators():
    table = employment.published_indicators(load_published(2022), 2022).set_index("indicator")
    assert table.loc["public_welfare_posts", "value"] == 385
    assert (table.loc["jobs_provided", "value"], table.loc["jobs_provided", "bound"]) == (300, "at_least")
    assert table.loc["jobs_income_increase_mean", "value"] == 15000
    total = table.loc["jobs_income_added_total"]
    assert (total["value"], total["bound"]) == (4_500_000, "at_least")
    assert total["figure_ids"] == "jobs_provided;jobs_income_increase_mean"
    assert total["quote"] == "300余个 / 1.5万元"
    assert table.loc["talent_jobs_driven", "value"] == 2796


def test_bad_inputs(tmp_path):
    with pytest.raises(InputError) as info:
        employment.load_posts(write_ledger(tmp_path, "posts.csv", POST_HEADER, POSTS[:3] + [
            "G4,P3,H4,何村,讲解员,脱贫户,2023-06-01,9600,synthetic"]), 2022)
    assert [(str(p), p.value) for p in info.value.problems] == [
        ("posts.csv:5:person_id: duplicate person_id; ids must be unique (first at row 4)", "P3"),
        ("posts.csv:5:post_type: unknown value; expected one of 社保协管员, 保洁员, 护林员, 河道员, 其他", "讲解员"),
        ("posts.csv:5:start_date: date after the year 2022", "2023-06-01"),
    ]


def test_placement_outside_the_year_and_in_wan_yuan(tmp_path):
    with pytest.raises(InputError) as info:
        employment.load_placements(write_ledger(tmp_path, "jobs.csv", PLACEMENT_HEADER, [
            "J1,P10,H10,断滩村,乡贤项目,2021-12-01,1.2,synthetic",
            "J2,P11,H11,何村,企业,2022-04-01,1.8,synthetic"]), 2022)
    assert [p.detail() for p in info.value.problems] == [
        "jobs.csv:2:income_increase_yuan: the column's median amount is below 100 元; looks like 万元; "
        "multiply by 10,000; got '1.2'",
        "jobs.csv:2:placed_date: date outside the year 2022; got '2021-12-01'",
    ]
