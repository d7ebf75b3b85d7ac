"""Disclosure control: the primary rules, secondary suppression, safe histograms, the project's settings."""

import numpy as np
import pandas as pd
import pytest

from tanto_analysis.analysis.disclosure import (
    Protection,
    Rules,
    mark,
    note,
    project_rules,
    protect,
    protection_of,
)
from tanto_analysis.analysis.safe_bins import safe_bins
from tanto_analysis.core.errors import ConfigurationError
from tanto_analysis.ledgers.contributions import Measure
from tanto_analysis.ledgers.ledger import Ledger


def test_primary_rules():
    rules = Rules()
    assert rules.primary(value=0, contributors=0, top1=0, top2=0, magnitude=True) == ""  # an empty cell is nobody's
    assert rules.primary(value=2, contributors=2, top1=1, top2=1, magnitude=False) == "frequency"
    assert rules.primary(value=3, contributors=3, top1=1, top2=1, magnitude=False) == ""
    # (1, 85): 850 of 1,000 亩 is not more than 85 %; 851 is
    assert rules.primary(value=1000, contributors=3, top1=850, top2=100, magnitude=True) == ""
    assert rules.primary(value=1000, contributors=3, top1=851, top2=100, magnitude=True) == "dominance"
    assert rules.primary(value=1000, contributors=3, top1=851, top2=100, magnitude=False) == ""  # counts: frequency only
    two = Rules(dominance_n=2, dominance_k=90)
    assert two.primary(value=1000, contributors=4, top1=600, top2=301, magnitude=True) == "dominance"
    assert two.primary(value=1000, contributors=4, top1=600, top2=300, magnitude=True) == ""
    # p % at 10: the rest after the two largest (1000 - 500 - 460 = 40) is under 10 % of 500
    p = Rules(p_percent=10)
    assert p.primary(value=1000, contributors=4, top1=500, top2=460, magnitude=True) == "p_percent"
    assert p.primary(value=1000, contributors=4, top1=500, top2=440, magnitude=True) == ""


def test_rules_refuse_values_out_of_range():
    with pytest.raises(ConfigurationError, match="min_frequency must be a whole number of at least 1; got 0"):
        Rules(min_frequency=0)
    with pytest.raises(ConfigurationError, match="dominance_n must be 1 or 2; got 3"):
        Rules(dominance_n=3)
    with pytest.raises(ConfigurationError, match="dominance_k must be a percentage above 0 and at most 100; got 120"):
        Rules(dominance_k=120)


def _ledger(rows: list[tuple[str, str, float]]) -> Ledger:
    return Ledger.from_frame(pd.DataFrame(rows, columns=["household_id", "village", "amount_yuan"]))


def test_one_borrower_is_suppressed_and_one_more_village_with_it():
    # 甲村 has a single borrower; the smallest other village is withheld too, so 甲村 = total - shown fails
    rows = [("H1", "甲村", 37654.0)]
    rows += [(f"B{i}", "乙村", 10000.0) for i in range(3)]
    rows += [(f"C{i}", "丙村", 20000.0) for i in range(4)]
    rows += [(f"D{i}", "丁村", 30000.0) for i in range(5)]
    loans = _ledger(rows)
    decided = protect("village", [Measure(loans, "household_id"), Measure(loans, "household_id", "amount_yuan")],
                      Rules())
    assert dict(decided.suppressed) == {"甲村": "frequency", "乙村": "secondary"}
    assert decided.counts() == {"frequency": 1, "secondary": 1} and decided.unit == "household"


def test_secondary_suppression_goes_on_until_the_group_passes():
    # 甲村 (1 household) and 乙村 (1 household) are two cells, but together still fewer than 3 households
    rows = [("H1", "甲村", 50000.0), ("H2", "乙村", 40000.0)]
    rows += [(f"C{i}", "丙村", 20000.0) for i in range(3)] + [(f"D{i}", "丁村", 30000.0) for i in range(5)]
    decided = protect("village", [Measure(_ledger(rows), "household_id", "amount_yuan")], Rules())
    assert dict(decided.suppressed) == {"甲村": "frequency", "乙村": "frequency", "丙村": "secondary"}


def test_a_dominant_contract_is_suppressed():
    contracts = Ledger.from_frame(pd.DataFrame({
        "contract_id": ["K1", "K2", "K3", "K4", "K5", "K6", "K7"],
        "village": ["甲村", "甲村", "甲村", "乙村", "乙村", "乙村", "乙村"],
        "area_mu": [950.5, 20.0, 29.5, 100.0, 120.0, 90.0, 80.0]}))
    decided = protect("village", [Measure(contracts, "contract_id"), Measure(contracts, "contract_id", "area_mu")],
                      Rules())
    # 甲村: 950.5 of 1,000 亩 (95 %) in one contract; 乙村 is the only other village: withheld with it
    assert dict(decided.suppressed) == {"甲村": "dominance", "乙村": "secondary"}
    assert decided.unit == "contract"


