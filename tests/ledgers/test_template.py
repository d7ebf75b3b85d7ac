"""Tests for tanto_analysis.ledgers.template and ``tanto template``."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from tanto_analysis.cli import main
from tanto_analysis.ledgers import employment, land, loans, register
from tanto_analysis.ledgers.template import LEDGER_FIELDS, write_templates

LOADERS = {"villages": register.load_villages, "loans": loans.load_loans, "loan_subsidies": loans.load_subsidies,
           "welfare_posts": employment.load_posts, "job_placements": employment.load_placements,
           "land_contracts": land.load_contracts}


def test_templates_load_as_empty_ledgers(tmp_path):
    written = write_templates(tmp_path)
    assert [p.name for p in written] == [f"{name}.xlsx" for name in LEDGER_FIELDS]
    for path in written:
        frame = LOADERS[path.stem](path, 2022)
        assert len(frame) == 0 and "data_status" in frame.columns


def test_loans_template_headers_validation_and_explanation(tmp_path):
    write_templates(tmp_path)
    book = load_workbook(tmp_path / "loans.xlsx")
    assert book.sheetnames == ["台账", "说明 columns"]
    sheet = book["台账"]
    assert [c.value for c in sheet[1]] == ["贷款编号", "户编号", "村", "贷款类型", "发放日期", "期限(月)",
                                         "贷款金额(元)", "数据状态"]
    rules = {str(rule.sqref): (rule.type, rule.operator, rule.formula1, rule.formula2)
             for rule in sheet.data_validations.dataValidation}
    assert rules["D2:D5001"] == ("list", None, '"new,continuing"', None)
    assert rules["E2:E5001"] == ("date", "between", "DATE(1950,1,1)", "DATE(2100,12,31)")
    assert rules["F2:F5001"] == ("whole", "greaterThanOrEqual", "0", None)
    assert rules["G2:G5001"] == ("decimal", "greaterThanOrEqual", "0", None)
    assert rules["H2:H5001"] == ("list", None, '"synthetic,actual"', None)
    assert rules["C2:C5001"][2].startswith('"断滩村,')
    explained = list(book["说明 columns"].iter_rows(values_only=True))
    assert explained[7] == ("贷款金额(元)", "amount_yuan", "金额(元)", "不小于0的数", "a number, 0 or more", "元", None,
                            "principal in 元, not 万元 (at most 50,000)")


def test_cli_template_never_overwrites(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["template", str(tmp_path / "t")])
    assert first.exit_code == 0 and first.output.count("wrote ") == 6
    again = runner.invoke(main, ["template", str(tmp_path / "t")])
    assert again.exit_code == 1
    assert f"{tmp_path}/t/villages.xlsx::: already exists; a template never overwrites a ledger" in again.output
