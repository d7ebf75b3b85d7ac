"""Draft a year's figures table from the report text (``tanto extract``).

The analyst's slowest yearly step is building ``data/published/<year>.csv``
by hand.  :func:`extract_figures` proposes a draft in that format: one row per
quantity the report states, with a proposed id, the section, a guessed
domain, scope, kind and year, the value in base units (元, 亩, 平方米, counts,
% as 0–100), the bound, and a short verbatim quote that ``tanto validate``
accepts.  The analyst reviews the ids, labels and guesses, then validates.

The rules are general (see ``docs/extract.md``); none names a sentence of a
particular report:

* quantities come from :func:`tanto_analysis.core.units.find_quantities`
  (万/亿, decimals, 余/多/以上/超过/近/约, %, ranges, Chinese numerals);
* not figures: dates (``2022年``), anything in a document title ``《…》``,
  counts inside quotation marks ``“四个意识”`` (names of slogans and
  programmes; measures such as ``“千亩…”`` still count), the bare numeral
  一 before a classifier (一个, 一处: the article "a"), set phrases of the
  ``一村一品`` / ``三X两Y`` pattern, and plan periods (``三年行动``);
* domain: the declared keyword table :data:`tanto_analysis.figures.context.DOMAIN_KEYWORDS`, looked up in the
  figure's clause, then its sentence, then the enclosing headings;
* scope: a village of the project's town named in the same clause or
  sentence part (spelt as the report writes it), else the town;
* kind and year: cue words (``TARGET_WORDS``, ``PLAN_WORDS``, ``ACTUAL_WORDS`` in
  :mod:`tanto_analysis.figures.context`), explicit years (``2023年底``) and next-steps
  sections (plans for the following year).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.atomic import atomic_write_text
from ..core.errors import InputError, Problem, display_path
from ..core.numbers import format_number
from ..core.report_text import read_report
from ..core.unit_table import UNITS, UNITS_BY_NAME
from ..core.units import BOUNDS, Quantity, find_quantities
from .carry import earlier_tables, propose_carry, propose_indicators
from .context import COMPLETION, Span, guess_context, span
from .not_figures import candidate_quantities, skipped_numerals, write_skipped
from .outline import find_headings, locate
from .published import COLUMNS

__all__ = [
    "DRAFT_COLUMNS",
    "Draft",
    "candidate_quantities",
    "extract_figures",
    "saved_text_target",
    "write_draft",
]

#: The draft's columns: the figures table's, the upper end of ranges, and the
#: proposed earlier figure (see :mod:`tanto_analysis.figures.carry`).
DRAFT_COLUMNS: tuple[str, ...] = (*COLUMNS, "value_high", "carry_from", "carry_confidence")
UNIT_SLUGS: dict[str, str] = {u.name: u.slug for u in UNITS if u.slug}

_LABEL_STRIP = "，,。；;：:、（）()“”《》 \t\u3000"
_CUT_NUMBER = re.compile(r"^[\d.]+[年月日]?")
_LEADING_WORDS = re.compile(r"^(其中|共计|累计|共|截至目前|目前|已|并|对|和|及|与)+")
_TRAILING_WORDS = re.compile(r"(实现|完成|达到|达|为|共计|累计|合计|总计|共|计|约|近|超过|有|是|对|向|给|在|于|和|与|及|等|了|的)+$")
#: The thing counted right after a classifier, up to a particle or punctuation (3座桥梁).
_COUNTED = re.compile(r"[\u4e00-\u9fff]{1,8}?(?=[，,。；;、：:（）()的和及与\n]|以上|左右|$)")
_NOT_NOUNS = ("以上", "左右", "以下", "是", "的", "和", "及", "与", "中", "内", "里")


def _quote_states(quote: str, value: Decimal, unit: str, bound: str, upper: Decimal | None = None) -> bool:
    """Whether ``tanto validate`` reads ``value unit bound`` (and ``upper``) from ``quote``."""
    match = [q for q in find_quantities(quote) if q.unit == unit and q.value == value]
    if upper is not None:
        match = [q for q in match if q.upper == upper]
    return bool(match) and (match[0].bound == bound or match[0].bound not in BOUNDS)


def _quote(text: str, q: Quantity, bound: str, max_extra: int = 16) -> str:
    """Shortest verbatim substring around ``q`` stating it, unique in ``text`` if possible."""
    line = span(text, q.start, q.end, "\n")
    fallback: str | None = None
    for extra in range(max_extra + 1):
        for left in range(extra, -1, -1):
            start, end = q.start - left, q.end + extra - left
            if start < line.start or end > line.end:
                continue
            quote = text[start:end]
            if quote != quote.strip() or not _quote_states(quote, q.value, q.unit, bound, q.upper):
                continue
            if text.count(quote) == 1:
                return quote
            if fallback is None:
                fallback = quote
    return fallback if fallback is not None else q.text


def _label(text: str, q: Quantity, clause: Span, others: list[Quantity]) -> str:
    """The noun phrase a figure belongs to: the clause before it, without
    leading adverbs and trailing verbs/prepositions (实现, 达到, 对 …), plus
    the thing counted after a classifier (新建3座桥梁 → 新建桥梁)."""
    def clean(start: int, end: int) -> str:
        part = text[start:end]
        for other in sorted(others, key=lambda o: -o.start):
            if start <= other.start and other.end <= end:
                part = part[:other.start - start] + part[other.end - start:]
        return _LEADING_WORDS.sub("", part.strip(_LABEL_STRIP)).strip(_LABEL_STRIP)

    completion = COMPLETION.search(text, clause.start, q.start)
    if completion:  # 为年度计划的110% → 年度计划完成率
        return completion.group("of").strip(_LABEL_STRIP) + "完成率"
    before = _TRAILING_WORDS.sub("", _CUT_NUMBER.sub("", clean(clause.start, q.start)[-16:]))
    after = _COUNTED.match(text, q.end, clause.end)
    counted = after.group(0) if after and UNITS_BY_NAME[q.unit].kind == "count" else ""
    if counted.startswith(_NOT_NOUNS):
        counted = ""
    return (before + counted) or clean(q.end, clause.end)[:16] or q.text


def extract_figures(text: str, year: int) -> pd.DataFrame:
    """Draft the figures table of a report.

    Parameters
    ----------
    text : str
        The report text (as returned by :func:`tanto_analysis.core.report_text.read_report`).
    year : int
        The year the report describes; figures without an explicit year get it
        (plans in a next-steps section get ``year + 1``).

    Returns
    -------
    DataFrame
        Columns :data:`DRAFT_COLUMNS`, all strings, one row per figure in text
        order.  ``value`` is in base units (元, 亩, 平方米, 公里, 吨, counts, % as
        0–100); a range ``a—b`` gives ``value = a``, ``value_high = b`` and bound
        ``range``.  ``carry_from``/``carry_confidence`` are empty (see
        :func:`tanto_analysis.figures.carry.propose_carry`).
    """
    headings = find_headings(text)
    kept = [q for q, reason in candidate_quantities(text) if reason is None]
    rows: list[dict[str, str]] = []
    counters: Counter[str] = Counter()
    previous_domain: str | None = None
    for q in kept:
        loc = locate(headings, q.start)
        ctx = guess_context(text, q, loc, year, previous_domain)
        domain, fig_year, previous_domain = ctx.domain, ctx.year, ctx.domain
        bound = q.bound
        slug = UNIT_SLUGS[q.unit]
        stem = f"{domain}_{slug}" if fig_year == year else f"{domain}_{fig_year}_{slug}"
        counters[stem] += 1
        rows.append({
            "id": f"{stem}_{counters[stem]:02d}",
            "section": loc.section,
            "domain": domain,
            "scope": ctx.scope,
            "year": str(fig_year),
            "kind": ctx.kind,
            "value": format_number(q.value, None, grouping=False),
            "unit": q.unit,
            "bound": bound,
            "label_zh": _label(text, q, ctx.clause, [o for o in kept if o is not q]),
            "label_en": f"{domain.replace('_', ' ')}: {slug.replace('_', ' ')} (draft)",
            "quote": _quote(text, q, bound),
            "value_high": "" if q.upper is None else format_number(q.upper, None, grouping=False),
            "carry_from": "",
            "carry_confidence": "",
        })
    return pd.DataFrame(rows, columns=list(DRAFT_COLUMNS), dtype=str).fillna("")


def saved_text_target(report: str | Path, year: int, text: str,
                      text_output: str | Path | None) -> tuple[Path | None, list[Problem]]:
    """Where ``tanto extract`` keeps the report's text, and why it cannot.

    A ``.pdf`` report's text is kept as ``data/sources/<year>.txt`` unless
    ``text_output`` says otherwise: the quotes are verbatim in it and
    ``tanto validate`` reads it.  That default file is never replaced when it
    holds another text (a problem says so); when it holds the same text it
    is left as it is (returned as None: nothing to write).

    Returns
    -------
    (Path or None, list of Problem)
        The file to write (None: none), and the problems found.
    """
    if text_output is not None:
        return Path(text_output), []
    if Path(report).suffix.lower() != ".pdf":
        return None, []
    target = paths.sources_dir() / f"{year}.txt"
    if not target.exists():
        return target, []
    try:
        same = read_report(target) == text
    except InputError:
        same = False
    if same:
        return None, []
    return None, [Problem(display_path(target), None, None, (
        f"already holds another text than {display_path(report)}; the PDF's text was not saved over it: "
        "move that file away, or save the text elsewhere with --save-text"))]


@dataclass(frozen=True)
class Draft:
    """What :func:`write_draft` wrote: the draft table and what it was made from."""

    #: The draft figures table (columns :data:`DRAFT_COLUMNS`), as written.
    table: pd.DataFrame
    #: The report's plain text, which the quotes are verbatim in.
    text: str
    #: The numerals of the text that were not drafted, each with its reason.
    skipped: list
    #: Where the report's text was saved (``text_output``, or a PDF's ``data/sources/<year>.txt``), or None.
    text_file: Path | None = None


def write_draft(report: str | Path, year: int, output: str | Path,
                text_output: str | Path | None = None, skipped_output: str | Path | None = None) -> Draft:
    """Write the draft figures table of ``report`` to ``output`` (``tanto extract``); return it.

    Parameters
    ----------
    report : path
        The report, ``.txt`` (UTF-8/GBK), ``.docx`` or ``.pdf`` (with a text
        layer); only read.
    year : int
        The year the report describes.
    output : path
        The draft ``.csv`` (UTF-8, written atomically).
    text_output : path, optional
        Also write the report's plain text here (UTF-8): the text the quotes
        are verbatim in, to keep as ``data/sources/<year>.txt``.  For a
        ``.pdf`` it defaults to that file (:func:`saved_text_target`).
    skipped_output : path, optional
        Also write every numeral not drafted, with the reason, as CSV
        (``line, column, text, reason``).

    Returns
    -------
    Draft
        The table written (values in base units: 元, 亩, 户, %), the
        report's text and the numerals not drafted.

    Raises
    ------
    InputError
        If the report cannot be read or the paths are unusable, with one
        ``file::: message`` problem each (``tanto`` exits 1).
    """
    report, output = Path(report), Path(output)
    targets = [output] + [Path(p) for p in (text_output, skipped_output) if p is not None]
    problems = []
    for target in targets:
        if target.resolve() == report.resolve():
            problems.append(Problem(display_path(target), None, None,
                                    "refusing to overwrite the report; choose another output file"))
    if text_output is not None and Path(text_output).resolve() == output.resolve():
        problems.append(Problem(display_path(output), None, None,
                                "the draft table and the saved text need different files"))
    if output.suffix.lower() != ".csv":
        problems.append(Problem(display_path(output), None, None, "expected a .csv output file"))
    if not 1900 <= year <= 2100:
        problems.append(Problem(display_path(report), None, None, f"implausible report year {year}"))
    text = ""
    try:
        text = read_report(report)
    except InputError as exc:
        problems.extend(exc.problems)
    text_target, text_problems = saved_text_target(report, year, text, text_output) if not problems else (None, [])
    problems += text_problems
    if problems:
        raise InputError(problems)
    earlier = earlier_tables(year)
    table = propose_indicators(propose_carry(extract_figures(text, year), earlier), earlier)
    skipped = skipped_numerals(text, [q for q, reason in candidate_quantities(text) if reason is None])
    atomic_write_text(output, table.to_csv(index=False, lineterminator="\n"))
    if text_target is not None:
        text_target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(text_target, text)
    if skipped_output is not None:
        write_skipped(skipped_output, text, skipped)
    return Draft(table, text, skipped, text_target)