def test_protection_travels_with_a_frame_and_finds_its_rows():
    decided = Protection("village", {"甲村": "frequency"}, "household", Rules())
    frame = decided.apply(pd.DataFrame({"amount_yuan": [37654.0, 90000.0]},
                                       index=pd.Index(["甲村", "乙村"], name="village")))
    derived = frame.assign(per=frame["amount_yuan"] / 2)[["per"]].sort_values("per")
    found = protection_of(derived)
    assert found == decided
    assert found.row_reasons(derived).tolist() == ["frequency", ""]
    assert protection_of(pd.DataFrame({"x": [1]})) is None
    with pytest.raises(ConfigurationError, match="no column or index 'village'"):
        found.row_reasons(derived.reset_index(drop=True))


def test_marks_and_notes_name_the_rule():
    rules = Rules()
    assert mark("frequency", rules, "household", "zh") == "—（少于3户，不公布）"
    assert mark("frequency", rules, "household", "en") == "— (fewer than 3 households, not shown)"
    assert mark("dominance", rules, "contract", "zh") == "—（最大1份合同占比超过85%，不公布）"
    assert note({"frequency": 1, "secondary": 1}, rules, "household", "zh", chart=True) == (
        "说明：图中2项按披露控制规则未画出（少于3户1项，为防由合计推算而一并不公布1项）。")
    assert note({}, rules, "household", "zh") == ""


def test_safe_bins_never_show_fewer_than_the_threshold_nor_the_extremes():
    amounts = np.array([10000.0, 20000.0, 30000.0, 30000.0, 50000.0, 50000.0, 50000.0, 47321.0])
    edges, heights = safe_bins(amounts, np.ones(len(amounts), dtype=int), Rules())
    assert heights.sum() == 8 and (heights[heights > 0] >= 3).all()
    assert 47321.0 not in edges and edges[-1] > 50000.0 and edges[0] <= 10000.0
    # a step of 2,000 元: 10,000–32,000 holds 4; the empty bars stay; 47,321 joins the three at 50,000
    assert edges.tolist() == [10000.0, 32000.0, *range(34000, 48000, 2000), 52000.0]
    assert heights.tolist() == [4, 0, 0, 0, 0, 0, 0, 0, 4]
    assert safe_bins(np.array([5000.0, 7000.0]), np.array([1, 1]), Rules())[0].size == 0  # 2 households: no bars


def test_project_rules_read_tanto_toml(tmp_path):
    assert project_rules(tmp_path) == Rules()  # no file: the defaults
    (tmp_path / "tanto.toml").write_text("[disclosure]\nmin_frequency = 5\ndominance_k = 90\n"
                                         "[disclosure.contributors]\njob_placements = \"household_id\"\n",
                                         encoding="utf-8")
    rules = project_rules(tmp_path)
    assert (rules.min_frequency, rules.dominance_k, rules.contributors["job_placements"],
            rules.contributors["loans"]) == (5, 90, "household_id", "household_id")
    (tmp_path / "tanto.toml").write_text("[disclosure]\nmin_frequncy = 5\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"tanto.toml: \[disclosure\] has unknown setting\(s\) min_frequncy"):
        project_rules(tmp_path)
    (tmp_path / "tanto.toml").write_text("[disclosure]\nmin_frequency = 0\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="tanto.toml: disclosure rules: min_frequency must be"):
        project_rules(tmp_path)
    (tmp_path / "tanto.toml").write_text("[disclosure\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"tanto.toml: not valid TOML: .*line 1"):
        project_rules(tmp_path)


def test_the_outer_bars_are_drawn_one_step_wide_from_their_inner_edge():
    from tanto_analysis.analysis.safe_bins import drawn_bars

    # one loan of 1,003,000 among loans of 20,000 and 30,000: its bar would end at 1,050,000
    amounts = np.array([20000.0] * 5 + [30000.0] * 5 + [1003000.0, 990000.0, 995000.0])
    edges, heights = safe_bins(amounts, np.ones(len(amounts), dtype=int), Rules())
    lefts, widths = drawn_bars(edges)
    assert edges[-1] == 1050000.0 and heights.tolist()[0] == 10 and heights.tolist()[-1] == 3
    step = float(np.diff(edges).min())
    assert (lefts[-1], widths[-1]) == (edges[-2], step) and lefts[-1] + widths[-1] < 1003000.0
    assert (lefts[0] + widths[0], widths[0]) == (edges[1], step)
