"""Tests for tanto_analysis.core.digest: one file hasher, remembering only settled files."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tanto_analysis.core import digest


def test_a_settled_big_file_is_remembered_and_a_fresh_one_is_hashed_each_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TANTO_CACHE", str(tmp_path / "cache"))
    old, fresh = tmp_path / "old.csv", tmp_path / "fresh.csv"
    old.write_bytes(b"a\n1\n")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    assert digest.file_sha256(old, remember_from=1) == hashlib.sha256(b"a\n1\n").hexdigest()
    known = json.loads((tmp_path / "cache" / "digests.json").read_text(encoding="utf-8"))
    assert list(known.values()) == [hashlib.sha256(b"a\n1\n").hexdigest()]
    # a file written just now, then rewritten with the same size and the same modification time
    fresh.write_bytes(b"a\n1\n")
    stamp = fresh.stat().st_mtime_ns
    assert digest.file_sha256(fresh, remember_from=1) == hashlib.sha256(b"a\n1\n").hexdigest()
    fresh.write_bytes(b"a\n2\n")
    os.utime(fresh, ns=(stamp, stamp))
    assert digest.file_sha256(fresh, remember_from=1) == hashlib.sha256(b"a\n2\n").hexdigest()
    assert len(json.loads((tmp_path / "cache" / "digests.json").read_text(encoding="utf-8"))) == 1


def test_a_big_file_is_hashed_and_its_lines_counted_in_one_read(tmp_path):
    path = tmp_path / "big.csv"
    data = b"L0001,H1,\xe4\xbd\x95\xe6\x9d\x91,50000\n" * 300_000 + b"last line without a newline"  # 9.3 MB: 3 chunks
    path.write_bytes(data)
    assert digest._sha256_of(path) == hashlib.sha256(data).hexdigest()
    assert digest.file_lines(path) == (300_000, False)
