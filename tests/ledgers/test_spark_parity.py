"""The same checks, flags and indicators on DuckDB and on Spark (docs/scale.md).

One Spark session serves the whole test run (``spark_session``, session
scoped); each ledger folder is reconciled once per engine
(:func:`~tanto_analysis.ledgers.reconcile.reconcile_report`, what
``tanto reconcile --json`` prints) and the two answers must be equal: the
problems (file, row, column, message, value), the flagged rows and the
indicator values.  The folders: the demo ledgers of 2022; dirty ledgers
that load with flags (rows pasted twice, loans above the limits, a household
in two villages, subsidies without a loan or paid to another household, month-end dates: 2022-01-31 +
1 month, 2020-02-29 + 24 months); dirty ledgers that do not load (a subsidy
id repeated, an amount in 万元, a village under two spellings, loans matured
before the year at month ends: 2020-02-29 + 12 months, 2021-01-31 + 11).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tanto_analysis.cli import main
from tanto_analysis.ledgers import employment, land, loading, loans
from tanto_analysis.ledgers.reconcile import reconcile_report
from tanto_analysis.ledgers.spark import spark_session

pytestmark = [pytest.mark.spark, pytest.mark.usefixtures("in_tmp")]

LOANS = "loans_synthetic.csv"
SUBSIDIES = "loan_subsidies_synthetic.csv"
VILLAGES = "villages_synthetic.csv"


@pytest.fixture(scope="session")
def spark():
    """The one Spark session of the run (skipped without Java, unless TANTO_REQUIRE_SPARK is set, as in CI)."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("TANTO_REQUIRE_SPARK"):
        pytest.skip("no Java runtime for Spark (CI installs openjdk-17-jre-headless)")
    return spark_session()


def _append(path: Path, lines: list[str]) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def folders(demo_ledgers: Path, tmp_path_factory) -> dict[str, Path]:
    """The three ledger folders: ``demo``, ``flagged`` (loads, with flags) and ``broken`` (does not load)."""
    out = {"demo": demo_ledgers}
    for name in ("flagged", "broken"):
        root = tmp_path_factory.mktemp(f"spark-{name}")
        shutil.copytree(demo_ledgers / "2022", root / "2022")
        out[name] = root
    flagged = out["flagged"] / "2022"
    _append(flagged / LOANS, [
        "L9001,H06417,村B,continuing,2020-03-24,36,50000,synthetic",  # L0001 pasted twice, a fresh id
        "L9002,H09001,古城村,new,2022-01-31,1,60000,synthetic",  # matures 2022-02-28; above 50,000 元
        "L9003,H09002,古城村,continuing,2020-02-29,48,30000,synthetic",  # above 36 months; 2024-02-29
        "L9004,H09003,断滩村,continuing,2020-02-29,24,20000,synthetic",  # matures 2022-02-28
        "L9005,H09001,断滩村,new,2022-02-01,12,20000,synthetic",  # H09001 in two villages
    ])
    _append(flagged / SUBSIDIES, [
        "S9001,L9999,H09009,古城村,2022-06-30,300.00,synthetic",  # no such loan
        "S9002,L9004,H06417,断滩村,2022-03-31,50.00,synthetic",  # L9004 is H09003's
    ])
    broken = out["broken"] / "2022"
    _append(broken / LOANS, [
        "L9003,H09003,断滩村,continuing,2020-02-29,12,20000,synthetic",  # matured 2021-02-28
        "L9004,H09004,断滩村,continuing,2021-01-31,11,20000,synthetic",  # matured 2021-12-31
        "L9005,H09005,断滩村,continuing,2021-01-31,12,20000,synthetic",  # 2022-01-31: outstanding in 2022
    ])
    _append(broken / SUBSIDIES, [
        "S0001,L0001,H06417,村B,2022-12-13,2063.69,synthetic",  # S0001 again
        "S9002,L0002,H01568,古城村,2022-06-30,0.2,synthetic",  # 0.2 元 among 2,000s: 万元
    ])
    _append(broken / VILLAGES, ["拨云岭,351,1487,1353.8,synthetic"])  # 拨云岭村 again
    return out


