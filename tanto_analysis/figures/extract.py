"""Draft a year's figures table from the report text (``tanto extract``).

The analyst's slowest yearly step is building ``data/published/tantou_<year>.csv``
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
* scope: a village named in the same clause or sentence part (spelt as the
  report writes it), else 潭头镇;
* kind and year: cue words (``TARGET_WORDS``, ``PLAN_WORDS``, ``ACTUAL_WORDS`` in
  :mod:`tanto_analysis.figures.context`), explicit years (``2023年底``) and next-steps
  sections (plans for the following year).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import click
import pandas as pd

from ..core.atomic import atomic_write_text
from ..core.errors import InputError, Problem, display_path
from ..core.numbers import format_number
from ..core.report_text import read_report
from ..core.units import MEASURE_UNITS, Quantity, find_quantities
from .context import Span, guess_context, span
from .outline import find_headings, locate
from .published import COLUMNS, FIGURE_BOUNDS

__all__ = [
    "candidate_quantities",
    "extract_figures",
    "run_extract",
]

UNIT_SLUGS = {
    "元": "yuan", "亩": "mu", "平方米": "sqm", "户": "households", "人": "people",
    "人次": "person_times", "名": "persons", "个": "count", "笔": "deals", "份": "documents",
    "起": "cases", "条": "pieces", "次": "times", "头": "head", "只": "animals", "处": "sites",
    "%": "rate", "项": "items", "村": "villages", "年": "years",
}

_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", '"': '"'}
_PLAN_PERIOD = re.compile(r"^[^，,。；;、\n]{0,4}?(规划|计划|行动|方案|攻坚)")
_CN_DIGIT = "一二两三四五六七八九"
_SET_PHRASE_AFTER = re.compile(rf"^[{_CN_DIGIT}][\u4e00-\u9fff]")
_SET_PHRASE_BEFORE = re.compile(rf"[{_CN_DIGIT}][\u4e00-\u9fff]$")
_LABEL_STRIP = "，,。；;：:、（）()“”《》 \t\u3000"
_NOT_COUNTS = ("月", "百分点", "工作日", "小时")
_VAGUE_BEFORE = "数上几"
_VAGUE_DIGITS = re.compile(f"[{_CN_DIGIT}]{{2}}")
_CUT_NUMBER = re.compile(r"^[\d.]+[年月日]?")
_LEADING_WORDS = re.compile(r"^(其中|共计|累计|共|截至目前|目前|已|并|对|和|及|与)+")


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
    return not any(ch.isdigit() for ch in q.text)


def _skip_reason(q: Quantity, text: str, quoted: list[tuple[int, int, str]]) -> str | None:
    """Why a quantity found by the parser is not a figure (None if it is one)."""
    if q.unit == "年" and q.bound == "exact" and 1900 <= q.value <= 2100:
        return "date"
    for start, end, mark in quoted:
        if start < q.start and q.end < end:
            if mark == "《":
                return "document title"
            if q.unit not in MEASURE_UNITS:
                return "name in quotation marks"
    if q.unit == "个" and text.startswith(_NOT_COUNTS, q.end):
        return "not a base unit (个月, 个百分点, 个工作日)"
    if not _is_chinese_numeral(q):
        return None
    digits = q.text.removeprefix("超过").removeprefix("近").removeprefix("约")
    if (q.start > 0 and text[q.start - 1] in _VAGUE_BEFORE) or _VAGUE_DIGITS.search(digits):
        return "vague number (数十, 上百, 二三十)"
    if digits.startswith("一") and digits[1:] in UNIT_SLUGS:
        return "article 一 + classifier"
    if _SET_PHRASE_AFTER.match(text[q.end:q.end + 2]) or _SET_PHRASE_BEFORE.search(text[max(0, q.start - 2):q.start]):
        return "set phrase"
    if q.unit == "年" and _PLAN_PERIOD.match(text[q.end:q.end + 8]):
        return "plan period"
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
    return [(q, _skip_reason(q, text, quoted)) for q in find_quantities(text)]


def _quote_states(quote: str, value: Decimal, unit: str, bound: str) -> bool:
    """Whether ``tanto validate`` reads ``value unit bound`` from ``quote``."""
    match = [q for q in find_quantities(quote) if q.unit == unit and q.value == value]
    return bool(match) and (match[0].bound == bound or match[0].bound not in FIGURE_BOUNDS)


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
            if quote != quote.strip() or not _quote_states(quote, q.value, q.unit, bound):
                continue
            if text.count(quote) == 1:
                return quote
            if fallback is None:
                fallback = quote
    return fallback if fallback is not None else q.text


def _label(text: str, q: Quantity, clause: Span, others: list[Quantity]) -> str:
    def clean(start: int, end: int) -> str:
        part = text[start:end]
        for other in sorted(others, key=lambda o: -o.start):
            if start <= other.start and other.end <= end:
                part = part[:other.start - start] + part[other.end - start:]
        return _LEADING_WORDS.sub("", part.strip(_LABEL_STRIP)).strip(_LABEL_STRIP)

    label = _CUT_NUMBER.sub("", clean(clause.start, q.start)[-16:])
    label = label or clean(q.end, clause.end)[:16] or q.text
    if q.bound == "range" and q.upper is not None:
        label += f"（范围{format_number(q.value, None, grouping=False)}–{format_number(q.upper, None, grouping=False)}{q.unit}）"
    return label


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
        Columns :data:`tanto_analysis.figures.published.COLUMNS`, all strings, one row
        per figure in text order.  ``value`` is in base units (元, 亩, 平方米,
        counts, % as 0–100); a range ``a–b`` gives ``value = a`` with bound
        ``at_least`` and the range in ``label_zh``.
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
        bound = "at_least" if q.bound == "range" else q.bound
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
        })
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=str)


def run_extract(report: str | Path, year: int, output: str | Path,
                text_output: str | Path | None = None) -> int:
    """``tanto extract``: write the draft figures table of ``report`` to ``output``.

    Parameters
    ----------
    report : path
        The report, ``.txt`` (UTF-8/GBK) or ``.docx``; only read.
    year : int
        The year the report describes.
    output : path
        The draft ``.csv`` (UTF-8, written atomically).
    text_output : path, optional
        Also write the report's plain text here (UTF-8): the text the quotes
        are verbatim in, to keep as ``data/sources/tantou_<year>_report.txt``.

    Returns
    -------
    int
        0 on success, 1 if the report cannot be read or the paths are unusable.
    """
    report, output = Path(report), Path(output)
    targets = [output] + ([Path(text_output)] if text_output is not None else [])
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
    try:
        text = read_report(report)
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        return 1
    table = extract_figures(text, year)
    atomic_write_text(output, table.to_csv(index=False, lineterminator="\n"))
    if text_output is not None:
        atomic_write_text(text_output, text)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(Counter(table["kind"]).items()))
    domains = ", ".join(f"{d} {n}" for d, n in sorted(Counter(table["domain"]).items()))
    click.echo(f"{display_path(output)}: {len(table)} draft figures from {display_path(report)} "
               f"(report year {year})")
    click.echo(f"  kinds: {kinds or '-'}")
    click.echo(f"  domains: {domains or '-'}")
    unsectioned = int((table["section"] == "").sum())
    if unsectioned:
        click.echo(f"  {unsectioned} figure(s) before the first heading have no section; fill it in")
    source = text_output if text_output is not None else (report if report.suffix.lower() != ".docx" else None)
    source_hint = display_path(source) if source is not None else "<report text; see --save-text>"
    click.echo("  review ids, labels, domains, scopes and kinds, then run "
               f"`tanto validate {display_path(output)} --source {source_hint}`")
    return 0
