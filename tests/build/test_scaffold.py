"""``tanto init``: a new town's project, and a first build from its published figures alone."""

from __future__ import annotations

import filecmp
import shutil

import pytest
from click.testing import CliRunner

from tanto_analysis.build.scaffold import TEMPLATE, init_project
from tanto_analysis.cli import main
from tanto_analysis.core import paths
from tanto_analysis.core.errors import ConfigurationError
from tests.conftest import REPO


def test_init_writes_a_project_of_its_own_town(tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "town2"), "--town", "甲镇", "--county", "乙县"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "town2"
    assert (root / "tanto.toml").read_text(encoding="utf-8").count('town = "甲镇"') == 1
    assert (root / "data" / "reference" / "villages.csv").read_text(encoding="utf-8") == "village,short_form,aliases,note\n"
    assert sorted(p.name for p in (root / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert all((root / d).is_dir() for d in ("data/sources", "data/published", "reports"))
    monkeypatch.delenv("TANTO_ROOT")
    monkeypatch.chdir(root / "notebooks")  # found from inside, like git
    from tanto_analysis.reference.villages import current_town

    assert paths.project_root() == root.resolve() and current_town().name == "甲镇"


def test_init_never_overwrites(tmp_path):
    init_project(tmp_path / "a", "甲镇")
    with pytest.raises(ConfigurationError, match=r"is already a project \(tanto.toml\); nothing written"):
        init_project(tmp_path / "a", "乙镇")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "README.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"would overwrite .*README.md; nothing written"):
        init_project(tmp_path / "b", "甲镇")
    assert (tmp_path / "b" / "README.md").read_text(encoding="utf-8") == "mine" and not (tmp_path / "b" / "tanto.toml").exists()
    with pytest.raises(ConfigurationError, match="--town needs the town's name"):
        init_project(tmp_path / "c", " ")


def test_outside_a_project_the_command_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.delenv("TANTO_ROOT")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", "--year", "2022"])
    assert result.exit_code == 2
    assert "not inside a tanto project: no tanto.toml in" in result.stderr and "tanto init DIR" in result.stderr
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "audit", "--year", "2022"])
    assert result.exit_code == 2 and "no tanto.toml there" in result.stderr


def test_the_demo_s_notebooks_are_the_template_s():
    """A new project starts from the same page notebooks as the demo project (copy them when either changes)."""
    ours = sorted(p.relative_to(REPO / "notebooks") for p in (REPO / "notebooks").rglob("*")
                  if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    template = sorted(p.relative_to(TEMPLATE / "notebooks") for p in (TEMPLATE / "notebooks").rglob("*") if p.is_file())
    assert ours == template
    assert [str(p) for p in ours if not filecmp.cmp(REPO / "notebooks" / p, TEMPLATE / "notebooks" / p, shallow=False)] == []


@pytest.mark.slow
def test_a_town_with_published_figures_only_builds_every_page(tmp_path, monkeypatch):
    from tanto_analysis.build.pipeline import run_build

    root = tmp_path / "town2"
    init_project(root, "甲镇", "乙县")
    shutil.copy2(REPO / "tests" / "fixtures" / "fictional_2023" / "2023.txt", root / "data" / "sources" / "2023.txt")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    result = CliRunner().invoke(main, ["extract", str(root / "data" / "sources" / "2023.txt"), "--year", "2023",
                                       "-o", str(root / "data" / "published" / "2023.csv")])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["validate", str(root / "data" / "published" / "2023.csv")]).exit_code == 0
    assert run_build(years=[], all_years=True, jobs=2, force=False, lang="zh") == 0
    page = (root / "reports" / "html" / "2023.html").read_text(encoding="utf-8")
    assert "<title>甲镇乡村振兴进展报告 2023年附录</title>" in page
    trends = (root / "reports" / "html" / "trends.html").read_text(encoding="utf-8")
    assert "就业增收：尚无台账，这一部分等台账录入后生成。" in trends
    assert "甲镇乡村振兴进展报告：数据附录索引" in (root / "reports" / "html" / "index.html").read_text(encoding="utf-8")
    draft = (root / "data" / "published" / "2023.csv").read_text(encoding="utf-8")
    assert ",甲镇," in draft and "潭头镇" not in draft  # every row is the project's town's


def test_a_name_with_quotes_or_a_line_break_is_written_as_valid_toml(tmp_path):
    import tomllib

    init_project(tmp_path / "a", '甲"镇\n', 'C:\\县')
    settings = tomllib.loads((tmp_path / "a" / "tanto.toml").read_text(encoding="utf-8"))
    assert settings["project"] == {"town": '甲"镇', "county": "C:\\县"}  # stripped of the line break, kept as written


def test_the_commented_ledger_example_of_a_new_project_is_a_valid_declaration(tmp_path):
    import re
    import tomllib

    from tanto_analysis.reference.ledger_declarations import parse_declarations

    init_project(tmp_path / "town2", town="甲镇", county="乙县")
    text = (tmp_path / "town2" / "tanto.toml").read_text(encoding="utf-8")
    example = "\n".join(re.sub(r"^# ?", "", line) for line in text.splitlines()
                        if line.startswith("# [ledgers.") or line.startswith("#   ") or
                        re.match(r"# (domain|title_|contributor|columns|indicators|\])", line))
    decl = parse_declarations(tomllib.loads(example)["ledgers"], "tanto.toml")["housing_repairs"]
    assert [c.name for c in decl.columns] == ["household_id", "village", "grant_yuan"]
    assert [(i.key, i.column) for i in decl.indicators] == [
        ("housing_repairs_households", "household_id"), ("housing_repairs_grant_total", "grant_yuan")]
