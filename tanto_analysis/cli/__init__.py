"""The ``tanto`` command line: a thin layer over the library.

Each command parses its options, calls one library function and turns the
result into an exit code: 0 for success, 1 for problems in the data, 2 for
usage errors (click's own).  A :class:`~tanto_analysis.core.errors.TantoError`
escaping a command becomes, in one place (:class:`TantoGroup`), a message on
stderr and the error's exit code (``InputError``, ``BuildError`` → 1;
``ConfigurationError`` → 2), never a traceback.

The library below prints nothing: its stages return values, raise errors and
log (:mod:`logging`); this package prints.  Every command writes its
**results** (what it computed or wrote: tables, findings, summaries, the
files written, JSON) to **stdout** and its **diagnostics** (problems in the
inputs, warnings, progress bars, the reason nothing was done, log records) to
**stderr**, so ``tanto audit --json > findings.json`` or ``tanto reconcile …
> table.txt`` keep only the results.  Log records go to stderr: warnings and
errors by default, debug messages with ``-v``.  What ``tanto extract``,
``audit`` and ``reconcile`` print is in :mod:`~tanto_analysis.cli.summaries`;
the build's progress display in :mod:`~tanto_analysis.cli.progress`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TextIO

import click

from .. import __version__
from ..core.errors import ConfigurationError, InputError, TantoError, display_path


class TantoGroup(click.Group):
    """The command group that reports a :class:`TantoError` as a message and an exit code."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a ``TantoError`` becomes stderr text and its exit code.

        An ``InputError`` prints its ``file:row:column: message`` lines in
        their terminal form (:meth:`~tanto_analysis.core.errors.InputError.detail`:
        with the values found, masked); any other ``TantoError`` prints
        ``tanto <command>: <message>``.
        """
        try:
            return super().invoke(ctx)
        except TantoError as exc:
            command = f"tanto {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "tanto"
            click.echo(exc.detail() if isinstance(exc, InputError) else f"{command}: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # an output the user named cannot be written: one line, not a traceback
            command = f"tanto {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "tanto"
            where = display_path(exc.filename) if exc.filename else "a file"
            click.echo(f"{command}: cannot write or read {where}: {exc.strerror or exc}", err=True)
            ctx.exit(1)


class _StderrHandler(logging.StreamHandler):
    """A handler writing to whatever ``sys.stderr`` is when a record is emitted."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        """The current ``sys.stderr`` (a test runner may have replaced it)."""
        return sys.stderr


def _configure_logging(verbose: bool) -> None:
    """Send the package's log records to stderr: WARNING and above, or DEBUG with ``verbose``."""
    logger = logging.getLogger("tanto_analysis")
    for old in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(old)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s" if verbose
                                           else "%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


@click.group(cls=TantoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tanto")
@click.option("-v", "--verbose", is_flag=True, help="Also print debug diagnostics on stderr.")
@click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The project folder (default: the nearest folder with a tanto.toml at or above the working "
                   "directory, or TANTO_ROOT).")
def main(verbose: bool, project: Path | None) -> None:
    """Analysis and HTML appendices of a town's rural-revitalisation reports.

    Run inside a project (a folder with a tanto.toml; `tanto init` makes one).
    """
    _configure_logging(verbose)
    if project is not None:
        if not (project / "tanto.toml").is_file():
            raise ConfigurationError(f"--project {display_path(project)}: no tanto.toml there; make one with "
                                     "`tanto init DIR --town 镇名 --county 县名`")
        os.environ["TANTO_ROOT"] = str(project.resolve())  # the kernels and workers of a build inherit it


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--town", required=True, help="The town's name as its reports write it (e.g. 某镇).")
@click.option("--county", default="", help="Its county (e.g. 某县).")
def init(folder: Path, town: str, county: str) -> None:
    """Make FOLDER a new project for TOWN: tanto.toml, data/, notebooks/, reports/ and a README."""
    from ..build.scaffold import init_project

    written = init_project(folder, town, county)
    click.echo(f"made {display_path(folder)}: {len(written)} files; next: list the villages in "
               f"{display_path(folder / 'data' / 'reference' / 'villages.csv')} and save a report as "
               f"{display_path(folder / 'data' / 'sources')}/<year>.txt")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Report text the quotes come from (default: by the year in the file name).")
def validate(files: tuple[Path, ...], source: Path | None) -> None:
    """Check published-figures FILES (.csv in UTF-8/GBK, or .xlsx).

    Prints every problem as file:row:column: message (with the value found, masked) and exits 1 if there is any;
    a valid file's notes (an actual figure of an earlier year the report reviews) follow its OK.
    """
    from ..figures.published import validate_figures

    failed = False
    for path in files:
        notes: list = []
        problems = validate_figures(path, source=source, notes=notes)
        for problem in problems:
            click.echo(problem.detail(), err=True)
        if problems:
            failed = True
            click.echo(f"{path}: {len(problems)} problem(s)", err=True)
        else:
            click.echo(f"{path}: OK" + (f" ({len(notes)} note(s))" if notes else ""))
            for note in notes:
                click.echo(f"  {note}")
    sys.exit(1 if failed else 0)


@main.command(name="demo-data")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the synthetic ledgers (default: data/ledgers/demo).")
@click.option("--seed", type=int, default=20221223, show_default=True, help="Random seed.")
def demo_data(out_dir: Path | None, seed: int) -> None:
    """Write the SYNTHETIC demo ledgers for 2019–2024."""
    from ..ledgers.demo import write_demo_ledgers

    written = write_demo_ledgers(out_dir=out_dir, seed=seed)
    for path in written:
        click.echo(f"wrote {path} (synthetic)")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def template(out_dir: Path) -> None:
    """Write empty .xlsx ledgers to OUT_DIR: headers, data validation and a sheet explaining each column."""
    from ..core.errors import InputError
    from ..ledgers.template import write_templates

    try:
        written = write_templates(out_dir)
    except InputError as exc:
        click.echo(exc.detail(), err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@click.option("--year", type=int, required=True, help="Report year to reconcile.")
@click.option("--ledgers", "ledger_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of <year>/ ledger folders, as for `tanto build --ledgers`, e.g. ledgers/ for "
                   "ledgers/2022/loans.csv (default: the synthetic data/ledgers/demo).")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default=None,
              help="Ledger engine (default: [engine] name in tanto.toml, else duckdb).")
@click.option("--json", "as_json", is_flag=True, help="Print indicators, problems and flags as JSON.")
def reconcile(year: int, ledger_dir: Path | None, engine: str | None, as_json: bool) -> None:
    """Compare ledger-derived indicators with the published figures of YEAR."""
    from ..ledgers.reconcile import reconcile_report
    from .summaries import run_reconcile

    if as_json:
        report = reconcile_report(year, ledger_dir, engine)
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        sys.exit(0 if report["ok"] else 1)
    sys.exit(run_reconcile(year=year, ledger_dir=ledger_dir, engine=engine))


@main.command()
@click.option("--year", "years", type=int, multiple=True, help="Build this year (repeatable).")
@click.option("--all", "all_years", is_flag=True, help="Build every year that has data.")
@click.option("--jobs", type=int, default=None, help="Years built in parallel (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild even if the inputs are unchanged.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of labels and commentary.")
@click.option("--ledgers", "ledger_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="Folder of <year>/ ledger folders, as for `tanto reconcile --ledgers`, e.g. "
                                 "ledgers/ for ledgers/2022/loans.csv (default: the synthetic data/ledgers/demo).")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default=None,
              help="Ledger engine (default: [engine] name in tanto.toml, else duckdb).")
