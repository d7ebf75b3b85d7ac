"""Tests for tanto_analysis.core.xlsx through read_table: header rows, cover sheets, hidden rows, cells."""

import datetime as dt

from openpyxl import Workbook

from tanto_analysis.core.readers import read_table
from tanto_analysis.core.xlsx import excel_cell

COLUMNS = {"loan_id", "household_id", "amount_yuan"}


def test_title_merged_group_header_and_cover_sheet_are_skipped(tmp_path):
    book = Workbook()
    cover = book.active
    cover.title = "封面"
    cover.append(["潭头镇小额贴息贷款台账（2022年）"])
    sheet = book.create_sheet("台账")
    sheet.append(["潭头镇小额贴息贷款台账"])
    sheet.append(["贷款信息", None, "金额"])
    sheet.merge_cells("A2:B2")
    sheet.append(["loan_id", "household_id", "amount_yuan"])
    sheet.append(["L1", "H1", 20000])
    sheet.append(["L2", "H2", 30000.5])
    sheet.row_dimensions[5].hidden = True
    sheet.append([None, None, None])  # formatted but empty trailing row
    book.save(tmp_path / "loans.xlsx")
    frame = read_table(tmp_path / "loans.xlsx", is_column=lambda c: c in COLUMNS)
    assert frame.to_dict("records") == [{"loan_id": "L1", "household_id": "H1", "amount_yuan": "20000"},
                                        {"loan_id": "L2", "household_id": "H2", "amount_yuan": "30000.5"}]
    assert (frame.index + 2).tolist() == [4, 5]
    assert frame.attrs == {"header_row": 3, "sheet": "台账", "hidden_rows": frozenset({5})}


def test_cells_as_a_csv_would_hold_them():
    assert excel_cell(11465000.0) == "11465000"
    assert excel_cell(dt.datetime(2022, 3, 24)) == "2022-03-24"
    assert excel_cell(dt.datetime(2022, 3, 24, 8, 30)) == "2022-03-24 08:30:00"
    assert excel_cell(None) == ""



def test_cells_merged_down_a_column_are_filled_within_their_range_only(tmp_path, in_tmp):
    book = Workbook()
    sheet = book.active
    sheet.append(["loan_id", "village", "amount_yuan"])
    for k in range(2, 7):
        sheet.append([f"L{k}", "甲村" if k == 2 else None, 100])
    sheet.merge_cells("B2:B4")  # 甲村 down rows 2–4; rows 5 and 6 stay empty
    sheet.cell(6, 3).value = "备注"
    sheet.merge_cells("C6:D6")  # across columns: not filled
    book.save(tmp_path / "loans.xlsx")
    frame = read_table(tmp_path / "loans.xlsx", is_column=lambda c: c in {"loan_id", "village", "amount_yuan"})
    assert frame["village"].tolist() == ["甲村", "甲村", "甲村", "", ""]
    assert frame.loc[4].tolist() == ["L6", "", "备注"]  # row 6: C6:D6 not spread into a fourth column
    assert [str(n) for n in frame.attrs["notes"]] == [
        "loans.xlsx::: merged cells filled down within their ranges: B2:B4"]
