"""The appendix's audit and progress blocks (``notebooks/15_audit_progress.ipynb``).

Each ``*_html`` function returns escaped HTML built from the published figures
only (aggregates with their quotes); :func:`audit_section` and
:func:`progress_section` return :class:`~tanto_analysis.page.sections.Section`
objects holding that HTML and the tables behind it.  The progress section
hands its lines to the index page (:func:`progress_index_items`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..analysis.audit.auditor import SEVERITIES, Finding
from ..analysis.progress import (
    headline_progress,
    report_date,
    target_progress,
    within_year_progress,
)
from ..core import paths
from ..core.numbers import format_number
from ..core.report_text import read_report
from ..core.text import lang_column, tr, unit_text
from .html import render
from .safe_html import html_table
from .sections import Fragment, Section

__all__ = [
    "audit_block",
    "audit_section",
    "findings_html",
    "progress_commentary",
    "progress_html",
    "progress_index_items",
    "progress_section",
    "source_text",
]

def source_text(year: int, data_dir: str | Path | None = None) -> str:
    """The report text of ``year`` under ``data_dir/sources`` ('' if absent)."""
    path = paths.source_path(year, data_dir)
    return read_report(path) if path.is_file() else ""  # as extract and validate read it (.txt, .docx, .pdf)


_UNIT_AFTER_NUMBER = re.compile(r"(?<=[\d)]) (元/户|人/户|元|亩|户|人次|人|个|笔|份|起|条|次|名|项|村|处|头|只|年)")


def readable(text: str, labels: dict[str, str], lang: str) -> str:
    """An audit message or computation as a reader of the page reads it.

    Figure ids become their labels in the page's language (``labels``: id →
    label); on an English page units become English (7,618 households); on a
    Chinese page the computation's English words become Chinese.  The audit's
    own output (``tanto audit --json``) keeps ids and is not changed.

    >>> readable("liaison_households (7,618 户) exceeds households_total", {"liaison_households": "Liaison",
    ...          "households_total": "Households"}, "en")
    'Liaison (7,618 households) exceeds Households'
    """
    for fid in sorted(labels, key=len, reverse=True):
        text = re.sub(rf"(?<![a-z0-9_]){re.escape(fid)}(?![a-z0-9_])", labels[fid], text)
    if lang == "zh":
        for key in ("rounding", "by", "versus"):
            text = text.replace(tr(f"audit.phrase.{key}", "en"), tr(f"audit.phrase.{key}", "zh"))
        return text
    return _UNIT_AFTER_NUMBER.sub(lambda m: " " + unit_text(m.group(1), lang), text)


def findings_html(findings: list[Finding], lang: str = "zh", labels: dict[str, str] | None = None,
                  summary_line: bool = True) -> str:
    """The audit findings as a summary line (unless ``summary_line`` is False) and a table; every figure with its quote.

    ``labels`` maps figure ids to labels in ``lang`` (from the year's table), so
    the page shows names, not ids; the quotes stay the report's own words.
    """
    zh = lang == "zh"
    labels = labels or {}
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    summary = tr("sep.enum", lang).join(tr("audit.count", lang, severity=tr(f"severity.{s}", lang).lower(), n=n)
                                        for s, n in counts.items())
    intro = _paragraph(tr("audit.intro", lang, summary=summary))
    if not findings:
        return intro
    rows = []
    for f in findings:
        cited = render("cited.html.j2", figures=[
            {"label": labels.get(c["id"], c["id"]), "value": format_number(c["value"]),
             "unit": unit_text(c["unit"], lang), "quote": c["quote"], "section": c["section"]} for c in f.figures])
        rows.append({
            "severity": tr(f"severity.{f.severity}", lang),
            "rule": tr(f"rule.{f.rule}", lang, default=f.rule),
            "message": readable(f.message_zh if zh and f.message_zh else f.message, labels, lang),
            "computation": readable(f.computation, labels, lang), "cited": cited,
        })
    columns = {"severity": tr("audit.severity", lang), "rule": tr("audit.rule", lang),
               "message": tr("audit.finding", lang), "computation": tr("audit.computation", lang),
               "cited": tr("audit.cited", lang)}
    caption = tr("audit.caption", lang)
    return (intro if summary_line else "") + html_table(pd.DataFrame(rows), columns, caption=caption, raw_html=["cited"],
                              css_class="tanto-table audit")


def progress_commentary(within: pd.DataFrame, lang: str = "zh") -> str:
    """One or two sentences stating the within-year shares against elapsed time."""
    if within.empty:
        return ""
    elapsed = float(within["time_elapsed_pct"].iloc[0])
    zh = lang == "zh"
    parts = []
    for r in within.itertuples(index=False):
        parts.append(tr("progress.part", lang, label=r.label_zh if zh else r.label_en.lower(),
                        share=format_number(r.share_pct), status=getattr(r, lang_column("status", lang)),
                        gap=format_number(abs(r.gap_pp), 1),
                        direction=tr("progress.ahead" if r.gap_pp >= 0 else "progress.short", lang)))
    sentence = tr("progress.elapsed", lang, elapsed=format_number(elapsed, 1), parts=tr("sep.clause", lang).join(parts))
    if len(within) >= 2:
        a, b = within.iloc[0], within.iloc[1]
        gap = float(a["share_pct"] - b["share_pct"])
        sentence += tr("progress.gap.below" if gap > 0 else "progress.gap.above", lang,
                       a=a["label_zh"] if zh else a["label_en"].lower(), b=b[lang_column("label", lang)],
                       gap=format_number(abs(gap)))
    return sentence


def within_table_html(within: pd.DataFrame, as_of, lang: str = "zh") -> str:
    """The 时间过半、任务过半 table: each task's completed share (%) beside the share of the year elapsed at ``as_of``."""
    w = within.assign(label=within[lang_column("label", lang)].to_numpy(),
                      status_text=within[lang_column("status", lang)].to_numpy())
    w["halfway"] = w["halfway_met"].map(lambda v: "–" if v is None or pd.isna(v) else
                                        tr("common.yes" if v else "common.no", lang))
    columns = {"label": tr("progress.task", lang), "share_pct": tr("progress.share", lang),
               "time_elapsed_pct": tr("progress.time_elapsed", lang), "gap_pp": tr("progress.gap", lang),
               "halfway": tr("progress.halfway", lang), "status_text": tr("progress.assessment", lang),
               "quote": tr("progress.quote", lang)}
    caption = tr("progress.within_caption", lang, month=as_of.month, day=as_of.day, date=as_of.isoformat())
    return html_table(w, columns, caption=caption, numeric=["share_pct", "time_elapsed_pct", "gap_pp"])


def targets_table_html(targets: pd.DataFrame, lang: str = "zh") -> str:
    """The targets' table: latest value, target, observed and required yearly growth (%), category, quotes."""
    t = targets.assign(label=targets[lang_column("label", lang)],
                       category_text=targets[lang_column("category", lang)],
                       req_pct=targets["cagr_req"].map(lambda v: None if v is None or pd.isna(v) else 100 * v),
                       obs_pct=targets["cagr_obs"].map(lambda v: None if v is None or pd.isna(v) else 100 * v),
                       quotes=targets["actual_quote"] + " → " + targets["target_quote"])
    columns = {"label": tr("label.indicator", lang), "latest_value": tr("progress.latest", lang),
               "target_value": tr("progress.target", lang), "target_year": tr("progress.target_year", lang),
               "obs_pct": tr("progress.observed_cagr", lang), "req_pct": tr("progress.required_cagr", lang),
               "category_text": tr("progress.category", lang), "quotes": tr("progress.quotes", lang)}
    return html_table(t, columns, caption=tr("progress.targets_caption", lang),
                      numeric=["latest_value", "target_value", "obs_pct", "req_pct"])


def progress_html(table: pd.DataFrame, text: str, lang: str = "zh") -> str:
    """时间过半、任务过半 and the Open SDG classification of targets, with quotes."""
    year = int(table["report_year"].max()) if "report_year" in table.columns else int(table["year"].min())
    as_of = report_date(text, year)
    within = within_year_progress(table, as_of)
    parts = []
    if not within.empty:
        parts.append(_paragraph(progress_commentary(within, lang)))
        parts.append(within_table_html(within, as_of, lang))
    targets = target_progress(table)
    if not targets.empty:
        if (targets["category"] == "insufficient_data").any():
            parts.append(_paragraph(tr("progress.one_year", lang)))
        parts.append(targets_table_html(targets, lang))
    if not parts:  # no task share and no target with its actual: one sentence, no empty table
        return _paragraph(tr("progress.nothing", lang, year=year), css="commentary")
    return "".join(parts)


def progress_index_items(table: pd.DataFrame, text: str, lang: str = "zh") -> list[dict]:
    """Progress lines for the index page (items of :func:`headline.headline_bundle`)."""
    items = []
    for r in headline_progress(table, text).to_dict("records"):
        ref = format_number(r["reference"], 1 if r["kind"] == "within_year" else 2)
        label = r[lang_column("label", lang)]
        status = r[lang_column("status", lang)]
        suffix = tr(f"progress.index.{'target' if r['kind'] == 'target' else 'within_year'}", lang,
                    reference=r[lang_column("reference", lang)], ref=ref, unit=r["unit"], status=status)
        items.append({"label": f"{label}{suffix}", "value": format_number(r["value"]), "unit": r["unit"],
                      "status": "published"})
    return items


def _published(year: int, data_dir: str | Path | None) -> pd.DataFrame | None:
    from ..figures.published import load_published

    path = paths.published_path(year, data_dir)
    return load_published(year, path, data_dir) if path.is_file() else None


def _labels(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """Figure id and indicator key → the figure's label in ``lang``, from a published table."""
    labels = dict(zip(table["indicator"], table[lang_column("label", lang)], strict=True))
    labels.pop("", None)
    return labels | dict(zip(table["id"], table[lang_column("label", lang)], strict=True))


def _no_table(year: int, lang: str) -> str:
    path = paths.in_project(paths.published_path(year))  # as the user sees it from the project root
    return _paragraph(tr("audit.no_table", lang, year=year, path=path))


def _paragraph(text: str, css: str | None = None) -> str:
    return render("paragraph.html.j2", css=css, strong=False, text=text)


def audit_block(year: int, data_dir: str | Path | None = None, lang: str = "zh") -> str:
    """The audit section of ``year``'s appendix (HTML), or a plain note if the year has no table."""
    return audit_section(year, data_dir, lang).html


def audit_section(year: int, data_dir: str | Path | None = None, lang: str = "zh") -> Section:
    """The audit of ``year``: :func:`audit_block` as a section; ``frames["findings"]`` one row per finding."""
    from ..analysis.audit.auditor import audit_year
    from ..analysis.audit.report import findings_frame

    section = Section()
    table = _published(year, data_dir)
    if table is None:
        section.add(_no_table(year, lang))
        return section
    findings = audit_year(year, data_dir)
    section.frames["findings"] = findings_frame(findings)
    section.add(findings_html(findings, lang, _labels(table, lang)))
    return section


def progress_section(year: int, data_dir: str | Path | None = None, lang: str = "zh") -> Section:
    """The progress section of ``year``; its lines go to the index page when it is displayed.

    ``frames``: ``within_year`` (shares in %, against the share of the year
    elapsed) and ``targets`` (observed and required growth toward each target).
    """
    section = Section()
    table = _published(year, data_dir)
    if table is None:
        section.add(_no_table(year, lang))
        return section
    text = source_text(year, data_dir)
    section.frames["within_year"] = within_year_progress(table, report_date(text, year))
    section.frames["targets"] = target_progress(table)
    section.add(Fragment(progress_html(table, text, lang), items=progress_index_items(table, text, lang)))
    return section
