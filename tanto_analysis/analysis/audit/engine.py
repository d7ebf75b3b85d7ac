"""Consistency audit: a year's published figures checked against each other.

The audit never changes a figure.  It states where the report's own numbers
do not fit together, so an analyst can ask the town before quoting them.

How it works
------------
Each figure stands for the interval of values its written form allows
(:mod:`tanto_analysis.analysis.audit.precision`): ``69%`` allows 68.5–69.5,
``300余个`` allows 300 or more, a plain count ``11个`` is exact.  A relation
between figures is flagged only when no values inside those intervals
satisfy it, so a figure that agrees within the report's own rounding is never
flagged.

The relations are declared as data (in :mod:`tanto_analysis.analysis.audit.rules`,
documented in ``docs/audit.md``) and name figures by term: an id or
``sum:<regex>``, with ``{year}`` replaced by each year present in the table
or by the year of the ``year_from`` figure (:mod:`tanto_analysis.analysis.audit.terms`).
A relation whose figures are missing is skipped, so the same declarations
apply to next year's table.  Two rules need no declaration: the same label
stated twice with different values, and the number of names listed next to a
count in the source text (:mod:`tanto_analysis.analysis.audit.listed_names`).

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

``tanto audit`` prints the findings (:mod:`tanto_analysis.analysis.audit.report`) and
exits 0 whenever the audit ran, findings or not: the audit describes the
report, it does not gate a build.  It exits 1 only when the published table
itself cannot be loaded.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from ...core import paths
from ...core.numbers import format_number as _format_number
from ...core.readers import read_text
from ...core.units import COUNT_UNITS
from ...reference.lpr import lpr_max_in_year, lpr_steps
from .listed_names import listed_names_count
from .precision import stated_interval
from .rules import (
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
from .terms import (
    Figure,
    cite_terms,
    resolve_term,
    resolve_terms,
    table_figures,
    term_years,
)

#: Audit messages write a fraction with exactly two decimals (2.80) and a whole number without.
format_number = partial(_format_number, trim=False)

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
    "listed_names_count",
    "stated_interval",
]

# ---------------------------------------------------------------- findings
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
        """The finding as a JSON-ready dict.

        Returns
        -------
        dict
            The fields above, in that order; figures' values in base units.
        """
        return asdict(self)


# ---------------------------------------------------------------- rules
def _rate_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for rate_id, num_terms, den_terms, how, year_from in RATES:
        years = [figs[year_from].year] if year_from in figs else term_years(num_terms + den_terms, figs)
        for year in years:
            rate = resolve_term(rate_id, figs, year)
            num = resolve_terms(num_terms, figs, year)
            den = resolve_terms(den_terms, figs, year)
            if rate is None or num is None or den is None or den.low <= 0:
                continue
            ratio = 100 * num.value / den.value
            r_low, r_high = 100 * num.low / den.high, 100 * num.high / den.low
            computation = f"({num.text}) / ({den.text}) × 100 = {ratio:.2f}%; stated {format_number(rate.value)}%"
            if how == "equal":
                ok = r_high >= rate.low and r_low <= rate.high
                message = f"{rate_id} is {format_number(rate.value)}% but its own figures give {ratio:.2f}%"
                zh = f"{rate.figures[0].name}为{format_number(rate.value)}%，但按其分子分母计算为{ratio:.2f}%"
            else:
                ok = r_high >= rate.low
                message = f"{rate_id} aims at {format_number(rate.value)}% but the plan reaches only {ratio:.2f}%"
                zh = f"{rate.figures[0].name}目标为{format_number(rate.value)}%，但计划只达到{ratio:.2f}%"
            if not ok:
                found.append(Finding("contradiction", "rate", message, computation, cite_terms(rate, num, den), zh))
    for rate_id, known_id, role in IMPLIED:
        if rate_id not in figs or known_id not in figs or figs[rate_id].value == 0:
            continue
        rate, known = figs[rate_id], figs[known_id]
        if role == "numerator":
            implied = known.value / (rate.value / 100)
            low, high = known.low / (rate.high / 100), known.high / (rate.low / 100)
            computation = f"{format_number(known.value)} {known.unit} / {format_number(rate.value)}% = {format_number(implied)} {known.unit}"
            what, what_zh = "denominator", "分母"
        else:
            implied = known.value * rate.value / 100
            low, high = known.low * rate.low / 100, known.high * rate.high / 100
            computation = f"{format_number(known.value)} {known.unit} × {format_number(rate.value)}% = {format_number(implied)} {known.unit}"
            what, what_zh = "numerator", "分子"
        computation += f"; the stated rounding allows {format_number(low)}–{format_number(high)} {known.unit}"
        message = f"{rate_id}: the {what} is not published; implied {format_number(implied)} {known.unit}"
        zh = f"{rate.name}的{what_zh}未公布，推算约为{format_number(implied)}{known.unit}"
        found.append(Finding("note", "implied", message, computation, [rate.cite(), known.cite()], zh))
    for fig in figs.values():
        if fig.unit == "%" and not (0 <= fig.value <= 100):
            found.append(Finding("contradiction", "percent_range", f"{fig.id} is {format_number(fig.value)}%, outside 0–100%",
                                 f"{format_number(fig.value)} ∉ [0, 100]", [fig.cite()],
                                 f"{fig.name}为{format_number(fig.value)}%，超出0–100%"))
    return found


def _subset_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for part_term, whole_term in SUBSETS:
        for year in term_years((part_term, whole_term), figs):
            part, whole = resolve_term(part_term, figs, year), resolve_term(whole_term, figs, year)
            if part is None or whole is None or part.low <= whole.high:
                continue
            p_id, w_id = part.figures[0].id, whole.figures[0].id
            found.append(Finding(
                "contradiction", "subset",
                f"{p_id} ({format_number(part.value)} {part.figures[0].unit}) exceeds its whole {w_id} "
                f"({format_number(whole.value)} {whole.figures[0].unit})",
                f"{part.text} > {whole.text} (by {format_number(part.value - whole.value)})", cite_terms(part, whole),
                f"{part.figures[0].name}（{format_number(part.value)}{part.figures[0].unit}）大于其总体"
                f"{whole.figures[0].name}（{format_number(whole.value)}{whole.figures[0].unit}）"))
    return found


def _parts_whole_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for part_terms, whole_term, what, what_zh in PARTS_WHOLES:
        for year in term_years(part_terms + (whole_term,), figs):
            parts, whole = resolve_terms(part_terms, figs, year), resolve_term(whole_term, figs, year)
            if parts is None or whole is None:
                continue
            if parts.high >= whole.low and parts.low <= whole.high:
                continue
            label = what.replace("{year}", str(year))
            label_zh = what_zh.replace("{year}", str(year))
            severity = "contradiction" if parts.low > whole.high else "warning"
            found.append(Finding(
                severity, "parts_whole",
                f"{label}: parts sum to {format_number(parts.value)}, whole is {format_number(whole.value)}",
                f"{parts.text} = {format_number(parts.value)} vs {whole.text}", cite_terms(parts, whole),
                f"各部分合计{format_number(parts.value)}，而总体{whole.figures[0].name}为{format_number(whole.value)}"
                f"（{label_zh}）"))
    return found


def _stated_twice_severity(figures: tuple[Figure, ...]) -> str:
    """Two actuals that disagree cannot both be true; a target or plan that
    disagrees with another statement is an inconsistent plan, so a warning."""
    return "contradiction" if all(f.kind == "actual" for f in figures) else "warning"


def _same_quantity_findings(figs: dict[str, Figure]) -> list[Finding]:
    found = []
    for a_terms, b_terms, what, what_zh in SAME_QUANTITY:
        for year in term_years(a_terms + b_terms, figs):
            a, b = resolve_terms(a_terms, figs, year), resolve_terms(b_terms, figs, year)
            if a is None or b is None or (a.high >= b.low and a.low <= b.high):
                continue
            label = what.replace("{year}", str(year))
            label_zh = what_zh.replace("{year}", str(year))
            found.append(Finding(
                _stated_twice_severity(a.figures + b.figures), "same_quantity",
                f"{label} is stated as {format_number(a.value)} and as {format_number(b.value)}",
                f"{a.text} ≠ {b.text}", cite_terms(a, b),
                f"{label_zh}两处表述不一致：{format_number(a.value)}与{format_number(b.value)}"))
    by_label: dict[tuple, list[Figure]] = {}
    for fig in figs.values():
        if fig.label:
            by_label.setdefault((fig.year, fig.scope, fig.unit, fig.label), []).append(fig)
    return found + [
        Finding(_stated_twice_severity(tuple(group)), "same_quantity",
                f"{group[0].id} and {group[1].id} carry the same label but different values",
                " ≠ ".join(format_number(f.value) for f in group), [f.cite() for f in group],
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
            severity, "per_unit", f"{why}: {ratio:,.2f} {unit} is outside {format_number(low)}–{format_number(high)} {unit}",
            f"{format_number(num.value)} / {format_number(den.value)} = {ratio:,.2f} {unit}", [num.cite(), den.cite()],
            f"{num.name}÷{den.name} = {ratio:,.2f}{unit}，超出合理范围{format_number(low)}–{format_number(high)}{unit}"))
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
            f"{format_number(p.value)} / {format_number(h.value)} = {size:.2f} 人/户 vs {format_number(tp.value)} / {format_number(th.value)} = {town:.2f} 人/户",
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
                f"subsidy per recipient {per:,.2f} 元 exceeds a year's interest on a {format_number(limit)} 元 loan "
                f"at the year's highest 1-year LPR ({lpr_max:.2f}%)",
                f"{format_number(amount.value)} / {format_number(recipients.value)} = {per:,.2f} 元 > "
                f"{format_number(limit)} × {lpr_max:.2f}% = {cap:,.2f} 元", [amount.cite(), recipients.cite()],
                f"人均贴息{per:,.2f}元，超过{format_number(limit)}元贷款按当年最高1年期LPR（{lpr_max:.2f}%）计的全年利息"))
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
                message = f"{fig.id} states {format_number(fig.value)} but the 等 list before it names {count}"
            else:
                severity = "contradiction"
                message = f"{fig.id} states {format_number(fig.value)} but the list next to it names {count}"
            zh = f"{fig.name}称{format_number(fig.value)}{fig.unit}，但旁边列举了{count}个名称"
            found.append(Finding(severity, "listed_names", message,
                                 f"{text} → {count} names vs {format_number(fig.value)} {fig.unit}", [fig.cite()], zh))
    return found


# ---------------------------------------------------------------- entry points
def lpr_max_for_year(year: int, path: Path | None = None) -> float | None:
    """Highest 1-year LPR (%) in force at any time during ``year``.

    Parameters
    ----------
    year : int
        Calendar year.
    path : Path, optional
        The LPR history, columns ``effective_date``, ``rate_pct`` (%) and
        ``source`` (default: ``data/reference/lpr_1y.csv``).

    Returns
    -------
    float or None
        The rate in % (e.g. 3.80), counting the rate already in force on
        1 January; None if the file is missing or has no rate for the year.
    """
    path = path or paths.reference_dir() / "lpr_1y.csv"
    if not path.exists():
        return None
    return lpr_max_in_year(year, lpr_steps(path))


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
    figs = table_figures(table)
    findings = (
        _rate_findings(figs) + _subset_findings(figs) + _parts_whole_findings(figs)
        + _same_quantity_findings(figs) + _per_unit_findings(figs, lpr_max)
        + _listed_findings(figs, source_text)
    )
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.rule,
                                           [c["id"] for c in f.figures], f.message))


def audit_year(year: int, data_dir: str | Path | None = None) -> list[Finding]:
    """Load the published table, source text and LPR of ``year`` and audit them.

    Parameters
    ----------
    year : int
        The report year.
    data_dir : str or Path, optional
        The folder holding ``published/``, ``sources/`` and ``reference/``
        (default: the project's ``data/``).  A missing source text or LPR
        table skips the rules that need it.

    Returns
    -------
    list of Finding
        As :func:`audit` returns them.

    Raises
    ------
    InputError
        If the published table is invalid.
    FileNotFoundError
        If the year has no published table.
    """
    from ...figures.published import load_published

    data = Path(data_dir) if data_dir is not None else paths.data_dir()
    published = data / "published" / f"tantou_{year}.csv"
    if not published.is_file():
        raise FileNotFoundError(str(published))
    table = load_published(year, published)
    source = data / "sources" / f"tantou_{year}_report.txt"
    text = read_text(source) if source.exists() else None
    return audit(table, source_text=text, lpr_max=lpr_max_for_year(year, data / "reference" / "lpr_1y.csv"))
