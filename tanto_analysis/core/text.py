"""The one zh/en text catalogue: every fixed word and sentence a page, the index or a ledger says.

The catalogue is data, ``tanto_analysis/core/messages.csv`` (columns ``key``,
``zh``, ``en``, one row per text); :data:`MESSAGES` maps a key to its
``(zh, en)`` pair and :func:`tr` looks one up in a page's language.  Keys are dotted by where they belong (``label.``,
``category.``, ``index.``, ``footer.``, ``flag.``, …).  A template names its
fields (``{year}``, ``{n}``); numbers are formatted by the caller with
:func:`tanto_analysis.core.numbers.format_number` before they are passed in.
To complete or correct the English page, edit the ``en`` column of the file.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["CATALOGUE", "MESSAGES", "SYNTHETIC_MARK", "lang_column", "tr", "unit_text", "with_bound"]

#: The mark on every table, chart and banner made from synthetic ledgers, the same in both languages.
SYNTHETIC_MARK = "合成数据 / SYNTHETIC DATA"

#: The catalogue file: one row per key, with its Chinese and English text.
CATALOGUE = Path(__file__).with_name("messages.csv")


def _load(path: Path) -> dict[str, tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    messages = {row["key"]: (row["zh"], row["en"]) for row in rows}
    if len(messages) != len(rows):  # pragma: no cover - guarded by the catalogue's test
        raise ValueError(f"{path.name}: a key is listed twice")
    return messages


#: key → (zh, en), read once from :data:`CATALOGUE`.
MESSAGES: dict[str, tuple[str, str]] = _load(CATALOGUE)


def tr(key: str, lang: str, *, default: str | None = None, **fields: object) -> str:
    """The catalogue's text ``key`` in ``lang``, with its fields filled in.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`, e.g. ``"label.quote"`` or ``"index.open"``.
    lang : str
        ``"zh"`` for Chinese; any other value gives English.
    default : str, optional
        Returned for a key the catalogue does not have (e.g. a category that is
        a proper name); without it an unknown key is an error.
    **fields
        Values for the template's named fields (``year``, ``n`` …), already formatted.

    Returns
    -------
    str
        The text; a template without ``fields`` is returned as written.

    Raises
    ------
    KeyError
        If ``key`` is unknown and no ``default`` is given.

    Examples
    --------
    >>> tr("label.quote", "zh"), tr("label.quote", "en")
    ('报告原文', 'Quote from the report')
    >>> tr("index.open", "zh", **{"year": 2022})
    '2022年附录'
    >>> tr("category.甲村", "en", default="甲村")
    '甲村'
    """
    pair = MESSAGES.get(key)
    if pair is None:
        if default is None:
            raise KeyError(f"no text {key!r} in the catalogue (tanto_analysis.core.text.MESSAGES)")
        return default
    template = pair[0] if lang == "zh" else pair[1]
    return template.format(**fields) if fields else template


def lang_column(name: str, lang: str) -> str:
    """Which of a table's zh/en pair of columns to show in ``lang``.

    >>> lang_column("label", "zh"), lang_column("label", "en")
    ('label_zh', 'label_en')
    """
    return f"{name}_zh" if lang == "zh" else f"{name}_en"


def with_bound(number: str, bound: str, lang: str, high: str | None = None, *, inline: bool = False) -> str:
    """A formatted number with its bound written out as the page's language writes it.

    Parameters
    ----------
    number : str
        The number as already formatted (``"4,500,000"``, in the figure's unit).
    bound : str
        ``at_least`` (余, 多, 以上), ``at_most`` (不足, 以下), ``approx`` (约, 近),
        ``range`` (with ``high``, the formatted upper end); anything else is exact.
    lang : str
        ``zh`` or ``en``.
    inline : bool
        Written inside a sentence, before its unit (``300余个``, ``more than 300``),
        rather than in a table cell (``300以上``, ``≥ 300``).

    Examples
    --------
    >>> with_bound("4,500,000", "at_least", "en"), with_bound("4,500,000", "at_least", "zh")
    ('≥ 4,500,000', '4,500,000以上')
    >>> with_bound("15,700", "approx", "zh"), with_bound("15,000", "range", "en", "20,000")
    ('约15,700', '15,000–20,000')
    >>> with_bound("11,465,000", "exact", "zh")
    '11,465,000'
    >>> with_bound("300", "at_least", "zh", inline=True), with_bound("300", "at_least", "en", inline=True)
    ('300余', 'more than 300')
    """
    if bound == "range" and high:
        return tr("bound.range", lang, number=number, high=high)
    if bound in ("at_least", "at_most", "approx"):
        key = f"bound.{bound}"
        return tr(f"{key}.inline" if inline and f"{key}.inline" in MESSAGES else key, lang, number=number)
    return number


def unit_text(unit: object, lang: str) -> str:
    """A unit in the page's language: ``元`` stays on a Chinese page, is ``yuan`` on an English one.

    >>> unit_text("元/亩", "en"), unit_text("户", "en"), unit_text("户", "zh"), unit_text("平方米", "en")
    ('yuan/mu', 'households', '户', 'm²')
    """
    text = "" if unit is None or str(unit) in ("<NA>", "nan") else str(unit)  # None, pd.NA, NaN
    if lang == "zh" or not text:
        return text
    return "/".join(tr(f"unit.{part}", lang, default=part) for part in text.split("/"))
