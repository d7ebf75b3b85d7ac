"""Consistency audit: a year's published figures checked against each other.

The audit never changes a figure.  It states where the report's own numbers
do not fit together, so an analyst can ask the town before quoting them.

How it works
------------
Each figure becomes an *interval* of the values its text allows
(:func:`stated_interval`): ``69%`` allows 68.5–69.5, ``1146.5万元`` allows
11,464,500–11,465,500 元, ``300余个`` allows 300 or more, a plain count
``11个`` is exact.  A relation between figures is flagged only when no values
inside those intervals satisfy it, so a figure that agrees within the
report's own rounding is never flagged.

The relations are declared as data (in :mod:`tanto_analysis.audit_rules`,
documented in ``docs/audit.md``) and refer to figures by id.  A term is either an id or
``sum:<regex>``, the sum of every figure whose id matches; ``{year}`` in a
term is replaced by each year present in the table (or by the year of the
``year_from`` figure).  A relation whose figures are missing is skipped, so
the same declarations apply to next year's table.  Two rules need no
declaration: the same label stated twice with different values, and the
number of names listed next to a count in the source text.

Severities
----------
``contradiction``
    The figures cannot all be true as stated (e.g. a part larger than its
    whole, a rate that does not match its own numerator and denominator).
``warning``
    Possible but implausible or incomplete (a plan covering 23 of 24
    villages, a ratio outside its plausible range).
``note``
    Worth knowing, not a problem (an implied denominator, a group whose
    household size differs markedly from the town's).

``run_audit`` exits 0 whenever the audit ran, findings or not: the audit
describes the report, it does not gate a build.  It exits 1 only when the
published table itself cannot be loaded.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import click
import pandas as pd

from . import paths
from .audit_rules import (
    APPROX_TOLERANCE,
    COUNT_UNITS,
    HOUSEHOLD_SIZE_NOTE,
    HOUSEHOLD_SIZE_PAIRS,
    HOUSEHOLD_SIZE_RANGE,
    IMPLIED,
    PARTS_WHOLES,
    PER_UNIT,
    RATES,
    SAME_QUANTITY,
    SEVERITIES,
    SUBSETS,
    SUBSIDY,
    TOWN_HOUSEHOLD,
)
from .errors import InputError, display_path
from .readers import read_table, read_text
from .units import find_quantities, format_decimal

__all__ = [
    "HOUSEHOLD_SIZE_PAIRS",
    "IMPLIED",
    "PARTS_WHOLES",
    "PER_UNIT",
    "RATES",
    "SAME_QUANTITY",
    "SEVERITIES",
    "SUBSETS",
    "Finding",
    "audit",
    "findings_frame",
    "run_audit",
    "stated_interval",
]

# ---------------------------------------------------------------- figures
@dataclass(frozen=True)
class Figure:
    """One published figure and the interval of values its text allows."""

    id: str
    value: float
    unit: str
    quote: str
    section: str
    year: int
    low: float
    high: float
    scope: str = ""
    label: str = ""
    kind: str = "actual"

    @property
    def name(self) -> str:
        """The Chinese label if known, else the id."""
        return self.label or self.id

    def cite(self) -> dict:
        return {"id": self.id, "value": self.value, "unit": self.unit,
                "quote": self.quote, "section": self.section}


@dataclass(frozen=True)
class Finding:
    """One inconsistency (or note) among a year's figures.

    Attributes
    ----------
    severity : str
        ``contradiction``, ``warning`` or ``note``.
    rule : str
        The rule that found it (``rate``, ``subset``, ``parts_whole``, …).
    message : str
        One line for a reader.
    computation : str
        The arithmetic, with the figures' values and units.
    figures : list of dict
        Each figure involved: ``id``, ``value`` (base unit), ``unit``,
        ``quote``, ``section``.
    message_zh : str
        The message in Chinese.
    """

    severity: str
    rule: str
    message: str
    computation: str
    figures: list[dict] = field(default_factory=list)
    message_zh: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _fmt(x: float, digits: int = 2) -> str:
    if math.isinf(x):
        return "∞"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def stated_interval(value: float, unit: str, bound: str, quote: str) -> tuple[float, float]:
    """The values a figure's text allows, given how precisely it is written.

    Parameters
    ----------
    value : float
        The figure in its base unit (元, 亩, 户, 人, %, …).
    unit, bound : str
        As in the published table (bound ``exact``, ``at_least``, ``approx``).
    quote : str
        The quote; its number's decimals and multiplier (万, 亿) set the
        rounding.  A plain integer count (``11个``) is exact.

    Returns
    -------
    (float, float)
        Low and high end; high is ``inf`` for ``at_least``.

    Examples
    --------
    >>> stated_interval(69.0, "%", "exact", "竣工率达到69%")
    (68.5, 69.5)
    >>> stated_interval(11465000.0, "元", "exact", "1146.5万元")
    (11464500.0, 11465500.0)
    >>> stated_interval(300.0, "个", "at_least", "300余个")
    (300.0, inf)
    """
    half = 0.0
    for q in find_quantities(quote):
        if q.unit == unit and float(q.value) == value:
            number = re.search(r"\d+(?:\.\d+)?", q.text)
            multiplied = re.search(r"[万亿]", q.text) is not None
            if number is None:  # Chinese numeral: an exact count
                break
            decimals = len(number.group(0).split(".")[1]) if "." in number.group(0) else 0
            if unit in COUNT_UNITS and not multiplied and decimals == 0:
                break
            step = Decimal(1).scaleb(-decimals) * (q.value / Decimal(number.group(0)))
            half = float(step) / 2
            break
    if bound == "at_least":
        return (value, math.inf)
    if bound == "approx":
        return (value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE))
    return (value - half, value + half)


def _figures(table: pd.DataFrame) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for rec in table.to_dict("records"):
        value = float(rec["value"])
        low, high = stated_interval(value, rec["unit"], rec["bound"], str(rec["quote"]))
        out[rec["id"]] = Figure(rec["id"], value, rec["unit"], str(rec["quote"]),
                                str(rec.get("section", "")), int(rec["year"]), low, high,
                                str(rec.get("scope", "")), str(rec.get("label_zh", "")),
                                str(rec.get("kind", "actual")))
    return out


@dataclass(frozen=True)
class _Term:
    figures: tuple[Figure, ...]
    value: float
    low: float
    high: float
    text: str


def _resolve(term: str, figs: dict[str, Figure], year: int | None) -> _Term | None:
    term = term.replace("{year}", str(year)) if year is not None else term
    if term.startswith("sum:"):
        pattern = re.compile(term[4:])
        chosen = tuple(figs[k] for k in sorted(figs) if pattern.search(k))
    else:
        chosen = (figs[term],) if term in figs else ()
    if not chosen:
        return None
    text = " + ".join(_fmt(f.value) for f in chosen)
    return _Term(chosen, sum(f.value for f in chosen), sum(f.low for f in chosen),
                 sum(f.high for f in chosen), text)


def _resolve_all(terms: tuple[str, ...], figs: dict[str, Figure], year: int | None) -> _Term | None:
    parts = [_resolve(t, figs, year) for t in terms]
    if any(p is None for p in parts):
        return None
    chosen = tuple(f for p in parts for f in p.figures)
    return _Term(chosen, sum(p.value for p in parts), sum(p.low for p in parts),
                 sum(p.high for p in parts), " + ".join(p.text for p in parts))


def _years(terms: tuple[str, ...], figs: dict[str, Figure]) -> list[int | None]:
    if any("{year}" in t for t in terms):
        return sorted({f.year for f in figs.values()})
    return [None]


def _cite(*terms: _Term) -> list[dict]:
    seen: dict[str, dict] = {}
    for term in terms:
        for fig in term.figures:
            seen.setdefault(fig.id, fig.cite())
    return list(seen.values())


# ---------------------------------------------------------------- rules
def _rate_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for rate_id, num_terms, den_terms, how, year_from in RATES:
        years = [figs[year_from].year] if year_from in figs else _years(num_terms + den_terms, figs)
        for year in years:
            rate = _resolve(rate_id, figs, year)
            num = _resolve_all(num_terms, figs, year)
            den = _resolve_all(den_terms, figs, year)
            if rate is None or num is None or den is None or den.low <= 0:
                continue
            ratio = 100 * num.value / den.value
            r_low, r_high = 100 * num.low / den.high, 100 * num.high / den.low
            computation = f"({num.text}) / ({den.text}) × 100 = {ratio:.2f}%; stated {_fmt(rate.value)}%"
            if how == "equal":
                ok = r_high >= rate.low and r_low <= rate.high
                message = f"{rate_id} is {_fmt(rate.value)}% but its own figures give {ratio:.2f}%"
                zh = f"{rate.figures[0].name}为{_fmt(rate.value)}%，但按其分子分母计算为{ratio:.2f}%"
            else:
                ok = r_high >= rate.low
                message = f"{rate_id} aims at {_fmt(rate.value)}% but the plan reaches only {ratio:.2f}%"
                zh = f"{rate.figures[0].name}目标为{_fmt(rate.value)}%，但计划只达到{ratio:.2f}%"
            if not ok:
                found.append(Finding("contradiction", "rate", message, computation, _cite(rate, num, den), zh))
    for rate_id, known_id, role in IMPLIED:
        if rate_id not in figs or known_id not in figs or figs[rate_id].value == 0:
            continue
        rate, known = figs[rate_id], figs[known_id]
        if role == "numerator":
            implied = known.value / (rate.value / 100)
            low, high = known.low / (rate.high / 100), known.high / (rate.low / 100)
            computation = f"{_fmt(known.value)} {known.unit} / {_fmt(rate.value)}% = {_fmt(implied)} {known.unit}"
            what, what_zh = "denominator", "分母"
        else:
            implied = known.value * rate.value / 100
            low, high = known.low * rate.low / 100, known.high * rate.high / 100
            computation = f"{_fmt(known.value)} {known.unit} × {_fmt(rate.value)}% = {_fmt(implied)} {known.unit}"
            what, what_zh = "numerator", "分子"
        computation += f"; the stated rounding allows {_fmt(low)}–{_fmt(high)} {known.unit}"
        message = f"{rate_id}: the {what} is not published; implied {_fmt(implied)} {known.unit}"
        zh = f"{rate.name}的{what_zh}未公布，推算约为{_fmt(implied)}{known.unit}"
        found.append(Finding("note", "implied", message, computation, [rate.cite(), known.cite()], zh))
    for fig in figs.values():
        if fig.unit == "%" and not (0 <= fig.value <= 100):
            found.append(Finding("contradiction", "percent_range", f"{fig.id} is {_fmt(fig.value)}%, outside 0–100%",
                                 f"{_fmt(fig.value)} ∉ [0, 100]", [fig.cite()],
                                 f"{fig.name}为{_fmt(fig.value)}%，超出0–100%"))
    return found


def _subset_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for part_term, whole_term in SUBSETS:
        for year in _years((part_term, whole_term), figs):
            part, whole = _resolve(part_term, figs, year), _resolve(whole_term, figs, year)
            if part is None or whole is None or part.low <= whole.high:
                continue
            p_id, w_id = part.figures[0].id, whole.figures[0].id
            found.append(Finding(
                "contradiction", "subset",
                f"{p_id} ({_fmt(part.value)} {part.figures[0].unit}) exceeds its whole {w_id} "
                f"({_fmt(whole.value)} {whole.figures[0].unit})",
                f"{part.text} > {whole.text} (by {_fmt(part.value - whole.value)})", _cite(part, whole),
                f"{part.figures[0].name}（{_fmt(part.value)}{part.figures[0].unit}）大于其总体"
                f"{whole.figures[0].name}（{_fmt(whole.value)}{whole.figures[0].unit}）"))
    return found


def _parts_whole_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for part_terms, whole_term, what, what_zh in PARTS_WHOLES:
        for year in _years(part_terms + (whole_term,), figs):
            parts, whole = _resolve_all(part_terms, figs, year), _resolve(whole_term, figs, year)
            if parts is None or whole is None:
                continue
            if parts.high >= whole.low and parts.low <= whole.high:
                continue
            label = what.replace("{year}", str(year))
            label_zh = what_zh.replace("{year}", str(year))
            severity = "contradiction" if parts.low > whole.high else "warning"
            found.append(Finding(
                severity, "parts_whole",
                f"{label}: parts sum to {_fmt(parts.value)}, whole is {_fmt(whole.value)}",
                f"{parts.text} = {_fmt(parts.value)} vs {whole.text}", _cite(parts, whole),
                f"各部分合计{_fmt(parts.value)}，而总体{whole.figures[0].name}为{_fmt(whole.value)}"
                f"（{label_zh}）"))
    return found


def _stated_twice_severity(figures: tuple[Figure, ...]) -> str:
    """Two actuals that disagree cannot both be true; a target or plan that
    disagrees with another statement is an inconsistent plan, so a warning."""
    return "contradiction" if all(f.kind == "actual" for f in figures) else "warning"


def _same_quantity_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for a_terms, b_terms, what, what_zh in SAME_QUANTITY:
        for year in _years(a_terms + b_terms, figs):
            a, b = _resolve_all(a_terms, figs, year), _resolve_all(b_terms, figs, year)
            if a is None or b is None or (a.high >= b.low and a.low <= b.high):
                continue
            label = what.replace("{year}", str(year))
            label_zh = what_zh.replace("{year}", str(year))
            found.append(Finding(
                _stated_twice_severity(a.figures + b.figures), "same_quantity",
                f"{label} is stated as {_fmt(a.value)} and as {_fmt(b.value)}",
                f"{a.text} ≠ {b.text}", _cite(a, b),
                f"{label_zh}两处表述不一致：{_fmt(a.value)}与{_fmt(b.value)}"))
    by_label: dict[tuple, list[Figure]] = {}
    for fig in figs.values():
        if fig.label:
            by_label.setdefault((fig.year, fig.scope, fig.unit, fig.label), []).append(fig)
    return found + [
        Finding(_stated_twice_severity(tuple(group)), "same_quantity",
                f"{group[0].id} and {group[1].id} carry the same label but different values",
                " ≠ ".join(_fmt(f.value) for f in group), [f.cite() for f in group],
                f"同一名称“{group[0].label}”出现两个不同数值")
        for group in by_label.values()
        if len(group) > 1 and len({f.value for f in group}) > 1
    ]


def _per_unit_findings(figs: dict[str, Figure], lpr_max: float | None) -> list[Finding]:
    found = []

    def ratio_finding(num_id, den_id, low, high, unit, why, severity):
        if num_id not in figs or den_id not in figs or figs[den_id].value == 0:
            return None
        num, den = figs[num_id], figs[den_id]
        ratio = num.value / den.value
        r_low = num.low / den.high if den.high else 0.0
        r_high = num.high / den.low if den.low > 0 else math.inf
        if r_high >= low and r_low <= high:
            return ratio
        found.append(Finding(
            severity, "per_unit", f"{why}: {ratio:,.2f} {unit} is outside {_fmt(low)}–{_fmt(high)} {unit}",
            f"{_fmt(num.value)} / {_fmt(den.value)} = {ratio:,.2f} {unit}", [num.cite(), den.cite()],
            f"{num.name}÷{den.name} = {ratio:,.2f}{unit}，超出合理范围{_fmt(low)}–{_fmt(high)}{unit}"))
        return ratio

    for spec in PER_UNIT:
        ratio_finding(*spec)
    town = None
    if all(i in figs for i in TOWN_HOUSEHOLD) and figs[TOWN_HOUSEHOLD[1]].value:
        town = figs[TOWN_HOUSEHOLD[0]].value / figs[TOWN_HOUSEHOLD[1]].value
    low, high = HOUSEHOLD_SIZE_RANGE
    for people, households in HOUSEHOLD_SIZE_PAIRS:
        size = ratio_finding(people, households, low, high, "人/户",
                             f"household size of {households}", "warning")
        if size is None or town is None or abs(size / town - 1) <= HOUSEHOLD_SIZE_NOTE:
            continue
        p, h = figs[people], figs[households]
        tp, th = figs[TOWN_HOUSEHOLD[0]], figs[TOWN_HOUSEHOLD[1]]
        found.append(Finding(
            "note", "per_unit",
            f"household size of {households} ({size:.2f}) differs from the town's ({town:.2f}) "
            f"by {100 * (size / town - 1):+.1f}%",
            f"{_fmt(p.value)} / {_fmt(h.value)} = {size:.2f} 人/户 vs {_fmt(tp.value)} / {_fmt(th.value)} = {town:.2f} 人/户",
            [p.cite(), h.cite(), tp.cite(), th.cite()],
            f"{h.name}的户均人数{size:.2f}与全镇平均{town:.2f}相差{100 * (size / town - 1):+.1f}%"))
    amount_id, recipients_id, limit = SUBSIDY
    if lpr_max is not None and amount_id in figs and recipients_id in figs and figs[recipients_id].value:
        amount, recipients = figs[amount_id], figs[recipients_id]
        per = amount.value / recipients.value
        cap = limit * lpr_max / 100
        if amount.low / recipients.high > cap:
            found.append(Finding(
                "warning", "per_unit",
                f"subsidy per recipient {per:,.2f} 元 exceeds a year's interest on a {_fmt(limit)} 元 loan "
                f"at the year's highest 1-year LPR ({lpr_max:.2f}%)",
                f"{_fmt(amount.value)} / {_fmt(recipients.value)} = {per:,.2f} 元 > "
                f"{_fmt(limit)} × {lpr_max:.2f}% = {cap:,.2f} 元", [amount.cite(), recipients.cite()],
                f"人均贴息{per:,.2f}元，超过{_fmt(limit)}元贷款按当年最高1年期LPR（{lpr_max:.2f}%）计的全年利息"))
    return found


_LIST_SPLIT = re.compile(r"[、，,和及]")
_CLAUSE_END = "，。；：！？,;:!?\n（）()"


def listed_names_count(source: str, quote: str) -> list[tuple[int, str, bool]]:
    """Names listed next to each occurrence of ``quote`` in ``source``.

    Two forms are recognised: a parenthesised list right after the quote
    (``达标村5个（纸房、官地、垢峪、古城、赵庄）``) and a 、-separated list
    ending in 等 right before it (``石门村、…、王坪村等8个村``).

    Returns
    -------
    list of (count, list text, closed)
        ``closed`` is True for a parenthesised list (exhaustive) and False
        for an 等 list (which may be open-ended).
    """
    found = []
    start = source.find(quote)
    while start >= 0:
        end = start + len(quote)
        after = source[end:end + 1]
        if after in "（(":
            close = re.search(r"[）)]", source[end:])
            if close is not None:
                inner = source[end + 1:end + close.start()]
                items = [s for s in _LIST_SPLIT.split(inner) if s.strip()]
                if len(items) > 1:
                    found.append((len(items), source[end:end + close.end()], True))
        number = re.search(r"\d|[一二两三四五六七八九十]", quote)
        prefix_end = start + (number.start() if number else 0)
        if prefix_end > 0 and source[prefix_end - 1] == "等":
            j = prefix_end - 1
            i = j
            while i > 0 and source[i - 1] not in _CLAUSE_END:
                i -= 1
            segment = source[i:j]
            if "、" in segment:
                found.append((segment.count("、") + 1, segment + "等", False))
        start = source.find(quote, start + 1)
    return found


def _listed_findings(figs: dict[str, Figure], source: str | None) -> list[Finding]:
    if not source:
        return []
    found = []
    for fig in figs.values():
        if fig.unit not in COUNT_UNITS or not fig.quote:
            continue
        for count, text, closed in listed_names_count(source, fig.quote):
            if fig.low <= count <= fig.high:
                continue
            if not closed and count < fig.value:
                severity = "note"
                message = f"{fig.id} states {_fmt(fig.value)} but the 等 list before it names {count}"
            else:
                severity = "contradiction"
                message = f"{fig.id} states {_fmt(fig.value)} but the list next to it names {count}"
            zh = f"{fig.name}称{_fmt(fig.value)}{fig.unit}，但旁边列举了{count}个名称"
            found.append(Finding(severity, "listed_names", message,
                                 f"{text} → {count} names vs {_fmt(fig.value)} {fig.unit}", [fig.cite()], zh))
    return found


# ---------------------------------------------------------------- entry points
def lpr_max_for_year(year: int, path: Path | None = None) -> float | None:
    """Highest 1-year LPR (%) in force at any time during ``year``.

    Reads ``data/reference/lpr_1y.csv`` (columns ``effective_date``,
    ``rate_pct``, ``source``); None if the file is missing or has no rate
    for the year.
    """
    path = path or paths.reference_dir() / "lpr_1y.csv"
    if not path.exists():
        return None
    frame = read_table(path)
    dates = pd.to_datetime(frame["effective_date"])
    rates = frame["rate_pct"].astype(float)
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    in_force = (dates >= start) & (dates <= end)
    before = dates < start
    if before.any():
        in_force |= dates == dates[before].max()
    return float(rates[in_force].max()) if in_force.any() else None


def audit(table: pd.DataFrame, source_text: str | None = None,
          lpr_max: float | None = None) -> list[Finding]:
    """Check a year's published figures against each other.

    Parameters
    ----------
    table : DataFrame
        A figures table as returned by :func:`published.load_published`
        (columns ``id, section, year, value, unit, bound, quote`` at least;
        ``value`` in base units: 元, 亩, 户, 人, % as 0–100).
    source_text : str, optional
        The report text, for the listed-names rule (skipped without it).
    lpr_max : float, optional
        The year's highest 1-year LPR in %, for the subsidy-per-recipient
        rule (skipped without it).

    Returns
    -------
    list of Finding
        Sorted by severity (contradictions first), rule, then figure ids.
    """
    figs = _figures(table)
    findings = (
        _rate_findings(figs) + _subset_findings(figs) + _parts_whole_findings(figs)
        + _same_quantity_findings(figs) + _per_unit_findings(figs, lpr_max)
        + _listed_findings(figs, source_text)
    )
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.rule,
                                           [c["id"] for c in f.figures], f.message))


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table for notebooks: one row per finding, figures cited
    as ``id = value unit 「quote」`` lines."""
    rows = [{
        "severity": f.severity, "rule": f.rule, "message": f.message,
        "computation": f.computation,
        "figures": "\n".join(f"{c['id']} = {format_decimal(c['value'])} {c['unit']} 「{c['quote']}」"
                             f" ({c['section']})" for c in f.figures),
    } for f in findings]
    return pd.DataFrame(rows, columns=["severity", "rule", "message", "computation", "figures"])


