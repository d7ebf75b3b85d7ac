"""Problems found in input files, reported as ``file:row:column: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` is the 1-based row as a spreadsheet shows it (the header is row 1,
    the first data row is row 2); ``column`` is the column name.  Either may
    be ``None`` when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        column = "" if self.column is None else self.column
        return f"{self.file}:{row}:{column}: {self.message}"


class InputError(Exception):
    """Raised when an input file has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.column or "", problem.message)


def display_path(path: str | Path) -> str:
    """A path as the user gave it, relative to the working directory if possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
    except (OSError, RuntimeError):  # a symbolic link loop cannot be resolved
        absolute = p.absolute()
        return str(absolute.relative_to(Path.cwd())) if absolute.is_relative_to(Path.cwd()) else str(p)
