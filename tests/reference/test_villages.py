"""Tests for tanto_analysis.reference.villages."""

from tanto_analysis.core import paths
from tanto_analysis.reference.villages import (
    REPORT_VILLAGES,
    SHORT_FORMS,
    VILLAGES,
    canonical_village,
    is_known_scope,
    village_short_form,
)


def test_twenty_four_villages_and_only_report_names():
    assert len(VILLAGES) == len(set(VILLAGES)) == 24
    source = paths.source_path(2022).read_text(encoding="utf-8")
    for name in REPORT_VILLAGES:  # every named village is written in the report
        assert name in source or village_short_form(name) in source


def test_aliases():
    assert canonical_village("大王庙") == "大王庙村"
    assert canonical_village(" 官地村 ") == "官地村"
    assert canonical_village("张村") == "张村"
    assert canonical_village("村F") is None
    assert is_known_scope("潭头镇") and is_known_scope("汤营") and not is_known_scope("某镇")


def test_short_forms():
    assert village_short_form("拨云岭村") == "拨云岭"
    assert village_short_form("何村") is None and village_short_form("村B") is None
    assert len(SHORT_FORMS) == 17  # 19 named villages less 何村 and 张村
    assert SHORT_FORMS["潭头"] == "潭头村"


def test_doctests():
    import doctest

    from tanto_analysis.reference import villages
    assert doctest.testmod(villages).failed == 0
