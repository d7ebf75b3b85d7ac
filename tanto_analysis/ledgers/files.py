"""Which file holds a ledger: ``<dir>/<year>/<name>[_synthetic].csv|.xlsx``, exactly one."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError, Problem, display_path

__all__ = ["LEDGER_SUFFIXES", "find_ledger"]

#: Suffixes a ledger may have, in the order they are listed in messages.
LEDGER_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")


def _present(path: Path) -> bool:
    """A file, or a link (even a broken or looping one, so that reading it names the fault)."""
    try:
        return path.is_symlink() or path.is_file()
    except OSError:  # e.g. a folder without search permission: reading the file names the fault
        return True


def find_ledger(ledger_dir: str | Path, year: int, name: str) -> Path:
    """The ledger file ``name`` for ``year``: ``<dir>/<year>/<name>[_synthetic].csv|.xlsx``.

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
    found = [folder / f"{stem}{suffix}" for stem in stems for suffix in LEDGER_SUFFIXES
             if _present(folder / f"{stem}{suffix}")]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = " and ".join(p.name for p in found)
        raise InputError([Problem(display_path(found[0]), None, None, (
            f"two files for the ledger {name}: {listed}; keep one and move the other out of {folder.name}/"))])
    old = [folder / f"{stem}.xls" for stem in stems if _present(folder / f"{stem}.xls")]
    if old:
        raise InputError([Problem(display_path(old[0]), None, None, (
            "an old Excel file (.xls) is not read; open it in Excel or WPS and save it as .xlsx"))])
    raise InputError([Problem(display_path(folder / f"{name}.csv"), None, None,
                              f"ledger not found (also looked for {name}_synthetic.csv and .xlsx)")])
