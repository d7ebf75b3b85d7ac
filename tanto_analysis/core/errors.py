"""The package's exceptions, and problems found in input files (``file:row:column: message``).

Every problem the user can act on is a :class:`TantoError`; the ``tanto``
command (:mod:`tanto_analysis.cli`) turns one into a message on stderr and
its :attr:`~TantoError.exit_code`, never a traceback:

``InputError`` (exit 1)
    One or more problems in input files, each ``file:row:column: message``.

A :class:`Problem` keeps the text it found in the input file (a cell, a
header) apart from its message, in :attr:`Problem.value`: ``str(problem)``
never shows it, so a message can be logged, cached or put on a page;
:meth:`Problem.detail` adds it, masked by
:func:`~tanto_analysis.core.privacy.mask_value`, for the analyst's own
terminal only.
``ConfigurationError`` (exit 2)
    Bad options or arguments, or a folder or file the user named is missing.
``BuildError`` (exit 1)
    A page could not be built (e.g. a notebook cell failed, or the rendered
    page would make an external request).

Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from .privacy import mask_value

__all__ = ["BuildError", "ConfigurationError", "InputError", "Problem", "TantoError", "display_path"]


class TantoError(Exception):
    """Base class of the problems the user can act on.

    Attributes
    ----------
    exit_code : int
        The ``tanto`` command's exit code for this kind of problem.
    """

    exit_code: ClassVar[int] = 1


class ConfigurationError(TantoError):
    """Bad options or arguments, or a folder or file the user named is missing (exit code 2)."""

    exit_code: ClassVar[int] = 2


class BuildError(TantoError):
    """A page could not be built (exit code 1)."""

    exit_code: ClassVar[int] = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` is the 1-based row as a spreadsheet shows it (the header is row 1,
    the first data row is row 2); ``column`` is the column name.  Either may
    be ``None`` when the problem concerns the whole file.

    ``message`` says what is wrong and what was expected, and reads on its
    own; it never quotes the input file.  ``value`` is the offending text
    from the file (a cell, a header), or None: it appears only in
    :meth:`detail`, masked, and never in ``str(problem)`` or ``repr``.

    Examples
    --------
    >>> p = Problem("loans.csv", 4, "village", "unknown village", value="张三 13812345678")
    >>> str(p)
    'loans.csv:4:village: unknown village'
    >>> p.detail()
    "loans.csv:4:village: unknown village; got '张三 [masked]'"
    """

    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = field(default=None, repr=False)
    #: For a note a page shows (how a ledger was read): its key in the zh/en catalogue and the key's
    #: arguments, ``((name, text), …)``; ``message`` is its English for the terminal and the JSON.
    key: str | None = field(default=None, repr=False, compare=False)
    args: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        column = "" if self.column is None else self.column
        return f"{self.file}:{row}:{column}: {self.message}"

    def detail(self) -> str:
        """The analyst's-terminal form: ``file:row:column: message; got '<value>'``, the value masked.

        Returns
        -------
        str
            ``str(self)``, followed by ``; got '<value>'`` when there is a
            value, with :func:`~tanto_analysis.core.privacy.mask_value`
            applied (ID-, phone- and card-like numbers replaced by
            ``[masked]``; the whole value masked in a personal column).
            For the terminal only: never for a page, a log, a cache or a
            notebook.
        """
        if self.value is None:
            return str(self)
        return f"{self}; got {mask_value(self.value, self.column)!r}"


class InputError(TantoError):
    """Raised when an input file has one or more problems (exit code 1).

    Parameters
    ----------
    problems : list of Problem
        Sorted by file, row, column and message; ``str(error)`` is one
        ``file:row:column: message`` line per problem, without the values
        found (:meth:`detail` adds them, masked, for the terminal).
    """

    exit_code: ClassVar[int] = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def detail(self) -> str:
        """The analyst's-terminal form: one :meth:`Problem.detail` line per problem (values masked)."""
        return "\n".join(p.detail() for p in self.problems)


def _sort_key(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.column or "", problem.message, problem.value or "")


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
