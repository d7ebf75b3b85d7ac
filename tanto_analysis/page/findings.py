"""Findings: a short sentence per finding, written in the notebook over computed values, shown on the page.

A page notebook states its findings in its own words, as f-strings over
values the library computed, one sentence in each language::

    v = y.values(y.domain_indicators("loans"))      # each indicator, as a sentence writes it
    y.say(zh=f"{y.year}年新增小额贴息贷款{v.loans_new_households}户、{v.loans_new_amount}元。",
          en=f"In {y.year} {v.loans_new_households} households took new loans totalling {v.loans_new_amount} yuan.")

:meth:`Values` gives each value as a :class:`Value`, which an f-string
writes as the page writes numbers (:func:`~tanto_analysis.core.numbers.format_number`,
with the figure's bound: ``300余``, ``约15,700``, ``more than 300``).  Safe by
default, whoever wrote the sentence:

* a value that disclosure control withholds (a suppressed village of a
  frame from ``y.by_village`` or ``y.breakdown``) is written as the withheld
  mark (``—（少于3户，不公布）``), never as its number;
* a sentence that quotes a value computed from ledgers (or no value of the
  published report at all) carries :data:`~tanto_analysis.core.text.SYNTHETIC_MARK`
  when the year's ledgers are synthetic;
* a sentence quoting a value the year does not have (a figure the report
  does not state) is left out, rather than written with a gap;
* the text is escaped (HTML and Markdown), so a sentence never adds markup.

Each formatted value carries an invisible tag (two private-use characters
around a letter) that :func:`finding` reads and removes; the tags never reach
an output.
"""

from __future__ import annotations

import difflib
import math
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from ..analysis.disclosure import mark, protection_of
from ..core.numbers import format_number
from ..core.text import SYNTHETIC_MARK, with_bound
from ..reference.indicators import load_registry
from ..reference.villages import current_town
from .html import render
from .sections import Fragment

__all__ = ["Finding", "Value", "Values", "finding", "pick", "say", "values"]

_TAG = re.compile("\ue000([plwm])\ue001")
#: What a tag says of its value: from the published report, from ledgers, withheld, missing.
PUBLISHED, LEDGERS, WITHHELD, MISSING = "p", "l", "w", "m"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


class Value:
    """One number for a finding: an f-string writes it as the page does, or as the withheld mark.

    Attributes
    ----------
    number : float or None
        The value in ``unit`` (元, 亩, 户, 人, %); None when the year does not have it.
    unit : str
        Its unit ('' when unknown).
    """

    __slots__ = ("bound", "lang", "number", "published", "unit", "withheld")

    def __init__(self, number: float | None, unit: str = "", *, lang: str = "zh", bound: str = "exact",
                 published: bool = False, withheld: str = "") -> None:
        missing = number is None or (isinstance(number, float) and math.isnan(number))
        self.number = None if missing else float(number)
        self.unit, self.lang, self.bound, self.published, self.withheld = unit, lang, bound, published, withheld

    def _text(self, spec: str = "") -> tuple[str, str]:
        if self.number is None:
            return MISSING, "—"
        if self.withheld:
            return WITHHELD, self.withheld
        number = format(self.number, spec) if spec else format_number(self.number)
        return PUBLISHED if self.published else LEDGERS, with_bound(number, self.bound, self.lang, inline=True)

    def __format__(self, spec: str) -> str:
        kind, text = self._text(spec)
        return f"\ue000{kind}\ue001{text}"

    def __str__(self) -> str:
        return format(self, "")

    def __float__(self) -> float:
        return float("nan") if self.number is None else self.number

    def __bool__(self) -> bool:
        """True when the year has the value (whether or not it is withheld)."""
        return self.number is not None

    def __repr__(self) -> str:
        return f"Value({self._text()[1]} {self.unit})".replace(" )", ")")


class Values(Mapping):
    """Values by name (an indicator, or a column of one row): ``v.loans_new_amount`` or ``v["loans_new_amount"]``.

    A name the year does not have gives a missing :class:`Value`, so its
    sentence is left out; when the table has rows but no indicator or
    column of that name (a typo?), a warning names the closest ones.
    """

    def __init__(self, found: dict[str, Value], known: set[str], lang: str) -> None:
        self._found, self._known, self._lang = found, known | set(found), lang

    def __getitem__(self, name: str) -> Value:
        if name in self._found:
            return self._found[name]
        if self._found and name not in self._known:
            close = difflib.get_close_matches(name, sorted(self._found), n=3)
            warnings.warn(f"no value {name!r}" + (f"; did you mean {', '.join(close)}?" if close else ""),
                          stacklevel=3)
        return Value(None, lang=self._lang)

    def __getattr__(self, name: str) -> Value:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def __repr__(self) -> str:
        return "Values(" + ", ".join(f"{k}={v!r}" for k, v in self._found.items()) + ")"


