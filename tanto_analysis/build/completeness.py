"""No figure is ever lost: every row of a year's figures table must be on its page.

Each published figure a page shows has the anchor ``fig-<id>`` (the row of
its table, with its quote).  Before a year's page is written, the build
checks that every id of the year's table has its anchor; a page that would
drop a figure fails, naming the ids, and the old page stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core.errors import BuildError
from ..core.readers import read_table

__all__ = ["check_every_figure_shown", "missing_figures"]


def missing_figures(html: str, figure_ids: Iterable[str]) -> list[str]:
    """The ids among ``figure_ids`` that have no ``id="fig-<id>"`` anchor in ``html``.

    >>> missing_figures('<tr id="fig-a"><td>1</td></tr>', ["a", "b"])
    ['b']
    """
    return [i for i in figure_ids if f'id="fig-{i}"' not in html]


def check_every_figure_shown(html: str, table_path: Path) -> None:
    """Raise :class:`BuildError` if the page leaves out a figure of the table at ``table_path``.

    A year without a published table has nothing to check.
    """
    if not table_path.is_file():
        return
    ids = read_table(table_path)["id"].tolist()
    lost = missing_figures(html, ids)
    if lost:
        shown = ", ".join(lost[:10]) + (f" and {len(lost) - 10} more" if len(lost) > 10 else "")
        raise BuildError(f"the page would leave out {len(lost)} of the {len(ids)} figures of "
                         f"{table_path.name}: {shown}")
