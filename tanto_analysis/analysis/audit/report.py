"""The audit's findings for a reader: ``tanto audit`` text and JSON, and a notebook table.

The findings themselves come from :mod:`tanto_analysis.analysis.audit.engine`; this module
only formats them.  ``run_audit`` exits 0 whenever the audit ran, findings or
not (the audit describes the report, it does not gate a build), and 1 only
when the published table cannot be loaded.
"""

from __future__ import annotations

import json

import click
import pandas as pd

from ...core.errors import display_path
from ...core.numbers import format_number
from .engine import SEVERITIES, Finding, audit_year

__all__ = ["findings_frame", "run_audit"]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table for notebooks.

    Parameters
    ----------
    findings : list of Finding
        As returned by :func:`tanto_analysis.analysis.audit.engine.audit`.

    Returns
    -------
    DataFrame
        One row per finding, in the given order, with columns ``severity``,
        ``rule``, ``message``, ``computation`` and ``figures``: each figure
        cited as a line ``id = value unit 「quote」 (section)``, the value in
        its base unit (元, 亩, 户, 人, %).
    """
    rows = [{
        "severity": f.severity, "rule": f.rule, "message": f.message,
        "computation": f.computation,
        "figures": "\n".join(f"{c['id']} = {format_number(c['value'], None, grouping=False)} {c['unit']} 「{c['quote']}」"
                             f" ({c['section']})" for c in f.figures),
    } for f in findings]
    return pd.DataFrame(rows, columns=["severity", "rule", "message", "computation", "figures"])


def run_audit(year: int, as_json: bool = False) -> int:
    """``tanto audit --year Y [--json]``: print the findings.

    Parameters
    ----------
    year : int
        The report year; its table is ``data/published/<year>.csv``.
    as_json : bool
        Print the findings as a JSON list (UTF-8, Chinese as is) instead of
        a summary line and one block per finding.

    Returns
    -------
    int
        0 when the audit ran (with or without findings); 1 when the year
        has no published table.

    Raises
    ------
    InputError
        If the published table is invalid (``tanto`` prints its
        ``file:row:column`` problems and exits 1).
    """
    try:
        findings = audit_year(year)
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
            click.echo(f"    {c['id']} = {format_number(c['value'], None, grouping=False)} {c['unit']}  「{c['quote']}」 ({c['section']})")
    return 0
