"""What the county page shows: towns side by side, as HTML from autoescaped Jinja2 templates.

Called from the county notebook (``tanto_analysis/build/county_template/county.ipynb``)
with a :class:`~tanto_analysis.page.county_data.CountyData`:

* :func:`towns_html` – the towns, each linked to its own pages (copied beside
  the county page), with any town that could not be read and why;
* :func:`charts_html` – the indicators most towns share, towns ranked, the
  county's median marked (and its total named, for an additive unit);
* :func:`indicator_html` – one table per shared indicator: towns as rows,
  years as columns, each value with its unit and bound and the quote linked
  to the figure on the town's page; a missing year is written as missing;
  the county's total or median per year; the towns' ledger values of the same
  key beside them (with their data status); per household and per person,
  each town by its own denominators, with the formula;
* :func:`ledger_html` – every ledger indicator of every town, as the town's
  disclosure control left it;
* :func:`merge_html` – the keys only one town uses and the near-duplicate keys.

Every table has a CSV download (a ``data:`` link, as on the town pages).
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from ..analysis.county import (
    DENOMINATORS,
    comparable,
    county_summary,
    near_duplicates,
    per_unit,
    shared_indicators,
    single_town_indicators,
    year_grid,
)
from ..core.numbers import format_number
from ..core.status import is_synthetic
from ..core.text import SYNTHETIC_MARK, tr, unit_text, with_bound
from .county_data import CountyData
from .html import environment
from .safe_html import csv_data_uri, number_text

__all__ = ["charts_html", "heading_html", "indicator_html", "ledger_html", "merge_html", "shared", "shared_html",
           "towns_html"]

@functools.lru_cache(maxsize=1)
def _macros():
    """The macros of ``county.html.j2``, from the pages' one Jinja2 environment (:mod:`.html`)."""
    return environment().get_template("county.html.j2").module


def _m(name: str, *args: object) -> str:
    """Macro ``name`` of the template rendered, as plain text (a ``Markup`` would escape what is added to it)."""
    return str(getattr(_macros(), name)(*args))


def _ledger_cell(found, lang: str) -> dict:
    """A ledger indicator's cell of one year: missing, withheld by the town's disclosure control, or its value."""
    if found.empty:
        return _missing(lang)
    if found.iloc[0]["withheld"]:
        return {"withheld": True, "text": tr("county.withheld", lang)}
    return {"text": _value(found.iloc[0]["value"], found.iloc[0]["unit"], "exact", lang)}


def _missing(lang: str) -> dict:
    return {"missing": True, "text": tr("county.missing", lang)}


def _value(value: float, unit: str, bound: str, lang: str) -> str:
    return f"{with_bound(number_text(value, unit), bound, lang)} {unit_text(unit, lang)}"


def _csv(frame: pd.DataFrame, caption: str, lang: str) -> dict:
    return {"csv": csv_data_uri(frame), "csv_name": (caption.replace(" ", "_")[:80] or "table") + ".csv",
            "csv_label": tr("download.csv", lang)}


def shared(data: CountyData) -> list[str]:
    """The keys at least two towns publish, most towns first."""
    figures = data.figures
    return shared_indicators(figures) if len(figures) else []


def towns_html(data: CountyData) -> str:
    """The towns compared, each linked to its own pages; a town that failed, with its reason."""
    items = []
    for town in data.towns:
        index = f"towns/{town.slug}/index.html" if data.lang == "zh" else f"../towns/{town.slug}/en/index.html"
        note = tr("county.town_failed", data.lang, reason=town.error) if town.error else tr(
            "county.town_note", data.lang, n=len(town.figures), rules=town.rules)
        items.append({"name": town.label(data.lang), "href": "" if town.error else index, "note": note})
    years = tr("sep.list", data.lang).join(str(y) for y in data.years)
    intro = [tr("county.intro", data.lang, n=len(data.towns), years=years or "–"), tr("county.rules", data.lang)]
    return _m("paragraphs", intro) + _m("towns", items, tr("county.towns", data.lang))


def _label(rows: pd.DataFrame, lang: str) -> str:
    return str(rows.iloc[0]["label_zh" if lang == "zh" else "label_en"])


def _grid_rows(rows: pd.DataFrame, data: CountyData, lang: str) -> tuple[list[dict], list[dict]]:
    """Table rows (one per town) and CSV records of one key's figures."""
    towns = [t.label(lang) for t in data.towns if not t.error]
    grid = year_grid(rows, towns, data.years)
    out, records = [], []
    for town in towns:
        cells = []
        for year in data.years:
            rec = grid.loc[town, year]
            if rec is None:
                cells.append(_missing(lang))
                records.append({"town": town, "year": year, "value": None, "unit": "", "bound": "", "quote": ""})
                continue
            href = rec["source"] if lang == "zh" else f"../{rec['source']}"
            cells.append({"text": _value(rec["value"], rec["unit"], rec["bound"], lang), "href": href,
                          "quote": rec["quote"]})
            records.append({"town": town, "year": year, "value": rec["value"], "unit": rec["unit"],
                            "bound": rec["bound"], "quote": rec["quote"]})
        out.append({"head": town, "cells": cells})
    return out, records


