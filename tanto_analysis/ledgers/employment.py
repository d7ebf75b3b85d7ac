"""Employment income: the 公益性岗位 roster and the job placements ledger.

Two ledgers per year (see ``docs/ledgers.md``):

``welfare_posts``
    ``post_id, person_id, household_id, village, post_type, holder_status,
    start_date, annual_pay_yuan, data_status`` — the public-welfare posts
    held in the year (``start_date`` not after the year; pay in 元/年).
``job_placements``
    ``placement_id, person_id, household_id, village, channel, placed_date,
    income_increase_yuan, data_status`` — people placed in jobs in the year
    (``placed_date`` within the year) and their annual income gain (元).

Only the shared checks of :mod:`ledgers` apply (and its shared flags).

Examples
--------
>>> import pandas as pd
>>> from tanto_analysis.ledgers.ledger import Ledger
>>> p = Ledger.from_frame(pd.DataFrame({"income_increase_yuan": [12000.0, 15000.0, 18000.0, 15000.0]}))
>>> income_increase_stats(p)
{'mean': 15000.0, 'median': 15000.0, 'total': 60000.0}
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from .fields import HOUSEHOLD, VILLAGE, Field, unique
from .ledger import Ledger, data_status_of, load_ledger, number
from .tidy import TIDY_COLUMNS, derived_row, published_row, tidy_row

__all__ = [
    "CHANNELS", "HOLDER_STATUSES", "POST_TYPES", "income_gain_counts", "income_increase_stats", "indicators",
    "load_placements",
    "load_posts", "placements_by_channel", "posts_by_type", "posts_by_village", "published_indicators",
]

DOMAIN = "employment_income"
POST_TYPES: tuple[str, ...] = ("社保协管员", "保洁员", "护林员", "河道员", "其他")
#: 脱贫户 (lifted out of poverty), 监测对象 (under monitoring), 一般户 (neither).
HOLDER_STATUSES: tuple[str, ...] = ("脱贫户", "监测对象", "一般户")
#: How a placement came about; 乡贤项目 = a project led by a returning talent.
CHANNELS: tuple[str, ...] = ("乡贤项目", "企业", "合作社", "其他")

_PERSON = Field("person_id", "id", zh="人员编号", aliases=("人员编码",), en="person id, opaque (P000001); no names")
POST_FIELDS: tuple[Field, ...] = (
    Field("post_id", "id", unique=True, zh="岗位编号", en="post id, opaque"),
    unique(_PERSON),
    HOUSEHOLD,
    VILLAGE,
    Field("post_type", "choice", choices=POST_TYPES, zh="岗位类型", en="kind of post"),
    Field("holder_status", "choice", choices=HOLDER_STATUSES, zh="人员类别", aliases=("户类别",),
          en="脱贫户 (lifted out of poverty), 监测对象 (under monitoring) or 一般户"),
    Field("start_date", "date", dates="not_after_year", zh="上岗日期", aliases=("开始日期",),
          en="day the post began, not after the year"),
    Field("annual_pay_yuan", "number", unit="元", zh="年工资(元)", aliases=("年报酬(元)", "年收入(元)"),
          en="pay for the year in 元, not 万元"),
)
PLACEMENT_FIELDS: tuple[Field, ...] = (
    Field("placement_id", "id", unique=True, zh="安置编号", en="placement id, opaque"),
    _PERSON,
    HOUSEHOLD,
    VILLAGE,
    Field("channel", "choice", choices=CHANNELS, zh="就业渠道", aliases=("安置渠道",),
          en="how the job came about (乡贤项目: a returning talent's project)"),
    Field("placed_date", "date", dates="in_year", zh="就业日期", aliases=("安置日期",),
          en="day the person was placed, within the year"),
    Field("income_increase_yuan", "number", unit="元", zh="年增收(元)", aliases=("增收金额(元)",),
          en="the person's annual income gain in 元"),
)


def load_posts(path: str | Path, year: int, con: duckdb.DuckDBPyConnection | None = None) -> Ledger:
    """Load and check the public-welfare posts roster of ``year`` (pay in 元/年)."""
    return load_ledger(path, POST_FIELDS, year, con)


def load_placements(path: str | Path, year: int, con: duckdb.DuckDBPyConnection | None = None) -> Ledger:
    """Load and check the job placements ledger of ``year`` (income gain in 元/年)."""
    return load_ledger(path, PLACEMENT_FIELDS, year, con)


def income_increase_stats(placements: Ledger) -> dict[str, float]:
    """Mean, median and total annual income increase (元) over the placements."""
    mean, median, total = placements.query(
        "SELECT avg(income_increase_yuan), median(income_increase_yuan), COALESCE(sum(income_increase_yuan), 0) "
        "FROM {t}").iloc[0]
    return {"mean": round(number(mean), 2), "median": round(number(median), 2), "total": float(total)}


def income_gain_counts(placements: Ledger, by: str = "person_id") -> pd.DataFrame:
    """Each distinct annual income gain (元) of a person (all of one person's placements added up) and how many
    persons (``placements``: the contributors ``by`` counts) have it, ascending.

    A histogram's bar then counts persons, not placements: a person placed
    twice is one contributor (disclosure control counts contributors).
    """
    return placements.query(f'SELECT income_increase_yuan, count(*) AS placements, '
                            "string_agg(DISTINCT data_status, '+' ORDER BY data_status) AS data_status FROM ("
                            f'SELECT "{by}", sum(income_increase_yuan) AS income_increase_yuan, '
                            "min(data_status) AS data_status FROM {t} "
                            f'GROUP BY "{by}") GROUP BY 1 ORDER BY 1')


def indicators(posts: Ledger, placements: Ledger, year: int) -> pd.DataFrame:
    """The employment-income indicators of ``year`` from the ledgers, as a tidy long table.

    Posts and people in 人, placements in 个, money in 元 (mean and median
    rounded to the fen), shares in %.
    """
    status = data_status_of(posts, placements)
    stats = income_increase_stats(placements)

    def row(ind, value):
        return tidy_row(year, DOMAIN, ind, value, status)

    n_posts, poor, pay = posts.query(
        "SELECT count(*), avg(CASE WHEN holder_status IN ('脱贫户', '监测对象') THEN 1 ELSE 0 END) * 100, "
        "COALESCE(sum(annual_pay_yuan), 0) FROM {t}").iloc[0]
    n_placed, people, talent = placements.query(
        "SELECT count(*), count(DISTINCT person_id), count(*) FILTER (WHERE channel = '乡贤项目') FROM {t}").iloc[0]
    return pd.DataFrame([
        row("public_welfare_posts", n_posts),
        row("posts_share_poverty_households", number(poor)),
        row("posts_pay_total", pay),
        row("jobs_provided", n_placed),
        row("placements_people", people),
        row("jobs_income_increase_mean", stats["mean"]),
        row("jobs_income_increase_median", stats["median"]),
        row("jobs_income_added_total", stats["total"]),
        row("placements_talent_projects", talent),
    ], columns=TIDY_COLUMNS)


def _counts(ledger: Ledger, by: str, order: tuple[str, ...] | None, year: int, indicator: str) -> pd.DataFrame:
    status = data_status_of(ledger)
    counts = dict(ledger.con.execute(f'SELECT "{by}", count(*) FROM {ledger.table} GROUP BY 1').fetchall())
    keys = list(order) if order else sorted(counts)
    rows = [tidy_row(year, DOMAIN, indicator, int(counts.get(k, 0)), status) | {by: k} for k in keys]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + [by])


def posts_by_type(posts: Ledger, year: int) -> pd.DataFrame:
    """Posts (人) per post type, town-wide, in :data:`POST_TYPES` order (column ``post_type``)."""
    return _counts(posts, "post_type", POST_TYPES, year, "public_welfare_posts")


def posts_by_village(posts: Ledger, year: int) -> pd.DataFrame:
    """Posts (人) per village, tidy (``scope`` = village), villages sorted by name."""
    out = _counts(posts, "village", None, year, "public_welfare_posts")
    out["scope"] = out["village"]
    return out.drop(columns="village")


def placements_by_channel(placements: Ledger, year: int) -> pd.DataFrame:
    """Placements (人) per channel in :data:`CHANNELS` order (column ``channel``)."""
    out = _counts(placements, "channel", CHANNELS, year, "jobs_provided")
    out["unit"] = "个"
    return out


def published_indicators(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The employment-income indicators from a year's published figures (data_status ``published``).

    ``jobs_income_added_total`` is derived: at least 300 个 × 15,000 元 =
    4,500,000 元 (the report says 300余个, so the total is a lower bound).
    ``talent_jobs_driven`` (带动周边群众就业2796人) has no ledger counterpart.
    """
    got = {fid: published_row(table, fid, DOMAIN) for fid in (
        "public_welfare_posts", "jobs_provided", "jobs_income_increase_mean", "talent_jobs_driven")}
    rows = list(got.values())
    bound = "at_least" if got["jobs_provided"] and got["jobs_provided"]["bound"] == "at_least" else "exact"
    rows.append(derived_row([got["jobs_provided"], got["jobs_income_increase_mean"]], DOMAIN,
                            "jobs_income_added_total",
                            lambda n, m: n * m, bound=bound))
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])
