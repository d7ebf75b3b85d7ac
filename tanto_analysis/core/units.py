"""Chinese quantity parsing: ``1146.5万元`` → 11,465,000 元.

The report writes amounts with multipliers (万, 亿), bound words (余, 多, 以上,
超过, 近, 约), Chinese numerals (五个, 两次, 十余个) and percentages.  This
module turns such a string into a :class:`Quantity` in the project's base
units (元, 亩, 平方米, counts, and % as 0–100).  Values are exact
:class:`~decimal.Decimal` numbers, so ``30.4126万元`` is exactly 304126 元.

Examples
--------
>>> parse_quantity("1146.5万元")
Quantity(value=Decimal('11465000'), unit='元', bound='exact', text='1146.5万元')
>>> parse_quantity("300余个").bound
'at_least'
>>> [q.value for q in find_quantities("248户1146.5万元")]
[Decimal('248'), Decimal('11465000')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import format_number
from .numerals import (
    AR_NUMBER,
    CN_DIGITS,
    NumeralError,
    arabic_value,
    chinese_numeral_value,
    normalize,
)
from .unit_table import BASE_UNITS, COUNT_WORDS, MONEY_WORDS, UNITS, UNITS_BY_NAME

__all__ = [
    "BASE_UNITS",
    "BOUNDS",
    "COUNT_UNITS",
    "MEASURE_UNITS",
    "Quantity",
    "QuantityError",
    "Unread",
    "chinese_numeral_value",
    "find_quantities",
    "parse_quantity",
    "scan_quantities",
]

#: Units that count things (classifiers): a plain integer count (``11个``) is exact.
#: 年 is a duration, neither a measure nor a count.
COUNT_UNITS: frozenset[str] = frozenset(
    u.name for u in UNITS if u.base == u.name and u.kind == "count" and u.name != "年")

#: Units that measure an amount (money, area, length, mass, rates …): a number in them may be rounded.
MEASURE_UNITS: frozenset[str] = frozenset(BASE_UNITS) - COUNT_UNITS - {"年"}

#: How a stated number relates to the true value.
BOUNDS: tuple[str, ...] = ("exact", "at_least", "approx", "range", "at_most")

#: Bound words before and after the number, longest first in the pattern.
_PREFIX_BOUNDS = {"超过": "at_least", "逾": "at_least", "约": "approx", "大约": "approx",
                  "近": "approx", "将近": "approx", "不足": "at_most", "不到": "at_most",
                  "未满": "at_most", "低于": "at_most"}
_SUFFIX_BOUNDS = {"以上": "at_least", "左右": "approx", "以下": "at_most", "以内": "at_most"}
_MAGNITUDES = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_SEPARATORS = ("——", "—", "-", "－", "–", "~", "～", "〜", "至", "到")


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


def _magnitude_lookahead(mag: str) -> str:
    """``千`` before 米/瓦/克 is part of the unit (千米, 千瓦), not a multiplier."""
    stops = set()
    for unit in UNITS:
        rest = unit.name[1:]
        if unit.name.startswith(mag) and rest:
            other = UNITS_BY_NAME.get(rest)
            if other is None or other.base != unit.base or other.factor * _MAGNITUDES[mag] != unit.factor:
                stops.add(rest[0])
    return f"{mag}(?![{''.join(sorted(stops))}])" if stops else mag


_MAG = "(?:" + "|".join(_magnitude_lookahead(m) for m in _MAGNITUDES) + ")"
_CN_CHAR = f"(?:[{CN_DIGITS}十百]|{_magnitude_lookahead('千')}|{_magnitude_lookahead('万')}|亿)"
_CN_NUM = f"(?:(?:[{CN_DIGITS}十百]|{_magnitude_lookahead('千')}){_CN_CHAR}*)"
_NUM = f"(?:{AR_NUMBER}|{_CN_NUM})"
_UNIT_ALT = "|".join(re.escape(u) + (f"(?![{UNITS_BY_NAME[u].not_before}])" if UNITS_BY_NAME[u].not_before else "")
                     for u in sorted(UNITS_BY_NAME, key=len, reverse=True))
#: Spaces a PDF (or text copied out of one) puts between a number, its multiplier and its unit: 12.34 亿元.
_SP = "[ \u3000]?"
_PATTERN = re.compile(
    rf"(?P<prefix>{_alternation(_PREFIX_BOUNDS)})?"
    rf"(?P<num>{_NUM}){_SP}(?P<mag1>{_MAG}{{0,2}})"
    rf"(?:(?P<unit1>{_UNIT_ALT})?(?P<sep>{_alternation(_SEPARATORS)})(?P<num2>{_NUM}){_SP}(?P<mag3>{_MAG}{{0,2}}))?"
    rf"{_SP}(?P<approx1>余|多)?(?P<mag2>{_MAG}{{0,2}})(?P<approx2>余|多)?{_SP}"
    rf"(?P<unit>{_UNIT_ALT})"
    rf"(?:{_SP}(?P<suffix>{_alternation(_SUFFIX_BOUNDS)}))?"
)
_YEAR = re.compile(r"(1[89]|2[01])\d\d")
#: A number with a bare 万/亿 and no unit (收入1000万, 完成180万): money only where its sentence part is.
_BARE = re.compile(
    rf"(?P<prefix>{_alternation(_PREFIX_BOUNDS)})?(?P<num>{AR_NUMBER}){_SP}(?P<mag>[万亿]{{1,2}})(?P<approx>余|多)?"
    rf"(?:{_SP}(?P<suffix>{_alternation(_SUFFIX_BOUNDS)}))?(?=[^\u4e00-\u9fff0-9A-Za-z.%％]|的|用于|$)")
_MONEY = re.compile("|".join(re.escape(w) for w in MONEY_WORDS))
_COUNTING = re.compile("|".join(re.escape(w) for w in COUNT_WORDS))
_PART_END = "。；;！？!?\n"
_CLAUSE_END = "，,、：:" + _PART_END


def _around(plain: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = max(plain.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (plain.find(ch, end) for ch in stops) if i >= 0]
    return left, min(rights) if rights else len(plain)


class QuantityError(ValueError):
    """A string that is not exactly one quantity with a known unit."""


@dataclass(frozen=True)
class Quantity:
    """A quantity in base units.

    Attributes
    ----------
    value : Decimal
        The stated number in the base unit (元, 亩, 平方米, counts; % as 0–100).
        For a range, the lower end.
    unit : str
        The base unit, one of :data:`BASE_UNITS` (万元 → 元, 万亩 → 亩).
    bound : str
        ``exact``; ``at_least`` for 余, 多, 以上, 超过 and 逾; ``approx`` for
        近, 约 and 左右; ``at_most`` for 不足, 不到, 未满, 低于, 以下 and 以内;
        ``range`` for ``a—b`` forms (``1.5万—2万元``, ``10%～15%``, ``3至5年``).
    text : str
        The matched text as written.
    upper : Decimal or None
        The upper end of a range, in the base unit.
    start, end : int
        The span of ``text`` in the string it was found in.
    written : str
        The unit as written (万元, 公顷, ％).
    """

    value: Decimal
    unit: str
    bound: str
    text: str
    upper: Decimal | None = field(default=None, repr=False)
    start: int = field(default=0, repr=False, compare=False)
    end: int = field(default=0, repr=False, compare=False)
    written: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class Unread:
    """A number next to a unit that is not read as a quantity, and why.

    Attributes
    ----------
    text : str
        The text as written (``2022年``, ``二三十个``, ``3,50万元``).
    start, end : int
        Its span.
    reason : str
        ``date``, ``ordinal``, ``vague number``, ``malformed number``,
        ``malformed numeral``, ``multiplier with unit …``, ``ranges of different units``.
    """

    text: str
    start: int
    end: int
    reason: str


def _number(text: str) -> Decimal:
    if text[0].isdigit():
        return arabic_value(text)
    return Decimal(chinese_numeral_value(text))


def _magnitude(mags: str | None) -> Decimal:
    factor = Decimal(1)
    for char in mags or "":
        factor *= _MAGNITUDES[char]
    return factor


def _bound(match: re.Match[str]) -> str:
    if match.group("num2"):
        return "range"
    words = [_PREFIX_BOUNDS.get(match.group("prefix") or ""), _SUFFIX_BOUNDS.get(match.group("suffix") or "")]
    if match.group("approx1") or match.group("approx2"):
        words.append("at_least")
    stated = {w for w in words if w}
    if len(stated) > 1:
        raise QuantityError("contradicting bound words")
    return stated.pop() if stated else "exact"


def _to_quantity(match: re.Match[str], original: str) -> Quantity:
    unit = UNITS_BY_NAME[match.group("unit")]
    mag1, mag2, mag3 = (_magnitude(match.group(g)) for g in ("mag1", "mag2", "mag3"))
    multiplied = bool(match.group("mag1") or match.group("mag2") or match.group("mag3"))
    if multiplied and not unit.multipliable:
        raise QuantityError(f"multiplier with unit {unit.name}")
    if unit.arabic_only and not match.group("num")[0].isdigit():
        raise QuantityError(f"{unit.name} after a Chinese numeral")
    try:
        if match.group("num2"):
            unit1 = match.group("unit1")
            if unit1 and UNITS_BY_NAME[unit1].base != unit.base:
                raise QuantityError("ranges of different units")
            factor1 = UNITS_BY_NAME[unit1].factor if unit1 else unit.factor
            high_mag = mag3 * mag2
            value = _number(match.group("num")) * (mag1 if match.group("mag1") else high_mag) * factor1
            upper: Decimal | None = _number(match.group("num2")) * high_mag * unit.factor
        else:
            value = _number(match.group("num")) * mag1 * mag2 * unit.factor
            upper = None
    except NumeralError as exc:
        raise QuantityError(exc.reason) from None
    return Quantity(
        value=_normal(value),
        unit=unit.base,
        bound=_bound(match),
        text=original[match.start():match.end()],
        upper=None if upper is None else _normal(upper),
        start=match.start(),
        end=match.end(),
        written=unit.name,
    )


def _normal(value: Decimal) -> Decimal:
    """Drop trailing zeros but keep integers as integers (1.15E+7 → 11500000)."""
    norm = value.normalize()
    return norm.quantize(Decimal(1)) if norm == norm.to_integral_value() else norm


def _unread_reason(match: re.Match[str], plain: str) -> str | None:
    """Why a match is not a quantity before it is even read (None: read it)."""
    start = match.start("num")
    before = plain[start - 1] if start > 0 else ""
    if plain[:start].rstrip(" \u3000").endswith("第"):
        return "ordinal"
    if before.isdigit():
        return "tail of a longer number"
    if before in ",." and start > 1 and plain[start - 2].isdigit():
        return "malformed number"
    number = match.group("num")
    if len(number) > 1 and number[0] == "0" and number[1].isdigit():  # 05年: a year abbreviated
        return "date" if match.group("unit") == "年" else "malformed number"
    if match.group("unit") == "年" and not (match.group("approx1") or match.group("approx2")):
        nums = [match.group("num")] + ([match.group("num2")] if match.group("num2") else [])
        try:
            if all(_YEAR.fullmatch(format_number(_number(n), None, grouping=False)) for n in nums):
                return "date"
        except NumeralError:
            return None
    return None


def _money_clause(plain: str, at: int, start: int, end: int) -> bool | None:
    """Money (True) or a count (False) by the clause's word nearest before ``at``, else after it; None: neither."""
    words = [(m.start(), m.end(), True) for m in _MONEY.finditer(plain, start, end)] + \
            [(m.start(), m.end(), False) for m in _COUNTING.finditer(plain, start, end)]
    before = [(e, money) for s, e, money in words if e <= at]
    after = [(s, money) for s, e, money in words if s >= at]
    return max(before)[1] if before else min(after)[1] if after else None


