"""Tests for tanto_analysis.ledgers.demo: deterministic, labelled, calibrated synthetic ledgers."""

from __future__ import annotations

import re

import pytest

from tanto_analysis.ledgers import employment, land, loans
from tanto_analysis.ledgers.demo import LEDGER_NAMES, YEARS, write_demo_ledgers
from tanto_analysis.ledgers.files import find_ledger
from tanto_analysis.ledgers.ledger import flagged_rows
from tanto_analysis.ledgers.register import load_villages
from tanto_analysis.reference.villages import current_town


@pytest.fixture(scope="module")
def demo(demo_files):
    """(folder, files written) of the session's demo ledgers, written by ``write_demo_ledgers``."""
    return demo_files[-1].parent, demo_files


def load(folder, year):
    f = {"villages": load_villages, "loans": loans.load_loans, "welfare_posts": employment.load_posts,
         "job_placements": employment.load_placements, "land_contracts": land.load_contracts}
    frames = {name: load_(find_ledger(folder, year, name), year) for name, load_ in f.items()}
    frames["loan_subsidies"] = loans.load_subsidies(find_ledger(folder, year, "loan_subsidies"), year,
                                                    frames["loans"])
    return frames


def test_files_and_labels(demo):
    out, written = demo
    assert [p.relative_to(out).as_posix() for p in written[:6]] == [
        f"2019/{name}_synthetic.csv" for name in LEDGER_NAMES]
    assert len(written) == 6 * 6 + 1 and written[-1].name == "README.md"
    readme = written[-1].read_text(encoding="utf-8")
    assert readme.startswith("# SYNTHETIC demo ledgers")
    assert "248 new loans" in readme and "32 continuing loans" in readme
    for path in written[:-1]:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].endswith(",data_status")
        assert all(line.endswith(",synthetic") for line in lines[1:])


def test_same_seed_gives_identical_bytes(demo, tmp_path):
    out, written = demo
    again = write_demo_ledgers(tmp_path / "again", seed=20221223)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    other = write_demo_ledgers(tmp_path / "other", seed=7)
    assert other[0].read_bytes() != written[0].read_bytes()


def test_2022_adds_up_to_the_report(demo):
    f = {name: ledger.df() for name, ledger in load(demo[0], 2022).items()}
    new = f["loans"].loc[f["loans"]["kind"] == "new"]
    assert len(f["loans"]) == 280 and len(new) == 248
    assert new["household_id"].nunique() == 248 and new["amount_yuan"].sum() == 11_465_000
    assert (f["loans"]["kind"] == "continuing").sum() == 32
    assert f["loans"]["household_id"].nunique() == 280
    assert f["loan_subsidies"]["household_id"].nunique() == 190
    assert round(f["loan_subsidies"]["amount_yuan"].sum(), 2) == 304_126.00
    assert len(f["welfare_posts"]) == 385
    assert len(f["job_placements"]) == 300 and f["job_placements"]["income_increase_yuan"].mean() == 15_000
    assert round(f["land_contracts"]["area_mu"].sum(), 6) == 21_000.0
    assert round(f["villages"]["contracted_area_mu"].sum(), 6) == 27_167.0
    assert f["villages"]["households"].sum() == 7265 and f["villages"]["population"].sum() == 28958


def test_every_year_is_valid_unflagged_and_uses_only_known_villages(demo):
    for year, spec in YEARS.items():
        f = load(demo[0], year)
        f["villages"] = land.check_against_base(f["land_contracts"], f["villages"])
        assert flagged_rows(*f.values()).empty, year
        f = {name: ledger.df() for name, ledger in f.items()}
        assert list(f["villages"]["village"]) == list(current_town().villages)
        for frame in f.values():
            assert set(frame["village"]) <= set(current_town().villages)
            assert set(frame["data_status"]) == {"synthetic"}
        assert len(f["welfare_posts"]) == spec[6] and f["villages"]["households"].sum() == spec[0]
        assert round(f["land_contracts"]["area_mu"].sum(), 6) == spec[9]


def test_other_years_differ_from_2022(demo):
    counts = {year: len(load(demo[0], year)["loans"]) for year in (2019, 2022, 2024)}
    assert counts == {2019: 196 + 18, 2022: 280, 2024: 217 + 33}


def test_no_personal_data(demo):
    out, written = demo
    for path in written[:-1]:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert not re.search(r"name|phone|id_card|身份证|姓名|电话", header)
    first_post = (out / "2022" / "welfare_posts_synthetic.csv").read_text(encoding="utf-8").splitlines()[1]
    post_id, person_id, household_id = first_post.split(",")[:3]
    assert (post_id, person_id) == ("G0001", "P000001")
    assert re.fullmatch(r"H\d{5}", household_id)
