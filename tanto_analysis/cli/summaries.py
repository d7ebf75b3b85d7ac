"""What ``tanto extract``, ``tanto audit`` and ``tanto reconcile`` print.

Each function calls the library, prints what it returned and gives the exit
code.  Results (the draft's summary, the findings, the reconciliation tables)
go to stdout; diagnostics (problems in the inputs, warnings, why nothing was
done) go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from ..core.errors import display_path

__all__ = ["run_audit", "run_extract", "run_reconcile"]


def run_extract(report: str | Path, year: int, output: str | Path,
                text_output: str | Path | None = None, skipped_output: str | Path | None = None) -> int:
    """``tanto extract``: write the draft figures table of ``report`` and summarise it; return 0.

    The parameters are those of :func:`~tanto_analysis.figures.extract.write_draft`
    (a ``.pdf`` report's text is kept as ``data/sources/<year>.txt``),
    whose ``InputError`` (an unreadable report, unusable paths) propagates.
    """
    from ..core import paths
    from ..figures.extract import write_draft
    from ..figures.outline import BEFORE_HEADINGS, NO_HEADINGS
    from ..figures.published import UNCLASSIFIED
    from ..figures.report_year import reviews

    report, output = Path(report), Path(output)
    draft = write_draft(report, year, output, text_output=text_output, skipped_output=skipped_output)
    table, text, skipped = draft.table, draft.text, draft.skipped
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(Counter(table["kind"]).items()))
    domains = ", ".join(f"{d} {n}" for d, n in sorted(Counter(table["domain"]).items()))
    click.echo(f"{display_path(output)}: {len(table)} draft figures from {display_path(report)} "
               f"(report year {year})")
    if draft.text_file is not None:
        click.echo(f"  the report's text (the quotes are verbatim in it): {display_path(draft.text_file)}")
    for review in reviews(text):
        if review.year != year:
            line = text.count("\n", 0, review.start) + 1
            click.echo(f"  the text reports {review.year}, not {year} (--year): line {line} {review.title!r}; "
                       f"its figures there are dated {review.year}, and tanto validate accepts them with a note",
                       err=True)
    click.echo(f"  kinds: {kinds or '-'}")
    click.echo(f"  domains: {domains or '-'}")
    carried = int((table["carry_from"] != "").sum())
    click.echo(f"  {carried} figure(s) line up with a figure of an earlier year's table (carry_from)")
    unclassified = int((table["domain"] == UNCLASSIFIED).sum())
    if unclassified:
        click.echo(f"  warning: {unclassified} figure(s) have domain {UNCLASSIFIED}: no keyword points to a "
                   "domain; choose one for each", err=True)
    fallback = Counter(s for s in table["section"] if s in (BEFORE_HEADINGS, NO_HEADINGS))
    for section, n in sorted(fallback.items()):
        where = "before the first heading" if section == BEFORE_HEADINGS else "in a report without headings"
        click.echo(f"  {n} figure(s) {where} have section {section}; give them the report's section if it has one",
                   err=True)
    reasons = ", ".join(f"{r} {n}" for r, n in sorted(Counter(s.reason for s in skipped).items()))
    click.echo(f"  {len(skipped)} numeral(s) not drafted: {reasons or '-'}")
    for item in skipped:
        line = text.count("\n", 0, item.start) + 1
        click.echo(f"    line {line}: {item.text} ({item.reason})")
    kept = draft.text_file if draft.text_file is not None else (paths.sources_dir() / f"{year}.txt"
                                                                  if report.suffix.lower() == ".pdf" else None)
    source = kept if kept is not None else (report if report.suffix.lower() not in (".docx", ".pdf") else None)
    source_hint = display_path(source) if source is not None else "<report text; see --save-text>"
    click.echo("  review ids, labels, domains, scopes and kinds, then run "
               f"`tanto validate {display_path(output)} --source {source_hint}`")
    return 0


def run_audit(year: int, as_json: bool = False) -> int:
    """``tanto audit --year Y [--json]``: print the findings; 0 when the audit ran, 1 without a published table.

    The findings (:func:`~tanto_analysis.analysis.audit.auditor.audit_year`)
    go to stdout, as a summary line and one block per finding, or as a JSON
    list (UTF-8, Chinese as is); an invalid table's ``InputError`` propagates.
    """
    from ..analysis.audit.auditor import SEVERITIES, audit_year
    from ..analysis.audit.report import figure_line

    try:
        findings = audit_year(year)
    except FileNotFoundError as exc:
        click.echo(f"no published figures for {year}: {display_path(str(exc))} not found", err=True)
        return 1
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        return 0
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    click.echo(f"audit of {year}: " + ", ".join(f"{n} {s}(s)" for s, n in counts.items()))
    for f in findings:
        click.echo(f"\n[{f.severity}] {f.rule}: {f.message}")
        click.echo(f"    {f.computation}")
        for c in f.figures:
            click.echo(f"    {figure_line(c, gap='  ')}")
    return 0


_STYLE = {"match": "green", "within_rounding": "cyan", "mismatch": "bold red", "not_published": "dim",
          "not_in_ledger": "dim"}


def _status_caption(rows) -> str:
    """``SYNTHETIC``, ``PARTLY SYNTHETIC (actual+synthetic)`` or the rows' status (``actual``)."""
    from ..core.status import is_synthetic, statuses

    found = sorted(set().union(*(statuses(s) for s in rows["data_status"])))
    if not is_synthetic(rows):
        return "+".join(found) or "unknown"
    return "SYNTHETIC" if found == ["synthetic"] else f"PARTLY SYNTHETIC ({'+'.join(found)})"


def _published(value: float, bound: str) -> str:
    from ..core.numbers import format_number
    from ..core.text import with_bound

    text = format_number(value, 4, missing="—")
    return text if text == "—" else with_bound(text, bound, "en")


def run_reconcile(year: int, ledger_dir: str | Path | None = None, engine: str | None = None) -> int:
    """``tanto reconcile``: print the reconciliation of ``year`` per domain; 0 if every published figure matches.

    1, with the reason on stderr, when a ledger does not validate (its
    problems in their terminal form, :meth:`~tanto_analysis.core.errors.Problem.detail`:
    the values found, masked), or when the ledger folder of ``year`` is
    missing (then it says to run ``tanto demo-data``); 1 when a published
    figure does not match.  The tables and mismatches go to stdout; the notes
    on how the ledgers were read (``Ledger.notes``: dates of other forms,
    merged cells filled down) and flagged rows, like problems, to stderr.  A ``ledger_dir`` that is not a folder of
    ``<year>/`` folders raises ``ConfigurationError``.
    """
    from rich.console import Console
    from rich.table import Table

    from ..core import paths
    from ..core.errors import InputError, Problem
    from ..core.numbers import format_number
    from ..core.status import is_synthetic
    from ..ledgers import reconcile
    from ..ledgers.files import check_ledger_folder
    from ..ledgers.ledger import flagged_rows

    console = Console(width=None if sys.stdout.isatty() else 140, highlight=False)
    errors = Console(stderr=True, width=None if sys.stderr.isatty() else 140, highlight=False)
    if ledger_dir is not None:  # the same folder as `tanto build --ledgers`: one <year>/ folder per year
        check_ledger_folder(ledger_dir, [year])
    folder = Path(ledger_dir) if ledger_dir is not None else paths.project_ledgers_dir()
    try:
        found = (folder / str(year)).is_dir()
    except OSError as exc:
        errors.print(f"{display_path(folder / str(year))}::: cannot read the folder: {exc.strerror.lower()}",
                     markup=False, soft_wrap=True)
        return 1
    if not found:
        errors.print(f"no ledgers for {year} in {display_path(folder)}; "
                     "run `tanto demo-data` to write the synthetic demo ledgers")
        return 1
    try:
        frames = reconcile.load_year_ledgers(year, folder, engine=engine)
        table = reconcile.reconcile_frames(year, frames)
    except InputError as exc:  # on the analyst's terminal: with the values found, masked
        for problem in exc.problems:
            errors.print(problem.detail(), markup=False, soft_wrap=True)
        errors.print(f"ledger validation failed: {len(exc.problems)} problem(s); nothing reconciled")
        return 1
    if is_synthetic(table):
        errors.print(f"[bold yellow]ledger data: {_status_caption(table)}[/] — synthetic ledgers (such as "
                     "`tanto demo-data`'s), not the town's records")
    if not paths.published_path(year).is_file():
        errors.print(f"no published figures for {year} ({display_path(paths.published_path(year))}); "
                     "showing ledger figures only")
    for domain, title in reconcile.domain_titles().items():
        rows = table.loc[table["domain"] == domain]
        if rows.empty:
            continue
        grid = Table(title=f"{title} — {year}", caption="ledger data: " + _status_caption(rows))
        for name in ("indicator", "unit", "ledger", "published", "difference", "status", "figure"):
            grid.add_column(name, justify="right" if name in ("ledger", "published", "difference") else "left")
        for r in rows.itertuples(index=False):
            grid.add_row(f"{r.label_zh} ({r.indicator})", r.unit, format_number(r.ledger_value, 4, missing="—"),
                         _published(r.published_value, r.published_bound),
                         format_number(r.difference, 4, missing="—"), f"[{_STYLE[r.status]}]{r.status}[/]",
                         r.figure_id)
        console.print(grid)
    notes = [note for ledger in frames.values() for note in ledger.notes]
    if notes:
        errors.print(f"{len(notes)} note(s) on how the ledgers were read (accepted; see docs/ledgers.md):")
        for note in notes:
            errors.print(f"{note}", markup=False, soft_wrap=True)
    shown = reconcile.FLAGGED_SHOWN
    counts = {(ledger.file, code): n for ledger in frames.values() for code, n in ledger.flag_counts().items()}
    if counts:
        errors.print(f"{sum(counts.values())} flagged row(s) (kept and counted; see docs/ledgers.md):")
        for f in flagged_rows(*frames.values(), limit=shown).itertuples(index=False):
            flag = Problem(f.file, f.row, f.column, f"flagged {f.flag}: {f.message}", value=f.value)
            errors.print(flag.detail(), markup=False, soft_wrap=True)
        for (file, code), n in counts.items():
            if n > shown:
                errors.print(f"{file}: {n - shown} more row(s) flagged {code} (the first {shown} are listed above)",
                             markup=False, soft_wrap=True)
    bad = table.loc[table["status"] == "mismatch"]
    for r in bad.itertuples(index=False):
        console.print(f"MISMATCH {r.domain} {r.indicator} ({r.label_zh}): ledger "
                      f"{format_number(r.ledger_value, 4, missing='—')} {r.unit}, published "
                      f"{_published(r.published_value, r.published_bound)} {r.unit} [figure {r.figure_id}: {r.quote}]",
                      markup=False, soft_wrap=True)
    if len(bad):
        console.print(f"{len(bad)} mismatch(es) with the published figures of {year}")
        return 1
    if not table["status"].isin(["match", "within_rounding"]).any():  # nothing was compared: say so, claim nothing
        console.print(f"no published figure of {year} is one the ledgers give: nothing reconciled")
        return 0
    console.print(f"every published figure of {year} that the ledgers give matches")
    return 0
