"""Carry-forward: which figure of an earlier year's table does a drafted figure continue?

A reviewer keeps the ids of figures that recur from year to year so that
trends line up.  :func:`propose_carry` proposes, for each drafted figure, the
figure of the project's earlier tables that states **the same quantity**: one
of the same unit (元 with 元, 户 with 户) and kind (actual, plan, target) whose
noun phrase means the same thing.

A noun phrase (the figure's ``label_zh``, with the words its quote adds) is
read in three parts:

* **frame words** (:data:`FRAME_WORDS`: 全镇, 今年, 目前, 完成, 实现, 计划 …)
  say where, when or how a figure was reported, not what it measures (nor
  does 项目, which nearly every programme figure is about); they are left out;
* the **head**: the last word of :data:`MEASURES` in the phrase (投资, 资产,
  贷款, 岗位 …), what is summed or counted; words of one group name the same
  thing (贷款 and 信贷);
* the **qualifier**: the rest (乡贤, 清收村集体, 新增), which says whose or
  which.

Two figures link only when their heads agree (固定资产投资 is an investment,
收回固定资产 recovered assets: no link), both or neither are negated
(:data:`NEGATIONS`: 未消除风险 is not 消除风险), and their qualifiers read
alike: the mean of the character-bigram Dice coefficient and
:class:`difflib.SequenceMatcher`'s ratio.  A qualifier on one side only is no
evidence (重点项目完成投资 and 乡贤项目完成投资 share only the head and a frame
word).  Where neither phrase has a head word, the phrases without frame words
are compared whole.  So 人均年增收约1.57万元 after 就业群众 finds 就业群众年均增收
/ 1.5万元.

Each earlier figure is proposed at most once, best pairs first; a pair below
:data:`MIN_CONFIDENCE` is not proposed.  The proposal is the earlier figure's
``id`` with ``carry_confidence`` 0–1, two decimals.  Where the pair is alike
enough (:data:`INDICATOR_CONFIDENCE`), the draft also takes the earlier
figure's ``indicator``, so the two years line up in the trends; a reviewer
checks it like any other column (:func:`propose_indicators`).

Examples
--------
>>> round(_confidence("就业群众人均年增收", "就业群众年均增收"), 2)
0.66
>>> _confidence("重点项目完成投资", "乙项目完成投资"), _confidence("固定资产投资", "收回固定资产")
(0.0, 0.0)
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.numbers import format_number
from ..core.readers import read_table
from ..core.unit_table import UNITS_BY_NAME

__all__ = ["FRAME_WORDS", "INDICATOR_CONFIDENCE", "MEASURES", "MIN_CONFIDENCE", "NEGATIONS", "earlier_tables",
           "propose_carry", "propose_indicators"]

#: Pairs less alike than this are not proposed.
MIN_CONFIDENCE = 0.3
#: Pairs at least this alike also carry the earlier figure's indicator key into the draft.
INDICATOR_CONFIDENCE = 0.5
#: Words that place, date or report a figure without saying what it measures (the kind and the
#: unit are compared apart), and 项目/工程, which nearly every programme figure is about; left
#: out before phrases are compared.
FRAME_WORDS: tuple[str, ...] = (
    "截至目前", "截止目前", "今年以来", "全镇", "全乡", "全市", "全县", "全区", "该镇", "我镇", "本镇", "镇域",
    "今年", "全年", "此次", "目前", "其中", "已经", "已", "共计", "合计", "总计", "共", "完成", "实现", "达到",
    "达", "计划", "预计", "面积", "金额", "总额", "规模", "项目", "工程",
)
#: What a figure measures: the last of these words in its phrase is its head.  Words of one
#: tuple name the same thing; the longest word wins where one contains another (农用地, 用地).
MEASURES: tuple[tuple[str, ...], ...] = (
    ("投资",), ("资产",), ("资金", "经费"), ("收入", "收益", "营收"), ("增收",), ("产值",), ("销售",),
    ("贷款", "信贷"), ("贴息",), ("补贴", "补助"), ("岗位", "公益岗"), ("合同",), ("矛盾", "纠纷"),
    ("用地",), ("农用地", "耕地"), ("土地",), ("林坡", "林地"), ("荒地",), ("农宅", "宅基地"),
    ("企业",), ("实体", "经营主体"), ("乡贤",), ("监测对象", "监测户"), ("风险",),
    ("民宿",), ("支部", "党支部"), ("党员",),
)
#: Words that negate what follows (未消除风险): a negated and a plain phrase never link.
NEGATIONS: tuple[str, ...] = ("尚未", "未", "没有")
_NOT_WORDS = re.compile(r"[\d.,，。；;、%％\s\-—～~（）()“”]|万|亿|余|多|约|近|超过|以上|左右|以下|不足")
_COUNT_SUFFIX = re.compile(r"[户人笔个次名份起项处村]?数$")
_MEASURE_GROUP = {word: n for n, group in enumerate(MEASURES) for word in group}
_MEASURE = re.compile("|".join(sorted(_MEASURE_GROUP, key=len, reverse=True)))
_FRAME = re.compile("|".join(sorted(FRAME_WORDS, key=len, reverse=True)))
_NEGATION = re.compile("|".join(NEGATIONS))


def _words(label: str, quote: str, unit: str) -> str:
    """The figure's noun phrase: its label, then what its quote adds, without numbers, units and bound words."""
    quote = quote.replace(unit, "")
    for name, unit_row in UNITS_BY_NAME.items():
        if unit_row.base == unit:
            quote = quote.replace(name, "")
    label, quote = _NOT_WORDS.sub("", label), _NOT_WORDS.sub("", quote)
    return label if quote in label else label + quote


