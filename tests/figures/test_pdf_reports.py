"""A report as towns publish it: a PDF (issue 24), and text copied out of one.

The fixture ``tests/fixtures/pdf/synthetic_report_2023.pdf`` is the fictional
2023 report printed to PDF by ``tests/fixtures/pdf/make_pdf.py`` (A4, a 12em
column: lines break inside sentences and numbers, ``80\\n0元``, ``12\\n.5%``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tanto_analysis.cli import main
from tanto_analysis.cli.summaries import run_extract
from tanto_analysis.core.errors import InputError, display_path
from tanto_analysis.core.readers import read_table
from tanto_analysis.core.report_text import read_report
from tanto_analysis.figures.extract import extract_figures
from tanto_analysis.figures.published import validate_figures
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
PDF = FIXTURES / "pdf" / "synthetic_report_2023.pdf"
SCANNED = FIXTURES / "pdf" / "scanned.pdf"
TEXT = FIXTURES / "synthetic_report_2023.txt"
PINGHU = FIXTURES / "held_out" / "pinghu_2023.txt"
SAME = ["value", "unit", "bound", "section", "kind", "year", "scope", "domain", "quote"]


def demo_project(root: Path) -> Path:
    """A project of the demo town without published tables (so nothing is carried forward)."""
    (root / "data").mkdir(parents=True)
    shutil.copy2(REPO / "tanto.toml", root / "tanto.toml")
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    return root


def test_the_pdf_reads_as_its_text_with_broken_lines_joined() -> None:
    text = read_report(PDF)
    assert "人均月补贴800元。" in text and "同比增长12.5%，" in text and "发放小额信贷57户286万元" in text
    assert "（一）防返贫监测帮扶有力有效\n全年组织集中排查三次" in text  # a wrapped heading, then its paragraph
    assert read_report(TEXT).replace("\n\n", "\n").count("\n") - text.count("\n") == 1  # one heading joined too far


def test_a_pdf_without_a_text_layer_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        read_report(SCANNED)
    assert [str(p) for p in excinfo.value.problems] == [
        f"{display_path(SCANNED)}::: the PDF has no text layer (its 1 page(s) hold only images or drawings, as a "
        "scan does); use the PDF exported from Word or WPS, or the .docx, or make the text searchable with OCR first"]


def test_the_pdf_drafts_the_figures_of_its_text(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TANTO_ROOT", str(demo_project(tmp_path)))
    from_text = extract_figures(read_report(TEXT), 2023)
    from_pdf = extract_figures(read_report(PDF), 2023)
    assert len(from_pdf) == 54
    assert from_pdf[SAME].equals(from_text[SAME])
    differs = from_pdf["label_zh"] != from_text["label_zh"]
    assert from_pdf.loc[differs, "label_zh"].tolist() == ["）土地流转与集体经济新增流转土地"]  # the joined heading


def test_tanto_extract_keeps_a_pdfs_text_and_every_quote_validates(tmp_path, monkeypatch) -> None:
    root = demo_project(tmp_path)
    monkeypatch.setenv("TANTO_ROOT", str(root))
    monkeypatch.chdir(root)
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(PDF), "--year", "2023", "-o", "draft_2023.csv"])
    assert result.exit_code == 0, result.output
    saved = root / "data" / "sources" / "2023.txt"
    assert ("  the report's text (the quotes are verbatim in it): "
            f"{display_path(saved)}") in result.output.splitlines()
    text = saved.read_text(encoding="utf-8")
    assert text == read_report(PDF)
    draft = read_table(root / "draft_2023.csv").fillna("")
    assert len(draft) == 54 and all(quote in text for quote in draft["quote"])
    checked = runner.invoke(main, ["validate", "draft_2023.csv"])  # the source by the year: data/sources/2023.txt
    assert checked.exit_code == 0, checked.output
    assert checked.output == "draft_2023.csv: OK\n"
    again = runner.invoke(main, ["extract", str(PDF), "--year", "2023", "-o", "draft_2023.csv"])
    assert again.exit_code == 0  # the same text is already kept: left as it is
    assert "the report's text" not in again.output and saved.read_text(encoding="utf-8") == text


def test_another_text_in_data_sources_is_never_replaced(tmp_path, monkeypatch) -> None:
    root = demo_project(tmp_path)
    monkeypatch.setenv("TANTO_ROOT", str(root))
    saved = root / "data" / "sources" / "2023.txt"
    saved.parent.mkdir(parents=True)
    saved.write_text("甲镇2023年工作总结（另一份）。\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        run_extract(PDF, 2023, tmp_path / "draft.csv")
    assert [str(p) for p in excinfo.value.problems] == [
        f"{display_path(saved)}::: already holds another text than {display_path(PDF)}; the PDF's text was not "
        "saved over it: move that file away, or save the text elsewhere with --save-text"]
    assert saved.read_text(encoding="utf-8") == "甲镇2023年工作总结（另一份）。\n"
    assert not (tmp_path / "draft.csv").exists()
    assert run_extract(PDF, 2023, tmp_path / "draft.csv", text_output=tmp_path / "2023.txt") == 0
    assert (tmp_path / "2023.txt").read_text(encoding="utf-8") == read_report(PDF)


def test_text_copied_out_of_a_pdf_drafts_and_validates_as_drafted(tmp_path, monkeypatch) -> None:
    """平湖镇's 2023 report reviewing 2022, copied out of its PDF (held out; real text)."""
    root = tmp_path / "p"
    (root / "data" / "reference").mkdir(parents=True)
    (root / "tanto.toml").write_text('[project]\ntown = "平湖镇"\ncounty = "古田县"\n', encoding="utf-8")
    (root / "data" / "reference" / "villages.csv").write_text(
        "village,short_form,aliases,note\n唐宦村,,,named in the report\n富达村,,,named in the report\n",
        encoding="utf-8")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    monkeypatch.chdir(root)
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(PINGHU), "--year", "2023", "-o", "draft_2023.csv"])
    assert result.exit_code == 0, result.output
    assert ("  the text reports 2022, not 2023 (--year): line 5 '2022 年工作回顾'; its figures there are dated "
            "2022, and tanto validate accepts them with a note") in result.stderr.splitlines()  # a warning: on stderr
    draft = read_table(root / "draft_2023.csv").fillna("")
    rows = {q: (k, y, b) for q, k, y, b in zip(draft["quote"], draft["kind"], draft["year"], draft["bound"],
                                                strict=True)}
    assert rows["31.88 亿元"] == ("estimate", "2022", "exact")  # 预计 2022 年全镇实现工农业总值\n31.88 亿元
    assert rows["23631 元"] == ("actual", "2022", "exact")      # 农民人均可支配收\n入23631 元
    assert rows["80%以上"] == ("actual", "2022", "at_least")    # 80%\n以上
    assert rows["31392 亩"] == ("actual", "2022", "exact")      # in the review, no year in its sentence
    assert rows["2000 亩"] == ("actual", "2021", "exact")       # 全面完成 2021 年度高标准农田 2000 亩建设
    notes: list = []
    assert validate_figures(root / "draft_2023.csv", source=PINGHU, notes=notes) == []
    assert len(notes) == 20
    assert str(notes[0]) == ("draft_2023.csv:2:year: note: an estimate for 2022, before the report year 2023: "
                             "the text gives 2022 for it (its sentence)")
    assert str(notes[10]) == ("draft_2023.csv:12:year: note: an actual figure for 2022, before the report year "
                              "2023: the text gives 2022 for it (its review '2022 年工作回顾')")
