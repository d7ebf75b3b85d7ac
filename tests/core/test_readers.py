"""Tests for tanto_analysis.core.readers: encodings and spreadsheet formats."""

import pandas as pd
import pytest

from tanto_analysis.core.errors import InputError
from tanto_analysis.core.readers import decode_bytes, read_table, read_text

TEXT = "村名,金额\n断滩村,1146.5万元\n拨云岭村,30.4126万元\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_decode_supported_encodings(encoding):
    assert decode_bytes(TEXT.encode(encoding), "x.csv") == TEXT


def test_damaged_utf8_names_line_and_character():
    data = TEXT.encode("utf-8")
    broken = data.replace("拨".encode(), b"\xe6\x8b")  # a truncated character on line 3
    with pytest.raises(InputError) as info:
        decode_bytes(broken, "ledger.csv")
    (problem,) = info.value.problems
    assert str(problem) == (
        "ledger.csv:3:: cannot decode byte 0xe6 at line 3, character 1 (the file looks like UTF-8); "
        "expected text saved as UTF-8, UTF-8 with BOM, or GBK/GB18030")


def test_binary_file_is_reported_not_mis_decoded():
    with pytest.raises(InputError, match="cannot decode byte 0xff at line 1, character 1"):
        decode_bytes(b"\xff\xff\xff\x00\x01", "x.csv")


def test_read_table_keeps_strings(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode("gbk"))
    frame = read_table(path)
    assert list(frame.columns) == ["村名", "金额"]
    assert frame.loc[1, "金额"] == "30.4126万元"


def test_read_table_xlsx_gives_integers_as_written(tmp_path):
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"id": ["a"], "value": [11465000], "rate": [44.87]}).to_excel(path, index=False)
    frame = read_table(path)
    assert frame.loc[0, "value"] == "11465000" and frame.loc[0, "rate"] == "44.87"


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "none.csv")
    other = tmp_path / "t.json"
    other.write_text("{}")
    with pytest.raises(InputError, match="unsupported file type '.json'"):
        read_table(other)


def test_read_text_gbk(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("潭头镇2022年".encode("gbk"))
    assert read_text(path) == "潭头镇2022年"


def test_damaged_gbk_byte_is_reported_at_its_line(tmp_path):
    lines = ["村名,金额", "断滩村,1", "拨云岭村,2", "何村,3", "古城村,4"]
    data = "\n".join(lines).encode("gbk")
    damaged = data.replace("何".encode("gbk"), b"\x81\x20")  # line 4: a lead byte without its trail byte
    with pytest.raises(InputError) as info:
        decode_bytes(damaged, "ledger.csv")
    assert str(info.value) == (
        "ledger.csv:4:: cannot decode byte 0x81 at line 4, character 1 (the file looks like GBK/GB18030); "
        "expected text saved as UTF-8, UTF-8 with BOM, or GBK/GB18030")


def test_utf16_with_bom_is_read_tab_or_comma_separated(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("村名\t金额\n断滩村\t1146.5万元\n".encode("utf-16"))
    assert read_table(path).to_dict("records") == [{"村名": "断滩村", "金额": "1146.5万元"}]


def test_big5_is_named_not_read_as_mojibake():
    with pytest.raises(InputError) as info:
        decode_bytes("村名,戶數\n斷灘村,247\n撥雲嶺村,300\n".encode("big5"), "villages.csv")
    assert str(info.value) == (
        "villages.csv::: the text looks like Big5 (traditional Chinese), which is not read; "
        "save it as UTF-8 or GBK (in Excel: Save As → CSV UTF-8)")


def test_rows_are_spreadsheet_rows_after_blank_lines_and_a_title(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("潭头镇贷款台账\n\nid,value\na,1\nb,2\n", encoding="utf-8")
    frame = read_table(path, is_column=lambda c: c in {"id", "value"})
    assert frame.index.tolist() == [2, 3]  # spreadsheet rows 4 and 5
    assert frame.attrs["header_row"] == 3


def test_empty_rows_give_one_message_per_block(tmp_path, in_tmp):
    path = tmp_path / "t.csv"
    path.write_text("id,value\na,1\n,\nb,2\n" + ",\n" * 5, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [str(p) for p in info.value.problems] == [
        "t.csv:3:: row 3 is empty; delete the empty rows or fill them in",
        "t.csv:5:: rows 5–9 are empty; delete the empty rows or fill them in",
    ]


def test_ragged_row_and_doubled_header(tmp_path, in_tmp):
    path = tmp_path / "t.csv"
    path.write_text("id,value,value\na,1,2\nb,1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [p.detail() for p in info.value.problems] == [
        "t.csv:1:: two columns with the same header (columns 2 and 3); keep one; got 'value'",
        "t.csv:3:: row has 4 cells but the header (row 1) has 3; is there an unquoted comma in a value?",
    ]


def test_a_doubled_header_is_named_as_the_column_only_when_it_is_an_expected_column(tmp_path, in_tmp):
    path = tmp_path / "t.csv"
    path.write_text("id,张三 13812345678,张三 13812345678,value,value\na,1,2,3,4\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path, is_column=lambda c: c in {"id", "value"})
    assert [(str(p), p.value) for p in info.value.problems] == [
        ("t.csv:1:: two columns with the same header (columns 2 and 3); keep one", "张三 13812345678"),
        ("t.csv:1:value: two columns with the same header (columns 4 and 5); keep one", "value"),
    ]
    assert "13812345678" not in str(info.value)


def test_old_excel_and_unreadable_files_are_named(tmp_path, in_tmp):
    old = tmp_path / "loans.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match="an old Excel file \\(.xls\\) is not read; open it in Excel or WPS "
                                         "and save it as .xlsx"):
        read_table(old)
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    with pytest.raises(InputError) as info:
        read_table(loop)
    assert str(info.value) == "loop.csv::: cannot read the file: too many levels of symbolic links"


@pytest.mark.parametrize("data", [b"a,b\r1,2\r3,4\r", b"a,b\r\n1,2\r3,4\n", b"a,b\n1,2\r\n3,4"])
def test_classic_mac_and_mixed_line_ends_give_the_same_rows(tmp_path, data):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    frame = read_table(path)
    assert frame.to_dict("list") == {"a": ["1", "3"], "b": ["2", "4"]}
    assert list(frame.index + 2) == [2, 3]


def test_a_quote_never_closed_is_named_as_a_long_cell(tmp_path, in_tmp):
    path = tmp_path / "t.csv"
    # the cell: "2" and every line after it with its line break, 2 + 10,000 × 4 = 40,002 characters
    path.write_text('a,b\n1,"2\n' + "3,4\n" * 10_000, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert str(info.value) == ('t.csv:2:b: a cell of 40,002 characters (column 2); a cell holds at most 32,767 '
                               '(Excel\'s limit): is a closing quote (") missing, or was a text pasted in?')


def test_a_damaged_byte_after_classic_mac_line_ends_is_named_at_its_line():
    with pytest.raises(InputError, match="cannot decode byte 0xe6 at line 3, character 1"):
        decode_bytes("村名\r断滩村\r".encode() + b"\xe6\x8b", "x.csv")
