"""SYNTHETIC demo ledgers for 2019–2024: deterministic, labelled, calibrated to 2022.

The town's real ledgers are not public.  :func:`write_demo_ledgers` writes
made-up ledgers with the shape a town office would keep, so the library,
notebooks and ``tanto reconcile`` can be exercised end to end.  Every file is
named ``<ledger>_synthetic.csv`` and every row has ``data_status =
synthetic``.  Same seed → byte-identical files.

Assumptions (also in the folder's ``README.md`` and ``docs/demo-data.md``):

- Villages: only the project's (``data/reference/villages.csv``; the demo's are the 19 names
  of the report and 村A–村E).
  Each village has a fixed random weight; households, people, contracted
  land and transfers are shared out by it (largest-remainder rounding).
- No personal data: households ``H00001…``, people ``P000001…``, loans
  ``L0001…``; ids are consistent within a year's files, not across years.
- 2022 adds up exactly to the report: 7,265 户 and 28,958 人; 280 loans =
  248 new loans (one per household, 11,465,000 元, whole thousands, at most
  50,000 元 and 36 months) + 32 continuing loans issued in 2020–2021 (36
  months) still outstanding — the report's 其中2022年新增贷款248户 is read as
  "of the 280, the 248 new in 2022"; 190 households receive 304,126.00 元 of
  interest subsidy (all 32 continuing loans and the 158 new ones with the
  most principal-years in 2022, in proportion to principal-years, scaled
  to the total); 385 posts; 300 placements with a mean gain of exactly
  15,000 元; 21,000.0 亩 transferred from a base of 27,167.0 亩 (77.2997%,
  published as 77.3%).
- Other years follow the table :data:`YEARS` (gentle trends around 2022);
  their subsidies are paid at that year's mean 1-year LPR (2019: 4.30%,
  assumed, the LPR began on 2019-08-20).  The contracted-land base is the
  same every year.  No row breaks a policy limit, so nothing is flagged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np

from ..core import paths
from ..core.atomic import atomic_write_text
from ..core.errors import ConfigurationError
from ..reference.lpr import lpr_for_year
from ..reference.villages import current_town

__all__ = ["LEDGER_NAMES", "YEARS", "write_demo_ledgers"]

#: The demo's calibration, one row per year (``defaults/demo_calibration.csv``): the report's own year adds
#: up to its published figures, the others are invented trends.
CALIBRATION = paths.DEFAULTS_DIR / "demo_calibration.csv"


def _calibration() -> tuple[dict, dict[int, int], dict[int, float], float]:
    with open(CALIBRATION, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years = {int(r["year"]): (int(r["households"]), int(r["people"]), int(r["new_loan_households"]),
                              int(r["continuing_loans"]), int(r["new_loan_amount_yuan"]),
                              int(r["subsidy_recipients"]), int(r["posts"]), int(r["placements"]),
                              int(r["mean_income_gain_yuan"]), float(r["transferred_mu"])) for r in rows}
    totals = {int(r["year"]): int(r["subsidy_total_yuan"]) for r in rows if r["subsidy_total_yuan"]}
    assumed = {int(r["year"]): float(r["assumed_lpr_pct"]) for r in rows if r["assumed_lpr_pct"]}
    return years, totals, assumed, float(rows[0]["base_mu"])


#: year: (households 户, people 人, new loans 户, continuing loans 笔, new-loan amount 元, subsidy recipients 人,
#: posts 人, placements 个, mean income gain 元, transferred area 亩); years whose subsidy total (元) is
#: scaled to a published figure (the others are paid at the year's mean 1-year LPR); years the LPR table
#: does not cover in full, with the rate assumed for them (%); the contracted-land base (亩).
YEARS, SUBSIDY_TOTAL_YUAN, ASSUMED_RATE_PCT, BASE_MU = _calibration()
LEDGER_NAMES = ("villages", "loans", "loan_subsidies", "welfare_posts", "job_placements", "land_contracts")

_POST_TYPES = (("保洁员", 0.40, 6000), ("护林员", 0.25, 7200), ("河道员", 0.12, 6000),
               ("社保协管员", 0.10, 9600), ("其他", 0.13, 6000))
_LAND_TYPES = (("耕地", 0.55, 520), ("林地", 0.20, 180), ("林坡", 0.15, 150), ("其他", 0.10, 300))
_MODES = (("出租", 0.60), ("入股", 0.25), ("转包", 0.12), ("其他", 0.03))
_CHANNELS = (("乡贤项目", 0.35), ("企业", 0.30), ("合作社", 0.20), ("其他", 0.15))
_LOAN_MONTHS = np.array([16, 14, 16, 12, 9, 7, 6, 5, 4, 4, 4, 3], dtype=float)


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that sum exactly to ``total`` (largest remainder)."""
    share = np.asarray(weights, dtype=float) / np.sum(weights) * total
    out = np.floor(share).astype(int)
    order = np.argsort(-(share - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def _adjust(values: np.ndarray, total: int, step: int, low: int, high: int, rng: np.random.Generator) -> np.ndarray:
    """Nudge ``values`` by ``step`` within [low, high] (limit values untouched) until they sum to ``total``."""
    values = values.copy()
    while (diff := (total - int(values.sum())) // step) != 0:
        room = (values < high - step + 1) if diff > 0 else (values > low)
        room &= values != high
        idx = np.flatnonzero(room)
        if idx.size == 0:  # every loan is at the limit: lower one to make room
            idx = np.flatnonzero(values == high)
            values[rng.choice(idx)] -= step
            continue
        values[rng.choice(idx)] += step if diff > 0 else -step
    return values


def _date(rng: np.random.Generator, year: int, months: np.ndarray | None = None) -> dt.date:
    weights = np.ones(12) if months is None else months
    month = int(rng.choice(12, p=weights / weights.sum())) + 1
    return dt.date(year, month, int(rng.integers(1, 29)))


def _pick(rng: np.random.Generator, table: tuple, n: int) -> list[int]:
    probs = np.array([t[1] for t in table])
    return list(rng.choice(len(table), size=n, p=probs / probs.sum()))


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    return day.replace(year=day.year + total // 12, month=total % 12 + 1)


def _loans(rng, year, households, villages_of, spec):
    _, _, n_new, n_cont, new_total, n_recipients = spec[:6]
    borrowers = rng.choice(len(households), size=n_new + n_cont, replace=False)
    p_limit = min(0.95, max(0.3, (new_total / n_new / 1000 - 29.5) / 20.5))
    draw = np.where(rng.random(n_new) < p_limit, 50, rng.integers(10, 50, size=n_new)) * 1000
    new_amounts = _adjust(draw, new_total, 1000, 10_000, 50_000, rng)
    cont_amounts = np.where(rng.random(n_cont) < 0.7, 50, rng.integers(10, 50, size=n_cont)) * 1000
    loans = []
    for i in range(n_new):
        loans.append({"issue": _date(rng, year, _LOAN_MONTHS), "term": int(rng.choice([36, 24, 12], p=[.85, .1, .05])),
                      "amount": int(new_amounts[i]), "kind": "new"})
    for i in range(n_cont):
        loans.append({"issue": _date(rng, year - int(rng.integers(1, 3))), "term": 36,
                      "amount": int(cont_amounts[i]), "kind": "continuing"})
    for loan, b in zip(loans, borrowers, strict=True):
        loan["household"] = households[b]
        loan["village"] = villages_of[b]
    loans.sort(key=lambda x: (x["issue"], x["household"]))
    for i, loan in enumerate(loans, 1):
        loan["id"] = f"L{i:04d}"
    # subsidies: continuing loans first, then the new ones with the most principal-years in the year
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    for x in loans:
        days = (min(_add_months(x["issue"], x["term"]), end) - max(x["issue"], start)).days
        x["py"] = x["amount"] * max(0, days) / (end - start).days
    new = sorted((x for x in loans if x["kind"] == "new"), key=lambda x: (-x["py"], x["id"]))
    chosen = [x for x in loans if x["kind"] == "continuing"] + new
    chosen = sorted(chosen[:n_recipients], key=lambda x: x["id"])
    raw = np.array([x["py"] for x in chosen])
    rate = ASSUMED_RATE_PCT[year] if year in ASSUMED_RATE_PCT else lpr_for_year(year)
    fen = raw * rate  # 元 × % = fen
    if year in SUBSIDY_TOTAL_YUAN:
        cents = _apportion(SUBSIDY_TOTAL_YUAN[year] * 100, fen)
    else:
        cents = np.round(fen).astype(int)
    subsidies = [{"id": f"S{i:04d}", "loan": x, "cents": int(c), "paid": dt.date(year, 12, int(rng.integers(1, 26)))}
                 for i, (x, c) in enumerate(zip(chosen, cents, strict=True), 1)]
    return loans, subsidies


def _rows_loans(loans, year):
    return [{"loan_id": x["id"], "household_id": x["household"], "village": x["village"], "kind": x["kind"],
             "issue_date": x["issue"].isoformat(), "term_months": str(x["term"]), "amount_yuan": str(x["amount"]),
             "data_status": "synthetic"} for x in loans]


def _rows_subsidies(subsidies):
    return [{"subsidy_id": s["id"], "loan_id": s["loan"]["id"], "household_id": s["loan"]["household"],
             "village": s["loan"]["village"], "paid_date": s["paid"].isoformat(),
             "amount_yuan": f"{s['cents'] // 100}.{s['cents'] % 100:02d}", "data_status": "synthetic"}
            for s in subsidies]


def _rows_posts(rng, year, households, villages_of, n):
    holders = rng.choice(len(households), size=n, replace=False)
    types = _pick(rng, _POST_TYPES, n)
    status = rng.choice(["脱贫户", "监测对象", "一般户"], size=n, p=[.78, .17, .05])
    return [{"post_id": f"G{i + 1:04d}", "person_id": f"P{i + 1:06d}", "household_id": households[h],
             "village": villages_of[h], "post_type": _POST_TYPES[t][0], "holder_status": str(s),
             "start_date": _date(rng, year - int(rng.integers(0, 4))).isoformat(),
             "annual_pay_yuan": str(_POST_TYPES[t][2]), "data_status": "synthetic"}
            for i, (h, t, s) in enumerate(zip(holders, types, status, strict=True))]


def _rows_placements(rng, year, households, villages_of, n, mean):
    people = rng.choice(len(households), size=n, replace=False)
    gains = np.maximum(20, np.round(rng.lognormal(np.log(mean / 100), 0.35, size=n))).astype(int) * 100
    gains = _adjust(gains, n * mean, 100, 2_000, 10 ** 9, rng)
    channels = _pick(rng, _CHANNELS, n)
    rows = [{"placement_id": f"J{i + 1:04d}", "person_id": f"P{500_001 + i:06d}", "household_id": households[h],
             "village": villages_of[h], "channel": _CHANNELS[c][0], "placed_date": _date(rng, year).isoformat(),
             "income_increase_yuan": str(int(g)), "data_status": "synthetic"}
            for i, (h, c, g) in enumerate(zip(people, channels, gains, strict=True))]
    return rows


def _rows_contracts(rng, year, area_tenths_by_village):
    rows = []
    for village, tenths in area_tenths_by_village:
        k = max(1, int(round(tenths / 600)))
        parts = 10 + _apportion(int(tenths) - 10 * k, rng.dirichlet(np.full(k, 2.0)))
        for part in parts:
            land = _pick(rng, _LAND_TYPES, 1)[0]
            mode = _pick(rng, _MODES, 1)[0]
            term = int(rng.choice([5, 10, 15, 20]))
            start = _date(rng, year - int(rng.integers(0, term)))
            rent = int(round(part / 10 * max(50.0, rng.normal(_LAND_TYPES[land][2], 0.15 * _LAND_TYPES[land][2]))))
            rows.append({"village": village, "land_type": _LAND_TYPES[land][0], "mode": _MODES[mode][0],
                         "area_mu": f"{part // 10}.{part % 10}", "annual_rent_yuan": str(rent),
                         "start_date": start.isoformat(), "end_date": start.replace(year=start.year + term).isoformat(),
                         "data_status": "synthetic"})
    for i, row in enumerate(rows, 1):
        row["contract_id"] = f"C{i:04d}"
    return rows


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


_COLUMNS = {
    "villages": ["village", "households", "population", "contracted_area_mu", "data_status"],
    "loans": ["loan_id", "household_id", "village", "kind", "issue_date", "term_months", "amount_yuan", "data_status"],
    "loan_subsidies": ["subsidy_id", "loan_id", "household_id", "village", "paid_date", "amount_yuan", "data_status"],
    "welfare_posts": ["post_id", "person_id", "household_id", "village", "post_type", "holder_status", "start_date",
                      "annual_pay_yuan", "data_status"],
    "job_placements": ["placement_id", "person_id", "household_id", "village", "channel", "placed_date",
                       "income_increase_yuan", "data_status"],
    "land_contracts": ["contract_id", "village", "land_type", "mode", "area_mu", "annual_rent_yuan", "start_date",
                       "end_date", "data_status"],
}


def _year_tables(rng: np.random.Generator, year: int, weights: np.ndarray, base_tenths: np.ndarray,
                 villages: tuple[str, ...]) -> dict:
    spec = YEARS[year]
    households_n, people_n = spec[0], spec[1]
    hh_by_village = _apportion(households_n, weights)
    people_by_village = _apportion(people_n, hh_by_village * rng.uniform(3.7, 4.3, size=len(villages)))
    villages_of = np.repeat(np.array(villages), hh_by_village)
    households = np.array([f"H{i:05d}" for i in range(1, households_n + 1)])
    transferred = _apportion(int(round(spec[9] * 10)), base_tenths * rng.uniform(0.85, 1.15, size=len(villages)))
    assert (transferred <= base_tenths).all(), "synthetic transfers must stay within each village's base"
    loans, subsidies = _loans(rng, year, households, villages_of, spec)
    return {
        "villages": [{"village": v, "households": str(h), "population": str(p),
                      "contracted_area_mu": f"{b // 10}.{b % 10}", "data_status": "synthetic"}
                     for v, h, p, b in zip(villages, hh_by_village, people_by_village, base_tenths, strict=True)],
        "loans": _rows_loans(loans, year),
        "loan_subsidies": _rows_subsidies(subsidies),
        "welfare_posts": _rows_posts(rng, year, households, villages_of, spec[6]),
        "job_placements": _rows_placements(rng, year, households, villages_of, spec[7], spec[8]),
        "land_contracts": _rows_contracts(rng, year, zip(villages, transferred, strict=True)),
    }


def _readme() -> str:
    lines = [
        "# SYNTHETIC demo ledgers — not the town's records",
        "",
        "Every file here is made up by `tanto demo-data` (`tanto_analysis/ledgers/demo.py`) and every row has",
        "`data_status = synthetic`.  The town's real ledgers are not public.  The 2022 files add up",
        "exactly to the figures of the 2022 report; the other years are invented trends.",
        "No personal data: households, people, loans and contracts are opaque ids (H00001, P000001, …),",
        "and the only village names are the project's own (data/reference/villages.csv).",
        "",
        "Assumptions:",
        "",
    ]
    doc = __doc__.split("Assumptions (also in the folder's ``README.md`` and ``docs/demo-data.md``):")[1]
    lines += [line.replace("``", "`").replace(":data:", "").replace(":func:", "") for line in doc.strip().splitlines()]
    lines += ["", "| year | 户 | 人 | new loans 户 | continuing 笔 | new amount 元 | subsidy 人 | posts 人 "
              "| placements 个 | mean gain 元 | transferred 亩 |", "|" + "---|" * 11]
    lines += ["| " + " | ".join([str(y)] + [str(v) for v in spec]) + " |" for y, spec in YEARS.items()]
    return "\n".join(lines) + "\n"


def write_demo_ledgers(out_dir: str | Path | None = None, seed: int = 20221223) -> list[Path]:
    """Write the SYNTHETIC ledgers for 2019–2024 and a README; return the paths written.

    Parameters
    ----------
    out_dir : path, optional
        Default ``data/ledgers/demo``; files go to ``<out_dir>/<year>/<name>_synthetic.csv``.
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives byte-identical files.

    Returns
    -------
    list of Path
        The CSV files in year and ledger order, then ``README.md``.
    """
    out = Path(out_dir) if out_dir is not None else paths.demo_ledgers_dir()
    villages = current_town().villages
    if not villages:
        raise ConfigurationError(f"no villages in {paths.in_project(paths.villages_path())}: the demo ledgers are "
                                 "shared out among the town's villages; list them there first")
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0.0, 0.35, size=len(villages))
    base_tenths = _apportion(int(BASE_MU * 10), weights * rng.uniform(0.9, 1.1, size=len(villages)))
    written = []
    for year in YEARS:
        tables = _year_tables(rng, year, weights, base_tenths, villages)
        for name in LEDGER_NAMES:
            written.append(atomic_write_text(out / str(year) / f"{name}_synthetic.csv",
                                             _csv(tables[name], _COLUMNS[name])))
    written.append(atomic_write_text(out / "README.md", _readme()))
    return written