def _summary_row(rows: pd.DataFrame, years: list[int], lang: str) -> dict:
    cells, measure = [], "total"
    for year in years:
        found = rows.loc[rows["year"] == year].drop_duplicates(["town"])
        if found["town"].nunique() < 2:
            cells.append(_missing(lang))
            continue
        s = county_summary(found)
        measure = s["measure"]
        cells.append({"text": _value(s["value"], found.iloc[0]["unit"], s["bound"], lang)
                      + " " + tr("county.of_towns", lang, n=s["towns"])})
    return {"head": tr(f"county.{measure}", lang), "cells": cells, "css": "county-summary"}


def _ledger_rows(key: str, data: CountyData, lang: str) -> list[dict]:
    ledger = data.ledger
    if ledger.empty:
        return []
    out = []
    for town in [t for t in data.towns if len(t.ledger)]:
        rows = town.ledger.loc[town.ledger["indicator"] == key]
        if rows.empty:
            continue
        status = tr(f"label.{rows.iloc[0]['data_status']}", lang, default=str(rows.iloc[0]["data_status"]))
        cells = [_ledger_cell(rows.loc[rows["year"] == year], lang) for year in data.years]
        out.append({"head": tr("county.ledger_row", lang, town=town.label(lang), status=status), "cells": cells,
                    "css": "county-ledger"})
    return out


def indicator_html(data: CountyData, key: str) -> str:
    """The table of one shared key: towns × years with quotes, the county row, ledger values, per-unit figures."""
    lang = data.lang
    figures = data.figures
    registry = next((t.registry for t in data.towns if len(t.registry)), pd.DataFrame())
    known = registry.loc[registry["indicator"] == key] if len(registry) else pd.DataFrame()
    unit = str(known.iloc[0]["unit"]) if len(known) else str(figures.loc[figures["indicator"] == key].iloc[0]["unit"])
    rows, apart = comparable(figures, key, unit)
    label = _label(rows if len(rows) else apart, lang)
    parts = [_m("heading", 3, f"ind-{key}", f"{label}（{unit_text(unit, lang)}）" if lang == "zh"
                               else f"{label} ({unit_text(unit, lang)})")]
    body, records = _grid_rows(rows, data, lang)
    body.append(_summary_row(rows, data.years, lang))
    ledger_rows = _ledger_rows(key, data, lang)
    caption = tr("county.caption", lang, label=label, code=key)
    if any(r["css"] == "county-ledger" for r in ledger_rows) and is_synthetic(data.ledger.loc[
            data.ledger["indicator"] == key]):
        caption += f"（{SYNTHETIC_MARK}）"
    headers = [tr("county.town", lang), *[str(y) for y in data.years]]
    table = {"caption": caption, "headers": headers, "rows": body + ledger_rows, "numeric": True,
             **_csv(pd.DataFrame(records), caption, lang)}
    notes = []
    if len(apart):
        notes.append(tr("county.other_unit", lang, towns=tr("sep.list", lang).join(sorted(set(apart["town"]))),
                        units=tr("sep.list", lang).join(sorted(set(apart["unit"]))), unit=unit))
    if any(b != "exact" for b in rows["bound"]):
        notes.append(tr("county.approx", lang))
    parts.append(_m("table", table) + _m("paragraphs", notes))
    if unit not in {"%", "百分点", "年"} and "/" not in unit and key not in DENOMINATORS:
        parts.append(_per_unit_html(rows, figures, label, lang))
    return "".join(parts)


def _ratio_decimals(value: float) -> int:
    """Decimals that keep three significant digits of a small ratio (45 人 ÷ 11,441 户 = 0.00393, not 0), else 2."""
    if not value or not math.isfinite(value) or abs(value) >= 1:
        return 2
    return max(2, 2 - math.floor(math.log10(abs(value))))


def _per_unit_html(rows: pd.DataFrame, figures: pd.DataFrame, label: str, lang: str) -> str:
    ratios = per_unit(rows, figures.loc[figures["indicator"].isin(DENOMINATORS)])
    if ratios.empty:
        return _m("paragraphs", [tr("county.no_denominator", lang)])
    body = []
    for rec in ratios.to_dict("records"):
        per = tr(f"county.{'share' if rec['ratio_unit'] == '%' else 'per'}.{rec['per']}", lang)
        ratio = with_bound(format_number(rec["ratio"], _ratio_decimals(rec["ratio"])), rec["bound"], lang)
        body.append({"head": f"{rec['town']} {rec['year']}", "cells": [
            {"text": per}, {"text": f"{ratio} {unit_text(rec['ratio_unit'], lang)}"}, {"text": rec["formula"]}]})
    caption = tr("county.per_caption", lang, label=label)
    headers = [tr("county.town_year", lang), tr("county.per_what", lang), tr("label.value", lang),
               tr("county.formula", lang)]
    table = {"caption": caption, "headers": headers, "rows": body, "numeric": False,
             **_csv(ratios[["town", "year", "per", "ratio", "ratio_unit", "formula"]], caption, lang)}
    return _m("table", table)