def values(frame: pd.DataFrame, lang: str, row: object = None) -> Values:
    """The values of ``frame`` for finding sentences.

    Parameters
    ----------
    frame : DataFrame
        A tidy table (columns ``indicator``, ``value``, ``unit``; the town's rows
        when it has a ``scope``): one value per indicator, with its ``bound``
        and, when every row is ``data_status`` published, marked as the
        report's.  Or any other frame with ``row``: that row's columns (a frame
        carrying a disclosure decision gives the withheld mark for a suppressed row).
    lang : {"zh", "en"}
        How the numbers and marks are written.
    row : optional
        The row (its index label, e.g. a village) of a frame that is not tidy.  Its
        values are the report's when the frame carries no disclosure decision and
        the row's ``data_status`` is published (a task's share done, from the report).

    Returns
    -------
    Values
    """
    if row is not None:
        return _row_values(frame, lang, row)
    if frame.empty:  # the year has none of these (no published table, a ledger missing)
        return Values({}, set(), lang)
    if not {"indicator", "value"} <= set(frame.columns):
        raise KeyError("values(frame) needs a tidy table (indicator, value, unit); for one row of another frame "
                       "pass row=..., e.g. y.values(by_village, row='甲村')")
    rows = frame.loc[frame["scope"] == current_town().name] if "scope" in frame.columns else frame
    published = "data_status" in rows.columns and set(rows["data_status"]) == {"published"}
    found = {}
    for record in rows.to_dict("records"):
        found[str(record["indicator"])] = Value(
            record["value"], str(record.get("unit", "")), lang=lang, bound=str(record.get("bound", "exact")),
            published=published)
    return Values(found, set(load_registry()), lang)


def _row_values(frame: pd.DataFrame, lang: str, row: object) -> Values:
    protection = protection_of(frame)
    reason = protection.reason(row) if protection is not None else ""
    withheld = mark(reason, protection.rules, protection.unit, lang) if reason else ""
    if row not in frame.index:
        raise KeyError(f"no row {row!r}; the rows are {', '.join(map(str, frame.index[:10]))}")
    record = frame.loc[row]
    published = protection is None and "data_status" in frame.columns and record["data_status"] == "published"
    found = {str(c): Value(record[c], lang=lang, withheld=withheld, published=published) for c in frame.columns
             if pd.api.types.is_number(record[c])}
    return Values(found, set(map(str, frame.columns)), lang)


def pick(lang: str, zh: str, en: str) -> str:
    """The text in the page's language, its value tags removed."""
    return _TAG.sub("", zh if lang == "zh" else en)


@dataclass
class Finding(Fragment):
    """A finding sentence as shown: escaped HTML (``<p class="commentary">``), escaped Markdown, plain text."""

    text: str = ""

    def _repr_markdown_(self) -> str:
        return _MARKDOWN.sub(r"\\\1", self.text)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display({"text/html": self.html, "text/markdown": self._repr_markdown_(), "text/plain": self.text}, raw=True)


def finding(zh: str, en: str, *, lang: str, synthetic: bool, ledgers: bool = True) -> Finding | None:
    """The sentence in the page's language, labelled and escaped, or None when it quotes a missing value.

    Parameters
    ----------
    zh, en : str
        The sentence in each language (f-strings over :class:`Value`).
    lang : {"zh", "en"}
        The page's language.
    synthetic : bool
        True when the year's ledgers are (partly) synthetic.
    ledgers : bool
        False for a sentence that states nothing from the ledgers (no value,
        or only the report's): it is then labelled only if it quotes a
        ledger value all the same.  A sentence quoting only the report's
        values is never labelled.
    """
    text = zh if lang == "zh" else en
    kinds = set(_TAG.findall(text))
    if MISSING in kinds:
        return None
    text = _TAG.sub("", text)
    from_ledgers = bool(kinds - {PUBLISHED}) or (ledgers and not kinds)
    if synthetic and from_ledgers:  # the mark before the sentence's full stop
        body, stop = (text[:-1], text[-1]) if text.endswith(("。", ".")) else (text, "")
        text = body + (f"（{SYNTHETIC_MARK}）" if lang == "zh" else f" ({SYNTHETIC_MARK})") + stop
    return Finding(render("paragraph.html.j2", text=text, css="commentary", strong=False), synthetic and from_ledgers,
                   text=text)


def say(zh: str, en: str, *, lang: str, synthetic: bool, ledgers: bool = True) -> None:
    """Display a finding (:func:`finding`) in the notebook and on the page; nothing when it quotes a missing value.

    For a page without a year (the trends page): ``say(zh=f"…", en=f"…", lang=lang, synthetic=panel.synthetic)``.
    """
    from IPython.display import display

    shown = finding(zh, en, lang=lang, synthetic=synthetic, ledgers=ledgers)
    if shown is not None:
        display(shown)
