"""Contributors of a breakdown's cells, from a ledger, as disclosure control needs them."""

import pandas as pd

from tanto_analysis.ledgers.contributions import Measure, cell_stats, group_stats
from tanto_analysis.ledgers.ledger import Ledger


def _loans() -> Ledger:
    # household H1 borrows twice in 甲村 and once in 乙村; 丙村 has one borrower
    frame = pd.DataFrame({
        "household_id": ["H1", "H1", "H2", "H3", "H1", "H4", "H5"],
        "village": ["甲村", "甲村", "甲村", "甲村", "乙村", "乙村", "丙村"],
        "amount_yuan": [10000.0, 5000.0, 20000.0, 1000.0, 3000.0, 4000.0, 37654.0],
    })
    return Ledger.from_frame(frame)


def test_cell_stats_count_distinct_contributors_and_their_largest_sums():
    stats = cell_stats(Measure(_loans(), "household_id", "amount_yuan"), "village")
    assert stats.loc["甲村"].tolist() == [36000.0, 3.0, 20000.0, 15000.0]  # H1's two loans are one contribution
    assert stats.loc["乙村"].tolist() == [7000.0, 2.0, 4000.0, 3000.0]
    assert stats.loc["丙村"].tolist() == [37654.0, 1.0, 37654.0, 0.0]
    rows = cell_stats(Measure(_loans(), "household_id"), "village")  # a count of rows (笔)
    assert rows.loc["甲村"].tolist() == [4.0, 3.0, 2.0, 1.0]


def test_group_stats_count_a_household_in_two_cells_once():
    group = group_stats(Measure(_loans(), "household_id", "amount_yuan"), "village", ["甲村", "乙村"])
    assert group == {"value": 43000.0, "contributors": 4.0, "top1": 20000.0, "top2": 18000.0}  # H1: 15,000 + 3,000
    assert group_stats(Measure(_loans(), "household_id"), "village", []) == dict.fromkeys(
        ("value", "contributors", "top1", "top2"), 0.0)
