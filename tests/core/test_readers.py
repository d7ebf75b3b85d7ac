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
