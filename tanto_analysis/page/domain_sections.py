"""The three domain sections of a year's appendix: tables, seaborn charts, commentary.

Each ``show_*`` function displays, in order: the published figures with their
quotes (when the year has a report), the generated commentary, the
ledger-derived indicators, and the charts of the ledger breakdowns.  Charts
from synthetic ledgers carry the "合成数据 / SYNTHETIC DATA" mark.  Only
aggregates are shown.
"""

from __future__ import annotations

import pandas as pd

from ..core.numbers import format_number
from ..ledgers import employment, land, loans, reconcile, schema
from . import charts
from .commentary import category, employment_commentary, label, land_commentary, loan_commentary
from .safe_html import esc, html_table
from .year_data import (
    YearData,
    indicator_table_html,
    published_table_html,
    show,
    synthetic_banner_html,
)

__all__ = ["FLAG_TEXT", "LEDGER_NAMES", "RECONCILE_STATUS", "flag_counts", "reconciliation_html", "show_employment", "show_land", "show_loans"]


def _commentary(text: str) -> str:
    return f'<p class="commentary">{esc(text)}</p>'


def _missing(d: YearData, names: str) -> None:
    show(_commentary(f"{d.year}年缺少台账（{names}），没有图表。" if d.lang == "zh"
                     else f"The {names} ledgers of {d.year} are missing; no charts."))


def _published_then_commentary(d: YearData, published: pd.DataFrame | None, ledger: pd.DataFrame | None,
                               writer, caption_zh: str, caption_en: str) -> None:
    zh = d.lang == "zh"
    if ledger is not None and not ledger.empty:
        show(synthetic_banner_html(d))
    if published is not None and not published.empty:
        show(published_table_html(published, d.lang, f"{caption_zh}（公开数据）" if zh else f"{caption_en} (published)"))
        show(_commentary(writer(published, d.year, d.lang)))
    if ledger is not None and not ledger.empty:
        show(_commentary(writer(ledger, d.year, d.lang)))
        show(indicator_table_html(ledger, d.lang, f"{caption_zh}：台账指标" if zh else f"{caption_en}: ledger indicators"))


def _synthetic(frame: pd.DataFrame) -> bool:
    return bool(frame["data_status"].astype(str).str.contains("synthetic").any())


