"""Tests for tanto_analysis.core.report_text: reading .txt (UTF-8/GBK) and .docx reports."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.core.report_text import read_report

TEXT = "一、工作开展情况\n（一）就业\n提供岗位300余个。  \n"


def test_utf8_gbk_and_bom_read_alike(tmp_path: Path) -> None:
    utf8 = tmp_path / "a.txt"
    utf8.write_bytes(TEXT.encode("utf-8"))
    bom = tmp_path / "b.txt"
    bom.write_bytes(TEXT.encode("utf-8-sig"))
    gbk = tmp_path / "c.txt"
    gbk.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    expected = "一、工作开展情况\n（一）就业\n提供岗位300余个。\n"
    assert read_report(utf8) == read_report(bom) == read_report(gbk) == expected


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、工作开展情况")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "公益性岗位", "385人"
    document.add_paragraph("（一）就业")
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert read_report(path) == "一、工作开展情况\n指标\t数值\n公益性岗位\t385人\n（一）就业\n"


def test_merged_docx_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合计"
    table.cell(0, 2).text = "24个"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_report(path) == "合计\t24个\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", b"%PDF", re.escape("report.pdf::: cannot read as .pdf: Failed to load document (PDFium: Data format error).")),
    ("report.rtf", b"{\\rtf1}", re.escape("report.rtf::: unsupported report type '.rtf'; expected .txt (UTF-8/GBK), .docx or .pdf")),
    ("broken.docx", b"not a zip file", "cannot read as .docx"),
    ("bad.txt", "一、成效".encode() + b"\xff\xfe", "cannot decode byte 0xff"),
])
def test_bad_reports_name_the_problem(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_report(path)


def test_missing_report(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="report not found"):
        read_report(tmp_path / "nope.txt")
