"""Tests for tanto_analysis.core.atomic."""

import pytest

from tanto_analysis.core import atomic
from tanto_analysis.core.atomic import atomic_write_bytes, atomic_write_text


def test_writes_and_replaces(tmp_path):
    path = tmp_path / "sub" / "a.html"
    atomic_write_text(path, "一")
    atomic_write_text(path, "二")
    assert path.read_text(encoding="utf-8") == "二"
    assert [p.name for p in path.parent.iterdir()] == ["a.html"]


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.html"
    atomic_write_bytes(path, b"good")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(path, b"half")
    assert path.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]