def _bare_multipliers(text: str, plain: str, found: list[Quantity], unread: list[Unread]) -> None:
    """Add each number with a bare 万/亿 to ``found`` (as 元, in a sentence part about money) or ``unread``."""
    taken = [(q.start, q.end) for q in found] + [(u.start, u.end) for u in unread]
    for match in _BARE.finditer(plain):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if match.start("num") > 0 and (plain[match.start("num") - 1].isdigit() or plain[match.start("num") - 1] == "第"):
            continue
        left, right = _around(plain, match.start(), match.end(), _PART_END)
        c_left, c_right = _around(plain, match.start(), match.end(), _CLAUSE_END)
        money = _money_clause(plain, match.start(), c_left, c_right)
        if money is None:
            money = bool(_MONEY.search(plain, left, right)) or any(
                q.unit == "元" and left <= q.start and q.end <= right for q in found)
        written = text[match.start():match.end()]
        if not money:
            unread.append(Unread(written, match.start(), match.end(),
                                 f"bare {match.group('mag')} without a unit; the sentence is not about money"))
            continue
        words = {_PREFIX_BOUNDS.get(match.group("prefix") or ""), _SUFFIX_BOUNDS.get(match.group("suffix") or ""),
                 "at_least" if match.group("approx") else None} - {None}
        if len(words) > 1:
            unread.append(Unread(written, match.start(), match.end(), "contradicting bound words"))
            continue
        value = arabic_value(match.group("num")) * _magnitude(match.group("mag"))
        found.append(Quantity(_normal(value), "元", words.pop() if words else "exact", written,
                              start=match.start(), end=match.end(), written=match.group("mag")))