def _similarity(a: str, b: str) -> float:
    """Mean of bigram Dice and SequenceMatcher ratio of two strings (0–1)."""
    if not a or not b:
        return 0.0
    grams_a = {a[i:i + 2] for i in range(len(a) - 1)} or {a}
    grams_b = {b[i:i + 2] for i in range(len(b) - 1)} or {b}
    dice = 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))
    return (dice + SequenceMatcher(None, a, b).ratio()) / 2


def _parts(phrase: str) -> tuple[int | None, str, bool]:
    """(head group or None, qualifier, negated) of a noun phrase."""
    negated = bool(_NEGATION.search(phrase))
    phrase = _COUNT_SUFFIX.sub("", _FRAME.sub("", _NEGATION.sub("", phrase)))
    heads = [m for m in _MEASURE.finditer(phrase)]
    if not heads:
        return None, phrase, negated
    head = max(heads, key=lambda m: (m.end(), len(m.group(0))))
    return _MEASURE_GROUP[head.group(0)], phrase[:head.start()] + phrase[head.end():], negated


def _confidence(a: str, b: str) -> float:
    """How surely two noun phrases name the same quantity (0–1); see the module's description."""
    head_a, rest_a, negated_a = _parts(a)
    head_b, rest_b, negated_b = _parts(b)
    if negated_a != negated_b:
        return 0.0
    if head_a is None or head_b is None:
        return _similarity(rest_a if head_a is None else _FRAME.sub("", a),
                           rest_b if head_b is None else _FRAME.sub("", b))
    if head_a != head_b:
        return 0.0
    if not rest_a and not rest_b:
        return 1.0
    return _similarity(rest_a, rest_b)


def _comparable(new: dict[str, str], past: dict[str, str]) -> bool:
    """Same unit (an indicator has one) and, where both tables say, the same kind."""
    if new["unit"] != past["unit"] or new["unit"] not in UNITS_BY_NAME:
        return False
    return not new.get("kind") or not past.get("kind") or new["kind"] == past["kind"]


