"""The appendix's audit and progress blocks (``notebooks/15_audit_progress.ipynb``).

Each function returns escaped HTML built from the published figures only
(aggregates with their quotes); :func:`progress_index_items` hands the
progress lines to the index page through :func:`headline.headline_bundle`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis.audit.engine import SEVERITIES, Finding
from ..analysis.progress import (
    headline_progress,
    report_date,
    target_progress,
    within_year_progress,
)
from ..core import paths
from ..core.numbers import format_number
from .safe_html import esc, html_table

__all__ = [
    "RULE_LABELS",
    "SEVERITY_LABELS",
    "audit_block",
    "findings_html",
    "progress_commentary",
    "progress_html",
    "progress_index_items",
    "show_progress",
    "source_text",
]

SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "contradiction": ("矛盾", "Contradiction"),
    "warning": ("警告", "Warning"),
    "note": ("提示", "Note"),
}
RULE_LABELS: dict[str, tuple[str, str]] = {
    "rate": ("比率与其分子分母", "Rate vs its numerator and denominator"),
    "implied": ("未公布的分子或分母", "Unpublished numerator or denominator"),
    "percent_range": ("百分比范围", "Percentage range"),
    "subset": ("部分不大于总体", "Subset within its whole"),
    "parts_whole": ("各部分之和与总体", "Parts add up to the whole"),
    "same_quantity": ("同一数量两处表述", "Same quantity stated twice"),
    "per_unit": ("户均、人均比值", "Per-unit ratio"),
    "listed_names": ("列举名称数与所称数量", "Names listed vs number stated"),
}


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def source_text(year: int, data_dir: str | Path | None = None) -> str:
    """The report text of ``year`` under ``data_dir/sources`` ('' if absent)."""
    path = paths.source_path(year, data_dir)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def findings_html(findings: list[Finding], lang: str = "zh") -> str:
    """The audit findings as a summary line and a table; every figure with its quote."""
    zh = lang == "zh"
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    summary = ("、".join(f"{_t(SEVERITY_LABELS[s], lang)}{n}项" for s, n in counts.items()) if zh
               else ", ".join(f"{n} {_t(SEVERITY_LABELS[s], lang).lower()}(s)" for s, n in counts.items()))
    intro = (f"<p>审计结果：{esc(summary)}。数字在报告自身的取整精度内一致时不标记。</p>" if zh else
             f"<p>Audit: {esc(summary)}. Figures that agree within the report's own rounding are not flagged.</p>")
    if not findings:
        return intro
    rows = []
    for f in findings:
        cited = "<br>".join(
            f"{esc(c['id'])} = {esc(format_number(c['value']))} {esc(c['unit'])} "
            f"「{esc(c['quote'])}」（{esc(c['section'])}）" for c in f.figures)
        rows.append({
            "severity": _t(SEVERITY_LABELS[f.severity], lang),
            "rule": _t(RULE_LABELS.get(f.rule, (f.rule, f.rule)), lang),
            "message": f.message_zh if zh and f.message_zh else f.message,
            "computation": f.computation, "cited": cited,
        })
    columns = {"severity": "级别" if zh else "Severity", "rule": "规则" if zh else "Rule",
               "message": "说明" if zh else "Finding", "computation": "计算" if zh else "Computation",
               "cited": "涉及数字及原文" if zh else "Figures and quotes"}
    caption = "公开数字一致性审计（公开数据）" if zh else "Consistency audit of the published figures (published data)"
    return intro + html_table(pd.DataFrame(rows), columns, caption=caption, raw_html=["cited"],
                              css_class="tanto-table audit")


def progress_commentary(within: pd.DataFrame, lang: str = "zh") -> str:
    """One or two sentences stating the within-year shares against elapsed time."""
    if within.empty:
        return ""
    elapsed = float(within["time_elapsed_pct"].iloc[0])
    zh = lang == "zh"
    parts = []
    for r in within.itertuples(index=False):
        if zh:
            parts.append(f"{r.label_zh}{format_number(r.share_pct)}%（{r.status_zh}，"
                         f"差{format_number(abs(r.gap_pp), 1)}个百分点）")
        else:
            parts.append(f"{r.label_en.lower()} {format_number(r.share_pct)}% ({r.status_en}, "
                         f"{format_number(abs(r.gap_pp), 1)} points {'ahead' if r.gap_pp >= 0 else 'short'})")
    text = (f"按报告日期，全年时间已过{format_number(elapsed, 1)}%：" + "；".join(parts) + "。" if zh else
            f"By the report's date {format_number(elapsed, 1)}% of the year had passed: " + "; ".join(parts) + ".")
    if len(within) >= 2:
        a, b = within.iloc[0], within.iloc[1]
        gap = float(a["share_pct"] - b["share_pct"])
        text += (f"{b['label_zh']}比{a['label_zh']}{'低' if gap > 0 else '高'}{format_number(abs(gap))}个百分点。" if zh else
                 f" {b['label_en']} is {format_number(abs(gap))} points {'below' if gap > 0 else 'above'} "
                 f"{a['label_en'].lower()}.")
    return text


def progress_html(table: pd.DataFrame, text: str, lang: str = "zh") -> str:
    """时间过半、任务过半 and the Open SDG classification of targets, with quotes."""
    zh = lang == "zh"
    year = int(table["report_year"].max()) if "report_year" in table.columns else int(table["year"].min())
    as_of = report_date(text, year)
    within = within_year_progress(table, as_of)
    parts = []
    if not within.empty:
        w = within.copy()
        w["label"] = w["label_zh" if zh else "label_en"]
        w["status_text"] = w["status_zh" if zh else "status_en"]
        w["halfway"] = w["halfway_met"].map(lambda v: "–" if v is None or pd.isna(v) else
                                            (("是" if v else "否") if zh else ("yes" if v else "no")))
        columns = {"label": "任务" if zh else "Task", "share_pct": "完成比例 %" if zh else "Share done, %",
                   "time_elapsed_pct": "时间进度 %" if zh else "Time elapsed, %",
                   "gap_pp": "差距（百分点）" if zh else "Gap (points)",
                   "halfway": "任务过半" if zh else "Half done", "status_text": "判断" if zh else "Assessment",
                   "quote": "原文" if zh else "Quote"}
        caption = (f"时间过半、任务过半：截至{as_of.month}月{as_of.day}日（公开数据）" if zh else
                   f"Time elapsed vs task done, as of {as_of.isoformat()} (published data)")
        parts.append(f"<p>{esc(progress_commentary(within, lang))}</p>")
        parts.append(html_table(w, columns, caption=caption, numeric=["share_pct", "time_elapsed_pct", "gap_pp"]))
    targets = target_progress(table)
    if not targets.empty:
        t = targets.copy()
        t["label"] = t["label_zh" if zh else "label_en"]
        t["category_text"] = t["category_zh" if zh else "category_en"]
        t["req_pct"] = t["cagr_req"].map(lambda v: None if v is None or pd.isna(v) else 100 * v)
        t["obs_pct"] = t["cagr_obs"].map(lambda v: None if v is None or pd.isna(v) else 100 * v)
        t["quotes"] = t["actual_quote"] + " → " + t["target_quote"]
        columns = {"label": "指标" if zh else "Indicator", "latest_value": "最新实际值" if zh else "Latest actual",
                   "target_value": "目标值" if zh else "Target", "target_year": "目标年份" if zh else "Target year",
                   "obs_pct": "实际年均增速 %" if zh else "Observed CAGR, %",
                   "req_pct": "所需年均增速 %" if zh else "Required CAGR, %",
                   "category_text": "进展分类" if zh else "Progress", "quotes": "原文" if zh else "Quotes"}
        caption = ("目标进展（加拿大统计局/Open SDG方法，公开数据）" if zh else
                   "Progress toward targets (Statistics Canada / Open SDG method, published data)")
        note = ("<p>只有一个年份的实际值时无法计算实际增速，表中给出从最新实际值到目标所需的年均增速。</p>" if zh else
                "<p>With one year of actual values the observed growth cannot be computed; the table gives "
                "the yearly growth the target requires from the latest value.</p>")
        if (t["category"] == "insufficient_data").any():
            parts.append(note)
        parts.append(html_table(t, columns, caption=caption,
                                numeric=["latest_value", "target_value", "obs_pct", "req_pct"]))
    return "".join(parts)


def progress_index_items(table: pd.DataFrame, text: str, lang: str = "zh") -> list[dict]:
    """Progress lines for the index page (items of :func:`headline.headline_bundle`)."""
    zh = lang == "zh"
    items = []
    for r in headline_progress(table, text).to_dict("records"):
        ref = format_number(r["reference"], 1 if r["kind"] == "within_year" else 2)
        label = r["label_zh" if zh else "label_en"]
        status = r["status_zh" if zh else "status_en"]
        suffix = (f"（{r['reference_zh']}{ref}{r['unit'] if r['kind'] == 'target' else '%'}；{status}）" if zh else
                  f" ({r['reference_en']}: {ref}{'' if r['kind'] == 'target' else '%'}; {status})")
        items.append({"label": f"{label}{suffix}", "value": format_number(r["value"]), "unit": r["unit"],
                      "status": "published"})
    return items


def _published(year: int, data_dir: str | Path | None) -> pd.DataFrame | None:
    from ..figures.published import load_published

    path = paths.published_path(year, data_dir)
    return load_published(year, path) if path.is_file() else None


def _no_table(year: int, lang: str) -> str:
    return (f"<p>{year}年没有公开数据表（data/published/tantou_{year}.csv），因此本节不做审计和目标进展分析。</p>"
            if lang == "zh" else
            f"<p>{year} has no published figures table (data/published/tantou_{year}.csv), "
            "so this section has no audit and no progress analysis.</p>")


def audit_block(year: int, data_dir: str | Path | None = None, lang: str = "zh") -> str:
    """The audit section of ``year``'s appendix (HTML), or a plain note if the year has no table."""
    from ..analysis.audit.engine import audit_year

    if _published(year, data_dir) is None:
        return _no_table(year, lang)
    return findings_html(audit_year(year, data_dir), lang)


def show_progress(year: int, data_dir: str | Path | None = None, lang: str = "zh") -> None:
    """Display the progress section and hand its lines to the index page."""
    from IPython.display import HTML, display

    from .headline import headline_bundle

    table = _published(year, data_dir)
    if table is None:
        display(HTML(_no_table(year, lang)))
        return
    text = source_text(year, data_dir)
    display(headline_bundle(progress_index_items(table, text, lang), progress_html(table, text, lang)), raw=True)