def scan_quantities(text: str) -> tuple[list[Quantity], list[Unread]]:
    """Every quantity in ``text``, and every number-with-unit not read as one.

    Dates (``2022年``, ``2021—2025年``), ordinals (``第一``), vague numbers
    (``二三十个``) and numbers that cannot be read exactly (``3,50万元``) are
    never read as some other number: they come back as :class:`Unread` with
    the reason.  Spaces a PDF puts in are allowed (``12.34 亿元``).  A bare 万/亿
    is 元 where the clause's nearest word is a ``unit_table.MONEY_WORDS`` one
    (完成, 收入 …), not a ``COUNT_WORDS`` one (就业 …), or, with neither, where
    its sentence part has a money word or a figure in 元 (``任务150万，完成180万``);
    else :class:`Unread` (``bare 万 without a unit; the sentence is not about money``).

    Parameters
    ----------
    text : str
        Any text, e.g. a quote from the report (full-width digits allowed).

    Returns
    -------
    (list of Quantity, list of Unread)
        Both in text order, with spans into ``text``.
    """
    plain = normalize(text)
    found: list[Quantity] = []
    unread: list[Unread] = []
    for match in _PATTERN.finditer(plain):
        reason = _unread_reason(match, plain)
        if reason is None:
            try:
                found.append(_to_quantity(match, text))
                continue
            except QuantityError as exc:
                reason = str(exc)
        if reason != "tail of a longer number":
            unread.append(Unread(text[match.start():match.end()], match.start(), match.end(), reason))
    _bare_multipliers(text, plain, found, unread)
    return sorted(found, key=lambda q: q.start), sorted(unread, key=lambda u: u.start)


