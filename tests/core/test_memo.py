"""Tests for tanto_analysis.core.memo: answers kept while their files stay the same."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from tanto_analysis.core.memo import FileMemo, file_state


def _touch(path: Path, text: str, ns: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(ns, ns))


def test_an_answer_is_computed_again_only_when_a_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    _touch(path, "a\n1\n", 1_000_000_000)
    memo: FileMemo[pd.DataFrame] = FileMemo(copy=lambda f: f.copy())
    reads: list[int] = []

    def read() -> pd.DataFrame:
        reads.append(1)
        return pd.read_csv(path)

    assert memo.get("t", [path], read)["a"].tolist() == [1]
    assert memo.get("t", [path], read)["a"].tolist() == [1]
    assert len(reads) == 1
    _touch(path, "a\n2\n", 2_000_000_000)  # same size, later modification time: an edit in JupyterLab
    assert memo.get("t", [path], read)["a"].tolist() == [2]
    assert len(reads) == 2


def test_a_file_modified_just_now_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("a\n1\n", encoding="utf-8")  # modified now: the clock may not see a second edit
    memo: FileMemo[int] = FileMemo()
    assert memo.get("t", [path], lambda: 1) == 1
    assert memo.get("t", [path], lambda: 2) == 2


def test_callers_get_copies_and_failures_are_not_kept(tmp_path: Path) -> None:
    memo: FileMemo[pd.DataFrame] = FileMemo(copy=lambda f: f.copy())
    first = memo.get("k", [], lambda: pd.DataFrame({"v": [1.0]}))
    first.loc[0, "v"] = 99.0
    assert memo.get("k", [], lambda: pd.DataFrame({"v": [2.0]}))["v"].tolist() == [1.0]
    calls: list[int] = []

    def failing() -> pd.DataFrame:
        calls.append(1)
        raise ValueError("bad file")

    for _ in range(2):
        with pytest.raises(ValueError, match="bad file"):
            memo.get("bad", [], failing)
    assert len(calls) == 2


def test_the_least_recently_used_answer_goes_first() -> None:
    memo: FileMemo[int] = FileMemo(size=2)
    memo.get("a", [], lambda: 1)
    memo.get("b", [], lambda: 2)
    memo.get("a", [], lambda: 0)  # a used again: b is now the oldest
    memo.get("c", [], lambda: 3)
    assert memo.get("a", [], lambda: -1) == 1
    assert memo.get("b", [], lambda: -2) == -2


def test_a_missing_file_is_a_state_of_its_own(tmp_path: Path) -> None:
    memo: FileMemo[int] = FileMemo()
    path = tmp_path / "missing.csv"
    with pytest.raises(FileNotFoundError):
        file_state(path)
    with pytest.raises(FileNotFoundError):
        memo.get("t", [path], lambda: int(path.read_text()))
    _touch(path, "7", 1_000_000_000)
    assert memo.get("t", [path], lambda: int(path.read_text())) == 7
    loop = tmp_path / "loop.csv"
    loop.symlink_to("loop.csv")
    with pytest.raises(OSError, match="symbolic links"):
        file_state(loop)
    (tmp_path / "x").write_bytes(b"abc")
    state = file_state(tmp_path / "x")
    assert state is not None and state[0] == str((tmp_path / "x").resolve()) and state[1] == 3
