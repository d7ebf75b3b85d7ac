"""How ``tanto build`` shows a build: a rich progress bar per page on stderr, a result line per page on stdout."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..build.progress import BuildProgress

__all__ = ["TerminalProgress"]


class TerminalProgress(BuildProgress):
    """A :class:`~tanto_analysis.build.progress.BuildProgress` for the terminal.

    Results (``2022: built reports/html/2022.html (3.1 s)``, ``2022: up to
    date (…)``) go to stdout; the progress bars and the wait for another
    build's lock go to stderr.
    """

    def __init__(self) -> None:
        self._bars: Any = None  # a rich Progress while pages are built (rich is imported only then)
        self._tasks: dict[str, Any] = {}
        self._steps: dict[str, int] = {}
        self._started: dict[str, int] = {}

    def waiting(self, holder: str, lock: str) -> None:
        """Say once on stderr that this build waits for another."""
        click.echo(f"tanto build: another build of this tree is running (pid {holder}, {lock}); "
                   "waiting for it to finish", err=True)

    def up_to_date(self, name: str, html: str) -> None:
        """``<page>: up to date (<html>)`` on stdout."""
        click.echo(f"{name}: up to date ({html})")

    def pages(self, names: dict[str, int]) -> None:
        """Start one progress bar per page on stderr."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (TextColumn("[bold]{task.fields[page]:>6}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.description}"), TimeElapsedColumn())
        self._bars = Progress(*columns, console=Console(file=sys.stderr))
        self._bars.start()
        self._steps = dict(names)
        self._tasks = {name: self._bars.add_task("waiting", total=steps, page=name) for name, steps in names.items()}

    def notebook(self, name: str, notebook: str) -> None:
        """Advance the page's bar to ``notebook``."""
        self._started[name] = self._started.get(name, 0) + 1
        self._update(name, completed=self._started[name] - 1, description=notebook)

    def rendered(self, name: str) -> None:
        """Fill the page's bar."""
        self._update(name, completed=self._steps.get(name, 0), description="rendered")

    def finished(self, name: str, ok: bool, seconds: float) -> None:
        """Mark the page done or FAILED, with its time."""
        label = "[green]done" if ok else "[red]FAILED"
        self._update(name, description=f"{label} ({seconds:.1f} s)")

    def built(self, name: str, html: str, seconds: float) -> None:
        """``<page>: built <html> (<s> s)`` on stdout, the progress bars closed first."""
        self.close()
        click.echo(f"{name}: built {html} ({seconds:.1f} s)")

    def _update(self, name: str, **fields: object) -> None:
        if self._bars is not None and name in self._tasks:
            self._bars.update(self._tasks[name], **fields)

    def close(self) -> None:
        """Stop showing the progress bars (they stay on the terminal as they last were)."""
        if self._bars is not None:
            self._bars.stop()
            self._bars = None