def audit_year(year: int, data_dir: str | Path | None = None) -> list[Finding]:
    """Load the published table, source text and LPR of ``year`` and audit them.

    ``data_dir`` is the folder holding ``published/``, ``sources/`` and
    ``reference/`` (default: the project's ``data/``).

    Raises
    ------
    InputError
        If the published table is invalid.
    FileNotFoundError
        If the year has no published table.
    """
    from .published import load_published

    data = Path(data_dir) if data_dir is not None else paths.data_dir()
    published = data / "published" / f"tantou_{year}.csv"
    if not published.is_file():
        raise FileNotFoundError(str(published))
    table = load_published(year, published)
    source = data / "sources" / f"tantou_{year}_report.txt"
    text = read_text(source) if source.exists() else None
    return audit(table, source_text=text, lpr_max=lpr_max_for_year(year, data / "reference" / "lpr_1y.csv"))


def run_audit(year: int, as_json: bool = False) -> int:
    """``tanto audit --year Y [--json]``: print the findings.

    Returns
    -------
    int
        0 when the audit ran (with or without findings); 1 when the
        published table could not be loaded.
    """
    try:
        findings = audit_year(year)
    except InputError as exc:
        click.echo(str(exc), err=True)
        return 1
    except FileNotFoundError as exc:
        click.echo(f"no published figures for {year}: {display_path(str(exc))} not found", err=True)
        return 1
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        return 0
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    click.echo(f"audit of {year}: " + ", ".join(f"{n} {s}(s)" for s, n in counts.items()))
    for f in findings:
        click.echo(f"\n[{f.severity}] {f.rule}: {f.message}")
        click.echo(f"    {f.computation}")
        for c in f.figures:
            click.echo(f"    {c['id']} = {format_decimal(c['value'])} {c['unit']}  「{c['quote']}」 ({c['section']})")
    return 0
