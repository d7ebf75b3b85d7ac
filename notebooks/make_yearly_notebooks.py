"""Write the yearly notebooks 10–14 and 16 (without outputs) from the cell lists below.

Run ``python notebooks/make_yearly_notebooks.py`` after editing this file; the
notebooks are thin: a bilingual heading and narrative, the ``parameters``
cell, and a few calls into :mod:`tanto_analysis`.  Cell ids are fixed so the
files are stable under git.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

PARAMETERS = '''# Parameters (papermill injects the build's values after this cell).
year = 2022
data_dir = "../data"
ledger_dir = "../data/ledgers/demo"
output_dir = "../reports"
lang = "zh"  # "zh" or "en"'''

SETUP = '''from tanto_analysis.page import {modules}
from tanto_analysis.page.charts import setup_plotting

setup_plotting()
d = year_data.load_year(year, data_dir, ledger_dir, lang)'''

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "10_overview": [
        ("md", "# 一、概览 · Overview\n\n"
               "本附录把潭头镇当年乡村振兴进展报告中的数字整理成表格和图表，每个公开数字都附有报告章节和原文。\n\n"
               "*This appendix turns the figures of the year's progress report into tables and charts; "
               "every published figure comes with its report section and quote.*"),
        ("code", "year_data.show(year_data.banner_html(d))"),
        ("md", "## 主要数字 · Headline figures"),
        ("code", "year_data.show_overview(d)"),
    ],
    "11_employment_income": [
        ("md", "# 二、就业增收 · Employment income\n\n"
               "公益性岗位、就业岗位和就业群众的增收。*Public-welfare posts, jobs provided and income gains.*"),
        ("code", "domain_sections.show_employment(d)"),
    ],
    "12_loan_subsidies": [
        ("md", "# 三、小额贴息贷款 · Loan subsidies\n\n"
               "新增贷款、贴息金额，以及按年内本金占用计算的隐含贴息利率与1年期LPR的比较。\n\n"
               "*New loans, interest subsidies, and the implied subsidy rate against the 1-year LPR.*"),
        ("code", "domain_sections.show_loans(d)"),
    ],
    "13_land_transfer": [
        ("md", "# 四、土地流转 · Land transfer\n\n"
               "流转面积、流转率、每亩租金和合同到期情况。*Area, rate, rent per 亩 and contract expiry.*"),
        ("code", "domain_sections.show_land(d)"),
    ],
    "14_other_domains": [
        ("md", "# 五、其他领域 · Other domains\n\n"
               "报告其他领域的公开数字（附原文）。*The report's other figures, with their quotes.*"),
        ("code", "year_data.show(year_data.other_domains_html(d))"),
    ],
    "16_reconciliation": [
        ("md", "# 七、台账与公开数字核对 · Ledgers against published figures\n\n"
               "用台账重新计算报告公布的数字，逐项列出差额与核对结果。\n\n"
               "*The report's figures recomputed from the ledgers, with the difference and a status for each.*"),
        ("code", "year_data.show(domain_sections.reconciliation_html(d))"),
    ],
}


def notebook(name: str, parameters: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A notebook of ``cells`` (("md"|"code", source)): the first is the heading,
    then the ``parameters`` cell, then the rest; cell ids fixed from ``name``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    heading, *rest = cells
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    ordered = [nbformat.v4.new_markdown_cell(heading[1]), params]
    for kind, source in rest:
        ordered.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    for index, cell in enumerate(ordered):
        cell.id = f"{name.replace('_', '-')}-{index}"
    nb.cells = ordered
    return nb


def build(name: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A yearly notebook: heading, parameters, the set-up cell, then ``cells``."""
    heading, *rest = cells
    uses_sections = any("domain_sections." in source for _, source in rest)
    setup = SETUP.format(modules="domain_sections, year_data" if uses_sections else "year_data")
    return notebook(name, PARAMETERS, [heading, ("code", setup), *rest])


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        path = HERE / f"{name}.ipynb"
        nbformat.write(build(name, cells), path)
        print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
