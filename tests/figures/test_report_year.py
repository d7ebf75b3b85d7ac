"""The year a report reports (issue 24): reviews of an earlier year, estimates, completion rates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tanto_analysis.figures.extract import extract_figures
from tanto_analysis.figures.published import validate_figures
from tanto_analysis.figures.report_year import reviews

#: A made-up 2023 report of 甲镇 reviewing 2022 (a 政府工作报告 delivered early in 2023).
REPORT = ("甲镇2023年政府工作报告\n"
          "一、2022年工作回顾\n"
          "预计全年完成地区生产总值7.1亿元，财政收入完成1525万元。\n"
          "（一）项目建设\n"
          "新建道路12公里，完成投资1.1亿元，为年度计划的110%；固定资产投资占全年任务数的77.8%。\n"
          "2021年结转项目完工3个。\n"
          "二、2023年工作安排\n"
          "新建道路15公里。预计从2024年起，村集体每年可增收8万元。\n")


@pytest.fixture()
def town(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "p"
    (root / "data" / "reference").mkdir(parents=True)
    (root / "tanto.toml").write_text('[project]\ntown = "甲镇"\ncounty = "甲县"\n', encoding="utf-8")
    (root / "data" / "reference" / "villages.csv").write_text("village,short_form,aliases,note\n", encoding="utf-8")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    monkeypatch.chdir(root)
    return root


def test_the_review_of_an_earlier_year_is_found() -> None:
    assert [(r.year, r.title, REPORT[r.start:r.end].count("\n")) for r in reviews(REPORT)] == [
        (2022, "一、2022年工作回顾", 5)]  # up to 二、2023年工作安排
    assert [r.year for r in reviews("2022 年工作回顾\n粮播面积 31392 亩。\n")] == [2022]  # as a PDF writes it
    assert reviews("一、工作成效\n新建道路12公里。\n") == []


def test_figures_are_dated_the_year_their_text_gives(town: Path) -> None:
    draft = extract_figures(REPORT, 2023)
    got = [(q, k, y, label) for q, k, y, label in zip(draft["quote"], draft["kind"], draft["year"], draft["label_zh"],
                                                      strict=True)]
    assert got == [
        ("7.1亿元", "estimate", "2022", "预计全年完成地区生产总值"),  # 预计: an estimate of the reviewed year
        ("1525万元", "actual", "2022", "财政收入"),                  # its own clause's cue (完成) decides
        ("12公里", "actual", "2022", "新建道路"),                    # in the review: its year
        ("1.1亿元", "actual", "2022", "完成投资"),
        ("110%", "actual", "2022", "年度计划完成率"),                # 为年度计划的110%: a completion rate
        ("77.8%", "actual", "2022", "全年任务数完成率"),
        ("3个", "actual", "2021", "结转项目完工"),                # the year its sentence names
        ("15公里", "plan", "2024", "新建道路"),
        ("8万元", "target", "2024", "村集体每年可增收"),             # 预计从2024年起: a forecast, a target
    ]


def test_a_draft_validates_as_drafted_with_notes(town: Path) -> None:
    draft = extract_figures(REPORT, 2023)
    (town / "data" / "sources").mkdir()
    (town / "data" / "sources" / "2023.txt").write_text(REPORT, encoding="utf-8")
    path = town / "draft_2023.csv"
    draft.to_csv(path, index=False)
    notes: list = []
    assert validate_figures(path, notes=notes) == []
    assert [str(n) for n in notes] == [
        "draft_2023.csv:2:year: note: an estimate for 2022, before the report year 2023: the text gives 2022 for it "
        "(its review '一、2022年工作回顾')",
        *(f"draft_2023.csv:{row}:year: note: an actual figure for 2022, before the report year 2023: the text "
          "gives 2022 for it (its review '一、2022年工作回顾')" for row in (3, 4, 5, 6, 7)),
        "draft_2023.csv:8:year: note: an actual figure for 2021, before the report year 2023: the text gives 2021 "
        "for it (its sentence)",
    ]
    draft.loc[2, "year"] = "2021"  # 12公里 of the 2022 review: nothing in the text gives 2021
    draft.loc[0, "year"] = "2020"  # nor 2020 for the estimate 7.1亿元
    draft.to_csv(path, index=False)
    problems = validate_figures(path)
    assert [str(p) for p in problems] == [
        "draft_2023.csv:2:year: an estimate of the 2023 report must be for 2023 or later, or for an earlier year "
        "its text gives for it",
        "draft_2023.csv:4:year: an actual figure of the 2023 report must be for 2023"]
    assert problems[1].detail().endswith("; got '2021'")
