"""Which file holds a ledger: ``<dir>/<year>/<name>[_synthetic].csv|.xlsx|.parquet``, exactly one.

``<dir>`` is what ``--ledgers`` names for ``tanto build`` and ``tanto
reconcile`` alike: a folder holding one ``<year>/`` folder per year
(:func:`check_ledger_folder` says so when it is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..core.digest import BIG_FILE_BYTES
from ..core.errors import ConfigurationError, InputError, Problem, display_path

__all__ = ["BIG_LEDGER_BYTES", "LEDGER_SUFFIXES", "check_ledger_folder", "find_ledger", "year_folders"]

#: A ledger file this big (bytes) is checked once and its checked rows cached as Parquet (``ledgers.cache``).
BIG_LEDGER_BYTES = BIG_FILE_BYTES
#: Suffixes a ledger may have, in the order they are listed in messages.
LEDGER_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".parquet")


def _present(path: Path) -> bool:
    """A file, or a link (even a broken or looping one, so that reading it names the fault)."""
    try:
        return path.is_symlink() or path.is_file()
    except OSError:  # e.g. a folder without search permission: reading the file names the fault
        return True


def _named(folder: Path, name: str) -> list[Path]:
    """The files of ``folder`` called ``name`` in any case (``loans.CSV``, ``Loans.csv``), sorted.

    A folder that cannot be listed is asked for ``name`` itself, so that reading it names the fault.
    """
    try:
        return sorted(p for p in folder.iterdir() if p.name.lower() == name and _present(p))
    except OSError:
        return [folder / name] if _present(folder / name) else []


def find_ledger(ledger_dir: str | Path, year: int, name: str) -> Path:
    """The ledger file ``name`` for ``year``: ``<dir>/<year>/<name>[_synthetic].csv|.xlsx|.parquet``.

    The file name is matched in any case: Windows and Excel write ``loans.CSV``
    or ``Loans.xlsx`` as readily as ``loans.csv``.

    Raises
    ------
    InputError
        If no such file exists (an old ``.xls`` is named, with "save it as
        .xlsx"), or if two do (``loans.csv`` beside ``loans.xlsx``, or
        ``loans.csv`` beside ``loans_synthetic.csv``): one would be picked
        without a word, so both are named.
    """
    folder = Path(ledger_dir) / str(year)
    stems = (name, f"{name}_synthetic")
    found = [p for stem in stems for suffix in LEDGER_SUFFIXES for p in _named(folder, f"{stem}{suffix}")]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = " and ".join(p.name for p in found)
        raise InputError([Problem(display_path(found[0]), None, None, (
            f"two files for the ledger {name}: {listed}; keep one and move the other out of {folder.name}/"))])
    old = [p for stem in stems for p in _named(folder, f"{stem}.xls")]
    if old:
        raise InputError([Problem(display_path(old[0]), None, None, (
            "an old Excel file (.xls) is not read; open it in Excel or WPS and save it as .xlsx"))])
    raise InputError([Problem(display_path(folder / f"{name}.csv"), None, None,
                              f"ledger not found (also looked for {name}_synthetic.csv, .xlsx and .parquet)")])


_YEAR = re.compile(r"(19|20)\d\d")


def year_folders(ledger_dir: str | Path) -> list[int]:
    """The years that have a ``<ledger_dir>/<year>/`` folder, ascending (none if the folder is absent)."""
    folder = Path(ledger_dir)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and _YEAR.fullmatch(p.name))


def _listing(folder: Path, limit: int = 5) -> str:
    names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    shown = ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
    return shown or "nothing"


def check_ledger_folder(ledger_dir: str | Path, years: Iterable[int] = ()) -> None:
    """Check that a folder given with ``--ledgers`` holds ``<year>/`` ledger folders.

    Parameters
    ----------
    ledger_dir : str or Path
        The folder the user named (e.g. ``ledgers/``, holding ``ledgers/2022/loans.csv``).
    years : iterable of int
        Years asked for; each must have its ``<year>/`` folder.

    Raises
    ------
    ConfigurationError
        If the folder is missing, is itself one year's folder (``ledgers/2022``),
        holds no ``<year>/`` folder, or lacks a folder for a year asked for;
        the message says what was found and what is expected.
    """
    folder = Path(ledger_dir)
    shown = display_path(folder)
    expected = f"--ledgers expects a folder holding one folder per year, e.g. {shown}/<year>/loans.csv"
    if not folder.is_dir():
        raise ConfigurationError(f"{shown}: no such folder; {expected}")
    found = year_folders(folder)
    if not found:
        if _YEAR.fullmatch(folder.name):
            parent = display_path(folder.parent)
            raise ConfigurationError(f"{shown} is the folder of the year {folder.name} (it holds {_listing(folder)}); "
                                     f"give the folder that holds the year folders instead: --ledgers {parent}")
        raise ConfigurationError(f"{shown} holds no <year>/ folder (it holds {_listing(folder)}); {expected}")
    missing = sorted(set(years) - set(found))
    if missing:
        raise ConfigurationError(
            f"{shown} has no folder for {', '.join(map(str, missing))} "
            f"(it has {', '.join(f'{y}/' for y in found)}); {expected}")
