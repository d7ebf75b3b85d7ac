"""Tests for tanto_analysis.ledgers.land: contracts, the transfer rate, the implied base."""

from __future__ import annotations

from pathlib import Path

import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.figures.published import load_published
from tanto_analysis.ledgers import land
from tanto_analysis.ledgers.ledger import flagged_rows
from tanto_analysis.ledgers.register import load_villages

HEADER = "contract_id,village,land_type,mode,area_mu,annual_rent_yuan,start_date,end_date,data_status"
CONTRACTS = [
    "C1,断滩村,耕地,出租,10.0,5000,2020-03-01,2025-03-01,synthetic",
    "C2,断滩村,林地,入股,20.0,3000,2022-01-01,2032-01-01,synthetic",
    "C3,何村,林坡,转包,5.5,1100,2015-05-01,2023-05-01,synthetic",
    "C4,何村,其他,其他,4.5,1800,2021-01-01,2023-12-31,synthetic",
]
REGISTER = ("village,households,population,contracted_area_mu,data_status\n"
            "断滩村,300,1200,40,synthetic\n何村,250,980,8,synthetic\n")


def write(folder: Path, lines: list[str]) -> Path:
    path = folder / "land.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def contracts(tmp_path):
    return land.load_contracts(write(tmp_path, CONTRACTS), 2022)


@pytest.fixture
def register(tmp_path):
    (tmp_path / "villages.csv").write_text(REGISTER, encoding="utf-8")
    return load_villages(tmp_path / "villages.csv", 2022)


def errors(tmp_path: Path, lines: list[str]) -> list[str]:
    with pytest.raises(InputError) as info:
        land.load_contracts(write(tmp_path, lines), 2022)
    return [p.detail() for p in info.value.problems]


def test_rate_and_implied_base_of_the_report():
    assert land.transfer_rate(21000, 27167) == pytest.approx(77.29966503, abs=1e-8)
    assert round(land.implied_base(21000, 77.3)) == 27167
    assert land.implied_base(21000, 77.3) == pytest.approx(27166.882276843, abs=1e-6)


def test_published_land_indicators():
    table = land.published_indicators(load_published(2022), 2022).set_index("indicator")
    base = table.loc["land_contracted_base"]
    assert base["value"] == 27167
    assert base["figure_ids"] == "land_transfer_area;land_transfer_rate"
    assert base["quote"] == "2.1万亩 / 77.3%"
    # the rate is written to 0.1 %: 21,000/0.7725 − 21,000/0.7735 = 35.145 亩, half of it
    assert base["rounding"] == pytest.approx((21000 / 0.7725 - 21000 / 0.7735) / 2)
    assert table.loc["land_transfer_rate", "rounding"] == pytest.approx(0.05)
    recovered = table.loc[["land_recovered_construction", "land_recovered_farmland", "land_recovered_forest"], "value"]
    assert recovered.tolist() == [159, 800, 3480]
    assert set(table["data_status"]) == {"published"}


def test_indicators_hand_computed(contracts, register):
    table = land.indicators(contracts, register, 2022).set_index("indicator")["value"]
    assert table["land_transfer_area"] == 40.0
    assert table["land_transfer_contracts"] == 4
    assert table["land_contracted_base"] == 48
    assert table["land_transfer_rate"] == pytest.approx(40 / 48 * 100)
    assert table["land_rent_per_mu_median"] == 300  # 500, 150, 200, 400 元/亩
    assert table["land_rent_per_mu_mean"] == 272.5  # 10,900 元 / 40 亩


def test_area_breakdowns(contracts):
    def areas(by):
        t = land.area_by(contracts, by, 2022)
        return dict(zip(t.loc[t["indicator"] == "land_transfer_area", by],
                        t.loc[t["indicator"] == "land_transfer_area", "value"], strict=True))

    assert areas("village") == {"何村": 10.0, "断滩村": 30.0}
    assert areas("land_type") == {"耕地": 10.0, "林地/林坡": 25.5, "其他": 4.5}
    assert areas("mode") == {"出租": 10.0, "入股": 20.0, "转包": 5.5, "其他": 4.5}
    by_village = land.area_by(contracts, "village", 2022)
    assert set(by_village["scope"]) == {"何村", "断滩村"}


def test_rent_distribution_and_expiry(contracts):
    assert land.rent_per_mu(contracts)["rent_yuan_per_mu"].tolist() == [500, 150, 200, 400]
    expiring = land.contracts_expiring_by_year(contracts)
    assert expiring[["expiry_year", "contracts", "area_mu"]].values.tolist() == [
        [2023, 2, 10.0], [2025, 1, 10.0], [2032, 1, 20.0]]


def test_zero_area_is_flagged_and_left_out_of_rent(tmp_path, register):
    frame = land.load_contracts(write(tmp_path, CONTRACTS + ["C5,村A,耕地,出租,0,0,2022-01-01,2030-01-01,synthetic"]),
                                2022)
    assert frame.df()["flags"].tolist() == ["", "", "", "", "zero_area"]
    assert len(land.rent_per_mu(frame)) == 4
    table = land.indicators(frame, register, 2022).set_index("indicator")["value"]
    assert table["land_transfer_contracts"] == 5 and table["land_rent_per_mu_median"] == 300
    flagged = flagged_rows(frame)
    assert flagged[["file", "row", "column", "flag"]].values.tolist() == [["land.csv", 6, "area_mu", "zero_area"]]


def test_area_above_the_village_base_is_flagged(contracts, register):
    checked = land.check_against_base(contracts, register)
    assert checked.df()["flags"].tolist() == ["", "area_above_base"]  # 何村: 10 亩 transferred, base 8 亩
    flagged = flagged_rows(checked)
    assert flagged[["file", "row", "column", "value"]].values.tolist() == [
        ["villages.csv", 3, "contracted_area_mu", "8.0"]]


def test_contracts_not_in_force_in_the_year(tmp_path):
    assert errors(tmp_path, ["C1,断滩村,耕地,出租,10.0,5000,2020-03-01,2021-12-31,synthetic"]) == [
        "land.csv:2:end_date: date outside the year 2022: the contract ended before 2022; got '2021-12-31'"]
    assert errors(tmp_path, ["C1,断滩村,耕地,出租,10.0,5000,2023-02-01,2030-01-01,synthetic"]) == [
        "land.csv:2:start_date: date after the year 2022; got '2023-02-01'"]
    assert errors(tmp_path, ["C1,断滩村,耕地,出租,10.0,5000,2022-05-01,2022-04-01,synthetic"]) == [
        "land.csv:2:end_date: end_date is not after start_date; got '2022-04-01'"]


def test_bad_cells(tmp_path):
    assert errors(tmp_path, CONTRACTS[:3] + ["C3,某某村,草地,出租,-4.5,1800,2021-01-01,2023-12-31,synthetic"]) == [
        "land.csv:5:area_mu: negative amount; expected 0 or more; got '-4.5'",
        "land.csv:5:contract_id: duplicate contract_id; ids must be unique (first at row 4); got '[masked]'",
        "land.csv:5:land_type: unknown value; expected one of 耕地, 林地, 林坡, 其他; got '草地'",
        "land.csv:5:village: unknown village; expected one of 潭头镇's 24 villages (data/reference/villages.csv); "
        "got '某某村'",
    ]
