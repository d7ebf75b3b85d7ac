"""Tests for tanto_analysis.reference.villages: the town and its villages are the project's data."""

import pytest

from tanto_analysis.core import paths
from tanto_analysis.core.errors import ConfigurationError, InputError
from tanto_analysis.reference.villages import (
    canonical_village,
    current_town,
    is_known_scope,
    place_names,
    village_short_form,
)


def test_the_demo_project_s_town_and_its_24_villages():
    town = current_town()
    assert (town.name, town.county, town.label("en"), town.county_label("en")) == (
        "潭头镇", "栾川县", "Tantou town", "Luanchuan county")
    assert len(town.villages) == len(set(town.villages)) == 24
    source = paths.source_path(2022).read_text(encoding="utf-8")
    named = [v for v in town.villages if not v.startswith("村")]  # 村A–村E are the placeholders
    assert len(named) == 19 and all(v in source or village_short_form(v) in source for v in named)
    assert place_names("zh") == {"town": "潭头镇", "county": "栾川县"}


def test_spellings():
    assert canonical_village("大王庙") == "大王庙村"
    assert canonical_village(" 官地村 ") == "官地村"
    assert canonical_village("张村") == "张村"
    assert canonical_village("村F") is None
    assert is_known_scope("潭头镇") and is_known_scope("汤营") and not is_known_scope("某镇")
    assert village_short_form("拨云岭村") == "拨云岭"
    assert village_short_form("何村") is None and village_short_form("村B") is None


def _project(tmp_path, monkeypatch, toml: str, villages: str | None) -> None:
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    (tmp_path / "tanto.toml").write_text(toml, encoding="utf-8")
    if villages is not None:
        (tmp_path / "data" / "reference").mkdir(parents=True)
        (tmp_path / "data" / "reference" / "villages.csv").write_text(villages, encoding="utf-8")


def test_another_town_from_its_own_files(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, '[project]\ntown = "甲镇"\ncounty = "乙县"\n',
             "village,short_form,aliases,note\n甲一村,甲一,旧甲一|甲一社区,\n乙二村,,,\n")
    town = current_town()
    assert (town.name, town.villages, town.label("en")) == ("甲镇", ("甲一村", "乙二村"), "甲镇")
    assert [town.canonical(w) for w in ("甲一", "旧甲一", "甲一社区", "乙二村", "乙二")] == [
        "甲一村", "甲一村", "甲一村", "乙二村", None]
    assert is_known_scope("甲镇") and not is_known_scope("潭头镇")


def test_a_town_needs_a_name_and_each_spelling_names_one_village(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "[project]\ncounty = \"乙县\"\n", None)
    with pytest.raises(ConfigurationError, match=r"tanto.toml: \[project\] needs the town's name"):
        current_town()
    _project(tmp_path, monkeypatch, '[project]\ntown = "甲镇"\n', "village,short_form,aliases,note\n甲一村,甲一,,\n丙村,,甲一,\n")
    with pytest.raises(InputError) as error:
        current_town()
    assert str(error.value).endswith("villages.csv:3:aliases: '甲一' already names '甲一村'; each spelling names one village")
