"""Tests for tanto_analysis.reference.villages."""

from tanto_analysis.core import paths
from tanto_analysis.reference.villages import (
    REPORT_VILLAGES,
    VILLAGES,
    canonical_village,
    is_known_scope,
)


def test_twenty_four_villages_and_only_report_names():
    assert len(VILLAGES) == len(set(VILLAGES)) == 24
    source = paths.source_path(2022).read_text(encoding="utf-8")
    for name in REPORT_VILLAGES:  # every named village is written in the report
        assert name in source or name.removesuffix("村") in source


def test_aliases():
    assert canonical_village("大王庙") == "大王庙村"
    assert canonical_village(" 官地村 ") == "官地村"
    assert canonical_village("张村") == "张村"
    assert canonical_village("村F") is None
    assert is_known_scope("潭头镇") and is_known_scope("汤营") and not is_known_scope("某镇")