def _translated(d: YearData, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.assign(**{column: [category(v, d.lang) for v in frame[column]]})


def _lab(d: YearData, zh: str, en: str) -> str:
    return zh if d.lang == "zh" else en


def show_employment(d: YearData) -> None:
    """Employment income: posts (人), placements (个), income gain (元)."""
    published = employment.published_indicators(d.published, d.year) if d.published is not None else None
    if not d.has("welfare_posts", "job_placements"):
        _published_then_commentary(d, published, None, employment_commentary, "就业增收", "Employment income")
        _missing(d, "welfare_posts, job_placements")
        return
    posts, placements = d.ledgers["welfare_posts"], d.ledgers["job_placements"]
    ledger = employment.indicators(posts, placements, d.year)
    _published_then_commentary(d, published, ledger, employment_commentary, "就业增收", "Employment income")
    by_type = _translated(d, employment.posts_by_type(posts, d.year), "post_type")
    charts.show(charts.bar_chart(
        by_type, "post_type", "value", title=_lab(d, f"{d.year}年公益性岗位：按岗位类型", f"Public-welfare posts by type, {d.year}"),
        value_label=_lab(d, "人", "people"), synthetic=_synthetic(by_type)))
    by_village = employment.posts_by_village(posts, d.year)
    charts.show(charts.bar_chart(
        by_village, "scope", "value", title=_lab(d, f"{d.year}年公益性岗位：按村", f"Public-welfare posts by village, {d.year}"),
        value_label=_lab(d, "人", "people"), synthetic=_synthetic(by_village)))
    channel = _translated(d, employment.placements_by_channel(placements, d.year), "channel")
    charts.show(charts.bar_chart(
        channel, "channel", "value", title=_lab(d, f"{d.year}年就业安置：按渠道", f"Job placements by channel, {d.year}"),
        value_label=_lab(d, "个", "placements"), synthetic=_synthetic(channel)))
    charts.show(charts.histogram(
        placements["income_increase_yuan"], title=_lab(d, f"{d.year}年就业群众年增收分布（虚线为中位数）",
                                                       f"Annual income gain of people placed, {d.year} (dashed: median)"),
        value_label=_lab(d, "元/年", "元 per year"), count_label=_lab(d, "人数", "people"), synthetic=_synthetic(placements)))


def show_loans(d: YearData) -> None:
    """Loan subsidies: loans (笔/户), amounts (元), subsidies (元), implied rate vs LPR (%)."""
    published = loans.published_indicators(d.published, d.year) if d.published is not None else None
    if not d.has("loans", "loan_subsidies"):
        _published_then_commentary(d, published, None, loan_commentary, "小额贴息贷款", "Subsidised microloans")
        _missing(d, "loans, loan_subsidies")
        return
    ledger_loans, subsidies = d.ledgers["loans"], d.ledgers["loan_subsidies"]
    ledger = loans.indicators(ledger_loans, subsidies, d.year)
    _published_then_commentary(d, published, ledger, loan_commentary, "小额贴息贷款", "Subsidised microloans")
    by_village = loans.loans_by_village(ledger_loans, subsidies, d.year)
    amount = by_village.loc[by_village["indicator"] == "loans_amount_total"]
    charts.show(charts.bar_chart(
        amount, "scope", "value", title=_lab(d, f"{d.year}年贷款金额：按村", f"Loan amount by village, {d.year}"),
        value_label=_lab(d, "元", "元"), synthetic=_synthetic(amount)))
    subsidy = by_village.loc[by_village["indicator"] == "loan_subsidy_amount"]
    charts.show(charts.bar_chart(
        subsidy, "scope", "value", title=_lab(d, f"{d.year}年贴息金额：按村", f"Interest subsidy by village, {d.year}"),
        value_label=_lab(d, "元", "元"), synthetic=_synthetic(subsidy)))
    dist = loans.amount_distribution(ledger_loans, d.year)
    charts.show(charts.histogram(
        dist["amount_yuan"], title=_lab(d, f"{d.year}年户均贷款金额分布（虚线为中位数）",
                                        f"Loan amount per household, {d.year} (dashed: median)"),
        value_label=_lab(d, "元", "元"), count_label=_lab(d, "户数", "households"), synthetic=_synthetic(dist)))


def show_land(d: YearData) -> None:
    """Land transfer: area (亩), rate (%), base (亩), rent (元/亩), contracts expiring (份)."""
    published = land.published_indicators(d.published, d.year) if d.published is not None else None
    if not d.has("land_contracts", "villages"):
        _published_then_commentary(d, published, None, land_commentary, "土地流转", "Land transfer")
        _missing(d, "land_contracts, villages")
        return
    contracts, villages = d.ledgers["land_contracts"], d.ledgers["villages"]
    ledger = land.indicators(contracts, villages, d.year)
    _published_then_commentary(d, published, ledger, land_commentary, "土地流转", "Land transfer")
    by_village = land.area_by(contracts, "village", d.year)
    area = by_village.loc[by_village["indicator"] == "land_transfer_area"]
    charts.show(charts.bar_chart(
        area, "scope", "value", title=_lab(d, f"{d.year}年土地流转面积：按村", f"Land transferred by village, {d.year}"),
        value_label=_lab(d, "亩", "亩"), synthetic=_synthetic(area)))
    by_type = land.area_by(contracts, "land_type", d.year)
    by_type = _translated(d, by_type.loc[by_type["indicator"] == "land_transfer_area"], "land_type")
    charts.show(charts.bar_chart(
        by_type, "land_type", "value", title=_lab(d, f"{d.year}年土地流转面积：按地类", f"Land transferred by land type, {d.year}"),
        value_label=_lab(d, "亩", "亩"), synthetic=_synthetic(by_type), sort=False))
    rents = land.rent_per_mu(contracts)
    charts.show(charts.histogram(
        rents["rent_yuan_per_mu"], title=_lab(d, f"{d.year}年每亩年租金分布（虚线为中位数）",
                                              f"Annual rent per 亩, {d.year} (dashed: median)"),
        value_label=_lab(d, "元/亩", "元 per 亩"), count_label=_lab(d, "合同份数", "contracts"), synthetic=_synthetic(rents)))
    expiring = land.contracts_expiring_by_year(contracts)
    expiring = expiring.assign(expiry_year=expiring["expiry_year"].astype(int).astype(str))
    charts.show(charts.bar_chart(
        expiring, "expiry_year", "area_mu", title=_lab(d, "流转合同到期面积：按到期年份", "Contracted area by expiry year"),
        value_label=_lab(d, "亩", "亩"), category_label=_lab(d, "到期年份", "Expiry year"),
        synthetic=_synthetic(expiring), horizontal=False, sort=False))


#: Reconciliation statuses as the page words them.
RECONCILE_STATUS: dict[str, tuple[str, str]] = {
    "match": ("一致", "match"),
    "within_rounding": ("在报告舍入范围内", "within the report's rounding"),
    "mismatch": ("不一致", "MISMATCH"),
    "not_in_ledger": ("台账无此项", "not in the ledgers"),
}
_RECONCILE_LEDGERS = ("villages", "loans", "loan_subsidies", "welfare_posts", "job_placements", "land_contracts")

#: Ledger name → (zh, en) as the page words it.
LEDGER_NAMES: dict[str, tuple[str, str]] = {
    "villages": ("村情台账", "village register"),
    "loans": ("贷款台账", "loans"),
    "loan_subsidies": ("贴息台账", "loan subsidies"),
    "welfare_posts": ("公益性岗位台账", "public-welfare posts"),
    "job_placements": ("就业安置台账", "job placements"),
    "land_contracts": ("土地流转合同台账", "land contracts"),
}

#: Flag code (see :data:`schema.FLAGS`) → (zh, en) description.
FLAG_TEXT: dict[str, tuple[str, str]] = {
    "above_amount_limit": ("贷款金额超过每户5万元上限", schema.FLAGS["above_amount_limit"][1]),
    "above_term_limit": ("贷款期限超过36个月上限", schema.FLAGS["above_term_limit"][1]),
    "subsidy_without_loan": ("贴息对应的贷款不在本年贷款台账中（计入贴息总额，不计入隐含贴息率）",
                             schema.FLAGS["subsidy_without_loan"][1]
                             + "; counted in the subsidy total, left out of the implied rate"),
    "zero_area": ("流转面积为0亩的合同（计入合同数，不计入每亩租金）", schema.FLAGS["zero_area"][1]),
    "area_above_base": ("村流转面积超过其承包地面积", schema.FLAGS["area_above_base"][1]),
}


def flag_counts(d: YearData) -> pd.DataFrame:
    """How many rows of each loaded ledger carry each flag (counts only, no row content).

    The register's ``area_above_base`` flag is computed here from the land
    contracts (亩) when both ledgers are loaded.

    Returns
    -------
    DataFrame
        Columns ``ledger, flag, rows`` (rows: number of ledger rows), in the
        order of :data:`LEDGER_NAMES` and :data:`schema.FLAGS`; only flags
        that occur.
    """
    frames = dict(d.ledgers)
    if "villages" in frames and "land_contracts" in frames:
        frames["villages"] = land.check_against_base(frames["land_contracts"], frames["villages"])
    order = list(LEDGER_NAMES) + sorted(set(frames) - set(LEDGER_NAMES))
    records = []
    for name in order:
        if name not in frames:
            continue
        row_codes = [set(filter(None, str(f).split(";"))) for f in frames[name]["flags"]]
        for code in schema.FLAGS:
            n = sum(code in codes for codes in row_codes)
            if n:
                records.append({"ledger": name, "flag": code, "rows": n})
    return pd.DataFrame(records, columns=["ledger", "flag", "rows"])


def _flags_html(d: YearData) -> str:
    """Counts of flagged ledger rows per ledger and flag code, or a line saying there are none."""
    if not d.ledgers:
        return ""
    counts = flag_counts(d)
    mark = "（合成数据 / SYNTHETIC DATA）" if d.synthetic else ""
    if counts.empty:
        return _commentary(_lab(
            d, f"{d.year}年台账没有被标记的记录（超限贷款、无对应贷款的贴息、零面积合同、流转面积超过承包地面积的村）。",
            f"No ledger rows of {d.year} are flagged (over-limit loans, subsidies without a loan, "
            "zero-area contracts, villages above their land base).") + mark)
    total = int(counts["rows"].sum())
    counts = counts.assign(
        ledger_text=[_t(LEDGER_NAMES.get(n, (n, n)), d.lang) for n in counts["ledger"]],
        description=[_t(FLAG_TEXT.get(c, (c, c)), d.lang) for c in counts["flag"]])
    intro = _lab(d, f"{d.year}年台账中有{total}处标记：记录保留并计入指标，请业务部门核查（仅列数量）。",
                 f"{total} flag(s) on ledger rows of {d.year}: the rows are kept and counted; "
                 "the office should check them (counts only).") + mark
    caption = _lab(d, "台账标记记录数", "Flagged ledger rows") + mark
    columns = {"ledger_text": _lab(d, "台账", "ledger"), "flag": _lab(d, "标记", "flag"),
               "description": _lab(d, "说明", "meaning"), "rows": _lab(d, "记录数", "rows")}
    return _commentary(intro) + html_table(counts, columns, caption=caption, numeric=["rows"])


def reconciliation_html(d: YearData) -> str:
    """The year's published figures beside the same figures computed from the ledgers, then flag counts.

    Shows every published figure of the three domains and the village register
    with its ledger value, the published value with its bound (``4,500,000以上``
    / ``≥ 4,500,000`` for 300余个 × 1.5万元), the difference (ledger − published,
    in the figure's unit: 元, 亩, 户, 人, %) and a status; figures the report
    does not publish are left out.  A year without a published table says so.
    Whenever ledgers are loaded, a table of flagged-row counts per ledger and
    flag code follows (:func:`flag_counts`; counts only), or a line saying no
    row is flagged.
    """
    return _reconciliation_table_html(d) + _flags_html(d)


def _reconciliation_table_html(d: YearData) -> str:
    zh = d.lang == "zh"
    if d.published is None:
        return _commentary(f"{d.year}年没有公开报告数字，无从核对台账。" if zh
                           else f"{d.year} has no published figures, so there is nothing to reconcile.")
    if not d.has(*_RECONCILE_LEDGERS):
        return _commentary(f"{d.year}年台账不全，无法核对。" if zh
                           else f"The ledgers of {d.year} are incomplete; nothing reconciled.")
    table = reconcile.reconcile_frames(d.year, d.ledgers, d.published)
    table = table.loc[table["status"] != "not_published"].copy()
    table["label"] = table["label_zh" if zh else "label_en"]
    table["status_text"] = [_t(RECONCILE_STATUS.get(s, (s, s)), d.lang) for s in table["status"]]
    table["published_text"] = [reconcile.with_bound(format_number(v), b, d.lang)
                               for v, b in zip(table["published_value"], table["published_bound"], strict=True)]
    counts = table["status"].value_counts()
    parts = [f"{_t(RECONCILE_STATUS[s], d.lang)}{counts[s]}项" if zh else f"{counts[s]} {_t(RECONCILE_STATUS[s], d.lang)}"
             for s in RECONCILE_STATUS if s in counts]
    summary = (f"{d.year}年公开数字{len(table)}项与台账核对：" + "，".join(parts) + "。" if zh
               else f"{len(table)} published figures of {d.year} checked against the ledgers: " + ", ".join(parts) + ".")
    caption = _lab(d, "台账与公开数字核对", "Ledgers against published figures")
    if d.synthetic:
        caption += "（合成数据 / SYNTHETIC DATA）"
    columns = {"label": label("indicator", d.lang), "unit": label("unit", d.lang),
               "ledger_value": _lab(d, "台账", "ledgers"), "published_text": _lab(d, "公开", "published"),
               "difference": _lab(d, "差额", "difference"), "status_text": _lab(d, "核对结果", "result"),
               "quote": label("quote", d.lang)}
    banner = synthetic_banner_html(d) if d.synthetic else ""
    # published_text is already formatted; html_table passes strings through and right-aligns them
    return banner + _commentary(summary) + html_table(
        table, columns, caption=caption, numeric=["ledger_value", "published_text", "difference"])


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]