def ledger_html(data: CountyData) -> str:
    """Every town's ledger indicators by year, as its disclosure control left them (never a ledger row)."""
    lang = data.lang
    ledger = data.ledger
    if ledger.empty:
        return _m("paragraphs", [tr("county.no_ledgers", lang)])
    body, records = [], []
    label_col = "label_zh" if lang == "zh" else "label_en"
    for (town, key), rows in ledger.groupby(["town", "indicator"], sort=False):
        cells = []
        for year in data.years:
            found = rows.loc[rows["year"] == year]
            cells.append(_ledger_cell(found, lang))
            if not found.empty and not found.iloc[0]["withheld"]:
                records.append({"town": town, "indicator": key, "year": year, "value": found.iloc[0]["value"],
                                "unit": found.iloc[0]["unit"], "data_status": found.iloc[0]["data_status"]})
        status = tr(f"label.{rows.iloc[0]['data_status']}", lang, default=str(rows.iloc[0]["data_status"]))
        body.append({"head": f"{town} · {rows.iloc[0][label_col]} · {status}", "cells": cells})
    caption = tr("county.ledger_caption", lang) + (f"（{SYNTHETIC_MARK}）" if is_synthetic(ledger) else "")
    table = {"caption": caption, "headers": [tr("label.indicator", lang), *[str(y) for y in data.years]],
             "rows": body, "numeric": True, **_csv(pd.DataFrame(records), caption, lang)}
    return _m("paragraphs", [tr("county.ledger_intro", lang)]) + _m("table", table)


def merge_html(data: CountyData) -> str:
    """The keys only one town uses, and near-duplicate keys (same unit and domain, similar labels)."""
    lang = data.lang
    figures = data.figures
    if figures.empty:
        return _m("paragraphs", [tr("county.no_figures", lang)])
    single = single_town_indicators(figures)
    label_col = "label_zh" if lang == "zh" else "label_en"
    body = [{"head": r["indicator"], "cells": [{"text": r["town"]}, {"text": r[label_col]},
                                               {"text": unit_text(r["unit"], lang)}, {"text": r["domain"]}]}
            for r in single.to_dict("records")]
    caption = tr("county.single_caption", lang, n=len(single))
    headers = [tr("label.indicator", lang), tr("county.town", lang), tr("label.item", lang), tr("label.unit", lang),
               tr("county.domain", lang)]
    parts = [_m("table", {"caption": caption, "headers": headers, "rows": body, "numeric": False,
                              **_csv(single, caption, lang)})]
    pairs = near_duplicates(figures)
    if pairs:
        frame = pd.DataFrame([{"first": p.first, "second": p.second, "unit": p.unit, "domain": p.domain,
                               "similarity": round(p.similarity, 2), "towns": " / ".join(p.towns)} for p in pairs])
        body = [{"head": f"{p.first} ≈ {p.second}", "cells": [{"text": unit_text(p.unit, lang)}, {"text": p.domain},
                                                           {"text": format_number(p.similarity)},
                                                           {"text": " / ".join(p.towns)}]} for p in pairs]
        caption = tr("county.near_caption", lang, n=len(pairs))
        headers = [tr("label.indicator", lang), tr("label.unit", lang), tr("county.domain", lang),
                   tr("county.similarity", lang), tr("county.towns", lang)]
        parts.append(_m("table", {"caption": caption, "headers": headers, "rows": body, "numeric": False,
                                      **_csv(frame, caption, lang)}))
    else:
        parts.append(_m("paragraphs", [tr("county.no_near", lang)]))
    return "".join(parts)


def charts_html(data: CountyData, most: int = 4) -> str:
    """Bar charts of up to ``most`` keys most towns share: towns ranked, the county median marked."""
    from .county_chart import ranked_chart

    lang = data.lang
    figures = data.figures
    towns = len([t for t in data.towns if not t.error])
    keys = [k for k in shared(data)
            if figures.loc[figures["indicator"] == k, "town"].nunique() >= max(2, (towns + 1) // 2)][:most]
    if not keys:
        return _m("paragraphs", [tr("county.no_charts", lang)])
    return "".join(ranked_chart(figures, key, lang) for key in keys)


def heading_html(part: str, lang: str) -> str:
    """A part's heading (``towns``, ``charts``, ``shared``, ``ledgers``, ``merge``), with its anchor."""
    return _m("heading", 2, f"county-{part}", tr(f"county.heading.{part}", lang))


def shared_html(data: CountyData) -> str:
    """Every shared indicator's table, or a sentence saying the towns share none."""
    keys = shared(data)
    if not keys:
        return _m("paragraphs", [tr("county.no_shared", data.lang)])
    return "".join(indicator_html(data, key) for key in keys)