def find_quantities(text: str) -> list[Quantity]:
    """Find every quantity in ``text``, left to right.

    Four-digit years followed by 年 (2022年) are dates, not quantities.
    Numbers inside ordinals (第一) are skipped.  The caller decides which
    Chinese-numeral matches are real quantities in running prose.
    :func:`scan_quantities` also returns what was not read, and why.

    Parameters
    ----------
    text : str
        Any text, e.g. a quote from the report.

    Returns
    -------
    list of Quantity
        With ``start``/``end`` spans into ``text``.
    """
    return scan_quantities(text)[0]


def parse_quantity(text: str) -> Quantity:
    """Parse a string that is exactly one quantity.

    Parameters
    ----------
    text : str
        E.g. ``1146.5万元``, ``3,500万元``, ``2.3亿元``, ``一万二千元``,
        ``300余个``, ``3200人以上``, ``69%``, ``1.5万—2万元``.  Surrounding
        white space is ignored.

    Returns
    -------
    Quantity
        Value in base units (元, 亩, 平方米, counts, % as 0–100).

    Raises
    ------
    QuantityError
        If the string is not one complete quantity with a known unit, or its
        number cannot be read exactly (``3,50万元``, ``二三十个``).

    Examples
    --------
    >>> parse_quantity("2.3亿元").value
    Decimal('230000000')
    >>> parse_quantity("10余年")
    Quantity(value=Decimal('10'), unit='年', bound='at_least', text='10余年')
    """
    stripped = text.strip()
    match = _PATTERN.fullmatch(normalize(stripped))
    if match is None:
        raise QuantityError(f"not a quantity with a known unit: {text!r}")
    reason = _unread_reason(match, normalize(stripped))
    if reason is not None:
        raise QuantityError(f"{reason}: {text!r}")
    return _to_quantity(match, stripped)
