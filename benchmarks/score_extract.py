"""Score ``tanto extract`` on a report against hand-labelled figures.  Not a test.

The labels are a CSV with the columns ``value`` (in base units: 元, 亩, 吨 …)
and ``unit`` (a base unit), one row per figure the report states, written
*before* the extractor is run on the report (a ``text`` column with the
figure as written is optional and ignored).  Drafted and labelled
``(value, unit)`` pairs are matched as multisets; the script prints precision,
recall, and the pairs on each side that did not match.

Reports of other towns used for the held-out scores in ``docs/extract.md`` are
kept outside the repository (their text is not committed).  Usage::

    .venv/bin/python benchmarks/score_extract.py REPORT.txt LABELS.csv [--year Y]
"""

from __future__ import annotations

import argparse
from collections import Counter
from decimal import Decimal
from pathlib import Path

from tanto_analysis.core.numbers import format_number
from tanto_analysis.core.readers import read_table
from tanto_analysis.core.report_text import read_report
from tanto_analysis.figures.extract import extract_figures


def score(report: Path, labels: Path, year: int) -> tuple[int, int, int, Counter, Counter]:
    """(hits, drafted, labelled, extra pairs, missed pairs) of (value, unit)."""
    draft = extract_figures(read_report(report), year)
    wanted_table = read_table(labels)
    found = Counter(zip(draft["value"], draft["unit"], strict=True))
    wanted = Counter((format_number(Decimal(v), None, grouping=False), u)
                     for v, u in zip(wanted_table["value"], wanted_table["unit"], strict=True))
    hits = sum((found & wanted).values())
    return hits, sum(found.values()), sum(wanted.values()), found - wanted, wanted - found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--year", type=int, default=2023, help="report year (only affects kind/year guesses)")
    args = parser.parse_args()
    hits, drafted, labelled, extra, missed = score(args.report, args.labels, args.year)
    precision = hits / drafted if drafted else 0.0
    recall = hits / labelled if labelled else 0.0
    print(f"{args.report.name}: {drafted} drafted, {labelled} labelled, {hits} matched; "
          f"precision {precision:.3f}, recall {recall:.3f}")
    for title, pairs in (("drafted but not labelled", extra), ("labelled but not drafted", missed)):
        for (value, unit), n in sorted(pairs.items()):
            print(f"  {title}: {value} {unit}" + (f" ×{n}" if n > 1 else ""))


if __name__ == "__main__":
    main()