def build(years: tuple[int, ...], all_years: bool, jobs: int | None, force: bool, lang: str,
          ledger_dir: Path | None, engine: str | None) -> None:
    """Execute the yearly notebooks and render the HTML appendices under reports/."""
    from ..build.pipeline import run_build
    from .progress import TerminalProgress

    if engine is not None:
        os.environ["TANTO_ENGINE"] = engine  # the page kernels inherit it
    progress = TerminalProgress()
    try:
        code = run_build(years=list(years), all_years=all_years, jobs=jobs, force=force, lang=lang,
                         ledger_dir=ledger_dir, progress=progress)
    finally:
        progress.close()
    sys.exit(code)


@main.command()
@click.option("--year", type=int, required=True, help="Report year to audit.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
def audit(year: int, as_json: bool) -> None:
    """Check a year's published figures against each other."""
    from .summaries import run_audit

    sys.exit(run_audit(year=year, as_json=as_json))


@main.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True, help="The year the report describes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Draft figures table to write (.csv).")
@click.option("--save-text", "text_output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report's plain text (UTF-8), which the quotes are verbatim in "
                   "(e.g. data/sources/<year>.txt for a .docx report; a .pdf report's goes there by default).")
@click.option("--skipped", "skipped_output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every numeral not drafted, with the reason, as CSV.")
def extract(report: Path, year: int, output: Path, text_output: Path | None, skipped_output: Path | None) -> None:
    """Draft a figures table from a REPORT (.txt in UTF-8/GBK, .docx, or .pdf with a text layer).

    A .pdf report's text is kept as data/sources/<year>.txt (unless --save-text says where).
    """
    from .summaries import run_extract

    sys.exit(run_extract(report=report, year=year, output=output, text_output=text_output,
                         skipped_output=skipped_output))


@main.command()
@click.argument("towns", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The county folder to write: index.html, en/index.html and the towns' pages under towns/.")
@click.option("--year", "years", type=int, multiple=True, help="Compare this year (repeatable; default every year).")
@click.option("--lang", "langs", type=click.Choice(["zh", "en"]), multiple=True,
              help="Page language (repeatable; default both).")
@click.option("--notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Your own copy of the county notebook (default: the package's).")
@click.option("--no-build", is_flag=True, help="Do not build the towns' missing or stale pages first.")
def county(towns: tuple[Path, ...], out_dir: Path, years: tuple[int, ...], langs: tuple[str, ...],
           notebook: Path | None, no_build: bool) -> None:
    """Put TOWNS (project folders) side by side on one offline page, OUT_DIR/index.html."""
    from ..build.county import LANGS, run_county, town_lists
    from .progress import TerminalProgress

    progress = TerminalProgress()
    try:
        result = run_county(list(towns), out_dir, years=years, langs=langs or LANGS, notebook=notebook,
                            build=not no_build, progress=progress)
    finally:
        progress.close()
    for page in result.pages:
        click.echo(f"wrote {display_path(page)}")
    for line in town_lists(list(towns), years):
        click.echo(line)
    for town, reason in result.failures.items():
        click.echo(f"tanto county: {town}: {reason}", err=True)
    sys.exit(1 if result.failures else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
