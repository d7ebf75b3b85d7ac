"""Guess a figure's domain, scope, kind and year from the words around it.

Used by :mod:`tanto_analysis.figures.extract`.  Every rule is a declared word list
plus a search order over the figure's clause (text between commas), sentence
part (up to ``；``), sentence (up to ``。``) and enclosing headings; see
``docs/extract.md``.

Examples
--------
>>> from tanto_analysis.core.units import find_quantities
>>> town = Town("甲镇", villages=("甲村",), forms={"甲村": "甲村"})  # made-up names
>>> text = "二、下一步打算\\n全镇力争新增乡贤返乡400人。打造养羊基地1个，在甲村养羊3000只。"
>>> loc = Location("二", ("下一步打算",), True)
>>> for q in find_quantities(text):
...     c = guess_context(text, q, loc, 2022, None, town)
...     print(q.text, c.domain, c.scope, c.kind, c.year)
400人 rural_talent 甲镇 target 2023
1个 rural_operation 甲村 plan 2023
3000只 rural_operation 甲村 plan 2023
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass

from ..core import paths
from ..core.errors import InputError, Problem, display_path
from ..core.units import Quantity
from ..reference.villages import Town, current_town
from .outline import Location
from .published import UNCLASSIFIED, is_known_domain, known_domains
from .report_year import Review, explicit_years, review_at, reviews

__all__ = [
    "ACTUAL_WORDS",
    "CLAUSE_END",
    "COMPLETION",
    "ESTIMATE_WORDS",
    "DOMAIN_KEYWORDS",
    "DOMAIN_REASONS",
    "domain_keywords",
    "PLAN_WORDS",
    "TARGET_WORDS",
    "TOWN_WORDS",
    "Context",
    "Span",
    "guess_context",
    "span",
]

#: The package's keywords of each domain (``defaults/domain_keywords.csv``), in file order.  A project adds
#: its own in ``data/reference/domain_keywords.csv`` (same columns; :func:`domain_keywords`).
def _package_keywords() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    with open(paths.DEFAULTS_DIR / "domain_keywords.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table[row["domain"]] = (*table.get(row["domain"], ()), row["keyword"])
    return table


DOMAIN_KEYWORDS: dict[str, tuple[str, ...]] = _package_keywords()
#: Why each domain added after the 2022 report exists (the first ten are the
#: 2022 report's own parts); see docs/extract.md.
DOMAIN_REASONS: dict[str, str] = {
    "social_assistance": "低保, 特困供养, 临时救助 and 教育补贴 are transfers to households, reported "
                         "apart from poverty monitoring; before, they fell to collective_assets",
    "infrastructure": "roads (公里), bridges and sluices (座), canals and pipes (米) are most of the "
                      "counts a town report gives outside its programmes",
    "agricultural_production": "harvests (吨), livestock (头, 只), machines (台) and sown areas (亩) of "
                               "ordinary farming, not the rural_operation of 民宿/研学/基地",
    UNCLASSIFIED: "no keyword in the clause, sentence, paragraph or headings points to a domain; "
                  "the reviewer chooses one",
}
#: Cue words: the first one in a figure's clause decides its kind.
TARGET_WORDS: tuple[str, ...] = ("力争", "确保", "目标", "有望")
#: An estimate of a year not yet closed (预计全年…达到…): kind ``estimate``, the year's figure as expected.
ESTIMATE_WORDS: tuple[str, ...] = ("预计", "预估", "估计")
PLAN_WORDS: tuple[str, ...] = ("计划", "拟", "规划")
ACTUAL_WORDS: tuple[str, ...] = ("已经", "已", "累计", "共计", "完成", "截至", "目前", "前期")
#: Words that make a clause speak of the whole town (with the town's own name).
TOWN_WORDS: tuple[str, ...] = ("全镇", "我镇", "本镇", "镇域", "全乡", "我乡", "本乡", "乡域", "各村")

#: The punctuation that ends a clause (also used for the clause the page shows around a quote).
CLAUSE_END = "，,。；;！？!?：:\n"
_CLAUSE_END = CLAUSE_END
_SEGMENT_END = "。；;！？!?\n"
_SENTENCE_END = "。！？!?\n"
#: A share of a plan or task (为年度计划的110%, 占全年任务数的77.8%): a completion rate, an actual.
COMPLETION = re.compile(r"(?:为|占|达|是|完成)(?P<of>[^，,。；;、]{0,12}?(?:计划|任务|目标)数?)的[ \u3000]*$")
_BACKGROUND = re.compile(r"[ \t\u3000]*在.*(基础上|前提下)$")


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def domain_keywords() -> dict[str, tuple[str, ...]]:
    """Each domain's keywords: the package's, then the project's own (``data/reference/domain_keywords.csv``).

    Raises
    ------
    InputError
        For a project keyword of an unknown domain (``file:row:column``).
    """
    path = paths.reference_dir() / "domain_keywords.csv"
    if not path.is_file():
        return dict(DOMAIN_KEYWORDS)
    merged = dict(DOMAIN_KEYWORDS)
    problems = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row, rec in enumerate(csv.DictReader(handle), start=2):
            domain, word = (rec.get("domain") or "").strip(), (rec.get("keyword") or "").strip()
            if not is_known_domain(domain) or domain == UNCLASSIFIED:
                problems.append(Problem(display_path(path), row, "domain", "unknown domain; expected one of "
                                        + ", ".join(d for d in known_domains() if d != UNCLASSIFIED), domain or None))
            elif word and word not in merged.get(domain, ()):
                merged[domain] = (*merged.get(domain, ()), word)
    if problems:
        raise InputError(problems)
    return merged


_KEYWORD_PATTERNS: dict[tuple, tuple[dict[str, str], re.Pattern[str]]] = {}


def _keywords() -> tuple[dict[str, str], re.Pattern[str]]:
    """Keyword → domain, and the pattern finding any keyword (the project's keywords included)."""
    table = domain_keywords()
    key = tuple((d, words) for d, words in table.items())
    if key not in _KEYWORD_PATTERNS:
        by_word = {word: domain for domain, words in table.items() for word in words}
        _KEYWORD_PATTERNS[key] = (by_word, _alternation(list(by_word)))
    return _KEYWORD_PATTERNS[key]


_CUE_KIND = {**{w: "target" for w in TARGET_WORDS}, **{w: "plan" for w in PLAN_WORDS},
             **{w: "estimate" for w in ESTIMATE_WORDS},
             **{w: "actual" for w in ACTUAL_WORDS}}
_CUES = _alternation(list(_CUE_KIND))
_NAME_STARTERS = set("、，,。；;！？!?在和与及同“（(：: \t\n")


@dataclass(frozen=True)
class _Names:
    """How a town's report names the town and its villages, as patterns."""

    town: str
    town_re: re.Pattern[str]
    forms: dict[str, str]  # a village as written → its canonical name
    village_re: re.Pattern[str] | None


_NAMES: dict[tuple, _Names] = {}


def _names(town: Town) -> _Names:
    """The patterns of ``town``: its name and town words; its villages' names, short forms and aliases.

    A short form that is also the town's name without 镇/乡 is left out: a
    report writes the town far more often than the village of the same name
    (a town's seat village is commonly named after it).
    """
    key = (town.name, tuple(sorted(town.forms.items())))
    if key not in _NAMES:
        bare = town.name[:-1] if town.name[-1:] in ("镇", "乡") else town.name
        forms = {written: name for written, name in town.forms.items() if written != bare}
        _NAMES[key] = _Names(town.name, _alternation([town.name, *TOWN_WORDS]), forms,
                             _alternation(list(forms)) if forms else None)
    return _NAMES[key]


@dataclass(frozen=True)
class Span:
    """A stretch ``text[start:end]`` of the report (character offsets)."""

    start: int
    end: int


def span(text: str, start: int, end: int, stops: str) -> Span:
    """The stretch around ``text[start:end]`` bounded by any of ``stops``."""
    left = max(text.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (text.find(ch, end) for ch in stops) if i >= 0]
    return Span(left, min(rights) if rights else len(text))


@dataclass(frozen=True)
class Context:
    """The guesses for one figure, and the clause it stands in (offsets into the text)."""

    domain: str
    scope: str
    kind: str
    year: int
    clause: Span


def _domain(text: str, q: Quantity, clause: Span, sentence: Span, loc: Location,
            previous: str | None) -> str:
    by_word, keywords = _keywords()
    before = list(keywords.finditer(text, clause.start, q.start))
    if before:
        return by_word[before[-1].group(0)]
    after = keywords.search(text, q.end, clause.end)
    if after:
        return by_word[after.group(0)]
    votes = Counter(by_word[m.group(0)] for m in keywords.finditer(text, sentence.start, q.start))
    if votes:
        last = {by_word[m.group(0)]: m.start() for m in keywords.finditer(text, sentence.start, q.start)}
        return max(votes, key=lambda d: (votes[d], last[d]))
    for title in loc.titles:
        hit = keywords.search(title)
        if hit:
            return by_word[hit.group(0)]
    paragraph = span(text, q.start, q.end, "\n")
    if previous is not None and keywords.search(text, paragraph.start, q.start):
        return previous  # the figure before it in the same paragraph had a keyword
    return UNCLASSIFIED


def _villages(text: str, start: int, end: int, names: _Names) -> list[tuple[int, str, str]]:
    """(offset, canonical name, name as written) of each village named in ``text[start:end]``."""
    found: list[tuple[int, str, str]] = []
    if names.village_re is None:
        return found
    for m in names.village_re.finditer(text, start, end):
        name = m.group(0)
        if len(name) == 2 and name.endswith("村") and m.start() > 0 and text[m.start() - 1] not in _NAME_STARTERS:
            continue  # a two-character name inside another word
        found.append((m.start(), names.forms[name], name))
    return found


def _scope(text: str, q: Quantity, clause: Span, segment: Span, names: _Names) -> str:
    town = names.town
    if q.start > 0 and text[q.start - 1] == "等":
        return town  # 甲村、乙村…等8个村: a count of the listed villages
    towns = [m.start() for m in names.town_re.finditer(text, clause.start, q.start)]
    before = _villages(text, clause.start, q.start, names)
    if before:
        names = {name for _, name, _ in before}
        if len(names) > 1:
            return town
        if not towns or towns[-1] < before[-1][0]:
            return before[-1][2]
    if towns:
        return town
    after_start = q.end
    if text[q.end:q.end + 1] in "（(":  # 5个（甲村、乙村…）: the list being counted
        close = min((i for i in (text.find("）", q.end), text.find(")", q.end)) if i >= 0),
                    default=q.end)
        after_start = close + 1
    after = _villages(text, after_start, clause.end, names)
    if after:
        return after[0][2] if len({name for _, name, _ in after}) == 1 else town
    earlier = _villages(text, segment.start, clause.start, names)
    if earlier and len({name for _, name, _ in earlier}) == 1:
        if not any(m.start() > earlier[-1][0] for m in names.town_re.finditer(text, segment.start, q.start)):
            return earlier[-1][2]
    nxt = re.match(r"[，,]在(\S{2,4})", text[clause.end:clause.end + 8])
    if nxt:
        hit = _villages(text, clause.end + 2, clause.end + 2 + len(nxt.group(1)), names)
        if hit:
            return hit[0][2]
    return town


def _first_cue(text: str, start: int, end: int) -> str | None:
    hit = _CUES.search(text, start, end)
    return _CUE_KIND[hit.group(0)] if hit else None


def _kind_year(text: str, q: Quantity, clause: Span, segment: Span, loc: Location,
               report_year: int, review: Review | None) -> tuple[str, int]:
    kind = "actual" if COMPLETION.search(text, clause.start, q.start) else _first_cue(text, clause.start, q.start)
    if kind is None and explicit_years(text, clause.start, q.start):
        kind = "actual"
    pos = clause.start - 1
    while kind is None and pos > segment.start:  # walk back clause by clause
        prev = span(text, pos, pos, _CLAUSE_END)
        if not _BACKGROUND.match(text, prev.start, pos):  # 在…的基础上 sets the scene only
            kind = _first_cue(text, prev.start, pos)
        pos = prev.start - 1
    if kind is None:
        kind = "plan" if loc.next_steps else "actual"
    years = explicit_years(text, segment.start, q.start)
    if years:
        year = years[-1]
    elif kind in ("target", "plan") and loc.next_steps:
        year = report_year + 1
    else:  # in a review of an earlier year (2022年工作回顾 of a 2023 report), that year
        year = review.year if review is not None and kind in ("actual", "estimate") else report_year
    if kind == "actual" and year > report_year:
        kind = "plan"
    if kind == "estimate" and year > report_year:
        kind = "target"  # 预计从2024年起…: a forecast of a later year, not an estimate of a year under way
    return kind, year


def guess_context(text: str, q: Quantity, loc: Location, report_year: int,
                  previous_domain: str | None, town: Town | None = None) -> Context:
    """Guess the domain, scope (the project's town or one of its villages), kind and year of a figure.

    Parameters
    ----------
    text : str
        The report text.
    q : Quantity
        The figure, with its span in ``text``.
    loc : Location
        Its place in the outline (:func:`tanto_analysis.figures.outline.locate`).
    report_year : int
        The year the report describes.
    previous_domain : str or None
        The domain of the figure before it, used when no keyword decides and
        a keyword occurs earlier in the same paragraph; otherwise the domain
        is ``unclassified``.
    town : Town, optional
        Whose report it is (default: the project's, :func:`~tanto_analysis.reference.villages.current_town`).
    """
    clause = span(text, q.start, q.end, _CLAUSE_END)
    segment = span(text, q.start, q.end, _SEGMENT_END)
    sentence = span(text, q.start, q.end, _SENTENCE_END)
    kind, year = _kind_year(text, q, clause, segment, loc, report_year, review_at(reviews(text), q.start))
    return Context(
        domain=_domain(text, q, clause, sentence, loc, previous_domain),
        scope=_scope(text, q, clause, segment, _names(town if town is not None else current_town())),
        kind=kind,
        year=year,
        clause=clause,
    )