def propose_carry(draft: pd.DataFrame, earlier: list[pd.DataFrame]) -> pd.DataFrame:
    """Fill ``carry_from`` and ``carry_confidence`` of a draft.

    Parameters
    ----------
    draft : DataFrame
        Drafted figures (``label_zh``, ``quote``, ``unit``, ``kind``), e.g. from
        :func:`tanto_analysis.figures.extract.extract_figures`.
    earlier : list of DataFrame
        Earlier years' figures tables of the same project (``id``, ``label_zh``,
        ``quote``, ``unit``, ``kind``; :func:`earlier_tables`).

    Returns
    -------
    DataFrame
        A copy of ``draft``; ``carry_from`` is an earlier figure's id (empty when
        none is alike enough) and ``carry_confidence`` its similarity, 0–1.
    """
    out = draft.copy()
    out["carry_from"] = ""
    out["carry_confidence"] = ""
    old = pd.concat(earlier, ignore_index=True) if earlier else pd.DataFrame(columns=["id", "label_zh", "quote", "unit"])
    new_rows, old_rows = out.fillna("").to_dict("records"), old.fillna("").to_dict("records")
    new_words = [_words(r["label_zh"], r["quote"], r["unit"]) for r in new_rows]
    old_words = [_words(r["label_zh"], r["quote"], r["unit"]) for r in old_rows]
    pairs = []
    for i, row in enumerate(new_rows):
        for j, past in enumerate(old_rows):
            if _comparable(row, past):
                score = _confidence(new_words[i], old_words[j])
                if score >= MIN_CONFIDENCE:
                    pairs.append((-score, i, j))
    used_new: set[int] = set()
    used_old: set[int] = set()
    for neg_score, i, j in sorted(pairs):
        if i in used_new or j in used_old:
            continue
        used_new.add(i)
        used_old.add(j)
        out.iloc[i, out.columns.get_loc("carry_from")] = old.iloc[j]["id"]
        out.iloc[i, out.columns.get_loc("carry_confidence")] = format_number(round(-neg_score, 2), None, grouping=False)
    return out


def propose_indicators(draft: pd.DataFrame, earlier: list[pd.DataFrame],
                       min_confidence: float = INDICATOR_CONFIDENCE) -> pd.DataFrame:
    """Fill an empty ``indicator`` from the carried figure's, where that is safe.

    A drafted figure takes the indicator of its ``carry_from`` figure when the
    pair's confidence reaches ``min_confidence``, the units and kinds are the
    same (an indicator has one unit), and no other drafted figure of the same
    scope, year and kind already took that indicator.

    Examples
    --------
    >>> old = pd.DataFrame({"id": ["jobs_gain_last_year"], "indicator": ["jobs_income_increase_mean"],
    ...                     "unit": ["元"], "kind": ["actual"]})
    >>> new = pd.DataFrame({"indicator": [""], "unit": ["元"], "kind": ["actual"], "scope": ["甲镇"],
    ...                     "year": ["2023"], "carry_from": ["jobs_gain_last_year"], "carry_confidence": ["0.68"]})
    >>> propose_indicators(new, [old])["indicator"].tolist()
    ['jobs_income_increase_mean']
    """
    out = draft.copy()
    old = pd.concat(earlier, ignore_index=True) if earlier else pd.DataFrame()
    if old.empty or "indicator" not in old.columns:
        return out
    by_id = {r["id"]: r for r in old.to_dict("records")}
    taken = {(r["indicator"], r["scope"], r["year"], r["kind"]) for r in out.to_dict("records") if r["indicator"]}
    for index, row in out.iterrows():
        past = by_id.get(row["carry_from"])
        if row["indicator"] or past is None or not past["indicator"] or not row["carry_confidence"]:
            continue
        key = (past["indicator"], row["scope"], row["year"], row["kind"])
        if (float(row["carry_confidence"]) >= min_confidence and past["unit"] == row["unit"]
                and past["kind"] == row["kind"] and key not in taken):
            out.loc[index, "indicator"] = past["indicator"]
            taken.add(key)
    return out


def earlier_tables(year: int, directory: str | Path | None = None) -> list[pd.DataFrame]:
    """The project's figures tables of the reports before ``year`` (``<y>.csv``, y < year)."""
    folder = Path(directory) if directory is not None else paths.published_dir()
    found = []
    for path in sorted(folder.glob("*.csv")):
        table_year = paths.year_of(path)
        if table_year is not None and table_year < year:
            found.append(read_table(path))
    return found
