"""What a build tells its caller while it runs: :class:`BuildProgress`, whose methods do nothing.

The build prints nothing itself.  It calls these methods as pages are found
up to date, start, run their notebooks, render, and end; the ``tanto build``
command (:mod:`tanto_analysis.cli`) passes an object that shows them (a
progress bar on stderr, one result line per page on stdout).  A test or a
script passes one that records them, or nothing.
"""

from __future__ import annotations

__all__ = ["BuildProgress"]


class BuildProgress:
    """The events of one build, in the order they happen; override what you show."""

    def waiting(self, holder: str, lock: str) -> None:
        """Another build (process id ``holder``) holds the tree's lock file ``lock``: this one waits."""

    def up_to_date(self, name: str, html: str) -> None:
        """Page ``name`` is current: ``html`` (project-relative) is kept as it is."""

    def pages(self, names: dict[str, int]) -> None:
        """The stale pages about to be built: name → number of steps (its notebooks, then rendering)."""

    def notebook(self, name: str, notebook: str) -> None:
        """Page ``name`` started running its notebook ``notebook`` (a file name)."""

    def rendered(self, name: str) -> None:
        """Page ``name`` ran every notebook and was rendered."""

    def finished(self, name: str, ok: bool, seconds: float) -> None:
        """Page ``name`` ended, built (``ok``) or failed, after ``seconds`` (s)."""

    def built(self, name: str, html: str, seconds: float) -> None:
        """Page ``name`` was written to ``html`` (project-relative) and recorded, after ``seconds`` (s)."""
