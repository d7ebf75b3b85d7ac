"""Score carry-forward on the labelled pairs of ``tests/fixtures/carry_pairs``.  Not a test.

Each pair is an earlier figure (a row of ``data/published/2022.csv``) and a
later figure as written in a real text, labelled ``yes`` (the same quantity:
it should carry the earlier id and indicator) or ``no`` before the carry code
was run on it (see the fixture's README).  For each pair the later text is
drafted with :func:`~tanto_analysis.figures.extract.extract_figures` (label
and quote as a real draft has them; the kind as labelled), then
:func:`~tanto_analysis.figures.carry.propose_carry` is asked about the one
earlier figure.  A *link* is a proposed ``carry_from``; an *indicator link*
also passes :func:`~tanto_analysis.figures.carry.propose_indicators` (the
draft takes the earlier figure's indicator).  Prints precision and recall of
both, for the 2022 report's own pairs and the other texts' pairs apart, and
every pair decided against its label.  Usage, from the checkout (the demo
project)::

    .venv/bin/python benchmarks/score_carry.py
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tanto_analysis.core.numbers import format_number
from tanto_analysis.core.readers import read_table
from tanto_analysis.core.units import find_quantities
from tanto_analysis.figures.carry import propose_carry, propose_indicators
from tanto_analysis.figures.extract import extract_figures

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "carry_pairs" / "pairs.csv"
EARLIER = ROOT / "data" / "published" / "2022.csv"


@dataclass(frozen=True)
class Outcome:
    """One pair as labelled and as decided."""

    pair: str
    source: str
    wanted: bool
    linked: bool
    indicator: bool
    confidence: str
    label: str


def later_row(text: str, quote: str, unit: str, kind: str) -> pd.DataFrame:
    """The drafted row of ``text`` stating the figure written as ``quote`` (its kind set as labelled)."""
    q = find_quantities(quote)[0]
    value = format_number(q.value, None, grouping=False)
    draft = extract_figures(text, 2023)
    row = draft[(draft["value"] == value) & (draft["unit"] == q.unit)]
    if len(row) != 1 or q.unit != unit:
        raise SystemExit(f"{quote!r}: drafted {len(row)} rows of {value} {q.unit} in {text!r} (labelled {unit})")
    return row.assign(kind=kind, indicator="").reset_index(drop=True)


def score_pairs(pairs: Path = PAIRS, earlier: Path = EARLIER) -> list[Outcome]:
    """Every pair of ``pairs`` as labelled and as carry-forward decides it."""
    table = read_table(earlier).fillna("")
    outcomes = []
    with open(pairs, encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            old = table[table["id"] == rec["earlier_id"]].reset_index(drop=True)
            new = later_row(rec["later_text"], rec["later_quote"], rec["later_unit"], rec["later_kind"])
            carried = propose_indicators(propose_carry(new, [old]), [old])
            linked = carried.loc[0, "carry_from"] == rec["earlier_id"]
            outcomes.append(Outcome(rec["pair"], rec["source"], rec["link"] == "yes", linked,
                                    linked and carried.loc[0, "indicator"] == old.loc[0, "indicator"],
                                    carried.loc[0, "carry_confidence"], new.loc[0, "label_zh"]))
    return outcomes


def precision_recall(outcomes: list[Outcome], indicator: bool = False) -> tuple[int, int, int, int]:
    """(true links, false links, missed links, pairs) of the links, or of the indicator links."""
    got = [(o.wanted, o.indicator if indicator else o.linked) for o in outcomes]
    return (sum(w and g for w, g in got), sum(g and not w for w, g in got),
            sum(w and not g for w, g in got), len(got))


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    outcomes = score_pairs()
    groups = {"2022 report": [o for o in outcomes if o.source == "tantou2022"],
              "other texts": [o for o in outcomes if o.source != "tantou2022"], "all": outcomes}
    print("pairs | yes | links: TP FP FN precision recall | indicator links: TP FP FN precision recall")
    for name, group in groups.items():
        cells = []
        for indicator in (False, True):
            tp, fp, fn, _ = precision_recall(group, indicator)
            cells.append(f"{tp} {fp} {fn} {_ratio(tp, tp + fp)} {_ratio(tp, tp + fn)}")
        print(f"{name}: {len(group)} | {sum(o.wanted for o in group)} | {cells[0]} | {cells[1]}")
    for o in outcomes:
        if o.wanted != o.linked:
            kind = "missed" if o.wanted else "false link"
            print(f"  pair {o.pair} ({o.source}): {kind}, confidence {o.confidence or '-'}, later label {o.label!r}")


if __name__ == "__main__":
    main()
