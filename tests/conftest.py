"""Shared fixtures: the real 2022 figures table and helpers to make bad copies of it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tanto_analysis.core import paths

PUBLISHED_2022 = paths.published_path(2022)
SOURCE_2022 = paths.source_path(2022)


def read_rows(path: Path = PUBLISHED_2022) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row_of(rows: list[dict[str, str]], figure_id: str) -> int:
    """Spreadsheet row (header = 1) of a figure id."""
    return [r["id"] for r in rows].index(figure_id) + 2


@pytest.fixture
def figures_copy(tmp_path: Path):
    """Return (rows, writer) to make a modified copy of the 2022 table named tantou_2022.csv."""
    rows = read_rows()

    def write(modified: list[dict[str, str]], encoding: str = "utf-8") -> Path:
        return write_rows(tmp_path / "tantou_2022.csv", modified, encoding)

    return rows, write


def write_ledger(folder: Path, name: str, header: str, lines: list[str]) -> Path:
    """Write a small ledger CSV (header + lines) into ``folder``."""
    path = folder / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in ``tmp_path``, so problems name files by their short relative path."""
    monkeypatch.chdir(tmp_path)
