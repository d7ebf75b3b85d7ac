"""Disclosure control: nothing a page shows lets a reader single out a household.

Every breakdown computed from ledger rows (a village's loans, a post type's
posts, an expiry year's 亩) passes :func:`protect` before it is shown, and
every histogram :func:`~tanto_analysis.analysis.safe_bins.safe_bins`.  The rules are those of national
statistics offices and of ACRO, sdcTable and Statistics Norway's
GaussSuppression (see ``docs/disclosure.md``), declared per project in the
``[disclosure]`` table of ``tanto.toml`` (:func:`project_rules`):

**minimum frequency**
    a cell built from fewer than ``min_frequency`` contributors (default 3
    households, persons or contracts) is suppressed;
**dominance**, the (n, k) rule
    a sum of 元 or 亩 whose ``dominance_n`` largest contributors hold more
    than ``dominance_k`` % of it (default (1, 85)) is suppressed;
**p % rule** (optional, ``p_percent`` > 0)
    a sum is suppressed when what remains after its two largest
    contributors is less than p % of the largest (the second-largest could
    estimate the largest to within p %);
**secondary suppression**
    a breakdown adds up to a town total that stays shown, so one suppressed
    cell would follow from the others.  Cells are suppressed in addition,
    smallest first, until the suppressed cells are at least two and, taken
    together, pass the rules above themselves: what a reader can work out
    (the total less the shown cells) is then the sum of a group that may be
    published.

Published figures are public already and are never suppressed; town-level
totals stay shown.  A suppressed cell is shown as suppressed (a mark with
its reason, :func:`mark`), never as zero or missing; charts leave its bar
out and say so (:func:`note`).

Examples
--------
>>> rules = Rules()
>>> rules.primary(value=50000, contributors=1, top1=50000, top2=0, magnitude=True)
'frequency'
>>> rules.primary(value=100000, contributors=4, top1=90000, top2=5000, magnitude=True)
'dominance'
>>> rules.primary(value=100000, contributors=4, top1=30000, top2=30000, magnitude=True)
''
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ConfigurationError, display_path
from ..core.numbers import format_number
from ..core.settings import settings_path, settings_table
from ..core.text import tr

if TYPE_CHECKING:  # pandas and the ledger engine load where a breakdown is protected: the renderer needs neither
    import pandas as pd

    from ..ledgers.contributions import Measure

__all__ = [
    "ATTRS_KEY", "CONTRIBUTORS", "REASONS", "Protection", "Rules", "contributor_unit", "mark",
    "Withheld", "note", "project_rules", "protect", "protection_of",
]

#: Why a cell is suppressed, in the order a cell's reason is chosen.
REASONS: tuple[str, ...] = ("frequency", "dominance", "p_percent", "secondary")
#: The contributor column of each ledger (a project may set others in ``[disclosure.contributors]``).
CONTRIBUTORS: dict[str, str] = {
    "loans": "household_id", "loan_subsidies": "household_id", "welfare_posts": "household_id",
    "job_placements": "person_id", "land_contracts": "contract_id",
}
#: What a contributor column counts (words: ``sdc.unit.<unit>`` in the text catalogue).
_UNITS: dict[str, str] = {"household_id": "household", "person_id": "person", "contract_id": "contract"}
#: Where a protected frame keeps its protection (``DataFrame.attrs``), so tables and charts find it.
ATTRS_KEY = "tanto_disclosure"


def contributor_unit(column: str) -> str:
    """The kind of contributor a column counts: ``household``, ``person``, ``contract`` (else ``contributor``)."""
    return _UNITS.get(column, "contributor")


@dataclass(frozen=True)
class Rules:
    """A project's disclosure rules (``[disclosure]`` in ``tanto.toml``).

    Attributes
    ----------
    min_frequency : int
        Fewest contributors a shown cell may have (default 3).
    dominance_n, dominance_k : int, float
        The (n, k) dominance rule: a sum is suppressed when its ``n`` largest
        contributors hold more than ``k`` % of it (default (1, 85); n is 1 or 2).
    p_percent : float
        The p % rule, off at 0 (the default).
    contributors : mapping of str to str
        The contributor column of each ledger (default :data:`CONTRIBUTORS`, and
        the ``contributor`` of each ledger the project declares in ``[ledgers.<name>]``).
    """

    min_frequency: int = 3
    dominance_n: int = 1
    dominance_k: float = 85.0
    p_percent: float = 0.0
    contributors: Mapping[str, str] = field(default_factory=lambda: dict(CONTRIBUTORS))

    def __post_init__(self) -> None:
        problems = []
        if not isinstance(self.min_frequency, int) or isinstance(self.min_frequency, bool) or self.min_frequency < 1:
            problems.append(f"min_frequency must be a whole number of at least 1; got {self.min_frequency!r}")
        if self.dominance_n not in (1, 2) or isinstance(self.dominance_n, bool):
            problems.append(f"dominance_n must be 1 or 2; got {self.dominance_n!r}")
        if not _number(self.dominance_k) or not 0 < self.dominance_k <= 100:
            problems.append(f"dominance_k must be a percentage above 0 and at most 100; got {self.dominance_k!r}")
        if not _number(self.p_percent) or not 0 <= self.p_percent < 100:
            problems.append(f"p_percent must be a percentage from 0 (off) to below 100; got {self.p_percent!r}")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in dict(self.contributors).items()):
            problems.append("contributors must map a ledger name to a column name")
        if problems:
            raise ConfigurationError("disclosure rules: " + "; ".join(problems))

    def primary(self, *, value: float, contributors: float, top1: float, top2: float, magnitude: bool) -> str:
        """Why a cell may not be shown on its own (a key of :data:`REASONS`), or ``''``.

        ``value`` is the cell (a count or a sum), ``contributors`` how many
        contribute to it, ``top1`` and ``top2`` the two largest contributions
        (in the value's unit).  An empty cell (no contributor) is shown: it
        is nobody's.  The dominance and p % rules apply to sums (``magnitude``).
        """
        if contributors <= 0:
            return ""
        if contributors < self.min_frequency:
            return "frequency"
        if not magnitude or value <= 0:
            return ""
        largest = top1 + (top2 if self.dominance_n == 2 else 0.0)
        if largest > self.dominance_k / 100 * value:
            return "dominance"
        if self.p_percent and value - top1 - top2 < self.p_percent / 100 * top1:
            return "p_percent"
        return ""

    def describe(self, lang: str, unit: str = "household") -> str:
        """The rules in words, for a page's footer and notes."""
        words = _words(self, unit, lang)
        text = tr("sdc.rules", lang, **words)
        return text + tr("sdc.rules.p", lang, **words) if self.p_percent else text


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def project_rules(root: str | Path | None = None) -> Rules:
    """The rules of the project at ``root`` (default the project root): ``[disclosure]`` of ``tanto.toml``.

    Raises
    ------
    ConfigurationError
        For an unknown setting or a value out of range, naming the file.
    """
    table = dict(settings_table("disclosure", root))
    known = {f.name for f in fields(Rules)}
    unknown = sorted(set(table) - known)
    where = display_path(settings_path(root))
    if unknown:
        raise ConfigurationError(f"{where}: [disclosure] has unknown setting(s) {', '.join(unknown)}; "
                                 f"expected {', '.join(sorted(known))}")
    from ..reference.ledger_declarations import (
        declared_ledgers,  # pydantic, only where a project's rules are read
    )

    declared = {name: decl.contributor for name, decl in declared_ledgers(root).items()}
    if "contributors" in table:
        if not isinstance(table["contributors"], dict):
            raise ConfigurationError(f"{where}: [disclosure.contributors] must map a ledger name to a column")
        table["contributors"] = {**CONTRIBUTORS, **declared, **table["contributors"]}
    elif declared:
        table["contributors"] = {**CONTRIBUTORS, **declared}
    try:
        return Rules(**table)
    except ConfigurationError as exc:
        raise ConfigurationError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class Protection:
    """What disclosure control decided for one breakdown.

    Attributes
    ----------
    key : str
        The name of the breakdown's cells (``village``, ``post_type``, ``expiry_year`` …):
        a column or the index of the frames it protects.  ``""`` stands for
        the whole town (a town-level table: nothing to suppress).
    suppressed : mapping
        Each suppressed cell's key, as text → its reason (a key of
        :data:`REASONS`); a cell not listed is shown.
    unit : str
        What its contributors are (``household``, ``person``, ``contract``).
    rules : Rules
        The rules applied.
    """

    key: str
    suppressed: Mapping[object, str]
    unit: str
    rules: Rules

    def reason(self, cell: object) -> str:
        """The reason ``cell`` is suppressed, or ``''`` if it is shown."""
        return self.suppressed.get(str(cell), "")

    def counts(self) -> dict[str, int]:
        """How many cells are suppressed for each reason (only reasons that occur), in :data:`REASONS` order."""
        found = list(self.suppressed.values())
        return {r: found.count(r) for r in REASONS if r in found}

    def apply(self, frame: pd.DataFrame, key: str | None = None) -> pd.DataFrame:
        """``frame`` (a copy) carrying this protection in ``attrs`` (itself, never copied), for :func:`protection_of`.

        ``key`` names the frame's column (or index) holding the cells, when
        it is not :attr:`key` (a tidy table's ``scope`` for villages).
        """
        out = frame.copy()
        out.attrs[ATTRS_KEY] = replace(self, key=key) if key else self
        return out

    def __deepcopy__(self, memo: dict) -> Protection:
        """Itself: a decision is never changed, and pandas copies a frame's ``attrs`` at every step."""
        return self

    def renamed(self, names: Mapping[str, str]) -> Protection:
        """The same decision for cells shown under other names (a category translated for the English page)."""
        return replace(self, suppressed={names.get(k, k): r for k, r in self.suppressed.items()})

    @classmethod
    def town(cls, rules: Rules) -> Protection:
        """The protection of a town-level table: its totals stay shown (nothing to suppress)."""
        return cls("", {}, "household", rules)

    def row_reasons(self, frame: pd.DataFrame) -> pd.Series:
        """Each row's reason (``''`` if shown), found by the row's key in a column or the index named :attr:`key`."""
        import pandas as pd

        if not self.key:
            return pd.Series("", index=frame.index, dtype=object)
        if self.key in frame.columns:
            cells = frame[self.key]
        elif self.key in (frame.index.names or []):
            cells = frame.index.get_level_values(self.key)
        else:
            raise ConfigurationError(f"this table has no column or index {self.key!r}: its disclosure control "
                                     f"is by {self.key}; keep that column to show it")
        return pd.Series([self.reason(c) for c in cells], index=frame.index, dtype=object)


def protection_of(frame: pd.DataFrame) -> Protection | None:
    """The protection a frame carries (:meth:`Protection.apply`), or None."""
    found = frame.attrs.get(ATTRS_KEY)
    return found if isinstance(found, Protection) else None


def protect(by: str, measures: Sequence[Measure], rules: Rules, *, key: str | None = None) -> Protection:
    """Decide which cells of a breakdown may be shown (primary, then secondary suppression).

    Parameters
    ----------
    by : str
        The breakdown: a ledger column or SQL expression (``village``, ``year(end_date)``).
    measures : sequence of Measure
        The quantities shown for each cell (a count, a sum of 元 …), each with
        its ledger and contributor column; a cell is suppressed in all of them
        when one of them fails.
    rules : Rules
        The project's rules.
    key : str, optional
        The name the shown frames give the cells (default ``by``).

    Returns
    -------
    Protection
        The suppressed cells and why.  Secondary cells are added smallest
        first (by the first measure) until the suppressed cells are at least
        two and together pass the primary rules in every measure.
    """
    from ..ledgers.contributions import cells_stats

    stats = cells_stats(measures, by)
    suppressed: dict[object, str] = {}
    for m, frame in zip(measures, stats, strict=True):
        for cell, row in frame.iterrows():
            reason = rules.primary(value=row["value"], contributors=row["contributors"], top1=row["top1"],
                                   top2=row["top2"], magnitude=m.magnitude)
            if reason and REASONS.index(reason) < REASONS.index(suppressed.get(cell, "secondary")):
                suppressed[cell] = reason
            elif reason:
                suppressed.setdefault(cell, reason)
    if suppressed:
        sizes = dict(zip(stats[0].index, stats[0]["value"], strict=True))
        cells = sorted({c for frame in stats for c in frame.index} - set(suppressed),
                       key=lambda c: (float(sizes.get(c, 0.0)), str(c)))
        cells = [c for c in cells if any(float(f["contributors"].get(c, 0)) > 0 for f in stats)]
        while not _group_passes(by, measures, list(suppressed), rules) and cells:
            suppressed[cells.pop(0)] = "secondary"
    unit = contributor_unit(measures[0].contributor) if measures else "household"
    return Protection(key or by, {str(c): r for c, r in suppressed.items()}, unit, rules)


def _group_passes(by: str, measures: Sequence[Measure], cells: list, rules: Rules) -> bool:
    if len(cells) < 2:
        return False
    from ..ledgers.contributions import groups_stats

    for m, g in zip(measures, groups_stats(measures, by, cells), strict=True):
        if rules.primary(value=g["value"], contributors=g["contributors"], top1=g["top1"], top2=g["top2"],
                         magnitude=m.magnitude):
            return False
    return True


def _words(rules: Rules, unit: str, lang: str) -> dict[str, str]:
    """The fields of the catalogue's ``sdc.*`` texts: the threshold, the unit, the dominance rule."""
    return {"k": str(rules.min_frequency), "unit": tr(f"sdc.unit.{unit}", lang), "n": str(rules.dominance_n),
            "share": format_number(rules.dominance_k), "p": format_number(rules.p_percent)}


class Withheld(str):
    """The text shown in place of a suppressed cell (a ``str``; tables style it as a note, not a number)."""

    withheld = True


def mark(reason: str, rules: Rules, unit: str, lang: str) -> Withheld:
    """How a suppressed cell is shown: ``—（少于3户，不公布）`` / ``— (fewer than 3 households, not shown)``."""
    return Withheld(tr(f"sdc.mark.{reason}", lang, **_words(rules, unit, lang)))


def note(counts: Mapping[str, int], rules: Rules, unit: str, lang: str, *, chart: bool = False) -> str:
    """The sentence under a table or chart with suppressed cells ('' if none): how many, and why."""
    total = sum(counts.values())
    if not total:
        return ""
    words = _words(rules, unit, lang)
    reasons = tr("sep.list", lang).join(
        tr("sdc.reason_count", lang, reason=tr(f"sdc.reason.{r}", lang, **words), n=n) for r, n in counts.items())
    return tr("sdc.note.chart" if chart else "sdc.note.table", lang, n=total, reasons=reasons)
