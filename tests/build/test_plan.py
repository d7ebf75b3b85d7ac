"""Tests for tanto_analysis.build.plan: pages, their parameters, and ledger folders outside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from tanto_analysis.build import pipeline
from tanto_analysis.build.plan import ledger_label
from tests.build.tiny_project import make_tiny_project


@pytest.fixture
def outside(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A project in ``alice-home/project`` and a ledger folder ``alice-home/office-q7/town-ledgers`` beside it."""
    root = make_tiny_project(tmp_path / "alice-home" / "project")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    ledgers = tmp_path / "alice-home" / "office-q7" / "town-ledgers"
    (ledgers / "2020").mkdir(parents=True)
    (ledgers / "2020" / "loans_synthetic.csv").write_text("a\n1\n1\n1\n", encoding="utf-8")
    return root, ledgers


def test_ledger_label_is_the_name_and_a_hash_of_the_absolute_path() -> None:
    assert ledger_label(Path("/home/alice/town-ledgers")) == "town-ledgers (3b799f7f)"
    assert ledger_label(Path("/srv/town-ledgers")) != ledger_label(Path("/home/alice/town-ledgers"))


def test_demo_ledgers_inside_the_project_keep_their_relative_path(outside) -> None:
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    assert page.parameters["ledger_dir"] == "../data/ledgers/demo"
    assert page.shown_parameters() == page.parameters and page.ledger_source is None


@pytest.mark.slow  # a real build
def test_outside_ledgers_are_named_by_label_and_read_through_a_link(outside) -> None:
    root, ledgers = outside
    label = ledger_label(ledgers.resolve())
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh", ledger_dir=ledgers)[0]
    link = f"../reports/.ledgers/town-ledgers-{label[-9:-1]}"
    assert page.parameters["ledger_dir"] == link
    assert page.shown_parameters()["ledger_dir"] == label
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh", ledger_dir=ledgers) == 0
    html = (root / "reports" / "html" / "2020.html").read_text(encoding="utf-8")
    assert f"2020: 3 rows from {link}" in html
    assert f"ledger_dir={label}" in html and "ledger_dir=../" not in html
    above = [part for part in root.parent.parts if part != "/"]
    written = [p for folder in ("html", "executed") for p in (root / "reports" / folder).rglob("*") if p.is_file()]
    assert len(written) == 4  # 2020.html, index.html and the two executed notebooks
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert [part for part in above if part in text] == [], path
        assert "office-q7" not in text, path


@pytest.mark.slow
def test_real_2022_page_with_outside_ledgers_names_no_folder_above_the_project(tmp_path: Path, monkeypatch,
                                                                               demo_ledgers: Path) -> None:
    import shutil

    from ..conftest import make_project

    root = make_project(tmp_path / "alice-home" / "project", demo_ledgers, years=(2022,))
    monkeypatch.setenv("TANTO_ROOT", str(root))
    ledgers = tmp_path / "alice-home" / "office-q7" / "town-ledgers"
    shutil.move(root / "data" / "ledgers" / "demo", ledgers)
    (ledgers / "2022" / "land_contracts_synthetic.csv").unlink()  # a banner then names the missing file
    assert pipeline.run_build(years=[2022], all_years=False, jobs=1, force=False, lang="zh", ledger_dir=ledgers) == 0
    label = ledger_label(ledgers.resolve())
    html = (root / "reports" / "html" / "2022.html").read_text(encoding="utf-8")
    assert f"ledger_dir={label}" in html
    assert f"../reports/.ledgers/town-ledgers-{label[-9:-1]}/2022/land_contracts.csv::: ledger not found" in html
    above = [str(tmp_path), "alice-home", "office-q7", *(part for part in tmp_path.parts if len(part) >= 8)]
    written = [p for folder in ("html", "executed") for p in (root / "reports" / folder).rglob("*") if p.is_file()]
    assert len(written) == 9  # 2022.html, index.html and seven executed notebooks
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert [part for part in above if part in text] == [], path
