"""Consistency audit: a year's published figures checked against each other.

The audit never changes a figure.  It states where the report's own numbers
do not fit together, so an analyst can ask the town before quoting them.

How it works
------------
Each figure stands for the interval of values its written form allows
(:mod:`tanto_analysis.figures.precision`): ``69%`` allows 68.5–69.5,
``300余个`` allows 300 or more, a plain count ``11个`` is exact.  A relation
between figures is flagged only when no values inside those intervals
satisfy it, so a figure that agrees within the report's own rounding is never
flagged.

The rules are declared as data (in :mod:`tanto_analysis.analysis.audit.declared`,
documented in ``docs/audit.md``); each kind of rule is a small dataclass with its
own check (:mod:`tanto_analysis.analysis.audit.rules`,
:mod:`tanto_analysis.analysis.audit.ratio_rules`,
:mod:`tanto_analysis.analysis.audit.statement_rules`).  Rules name figures by term: an indicator key,
``key@{year}`` or ``sum:<regex>``, with ``{year}`` replaced by each year present in the table
or by the year of the ``year_from`` figure (:mod:`tanto_analysis.analysis.audit.terms`).
A relation whose figures are missing is skipped, so the same declarations
apply to next year's table.  Some rules look at every figure instead of
named ones: a share outside 0–100 %, one indicator key stated twice with
different values, figures sharing a drafted label (a note for review, never a
contradiction), the names listed next to a count and the parts listed after a
total in the source text (:mod:`tanto_analysis.analysis.audit.list_rules`).
A contradiction is said only when it is certain: two figures are one quantity
only when an indicator key says so.

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

import logging
from pathlib import Path

import pandas as pd

from ...core import paths
from ...core.report_text import read_report
from ...reference.lpr import lpr_max_in_year, lpr_steps
from .declared import RULES
from .finding import SEVERITIES, AuditContext, Finding, Rule
from .terms import Figure, lookup, table_figures

__all__ = ["SEVERITIES", "Finding", "audit", "audit_year", "lpr_max_for_year"]

logger = logging.getLogger(__name__)


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
    path = path or paths.lpr_path()
    if not path.exists():
        return None
    return lpr_max_in_year(year, lpr_steps(path))


def _checked(rule: Rule, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
    """The rule's findings; a rule that breaks on these figures is a warning naming them, not a crash.

    The other rules still run, and the reader learns which figures could not be checked.
    """
    try:
        return rule.findings(figs, context)
    except Exception as exc:  # noqa: BLE001 - any fault of one rule must not stop the audit
        named = [f for t in rule.terms() for f in [lookup(figs, t.split("@")[0])] if f is not None]
        ids = ", ".join(f.id for f in named) or "the table"
        logger.warning("audit rule %s failed on %s: %s: %s", rule.rule, ids, type(exc).__name__, exc)
        return [Finding("warning", rule.rule, f"the {rule.rule} rule could not be checked on {ids}: "
                        f"{type(exc).__name__}: {exc}", "", [f.cite() for f in named],
                        f"{ids}无法按此规则核对：{type(exc).__name__}: {exc}")]


def audit(table: pd.DataFrame, source_text: str | None = None,
          lpr_max: float | None = None, rules: tuple[Rule, ...] = RULES) -> list[Finding]:
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
    rules : tuple of Rule
        The rules to check, in order (default: the declared ones,
        :data:`tanto_analysis.analysis.audit.declared.RULES`).

    Returns
    -------
    list of Finding
        Sorted by severity (contradictions first), rule, then figure ids.
    """
    figs = table_figures(table)
    context = AuditContext(source_text=source_text, lpr_max=lpr_max)
    findings = [finding for rule in rules for finding in _checked(rule, figs, context)]
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

    published = paths.published_path(year, data_dir)
    if not published.is_file():
        raise FileNotFoundError(str(published))
    table = load_published(year, published, data_dir)
    source = paths.source_path(year, data_dir)
    text = read_report(source) if source.exists() else None
    lpr_max = lpr_max_for_year(year, paths.lpr_path(data_dir))
    if text is None:
        logger.debug("no report text %s: the listed-names rule is skipped", source)
    if lpr_max is None:
        logger.debug("no 1-year LPR for %s: the subsidy cap is skipped", year)
    return audit(table, source_text=text, lpr_max=lpr_max)
