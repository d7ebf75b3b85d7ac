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


def test_a_full_disk_names_the_target_and_leaves_nothing_behind(tmp_path, monkeypatch):
    import errno

    path = tmp_path / "a.html"
    atomic_write_bytes(path, b"good")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as excinfo:
        atomic_write_bytes(path, b"half")
    assert (excinfo.value.errno, excinfo.value.filename) == (errno.ENOSPC, str(path))
    assert excinfo.value.__cause__ is None and excinfo.value.__suppress_context__
    assert path.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_removing_leftovers(tmp_path):
    (tmp_path / "kept.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / ".a.html.x1.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".10_overview.ipynb.x2.tmp.ipynb").write_text("half", encoding="utf-8")
    assert atomic.remove_temporary_files(tmp_path) == [tmp_path / ".10_overview.ipynb.x2.tmp.ipynb",
                                                      tmp_path / ".a.html.x1.tmp"]
    assert [p.name for p in tmp_path.iterdir()] == ["kept.ipynb"]
