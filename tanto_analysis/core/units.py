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
from decimal import Decimal, InvalidOperation

__all__ = [
    "BASE_UNITS",
    "BOUNDS",
    "COUNT_UNITS",
    "MEASURE_UNITS",
    "Quantity",
    "QuantityError",
    "chinese_numeral_value",
    "find_quantities",
    "parse_quantity",
]

#: Base units a figure may carry.  Money is 元, area 亩 or 平方米, rates %.
BASE_UNITS: tuple[str, ...] = (
    "元", "亩", "平方米", "户", "人", "人次", "名", "个", "笔", "份", "起",
    "条", "次", "头", "只", "处", "%", "项", "村", "年",
)

#: Units that measure an amount (money, area, rates): a number in them may be rounded.
MEASURE_UNITS: frozenset[str] = frozenset({"元", "亩", "平方米", "%"})

#: Units that count things (classifiers): a plain integer count (``11个``) is exact.
#: 年 is a duration, neither a measure nor a count.
COUNT_UNITS: frozenset[str] = frozenset(BASE_UNITS) - MEASURE_UNITS - {"年"}

#: How a stated number relates to the true value.
BOUNDS: tuple[str, ...] = ("exact", "at_least", "approx", "range")

# Units as written → base unit.  Multiplied forms (万元, 亿元, 万亩, 万平方米)
# are handled by the multiplier group of the pattern.
_UNIT_WORDS = {
    "平方米": "平方米", "人次": "人次", "元": "元", "亩": "亩", "户": "户",
    "人": "人", "名": "名", "个": "个", "笔": "笔", "份": "份", "起": "起",
    "条": "条", "次": "次", "头": "头", "只": "只", "处": "处", "%": "%",
    "％": "%", "项": "项", "村": "村", "年": "年",
}
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_CN_NUM = "[零〇一二两三四五六七八九十百千]+"
_AR_NUM = r"\d+(?:\.\d+)?"
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNIT_WORDS), key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?P<prefix>超过|近|约)?"
    rf"(?P<num>{_AR_NUM}|{_CN_NUM})"
    rf"(?:(?P<sep>-|—|–|~|～|至|到)(?P<num2>{_AR_NUM}|{_CN_NUM}))?"
    rf"(?P<approx1>余|多)?"
    rf"(?P<mult>万|亿)?"
    rf"(?P<approx2>余|多)?"
    rf"(?P<unit>{_UNIT_ALT})"
    rf"(?P<suffix>以上|左右)?"
)


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
        The base unit, one of :data:`BASE_UNITS`.
    bound : str
        ``exact``; ``at_least`` for 余, 多, 以上 and 超过; ``approx`` for 近,
        约 and 左右; ``range`` for ``a-b`` forms.
    text : str
        The matched text as written.
    upper : Decimal or None
        The upper end of a range, in the base unit.
    start, end : int
        The span of ``text`` in the string it was found in.
    """

    value: Decimal
    unit: str
    bound: str
    text: str
    upper: Decimal | None = field(default=None, repr=False)
    start: int = field(default=0, repr=False, compare=False)
    end: int = field(default=0, repr=False, compare=False)


def chinese_numeral_value(text: str) -> int:
    """Return the integer value of a Chinese numeral such as 十五, 两百, 三千二百.

    >>> chinese_numeral_value("二十四")
    24
    """
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        raise QuantityError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None:  # 二〇二二-style digit strings
                digit = digit * 10 + _CN_DIGITS[char]
            else:
                digit = _CN_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + (digit or 0)


def _number(text: str) -> Decimal:
    text = text.translate(_FULLWIDTH)
    if text[0].isdigit():
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise QuantityError(f"not a number: {text!r}") from exc
    return Decimal(chinese_numeral_value(text))


def _is_date_year(match: re.Match[str], string: str) -> bool:
    """A four-digit year such as 2022年 (also 2022年底, 2022年12月) is a date."""
    num = match.group("num").translate(_FULLWIDTH)
    return (
        match.group("unit") == "年"
        and re.fullmatch(r"(1[89]|2[01])\d\d", num) is not None
        and not (match.group("approx1") or match.group("approx2"))
    )


def _to_quantity(match: re.Match[str], offset: int = 0) -> Quantity:
    unit = _UNIT_WORDS[match.group("unit")]
    mult = _MULTIPLIERS.get(match.group("mult") or "", Decimal(1))
    if mult != 1 and unit not in {"元", "亩", "平方米", "人", "户", "个", "人次"}:
        raise QuantityError(f"multiplier {match.group('mult')} with unit {unit}")
    value = _number(match.group("num")) * mult
    upper = _number(match.group("num2")) * mult if match.group("num2") else None
    if upper is not None:
        bound = "range"
    elif match.group("approx1") or match.group("approx2") or match.group("suffix") == "以上":
        bound = "at_least"
    elif match.group("prefix") == "超过":
        bound = "at_least"
    elif match.group("prefix") in {"近", "约"} or match.group("suffix") == "左右":
        bound = "approx"
    else:
        bound = "exact"
    return Quantity(
        value=_normal(value),
        unit=unit,
        bound=bound,
        text=match.group(0),
        upper=None if upper is None else _normal(upper),
        start=match.start() + offset,
        end=match.end() + offset,
    )


def _normal(value: Decimal) -> Decimal:
    """Drop trailing zeros but keep integers as integers (1.15E+7 → 11500000)."""
    norm = value.normalize()
    return norm.quantize(Decimal(1)) if norm == norm.to_integral_value() else norm


def find_quantities(text: str) -> list[Quantity]:
    """Find every quantity in ``text``, left to right.

    Four-digit years followed by 年 (2022年) are dates, not quantities.
    Numbers inside ordinals (第一) are skipped.  The caller decides which
    Chinese-numeral matches are real quantities in running prose.

    Parameters
    ----------
    text : str
        Any text, e.g. a quote from the report.

    Returns
    -------
    list of Quantity
        With ``start``/``end`` spans into ``text``.
    """
    found: list[Quantity] = []
    for match in _PATTERN.finditer(text):
        if _is_date_year(match, text):
            continue
        start = match.start("num")
        if start > 0 and text[start - 1] == "第":
            continue
        if start > 0 and text[start - 1].isdigit():  # tail of a longer number
            continue
        try:
            found.append(_to_quantity(match))
        except QuantityError:
            continue
    return found


def parse_quantity(text: str) -> Quantity:
    """Parse a string that is exactly one quantity.

    Parameters
    ----------
    text : str
        E.g. ``1146.5万元``, ``2.3亿元``, ``2.1万亩``, ``300余个``,
        ``3200人以上``, ``69%``.  Surrounding white space is ignored.

    Returns
    -------
    Quantity
        Value in base units (元, 亩, 平方米, counts, % as 0–100).

    Raises
    ------
    QuantityError
        If the string is not one complete quantity with a known unit.

    Examples
    --------
    >>> parse_quantity("2.3亿元").value
    Decimal('230000000')
    >>> parse_quantity("10余年")
    Quantity(value=Decimal('10'), unit='年', bound='at_least', text='10余年')
    """
    stripped = text.strip()
    match = _PATTERN.fullmatch(stripped)
    if match is None:
        raise QuantityError(f"not a quantity with a known unit: {text!r}")
    return _to_quantity(match)
