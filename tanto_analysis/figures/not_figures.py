"""What in a report is not a figure, and why (used by ``tanto extract``).

:func:`candidate_quantities` gives every quantity the parser reads with the
reason it is not a figure (``None``: a figure).  :func:`skipped_numerals` lists
every numeral of the text that did not become a figure, with its reason, so
nothing is dropped in silence:

==================  ==========================================================
reason              examples
==================  ==========================================================
date                2022年, 12月底, 1—9月, 1～9月份, 2021—2025年, 12月23日
period              五年来, 近三年, 今后五年, 发展的五年, 3个月, 十四五, 30天
ordinal             第一, 第三批, 一是, heading numbers (一、 （二） 1.)
document number     〔2023〕15号, 豫政〔2022〕3号
phone number        0379-66881234, 13800138000
vague number        数十个, 上百人, 二三十个
unknown unit        30艘 (艘 is not declared in core/unit_table.py)
no unit             “151”工作部署, 二十大
…                   the rules of :func:`skip_reason` (quotation marks, 一个, 一村一品)
==================  ==========================================================

Chinese numerals are listed only when written with 十/百/千/万/亿 or as
several digits (十四五, 二十大); a single digit (一, 三) is a word more often
than a number (统一, 三清两建).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.atomic import atomic_write_text
from ..core.numerals import CN_DIGITS, normalize
from ..core.unit_table import UNITS_BY_NAME
from ..core.units import Quantity, scan_quantities

__all__ = ["Skipped", "candidate_quantities", "skip_reason", "skipped_numerals", "write_skipped"]

_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", '"': '"'}
_PLAN_PERIOD = re.compile(r"^[^，,。；;、\n]{0,4}?(规划|计划|行动|方案|攻坚)")
_CN_DIGIT = "一二两三四五六七八九"
_SET_PHRASE_AFTER = re.compile(rf"^[{_CN_DIGIT}][\u4e00-\u9fff]")
_SET_PHRASE_BEFORE = re.compile(rf"[{_CN_DIGIT}][\u4e00-\u9fff]$")
_NOT_COUNTS = ("月", "百分点", "工作日", "小时", "季度")
_VAGUE_BEFORE = "数上几"
_VAGUE_DIGITS = re.compile(f"[{_CN_DIGIT}]{{2}}")
_YEARS_SINCE = ("来", "以来", "内", "间", "期间", "中")
#: After a numeral, words that make a name, not a unit (二十大, 两大产业).
_NOT_UNITS = ("大",)
_ENDS_CLAUSE = re.compile(r"[，,。；;.]")
_RECENT = ("今后", "未来", "过去", "最近")
#: Before a number of years, words that make it the period itself (是…快速发展的五年, 这五年).
_THE_YEARS = ("的", "这", "那")
_BOUND_PREFIXES = ("超过", "大约", "将近", "不足", "不到", "未满", "低于", "逾", "近", "约")
_FIVE_YEAR_PLAN = re.compile("十[一二三四五六七八九]五")

_CN_NUMERAL = f"[{CN_DIGITS}十百千万亿]+"
_NUMERAL = re.compile(rf"\d+(?:[,.]\d+)*|{_CN_NUMERAL}")
_DATES = re.compile(
    rf"(?:\d{{4}}|[{CN_DIGITS}]{{4}})年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?)?"
    rf"|\d{{1,2}}(?:[—\-～~至到]\d{{1,2}})?(?:月份|月|日|号)"
    rf"|[{CN_DIGITS}十]{{1,3}}(?:[—\-～~至到][{CN_DIGITS}十]{{1,3}})?月份?")
_PERIODS = re.compile(
    rf"(?:\d+|[{CN_DIGITS}十百]+)(?:个)?(?:年来|年以来|年内|年间|个月|季度|周|天|小时|工作日)"
    rf"|{_FIVE_YEAR_PLAN.pattern}")
_DOCUMENT = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号|\d+号文")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)")


@dataclass(frozen=True)
class Skipped:
    """A numeral of the report that is not drafted as a figure.

    Attributes
    ----------
    text : str
        As written (``2022年``, ``五年来``, ``30艘``).
    start, end : int
        Its span in the report text.
    reason : str
        Why it was not taken (``date``, ``ordinal``, ``unknown unit '艘'`` …).
    """

    text: str
    start: int
    end: int
    reason: str


def _quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, opening mark) of every quotation within a line."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        newline = text.find("\n", i)
        if j < 0 or (0 <= newline < j):
            i += 1
            continue
        spans.append((i, j + 1, text[i]))
        i = j + 1
    return spans


def _is_chinese_numeral(q: Quantity) -> bool:
    return not any(ch.isdigit() for ch in normalize(q.text))


def skip_reason(q: Quantity, text: str, quoted: list[tuple[int, int, str]]) -> str | None:
    """Why a quantity found by the parser is not a figure (None if it is one)."""
    if q.unit == "年" and q.bound == "exact" and 1900 <= q.value <= 2100:
        return "date"
    if q.unit == "年" and (text.startswith(_YEARS_SINCE, q.end) or q.text.startswith("近")
                          or text[max(0, q.start - 2):q.start] in _RECENT
                          or text[q.start - 1:q.start] in _THE_YEARS):
        return "period"  # 五年来, 近三年, 过去五年; …发展的五年 (the years themselves, not a count)
    if _FIVE_YEAR_PLAN.search(q.text):
        return "period"
    for start, end, mark in quoted:
        if start < q.start and q.end < end:
            if mark == "《":
                return "document title"
            if UNITS_BY_NAME[q.unit].kind == "count":
                return "name in quotation marks"
    if q.unit == "个" and text.startswith(_NOT_COUNTS, q.end):
        return "period" if text.startswith(("月", "季度", "工作日", "小时"), q.end) else "not a base unit (个百分点)"
    if not _is_chinese_numeral(q):
        return None
    digits = q.text
    for prefix in _BOUND_PREFIXES:
        digits = digits.removeprefix(prefix)
    if (q.start > 0 and text[q.start - 1] in _VAGUE_BEFORE) or _VAGUE_DIGITS.search(digits):
        return "vague number (数十, 上百, 二三十)"
    counts_one = UNITS_BY_NAME[q.unit].kind == "count" and q.unit != "年" and _ENDS_CLAUSE.match(text, q.end)
    if digits.startswith("一") and digits[1:] in UNITS_BY_NAME and not counts_one:
        return "article 一 + classifier"  # 一个电话; but 蓄水塘一座。 counts one
    if digits[0] in "百千万" and UNITS_BY_NAME[q.unit].kind == "count":
        return "set phrase"  # 千家万户, 百村: a bare 百/千 counting things is a name
    if _SET_PHRASE_AFTER.match(text[q.end:q.end + 2]) or _SET_PHRASE_BEFORE.search(text[max(0, q.start - 2):q.start]):
        return "set phrase"
    if q.unit == "年" and _PLAN_PERIOD.match(text[q.end:q.end + 8]):
        return "plan period"
    if q.unit == "期" and len(digits) == 2:
        return "ordinal (phase of a project: 二期工程)"
    return None


def candidate_quantities(text: str) -> list[tuple[Quantity, str | None]]:
    """Every quantity the parser finds, with the reason it is skipped (None: a figure).

    Parameters
    ----------
    text : str
        The report text.

    Returns
    -------
    list of (Quantity, str or None)
        In text order; spans index into ``text``.
    """
    quoted = _quoted_spans(text)
    return [(q, skip_reason(q, text, quoted)) for q in scan_quantities(text)[0]]


def _numeral_reason(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> str:
    for s, e, reason in spans:
        if s <= start and end <= e:
            return reason
    before = text[start - 1] if start > 0 else ""
    after = text[end:end + 1]
    if before == "第" or (after == "是" and not text[start].isdigit()):
        return "ordinal"
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t\u3000（(") == "" and after in "、.．)）":
        return "ordinal"  # a heading number: 一、 （二） 1.
    name = after if "\u4e00" <= after <= "\u9fff" else ""
    if not name or after in _NOT_UNITS or any(u.startswith(name) for u in UNITS_BY_NAME):
        return "no unit"
    return f"unknown unit {name!r}"


def write_skipped(path: str | Path, text: str, skipped: list[Skipped]) -> None:
    """Write the skipped numerals as CSV (UTF-8): ``line, column, text, reason``.

    ``line`` and ``column`` count from 1 in the report text.
    """
    rows = [{"line": text.count("\n", 0, s.start) + 1, "column": s.start - text.rfind("\n", 0, s.start),
             "text": s.text, "reason": s.reason} for s in skipped]
    frame = pd.DataFrame(rows, columns=["line", "column", "text", "reason"])
    atomic_write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def skipped_numerals(text: str, taken: list[Quantity]) -> list[Skipped]:
    """Every numeral of ``text`` not inside a figure of ``taken``, with the reason.

    Parameters
    ----------
    text : str
        The report text.
    taken : list of Quantity
        The quantities drafted as figures.

    Returns
    -------
    list of Skipped
        In text order; a numeral inside a skipped quantity is listed once, as
        that quantity.
    """
    plain = normalize(text)
    spans: list[tuple[int, int, str]] = []
    for pattern, reason in ((_DOCUMENT, "document number"), (_PHONE, "phone number"),
                            (_PERIODS, "period"), (_DATES, "date")):
        spans += [(m.start(), m.end(), reason) for m in pattern.finditer(plain)]
    kept = {(q.start, q.end) for q in taken}
    listed: list[Skipped] = []
    covered: list[tuple[int, int]] = list(kept)
    quoted = _quoted_spans(text)
    quantities, unread = scan_quantities(text)
    for q in quantities:
        if (q.start, q.end) not in kept:
            reason = skip_reason(q, text, quoted) or "repeated or not taken"
            listed.append(Skipped(q.text, q.start, q.end, reason))
            covered.append((q.start, q.end))
    for u in unread:
        if not any(s <= u.start < e for s, e in covered):
            reason = "period" if _FIVE_YEAR_PLAN.search(u.text) else u.reason
            listed.append(Skipped(u.text, u.start, u.end, reason))
            covered.append((u.start, u.end))
    for m in _NUMERAL.finditer(plain):
        if any(s <= m.start() < e for s, e in covered):
            continue
        numeral = m.group(0)
        if not numeral[0].isdigit() and len(numeral) == 1 and numeral not in "十百千":
            continue  # a single Chinese digit is a word (统一, 三清两建)
        listed.append(Skipped(text[m.start():m.end()], m.start(), m.end(),
                              _numeral_reason(plain, m.start(), m.end(), spans)))
    return sorted(listed, key=lambda s: s.start)
