"""What tells two figures with the same label apart in the report's text: batch, period, point.

A drafted label (``label_zh``) is the noun phrase before a number; the words
that say *which* quantity it is often stand further back in the sentence
(``第一批…项目个数``, ``上半年…``) or in the numbered point the sentence
belongs to (``1. 甲工程：工程总投资…``, ``二是…``).  :func:`text_marks`
reads them, so the audit (:mod:`tanto_analysis.analysis.audit.statement_rules`)
treats figures of different batches, periods or points as different
quantities; :func:`generic_label` says when a label names no quantity at all
(``同比增长``: the growth of whatever was stated before it).
"""

from __future__ import annotations

import re

__all__ = ["generic_label", "text_marks"]

_CN = "一二三四五六七八九十"
#: A batch: 第一批, 第2批, 首批, 其次批, 次批, 新一批 …
BATCH = re.compile(rf"第[{_CN}\d]+批|首批|其次批|次批|新一批|另一批|后一批|上一批|下一批")
#: A period within or across years: 上半年, 一季度, 前三季度, 1-6月, 5月份, 全年 …
PERIOD = re.compile(rf"上半年|下半年|全年|前[{_CN}]季度|[{_CN}1-4]季度|\d+[-—~～至]\d+月(?:份)?|[{_CN}\d]+月(?:份|底|末)?")
#: A numbered point opening a line: 1.  1、  （1）  一、  （一）
_LINE_POINT = re.compile(rf"^\s*(?:\d+\s*[.、．]|[（(]\d+[)）]|[{_CN}]+、|[（(][{_CN}]+[)）])")
#: A point within a paragraph: 一是, 二是 …
_INLINE_POINT = re.compile(rf"[{_CN}]+是")
#: The end of a sentence part: a batch or period is read back to it.
_PART_END = "。；;！？!?"
#: Labels that name only a change, not what changed.
_CHANGE_ONLY = re.compile(r"^(?:同比|比上年|较上年|比去年|较去年|年均|名义|实际|分别)?"
                          r"(?:增长|增幅|增速|下降|降幅|提高|增加|减少|上涨|上升|回落|降低)率?$")


def generic_label(label: str) -> bool:
    """Whether a label names no quantity: shorter than two characters, or only a change (同比增长).

    >>> generic_label("同比增长"), generic_label("增幅"), generic_label("工程总投资")
    (True, True, False)
    """
    label = label.strip()
    return len(label) < 2 or bool(_CHANGE_ONLY.match(label))


def text_marks(source: str, quote: str) -> tuple[str, str, str, str]:
    """The batch, period and points that place a quote in the text.

    Parameters
    ----------
    source : str
        The report text.
    quote : str
        A figure's quote (its first occurrence is read).

    Returns
    -------
    (str, str, str, str)
        The last batch and the last period written in the quote's sentence
        part before it, the numbered point opening its line and the last
        ``X是`` point before it in the line; ``''`` for each one absent, and
        all four ``''`` when the quote is not in the text.

    Examples
    --------
    >>> text = "第一批项目个数12个。第二批项目个数8个。"
    >>> text_marks(text, "12个"), text_marks(text, "8个")
    (('第一批', '', '', ''), ('第二批', '', '', ''))
    >>> text_marks("1. 甲工程：工程总投资350万元\\n2. 乙工程：工程总投资64万元", "64万元")
    ('', '', '2.', '')
    """
    at = source.find(quote)
    if at < 0:
        return ("", "", "", "")
    line_start = source.rfind("\n", 0, at) + 1
    before = source[line_start:at]
    part = re.split(f"[{_PART_END}]", before)[-1]
    batches, periods = BATCH.findall(part), PERIOD.findall(part)
    point = _LINE_POINT.match(before)
    inline = _INLINE_POINT.findall(before)
    return (batches[-1] if batches else "", periods[-1] if periods else "",
            re.sub(r"\s", "", point.group(0)) if point else "", inline[-1] if inline else "")
