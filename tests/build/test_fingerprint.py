"""Tests for tanto_analysis.build.fingerprint: what changes a page's fingerprint, and the build cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tanto_analysis.build import fingerprint as fp


@pytest.fixture
def root(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    (tmp_path / "data" / "published").mkdir(parents=True)
    (tmp_path / "data" / "sources").mkdir()
    (tmp_path / "data" / "reference").mkdir()
    (tmp_path / "data" / "ledgers" / "demo" / "2022").mkdir(parents=True)
    (tmp_path / "data" / "ledgers" / "demo" / "2021").mkdir(parents=True)
    (tmp_path / "data" / "published" / "2022.csv").write_text("id\n", encoding="utf-8")
    (tmp_path / "data" / "reference" / "lpr_1y.csv").write_text("effective_date\n", encoding="utf-8")
    (tmp_path / "data" / "ledgers" / "demo" / "2022" / "loans_synthetic.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "data" / "ledgers" / "demo" / "2021" / "loans_synthetic.csv").write_text("a\n2\n", encoding="utf-8")
    return tmp_path


def _fp(root: Path, year: int = 2022, params: dict | None = None) -> str:
    ledgers = root / "data" / "ledgers" / "demo"
    return fp.combine(data=fp.file_hashes(fp.data_files([year], ledgers), root), notebooks={"n.ipynb": "x"},
                      library={"m.py": "y"}, parameters=params or {"year": year}, version="0.1.0")


def test_data_files_of_a_year(root: Path) -> None:
    files = fp.data_files([2022], root / "data" / "ledgers" / "demo")
    names = [fp.relative_name(p, root) for p in files]
    assert names == ["data/published/2022.csv", "data/ledgers/demo/2022/loans_synthetic.csv",
                     "data/reference/lpr_1y.csv"]


def test_file_hashes_are_relative_and_real_sha256(root: Path) -> None:
    hashes = fp.file_hashes(fp.data_files([2021], root / "data" / "ledgers" / "demo"), root)
    assert hashes["data/ledgers/demo/2021/loans_synthetic.csv"] == hashlib.sha256(b"a\n2\n").hexdigest()
    assert all(not name.startswith("/") for name in hashes)


def test_fingerprint_is_stable_and_changes_with_each_input(root: Path) -> None:
    base = _fp(root)
    assert _fp(root) == base
    assert _fp(root, params={"year": 2022, "lang": "en"}) != base
    (root / "data" / "ledgers" / "demo" / "2022" / "loans_synthetic.csv").write_text("a\n9\n", encoding="utf-8")
    changed = _fp(root)
    assert changed != base
    # another year's ledger is not an input of 2022
    (root / "data" / "ledgers" / "demo" / "2021" / "loans_synthetic.csv").write_text("a\n7\n", encoding="utf-8")
    assert _fp(root) == changed
    (root / "data" / "reference" / "lpr_1y.csv").write_text("effective_date\n2019-08-20\n", encoding="utf-8")
    assert _fp(root) != changed


def test_combine_depends_on_code_notebooks_and_version() -> None:
    args = {"data": {"d": "1"}, "notebooks": {"n": "2"}, "library": {"l": "3"}, "parameters": {"year": 2022}}
    base = fp.combine(**args, version="0.1.0")
    assert fp.combine(**args, version="0.2.0") != base
    assert fp.combine(**{**args, "notebooks": {"n": "X"}}, version="0.1.0") != base
    assert fp.combine(**{**args, "library": {"l": "X"}}, version="0.1.0") != base


def test_a_library_upgrade_changes_the_fingerprint() -> None:
    args = {"data": {"d": "1"}, "notebooks": {"n": "2"}, "library": {"l": "3"}, "parameters": {"year": 2022},
            "version": "0.1.0"}
    pinned = fp.combine(**args, versions={"pandas": "3.1.1", "matplotlib": "3.11.2"})
    assert fp.combine(**args, versions={"pandas": "3.1.1", "matplotlib": "3.11.2"}) == pinned
    assert fp.combine(**args, versions={"pandas": "3.2.0", "matplotlib": "3.11.2"}) != pinned


def test_library_versions_names_the_page_libraries() -> None:
    versions = fp.library_versions()
    assert list(versions) == list(fp.PAGE_LIBRARIES)
    assert {"pandas", "matplotlib", "seaborn", "statsmodels", "nbconvert", "papermill"} <= set(versions)
    from importlib.metadata import version
    assert versions["pandas"] == version("pandas")
    assert fp.library_versions(["surely-not-a-package"]) == {"surely-not-a-package": "not installed"}


def test_library_files_cover_the_package_and_template() -> None:
    names = {p.name for p in fp.library_files()}
    assert {"pipeline.py", "render.py", "index.html.j2", "appendix.css"} <= names
    assert not any("__pycache__" in str(p) for p in fp.library_files())


def test_build_cache_round_trip_and_tampered_html(tmp_path: Path) -> None:
    html = tmp_path / "html" / "2022.html"
    html.parent.mkdir()
    html.write_text("<p>page</p>", encoding="utf-8")
    cache = fp.BuildCache(tmp_path / ".cache" / "build.json")
    assert not cache.is_current("2022", "abc", html)
    cache.record("2022", fingerprint="abc", html="2022.html", html_sha256=fp.sha256_file(html))
    cache.save()
    again = fp.BuildCache(tmp_path / ".cache" / "build.json")
    assert again.is_current("2022", "abc", html)
    assert not again.is_current("2022", "abd", html)
    html.write_text("<p>edited</p>", encoding="utf-8")
    assert not again.is_current("2022", "abc", html)
    again.invalidate("2022")
    assert again.entries["2022"]["fingerprint"] is None


def test_corrupt_cache_is_treated_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "build.json"
    path.write_text("{not json", encoding="utf-8")
    assert fp.BuildCache(path).entries == {}


def test_a_failed_page_keeps_its_record_with_the_reason(tmp_path) -> None:
    cache = fp.BuildCache(tmp_path / "build-zh.json")
    cache.record("2021", fingerprint="abc", html="2021.html", html_sha256="00")
    cache.invalidate("2021", "2021: cell 4: ValueError: boom")
    assert cache.entries["2021"] == {"fingerprint": None, "html": "2021.html", "html_sha256": "00",
                                     "failed": "2021: cell 4: ValueError: boom"}
    assert not cache.is_current("2021", "abc", tmp_path / "2021.html")
    cache.record("2021", fingerprint="def", html="2021.html", html_sha256="11")
    assert "failed" not in cache.entries["2021"]


def test_a_year_page_depends_on_the_previous_year_s_table(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    (tmp_path / "data" / "published").mkdir(parents=True)
    (tmp_path / "data" / "published" / "2023.csv").write_text("id\n", encoding="utf-8")
    assert [p.name for p in fp.data_files([2023], tmp_path / "ledgers")] == ["2023.csv"]
    (tmp_path / "data" / "published" / "2022.csv").write_text("id\n", encoding="utf-8")
    assert [p.name for p in fp.data_files([2023], tmp_path / "ledgers")] == ["2023.csv", "2022.csv"]
