"""Score the consistency audit on the labelled real reports of ``tests/fixtures/audit_towns``.  Not a test.

Each text is run as a new user runs it: a project of its own town (an empty
village register), the text saved as ``data/sources/<year>.txt``, then
``tanto extract`` → ``tanto validate`` → ``tanto audit --json``, each as a
command.  Every finding of severity ``contradiction`` is compared with the
labels (``labels.csv``, frozen before the audit was run on any text; its
SHA-256 is checked here): a contradiction is **true** when one of the
figures it cites has a quote containing a label's ``key``.  Prints, per text
and per rule, the contradictions reported, how many are true, precision and
recall, and the notes and warnings; then every false contradiction with its
figures.  Usage, from the checkout::

    .venv/bin/python benchmarks/score_audit.py            # every text
    .venv/bin/python benchmarks/score_audit.py --set held_out
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "audit_towns"
#: The labels as frozen before the audit was first run on the texts.
LABELS_SHA256 = "8161332476b615bcbc91656b7f758062a434df6eb6fa5d6c332ada0a85117e65"
TANTO = Path(sys.executable).with_name("tanto")


def _rows(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _run(args: list[str], root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TANTO_ROOT=str(root))
    return subprocess.run([str(TANTO), *args], cwd=root, env=env, capture_output=True, text=True, check=False)


def _year_refusals(output: str, name: str) -> set[int]:
    """Rows ``tanto validate`` refuses only because an actual figure is for an earlier year."""
    rows = set()
    for line in output.splitlines():
        match = re.match(rf".*{re.escape(name)}:(\d+):year: an actual figure of the \d+ report must be for", line)
        if match:
            rows.add(int(match.group(1)))
    return rows


def audit_text(text: dict[str, str], workdir: Path) -> tuple[list[dict], str]:
    """Extract, validate and audit one text in a project of its own; the findings and a status line."""
    root = workdir / Path(text["file"]).stem
    (root / "data" / "reference").mkdir(parents=True)
    (root / "data" / "sources").mkdir()
    (root / "data" / "published").mkdir()
    (root / "tanto.toml").write_text(f'[project]\ntown = "{text["town"]}"\ncounty = "{text["county"] or "某县"}"\n',
                                     encoding="utf-8")
    (root / "data" / "reference" / "villages.csv").write_text("village,short_form,aliases,note\n", encoding="utf-8")
    year = text["year"]
    source = root / "data" / "sources" / f"{year}.txt"
    source.write_bytes((FIXTURES / text["file"]).read_bytes())
    table = root / "data" / "published" / f"{year}.csv"
    extracted = _run(["extract", str(source), "--year", year, "-o", str(table)], root)
    if extracted.returncode != 0:
        return [], f"extract failed: {extracted.stderr.strip()[-300:]}"
    validated = _run(["validate", str(table)], root)
    status = "validates"
    dropped = _year_refusals(validated.stdout + validated.stderr, table.name)
    if validated.returncode != 0 and dropped:
        # What a user does until actuals of an earlier year are accepted: delete the rows refused for their year.
        with open(table, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        keep = [row for number, row in enumerate(rows, start=1) if number not in dropped]
        with open(table, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(keep)
        validated = _run(["validate", str(table)], root)
        status = f"validates without {len(dropped)} row(s) of earlier years"
    if validated.returncode != 0:
        status = f"validate: {(validated.stdout + validated.stderr).strip()[-300:]}"
    audited = _run(["audit", "--year", year, "--json"], root)
    if audited.returncode != 0:
        return [], f"{status}; audit failed: {audited.stderr.strip()[-300:]}"
    return json.loads(audited.stdout), status


def is_true(finding: dict, labels: list[dict[str, str]]) -> dict[str, str] | None:
    """The label a contradiction matches (a cited quote contains its key), or None."""
    for label in labels:
        if any(label["key"] in cited["quote"] for cited in finding["figures"]):
            return label
    return None


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else f"– ({num}/0)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["dev", "held_out"], help="only the texts of this set")
    parser.add_argument("--all", action="store_true", help="also print every warning and note")
    args = parser.parse_args()
    digest = hashlib.sha256((FIXTURES / "labels.csv").read_bytes()).hexdigest()
    if digest != LABELS_SHA256:
        print(f"labels.csv changed since it was frozen (sha256 {digest})", file=sys.stderr)
        return 1
    texts = [t for t in _rows("texts.csv") if args.set in (None, t["set"])]
    labels = _rows("labels.csv")
    by_rule: Counter = Counter()
    false_ones: list[tuple[str, dict]] = []
    print("| text | set | status | contradictions | true | precision | recall | warnings | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    totals: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="score-audit-") as tmp:
        for text in texts:
            findings, status = audit_text(text, Path(tmp))
            own = [lab for lab in labels if lab["file"] == Path(text["file"]).name]
            said = [f for f in findings if f["severity"] == "contradiction"]
            matched = {id(f): is_true(f, own) for f in said}
            true = sum(m is not None for m in matched.values())
            found = {m["key"] for m in matched.values() if m is not None}
            shown = [f for f in findings if f["severity"] != "contradiction"] if args.all else []
            for f in shown:
                false_ones.append((text["file"], f))
            for f in said:
                by_rule[(f["rule"], "reported")] += 1
                by_rule[(f["rule"], "true")] += matched[id(f)] is not None
                if matched[id(f)] is None:
                    false_ones.append((text["file"], f))
            counts = Counter(f["severity"] for f in findings)
            totals.update({f"{text['set']}_said": len(said), f"{text['set']}_true": true,
                           f"{text['set']}_labels": len(own), f"{text['set']}_found": len(found)})
            print(f"| {Path(text['file']).stem} | {text['set']} | {status} | {len(said)} | {true} | "
                  f"{_ratio(true, len(said))} | {_ratio(len(found), len(own))} | {counts['warning']} | {counts['note']} |")
    for name in ("dev", "held_out"):
        if totals[f"{name}_labels"] or totals[f"{name}_said"]:
            print(f"\n{name}: precision {_ratio(totals[f'{name}_true'], totals[f'{name}_said'])}, "
                  f"recall {_ratio(totals[f'{name}_found'], totals[f'{name}_labels'])}")
    print("\n| rule | contradictions | true | precision |\n| --- | --- | --- | --- |")
    for rule in sorted({r for r, _ in by_rule}):
        print(f"| {rule} | {by_rule[(rule, 'reported')]} | {by_rule[(rule, 'true')]} | "
              f"{_ratio(by_rule[(rule, 'true')], by_rule[(rule, 'reported')])} |")
    for file, f in false_ones:
        print(f"\n{'FALSE' if f['severity'] == 'contradiction' else f['severity']} {file} [{f['rule']}] {f['message']}\n    {f['computation']}")
        for c in f["figures"]:
            print(f"    {c['id']} = {c['value']} {c['unit']} 「{c['quote']}」 ({c['section']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