@pytest.fixture(scope="module")
def reports(spark, folders) -> dict[tuple[str, str], dict]:
    """``reconcile_report`` of each folder on each engine."""
    loading._loaded.clear()
    return {(name, engine): reconcile_report(2022, folder, engine)
            for name, folder in folders.items() for engine in ("duckdb", "spark")}


@pytest.mark.parametrize("name", ["demo", "flagged", "broken"])
def test_same_report_on_both_engines(reports, name):
    assert reports[(name, "spark")] == reports[(name, "duckdb")]


def test_demo_ledgers_reconcile(reports):
    report = reports[("demo", "spark")]
    assert report["ok"] and report["problems"] == [] and report["flags"] == []
    values = {r["indicator"]: r["ledger_value"] for r in report["indicators"]}
    assert values["loans_total_count"] == 280 and values["villages_total"] == 24


def test_flagged_ledgers(reports):
    report = reports[("flagged", "spark")]
    assert report["problems"] == []
    flags = {(Path(f["file"]).name, f["row"], f["flag"]) for f in report["flags"]}
    assert flags == {
        (LOANS, 282, "duplicate_row"), (LOANS, 283, "above_amount_limit"), (LOANS, 284, "above_term_limit"),
        (LOANS, 283, "household_in_two_villages"), (LOANS, 286, "household_in_two_villages"),  # H09001
        (SUBSIDIES, 192, "subsidy_without_loan"), (SUBSIDIES, 193, "subsidy_other_household"),
        (SUBSIDIES, 2, "household_in_two_villages"), (SUBSIDIES, 193, "household_in_two_villages"),  # H06417
    }
    values = {r["indicator"]: r["ledger_value"] for r in report["indicators"]}
    assert values["loans_total_count"] == 285


def test_broken_ledgers(reports):
    """Every ledger's problems, in order: subsidies, loans (their own checks ran), villages."""
    matured = "the loan matured (issue_date + term_months) by the first day of 2022; it is not outstanding in the year"
    problems = [(Path(p["file"]).name, p["row"], p["column"], p["message"])
                for p in reports[("broken", "spark")]["problems"]]
    assert problems == [
        (SUBSIDIES, 192, "subsidy_id", "duplicate subsidy_id; ids must be unique (first at row 2)"),
        (SUBSIDIES, 193, "amount_yuan", "about 10,000 times smaller than the column's typical amount; "
                                        "looks like 万元; multiply by 10,000"),
        (LOANS, 282, "term_months", matured),
        (LOANS, 283, "term_months", matured),
        (VILLAGES, 26, "village", "duplicate village '拨云岭村' (another spelling); list each village once "
                                  "(first at row 3)"),
    ]


def test_cli_json_is_the_same_on_both_engines(reports, folders):
    """``tanto reconcile --json`` prints the same text with ``--engine spark`` (in this process: one session)."""
    out = {}
    for engine in ("duckdb", "spark"):
        run = CliRunner().invoke(main, ["reconcile", "--year", "2022", "--ledgers", str(folders["flagged"]),
                                        "--json", "--engine", engine])
        out[engine] = (run.exit_code, run.stdout)
    assert out["spark"] == out["duckdb"]
    assert json.loads(out["spark"][1]) == reports[("flagged", "duckdb")]


def test_page_breakdowns_are_the_same_on_both_engines(reports, folders):
    """What the pages ask beyond the indicators: by village, the histogram's bars, the rows with their flags."""
    answers = {}
    for engine in ("duckdb", "spark"):
        f = loading.load_year_ledgers(2022, folders["flagged"], engine=engine)  # loaded for `reports` already
        answers[engine] = [loans.loans_by_village(f["loans"], f["loan_subsidies"], 2022),
                           pd.DataFrame(loans.amount_histogram(f["loans"])).T,
                           employment.income_gain_counts(f["job_placements"]),
                           land.area_by(f["land_contracts"], "land_type", 2022), f["loans"].df()]
    for duck, spark in zip(answers["duckdb"], answers["spark"], strict=True):
        pd.testing.assert_frame_equal(spark, duck, check_dtype=False)
    rows = answers["spark"][-1].set_index("source_row")["flags"]
    assert rows[282] == "duplicate_row" and rows[284] == "above_term_limit" and rows[2] == ""
