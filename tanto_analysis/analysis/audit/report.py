"""The audit's findings for a reader: ``tanto audit`` text and JSON, and a notebook table.

The findings themselves come from :mod:`tanto_analysis.analysis.audit.auditor`; this module
only formats them.  ``tanto audit`` (:mod:`tanto_analysis.cli`) prints them:
it exits 0 whenever the audit ran, findings or not (the audit describes the
report, it does not gate a build), and 1 only when the published table cannot
be loaded.
"""

from __future__ import annotations

import pandas as pd

from ...core.numbers import format_number
from .auditor import Finding

__all__ = ["figure_line", "findings_frame"]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table for notebooks.

    Parameters
    ----------
    findings : list of Finding
        As returned by :func:`tanto_analysis.analysis.audit.auditor.audit`.

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
        "figures": "\n".join(figure_line(c) for c in f.figures),
    } for f in findings]
    return pd.DataFrame(rows, columns=["severity", "rule", "message", "computation", "figures"])


def figure_line(figure: dict, gap: str = " ") -> str:
    """A cited figure as ``id = value unit 「quote」 (section)``, the value in its base unit (元, 亩, 户, 人, %).

    ``gap`` separates the unit from the quote (``tanto audit`` uses two spaces).
    """
    return (f"{figure['id']} = {format_number(figure['value'], None, grouping=False)} {figure['unit']}{gap}"
            f"「{figure['quote']}」 ({figure['section']})")
