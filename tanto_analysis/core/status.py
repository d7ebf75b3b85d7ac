"""The one synthetic predicate: is a value, a table, a ledger or a year made, wholly or partly, of synthetic data.

A ledger's rows carry a ``data_status`` (``actual`` or ``synthetic``); an
indicator computed from several ledgers carries them joined
(``actual+synthetic``), a trend fit over several years joined with commas
(``actual,synthetic``).  Whatever the shape, a number that rests on any
synthetic row is synthetic, and every label, banner, chart and reconcile
header asks :func:`is_synthetic`, never a string comparison of its own.

Examples
--------
>>> is_synthetic("synthetic"), is_synthetic("actual+synthetic"), is_synthetic("actual,synthetic")
(True, True, True)
>>> is_synthetic("actual"), is_synthetic("published"), is_synthetic(None)
(False, False, False)
>>> import pandas as pd
>>> is_synthetic(pd.DataFrame({"data_status": ["actual", "actual+synthetic"]}))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["SYNTHETIC", "is_synthetic", "statuses"]

#: The ``data_status`` of generated (demo or test) rows.
SYNTHETIC = "synthetic"
_SEPARATORS = re.compile(r"[+,;\s]+")


def statuses(value: object) -> frozenset[str]:
    """The single statuses a ``data_status`` text names: ``"actual+synthetic"`` → ``{"actual", "synthetic"}``."""
    if value is None or (isinstance(value, float) and value != value):
        return frozenset()
    return frozenset(s for s in _SEPARATORS.split(str(value).strip().lower()) if s)


def is_synthetic(obj: object) -> bool:
    """True if ``obj`` rests on any synthetic row.

    Parameters
    ----------
    obj : str, DataFrame, Series, Ledger, PageData, Year, LedgerPanel, mapping or iterable
        A ``data_status`` text; a table with a ``data_status`` column (a
        table without one is not synthetic); anything with a ``statuses``
        set (a :class:`~tanto_analysis.ledgers.ledger.Ledger`) or a
        ``synthetic`` property (a year, a trends panel); a mapping (its
        values) or any other iterable of these.

    Returns
    -------
    bool
        True when one of the statuses found is ``synthetic``.
    """
    if obj is None:
        return False
    if isinstance(obj, str):
        return SYNTHETIC in statuses(obj)
    columns = getattr(obj, "columns", None)
    if columns is not None and hasattr(obj, "iloc"):  # a DataFrame
        return "data_status" in columns and any(is_synthetic(s) for s in set(obj["data_status"].astype(str)))
    if hasattr(obj, "iloc"):  # a Series of statuses
        return any(is_synthetic(s) for s in set(obj.astype(str)))
    found = getattr(obj, "statuses", None)
    if isinstance(found, (set, frozenset)):  # a Ledger
        return any(is_synthetic(s) for s in found)
    if hasattr(type(obj), "synthetic"):  # a year or a panel, which ask this function for their parts
        return bool(obj.synthetic)
    if isinstance(obj, Mapping):
        return any(is_synthetic(v) for v in obj.values())
    if isinstance(obj, Iterable):
        return any(is_synthetic(v) for v in obj)
    return False
