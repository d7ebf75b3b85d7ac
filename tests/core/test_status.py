"""The one synthetic predicate, on every shape a status comes in."""

import pandas as pd

from tanto_analysis.core.status import is_synthetic, statuses
from tanto_analysis.ledgers.ledger import Ledger


def test_status_texts():
    assert statuses("actual+synthetic") == {"actual", "synthetic"}
    assert statuses("actual, synthetic") == {"actual", "synthetic"}
    assert [is_synthetic(s) for s in ("synthetic", "actual+synthetic", "actual,synthetic", "Synthetic")] == [True] * 4
    assert [is_synthetic(s) for s in ("actual", "published", "", "unknown", None, float("nan"))] == [False] * 6
    assert not is_synthetic("nonsynthetic")  # a whole status, not a substring


def test_tables_ledgers_and_collections():
    assert is_synthetic(pd.DataFrame({"data_status": ["actual", "actual+synthetic"]}))
    assert not is_synthetic(pd.DataFrame({"data_status": ["actual", "published"]}))
    assert not is_synthetic(pd.DataFrame({"value": [1.0]}))  # no status column: nothing synthetic
    assert is_synthetic(pd.Series(["actual", "synthetic"]))
    mixed = Ledger.from_frame(pd.DataFrame({"x": ["1", "2"], "data_status": ["actual", "synthetic"]}))
    actual = Ledger.from_frame(pd.DataFrame({"x": ["1"], "data_status": ["actual"]}))
    assert is_synthetic(mixed) and not is_synthetic(actual)
    assert is_synthetic({"a": actual, "b": mixed}) and not is_synthetic([actual])
    assert not is_synthetic([])
