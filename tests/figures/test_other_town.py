"""Extraction knows whose report it is: scopes are the project's town or its villages, never another town's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tanto_analysis.cli import main
from tanto_analysis.core.readers import read_table
from tanto_analysis.figures.extract import extract_figures
from tanto_analysis.reference.villages import current_town
from tests.conftest import REPO

OTHER_TOWN = REPO / "tests" / "fixtures" / "other_town" / "亭旁镇_2022.txt"
#: The demo town and the spellings of its villages: none may scope a figure of another project.
DEMO_NAMES = {"潭头镇", *read_table(REPO / "data" / "reference" / "villages.csv").fillna("")
              [["village", "short_form"]].stack().tolist()} - {""}


def project(root: Path, town: str, county: str, villages: list[str]) -> Path:
    """Make ``root`` a project of ``town`` with ``villages`` (made-up names)."""
    (root / "data" / "reference").mkdir(parents=True)
    (root / "tanto.toml").write_text(f'[project]\ntown = "{town}"\ncounty = "{county}"\n', encoding="utf-8")
    lines = ["village,short_form,aliases,note", *(f"{v},,,made-up name for a test" for v in villages)]
    (root / "data" / "reference" / "villages.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_report_of_another_project_is_scoped_to_its_own_town(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TANTO_ROOT", str(project(tmp_path, "合峪镇", "栾川县", ["甲村", "乙村"])))
    assert current_town().name == "合峪镇"
    text = ("一、工作成效\n全镇新增监测对象18户52人，甲村流转土地300亩。栾川县下达衔接资金1200万元，"
            "合峪镇获批项目9个。与潭头镇、庙子镇联建冷库2座，纸房村参观学习30人次。"
            "乙村、甲村发展连翘种植800余亩。\n")
    draft = extract_figures(text, 2023)
    assert list(zip(draft["quote"], draft["scope"], strict=True)) == [
        ("18户", "合峪镇"), ("52人", "合峪镇"),
        ("300亩", "甲村"),                          # its own village
        ("1200万元", "合峪镇"), ("9个", "合峪镇"),   # the county and the town named: the town
        ("2座", "合峪镇"), ("30人次", "合峪镇"),     # other towns and a village of another town are no scope
        ("800余亩", "合峪镇"),                       # several villages: the town
    ]


def test_the_real_report_of_another_town_drafts_and_validates(tmp_path, monkeypatch) -> None:
    root = project(tmp_path / "p", "亭旁镇", "三门县", [])
    monkeypatch.setenv("TANTO_ROOT", str(root))
    monkeypatch.chdir(root)
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(OTHER_TOWN), "--year", "2022", "-o", "draft.csv"])
    assert result.exit_code == 0, result.output
    assert "0 figure(s) line up with a figure of an earlier year's table" in result.output  # no earlier table
    draft = read_table(root / "draft.csv").fillna("")
    assert len(draft) == 14  # with 销售额2523.7万: a bare 万 in a sentence about money is 万元
    assert "25237000" in draft["value"].tolist()
    assert set(draft["scope"]) == {"亭旁镇"} and not set(draft["scope"]) & DEMO_NAMES
    assert (draft["carry_from"] == "").all() and (draft["indicator"] == "").all()
    assert "71320000" in draft["value"].tolist()  # 固定资产投资7132万元, carried to no 2022 figure
    checked = runner.invoke(main, ["validate", "draft.csv", "--source", str(OTHER_TOWN)])
    assert checked.exit_code == 0, checked.output
    assert "OK" in checked.output


@pytest.mark.parametrize("year", [2023])
def test_carry_forward_reads_only_the_projects_own_tables(tmp_path, monkeypatch, year: int) -> None:
    from tanto_analysis.figures.carry import earlier_tables

    root = project(tmp_path, "合峪镇", "栾川县", [])
    monkeypatch.setenv("TANTO_ROOT", str(root))
    assert earlier_tables(year) == []  # the demo's 2022 table is not this project's
    (root / "data" / "published").mkdir()
    (root / "data" / "published" / "2022.csv").write_bytes((REPO / "data" / "published" / "2022.csv").read_bytes())
    (root / "data" / "published" / "draft.csv").write_text("id\n", encoding="utf-8")
    assert [len(t) for t in earlier_tables(year)] == [130]  # <year>.csv only
    assert earlier_tables(2022) == []                        # only earlier years
