"""Two FICTIONAL towns (甲镇, 乙镇 of 乙县) for the county page's tests: made-up reports and figures tables.

甲镇 reports 2021 and 2022, 乙镇 only 2022 (its 2021 is missing).  Both state
the same keys of the package's registry (公益性岗位, 新增贷款金额, 土地流转率,
总户数, 总人数), 乙镇's posts as an approximate figure (约80人).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

HEADER = ["id", "indicator", "section", "domain", "scope", "year", "kind", "value", "unit", "bound",
          "label_zh", "label_en", "quote"]
#: key → (domain, unit, label_zh, label_en)
KEYS = {"households_total": ("poverty_monitoring", "户", "全镇户数", "Households (whole town)"),
        "population_total": ("poverty_monitoring", "人", "全镇人数", "People (whole town)"),
        "public_welfare_posts": ("employment_income", "人", "公益性岗位人数", "Public-welfare posts filled"),
        "loans_new_amount": ("loan_subsidy", "元", "新增贷款金额", "New loans: amount"),
        "land_transfer_rate": ("land_transfer", "%", "土地流转率", "Land transfer rate")}


def write_town(root: Path, town: str, year: int, figures: list[tuple[str, float, str, str]]) -> Path:
    """A project of ``town`` with a made-up report of ``year`` stating ``figures`` (key, value, bound, quote)."""
    (root / "data" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "data" / "published").mkdir(parents=True, exist_ok=True)
    (root / "data" / "reference").mkdir(parents=True, exist_ok=True)
    (root / "tanto.toml").write_text(f'[project]\ntown = "{town}"\ncounty = "乙县"\ntown_en = "{town} (fictional)"\n'
                                     'county_en = "Yi county"\n', encoding="utf-8")
    (root / "data" / "reference" / "villages.csv").write_text("village,short_form,aliases,note\n", encoding="utf-8")
    text = f"{town}{year}年工作总结（虚构，用于测试）\n一、工作成效\n" + "，".join(q for _, _, _, q in figures) + "。\n"
    (root / "data" / "sources" / f"{year}.txt").write_text(text, encoding="utf-8")
    with open(root / "data" / "published" / f"{year}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for key, value, bound, quote in figures:
            domain, unit, zh, en = KEYS[key]
            shortest = re.search(r"约?\d.*$", quote).group(0)  # the clause as written; its figure as quoted
            writer.writerow([key, key, "一", domain, town, year, "actual", f"{value:g}", unit, bound, zh, en, shortest])
    return root


def make_county(base: Path) -> tuple[Path, Path]:
    """甲镇 (2021, 2022) and 乙镇 (2022) under ``base``; their folders."""
    jia = base / "jia"
    write_town(jia, "甲镇", 2021, [("public_welfare_posts", 100, "exact", "公益性岗位100人")])
    write_town(jia, "甲镇", 2022, [("households_total", 1000, "exact", "全镇1000户"),
                                  ("population_total", 4000, "exact", "4000人"),
                                  ("public_welfare_posts", 120, "exact", "公益性岗位120人"),
                                  ("loans_new_amount", 5000000, "exact", "新增贷款500万元"),
                                  ("land_transfer_rate", 60, "exact", "流转率60%")])
    yi = write_town(base / "yi", "乙镇", 2022, [("households_total", 500, "exact", "全镇500户"),
                                                ("population_total", 2000, "exact", "2000人"),
                                                ("public_welfare_posts", 80, "approx", "公益性岗位约80人"),
                                                ("loans_new_amount", 2000000, "exact", "新增贷款200万元"),
                                                ("land_transfer_rate", 40, "exact", "流转率40%")])
    return jia, yi
