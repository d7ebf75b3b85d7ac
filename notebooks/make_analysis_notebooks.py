"""Write ``15_audit_progress.ipynb`` (yearly) and ``20_trends.ipynb`` (cross-year), without outputs.

Run ``python notebooks/make_analysis_notebooks.py`` after editing this file.
The notebooks are thin: narrative, the ``parameters`` cell, and calls into
:mod:`tanto_analysis.page.audit_sections` and :mod:`tanto_analysis.page.trend_sections`.
Cell ids are fixed so the files are stable under git.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from make_yearly_notebooks import PARAMETERS as YEARLY_PARAMETERS
from make_yearly_notebooks import notebook

HERE = Path(__file__).resolve().parent

CROSS_YEAR_PARAMETERS = '''# Parameters (papermill injects the build's values after this cell).
first_year = 2019
last_year = 2024
years = list(range(first_year, last_year + 1))
data_dir = "../data"
ledger_dir = "../data/ledgers/demo"
output_dir = "../reports"
lang = "zh"  # "zh" or "en"
project_to = [2023, 2024]  # years to project to, with 95% intervals'''

NOTEBOOKS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "15_audit_progress": (YEARLY_PARAMETERS, [
        ("md", "# 六、一致性审计与目标进展 · Audit and progress\n\n"
               "报告中的数字相互核对，并评估目标进展。*The report's figures checked against each other, "
               "and progress toward its targets.*"),
        ("code", "from tanto_analysis.page import audit_sections\n"
                 "from tanto_analysis.page.year_data import show"),
        ("md", "## 一致性审计 · Consistency audit\n\n"
               "规则以数据形式声明（见 `docs/audit.md`）：比率与其分子分母、部分与总体、同一数量两处表述、"
               "子集不大于总体、户均和人均比值的合理范围、列举名称数与所称数量。"
               "每个数字按报告自身的精度取区间（如“69%”即68.5%–69.5%），在该精度内一致的数字不标记。\n\n"
               "*Rules are declared as data (see `docs/audit.md`): rates against their numerator and "
               "denominator, parts against wholes, the same quantity stated twice, subsets against their "
               "whole, per-unit ratios against a plausible range, names listed against the number stated. "
               "Each figure stands for the interval its own precision allows (69% means 68.5–69.5%); "
               "figures that agree within that precision are not flagged.*"),
        ("code", "show(audit_sections.audit_block(year, data_dir, lang))"),
        ("md", "## 目标进展 · Progress toward targets\n\n"
               "**时间过半、任务过半**：年内任务的完成比例与报告日期时全年已过的时间比例相比较。"
               "**目标进展**采用加拿大统计局、Open SDG 所用的方法：实际年均增速与实现目标所需年均增速之比"
               "（≥0.95 进展显著，0.60–0.95 进展中等，0–0.60 进展有限，<0 倒退）。\n\n"
               "*Within the year, each task's share done is compared with the share of the year elapsed "
               "at the report's date. Toward targets, the Statistics Canada / Open SDG ratio of observed "
               "to required growth classifies progress (≥0.95 substantial, 0.60–0.95 moderate, 0–0.60 "
               "limited, <0 deterioration).*"),
        ("code", "audit_sections.show_progress(year, data_dir, lang)"),
    ]),
    "20_trends": (CROSS_YEAR_PARAMETERS, [
        ("md", "# 跨年度趋势 · Cross-year trends\n\n"
               "线性趋势用普通最小二乘法（OLS）对年份回归，给出95%置信区间（HC3稳健标准误）；"
               "少于3个年份时不拟合、不画线。\n\n"
               "*Trends are OLS fits on the year with 95% confidence intervals (HC3 robust standard "
               "errors); with fewer than 3 years nothing is fitted or drawn.*"),
        ("code", "from tanto_analysis.page import trend_sections as ts\n"
                 "from tanto_analysis.page.charts import setup_plotting\n"
                 "from tanto_analysis.page.year_data import show\n\n"
                 "setup_plotting();"),
        ("md", "## 公开数字 · Published figures\n\n"
               "各年公开报告中的数字（附原文）。*Figures of each year's published report, with quotes.*"),
        ("code", "published = ts.published_in_range(first_year, last_year, data_dir)\n"
                 "show(ts.published_trends_html(published, lang))"),
        ("md", "## 台账指标 · Ledger indicators\n\n"
               "三个领域的全镇指标：趋势拟合到第一个外推年份之前，再外推到2023、2024年并给出区间；"
               "之后的实际值只作比较，不参与拟合。\n\n"
               "*Town-level indicators of the three domains, fitted on the years before the first "
               "projection year and projected to 2023 and 2024 with intervals; later observed values "
               "are shown for comparison only.*"),
        ("code", "panel = ts.load_ledger_panel(first_year, last_year, data_dir, ledger_dir)\n"
                 "show(ts.panel_banner_html(panel, lang))"),
        ("md", "### 就业增收 · Employment income"),
        ("code", "ts.show_town_trends(panel, \"employment_income\", lang, tuple(project_to))"),
        ("md", "### 小额贴息贷款 · Loan subsidies"),
        ("code", "ts.show_town_trends(panel, \"loan_subsidy\", lang, tuple(project_to))"),
        ("md", "### 土地流转 · Land transfer"),
        ("code", "ts.show_town_trends(panel, \"land_transfer\", lang, tuple(project_to))"),
        ("md", "## 各村比较 · Village panel\n\n"
               "每个村在各年份上的线性趋势（年均变化及95%区间），与中位村比较。"
               "*Each village's yearly change with its 95% interval, compared with the median village.*"),
        ("md", "### 就业增收：公益性岗位 · Employment income: public-welfare posts"),
        ("code", "ts.show_village_panel(panel, \"employment_income\", lang)"),
        ("md", "### 小额贴息贷款：贷款金额 · Loan subsidies: loan amount"),
        ("code", "ts.show_village_panel(panel, \"loan_subsidy\", lang)"),
        ("md", "### 土地流转：流转面积 · Land transfer: area"),
        ("code", "ts.show_village_panel(panel, \"land_transfer\", lang)"),
    ]),
}


def main() -> None:
    for name, (parameters, cells) in NOTEBOOKS.items():
        path = HERE / f"{name}.ipynb"
        nbformat.write(notebook(name, parameters, cells), path)
        print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
