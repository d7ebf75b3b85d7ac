"""What a rule of the audit is, what it gets to look at, and what it finds.

Every kind of rule (:mod:`tanto_analysis.analysis.audit.rules`,
:mod:`tanto_analysis.analysis.audit.ratio_rules`,
:mod:`tanto_analysis.analysis.audit.statement_rules`) is a small frozen dataclass
below :class:`Rule`: its fields name the figures it relates, it validates them
when it is declared, and :meth:`Rule.findings` checks the relation against a
year's figures.  The engine (:mod:`tanto_analysis.analysis.audit.auditor`) only
runs the declared rules (:mod:`tanto_analysis.analysis.audit.declared`) and sorts
what they find.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from .terms import Figure

__all__ = ["SEVERITIES", "AuditContext", "Finding", "Rule"]

SEVERITIES: tuple[str, ...] = ("contradiction", "warning", "note")


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


@dataclass(frozen=True)
class AuditContext:
    """What some rules need besides the figures.

    Parameters
    ----------
    source_text : str, optional
        The report's text, for the listed-names rule (skipped without it).
    lpr_max : float, optional
        The year's highest 1-year LPR in % (e.g. 3.80), for the subsidy cap
        (skipped without it).
    """

    source_text: str | None = None
    lpr_max: float | None = None


@dataclass(frozen=True)
class Rule:
    """Base class of the audit's rules: a relation among a year's figures.

    A subclass sets ``rule`` (the id its findings carry), declares its
    parameters as fields, validates them in ``__post_init__`` and implements
    :meth:`findings`.  Figures are named by term: an id or ``sum:<regex>``,
    ``{year}`` standing for each year in the table
    (:mod:`tanto_analysis.analysis.audit.terms`).  A rule whose figures are
    missing finds nothing.
    """

    rule: ClassVar[str] = ""

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        """Check the relation against a year's figures.

        Parameters
        ----------
        figs : dict of str to Figure
            The year's figures as intervals, keyed by id
            (:func:`~tanto_analysis.analysis.audit.terms.table_figures`).
        context : AuditContext
            The report text and the year's highest LPR, when known.

        Returns
        -------
        list of Finding
            Empty when the relation holds within the figures' rounding or
            its figures are missing.
        """
        raise NotImplementedError

    def terms(self) -> tuple[str, ...]:
        """The figure terms the rule names (empty for rules that look at every figure).

        Returns
        -------
        tuple of str
            Ids and ``sum:<regex>`` terms, ``{year}`` unreplaced.
        """
        return ()

    def _check_one_of(self, name: str, options: Iterable[Any]) -> None:
        """Raise ValueError unless field ``name`` is one of ``options``."""
        value = getattr(self, name)
        options = tuple(options)
        if value not in options:
            raise ValueError(f"{type(self).__name__}: {name} must be one of "
                             f"{', '.join(map(repr, options))}, not {value!r}")

    def _check_terms(self, name: str) -> None:
        """Raise ValueError unless field ``name`` is a non-empty tuple of non-empty strings."""
        value = getattr(self, name)
        if not isinstance(value, tuple) or not value or not all(isinstance(t, str) and t for t in value):
            raise ValueError(f"{type(self).__name__}: {name} must be a non-empty tuple of terms "
                             f"(ids or sum:<regex>), not {value!r}")

    def _check_ids(self, *names: str) -> None:
        """Raise ValueError unless each field in ``names`` is a non-empty string."""
        for name in names:
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"{type(self).__name__}: {name} must be a figure id or term, not {value!r}")
