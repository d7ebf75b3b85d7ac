"""tanto_analysis: reproducible analysis of a town's rural-revitalisation progress reports.

The library API (it works from any working directory)::

    import tanto_analysis as ta

    ta.years()                    # the years with ledgers or a published table
    y = ta.year(2022)             # figures, ledgers, indicators, audit, progress as DataFrames

See :mod:`tanto_analysis.api`.  Importing the package itself stays cheap (the
build's up-to-date check imports it); pandas and the rest load on first use.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

try:
    __version__ = version("tanto_analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:
    from .api import Year

__all__ = ["__version__", "year", "years"]


def year(year: int | None = None, *, data_dir=None, ledger_dir=None, lang: str = "zh", rules=None) -> Year:
    """One year's figures, ledgers, indicators, audit and progress; see :func:`tanto_analysis.api.year`."""
    from .api import year as load

    return load(year, data_dir=data_dir, ledger_dir=ledger_dir, lang=lang, rules=rules)


def years(ledger_dir=None) -> list[int]:
    """The years with a ledger folder or a published table; see :func:`tanto_analysis.api.years`."""
    from .api import years as found

    return found(ledger_dir)
