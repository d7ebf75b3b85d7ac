"""Tests for the ledger engine: the DuckDB reader, the Parquet cache and loading a year once."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from tanto_analysis.core import digest
from tanto_analysis.core.errors import InputError
from tanto_analysis.ledgers import cache as cache_module
from tanto_analysis.ledgers import cell_table, ledger, loading, loans
from tanto_analysis.ledgers.fields import Field
from tanto_analysis.ledgers.ledger import flagged_rows, load_ledger

from ..conftest import write_ledger

pytestmark = pytest.mark.usefixtures("in_tmp")

FIELDS = (
    Field("item_id", "id", unique=True),
    Field("village", "village"),
    Field("count", "int"),
    Field("amount_yuan", "number", unit="元"),
    Field("paid_date", "date", dates="in_year"),
)
HEADER = "item_id,village,count,amount_yuan,paid_date,data_status"
LINES = [
    "I1,断滩,1,20000,2022-01-05,actual",
    "I2,何村,2,30000.5,44621,actual",  # an Excel serial date: 2022-03-01
    "I3,何村,2,30000.5,44621,actual",  # pasted twice with a new id
    "I4,村A, 3 ,45000,2022-12-31,actual",
]
BAD = [
    "I1,断滩,1,20000,2022-01-05,actual",
    "I1,某村,-2,abc,2023-01-01,made-up",
    "I3,何村,x,3,2022-02-30,actual",
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """Cache every ledger (not only files of 1 MiB), in tmp_path/cache."""
    monkeypatch.setenv("TANTO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(ledger, "CACHE_MIN_BYTES", 0)
    monkeypatch.setattr(digest, "_digests", {})
    return tmp_path / "cache" / "ledgers"


def _through_python_reader(monkeypatch):
    monkeypatch.setattr(cell_table, "_read_csv_fast", lambda *args: None)


def _load(path):
    return load_ledger(path, FIELDS, 2022)


def _problems(path):
    with pytest.raises(InputError) as info:
        _load(path)
    return [p.detail() for p in info.value.problems]


@pytest.mark.parametrize("lines", [LINES, BAD])
def test_duckdb_reader_and_python_reader_agree(tmp_path, monkeypatch, lines):
    path = write_ledger(tmp_path, "items.csv", HEADER, lines)
    try:
        fast = _load(path)
    except InputError as exc:
        fast = [(p.detail(), p.value) for p in exc.problems]
    _through_python_reader(monkeypatch)
    try:
        slow = _load(path)
    except InputError as exc:
        slow = [(p.detail(), p.value) for p in exc.problems]
    if lines is BAD:
        assert fast == slow
        assert [p for p, _ in fast] == [
            "items.csv:3:amount_yuan: expected a number in 元; got 'abc'",
            "items.csv:3:count: negative value; expected 0 or more; got '-2'",
            "items.csv:3:data_status: unknown data_status; expected one of synthetic, actual; got 'made-up'",
            "items.csv:3:item_id: duplicate item_id; ids must be unique (first at row 2); got '[masked]'",
            "items.csv:3:paid_date: date outside the year 2022; got '2023-01-01'",
            "items.csv:3:village: unknown village; expected one of 潭头镇's 24 villages "
            "(data/reference/villages.csv); got '某村'",
            "items.csv:4:count: expected a whole number; got 'x'",
            "items.csv:4:paid_date: expected a date written YYYY-MM-DD; got '2022-02-30'",
        ]
        assert fast[3][1] == "I1"  # the id itself is kept, and masked on the terminal (a record-id column)
        return
    pd.testing.assert_frame_equal(fast.df(), slow.df())
    rows = fast.df()
    assert rows["village"].tolist() == ["断滩村", "何村", "何村", "村A"]
    assert rows["count"].tolist() == [1, 2, 2, 3] and rows["count"].dtype == "int64"
    assert rows["paid_date"].tolist()[1] == pd.Timestamp(2022, 3, 1)
    assert rows["flags"].tolist() == ["", "", "duplicate_row", ""]


def test_cells_written_as_their_values_are_typed_where_they_are_stored(tmp_path, monkeypatch):
    """The date and number columns cast in place, the undeclared column dropped: the same rows as the copy."""
    path = write_ledger(tmp_path, "items.csv", HEADER + ",note", [
        "I1,断滩村,1,20000,2022-01-05,actual,",
        "I2,何村,2,30000.5,2022-03-01,actual,a note",
        "I3,何村,2,30000.5,2022-03-01,actual,",
    ])
    fast = _load(path)
    view = fast.con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?", [fast.table]).fetchall()[0][0]
    assert "(rowid + 2) AS source_row" in view
    stored = fast.con.execute(f"DESCRIBE {fast.table}_rows").fetchall()
    assert [(name, kind) for name, kind, *_ in stored] == [
        ("c0", "VARCHAR"), ("c1", "VARCHAR"), ("c2", "BIGINT"), ("c3", "DOUBLE"), ("c4", "DATE"), ("c5", "VARCHAR")]
    _through_python_reader(monkeypatch)
    slow = _load(path)
    pd.testing.assert_frame_equal(fast.df(), slow.df())
    assert fast.df()[["source_row", "amount_yuan", "flags"]].values.tolist() == [
        [2, 20000.0, ""], [3, 30000.5, ""], [4, 30000.5, "duplicate_row"]]


def test_rows_are_spreadsheet_rows_below_titles_and_with_crlf(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(("2022年台账\r\n\r\n" + "\r\n".join([HEADER, *LINES[:2], "I9,何村,1,-5,2022-01-01,actual"])
                      + "\r\n").encode("utf-8-sig"))
    assert _problems(path) == ["items.csv:6:amount_yuan: negative amount; expected 0 or more; got '-5'"]


def test_quoted_line_breaks_and_empty_rows_keep_their_rows(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(HEADER + '\n"I1",断滩,1,20000,2022-01-05,actual\n\nI2,"何\n村",1,5,2022-01-05,actual\n',
                    encoding="utf-8")
    assert _problems(path) == ["items.csv:3:: row 3 is empty; delete the empty rows or fill them in"]
    path.write_text(HEADER + '\nI1,断滩,1,20000,2022-01-05,actual\nI2,"何\n村",1,5,2022-01-05,actual\n'
                    "I3,何村,1,x,2022-01-05,actual\n", encoding="utf-8")
    assert "items.csv:4:amount_yuan: expected a number in 元; got 'x'" in _problems(path)


def test_a_parquet_ledger_is_read_with_rows_after_a_header(tmp_path):
    frame = pd.DataFrame([line.split(",") for line in LINES], columns=HEADER.split(","))
    frame.loc[3, "amount_yuan"] = "-1"
    path = tmp_path / "items.parquet"
    cell_table.connect().execute(f"COPY (SELECT * FROM frame) TO '{path}' (FORMAT parquet)")
    assert _problems(path) == ["items.parquet:5:amount_yuan: negative amount; expected 0 or more; got '-1'"]


def test_checked_rows_are_cached_by_hash_and_read_back(tmp_path, cache, monkeypatch):
    path = write_ledger(tmp_path, "loans.csv", "loan_id,household_id,village,kind,issue_date,term_months,"
                        "amount_yuan,data_status", ["L1,H1,何村,new,2022-03-01,48,60000,actual",
                                                    "L2,H2,何村,new,2022-04-01,12,20000,actual"])
    first = loans.load_loans(path, 2022)
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    assert sorted(p.name for p in folder.iterdir()) == ["flags.parquet", "notes.json", "rows.parquet"]
    # once written, the rows are read from the cache, not kept in memory
    tables = {n for (n,) in first.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert f"{first.table}_rows" not in tables and f"{first.table}_flags" in tables
    assert "read_parquet" in first.con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?",
                                               [first.table]).fetchall()[0][0]
    monkeypatch.setattr(ledger, "_check", lambda *a: pytest.fail("a cached ledger was checked again"))
    again = loans.load_loans(path, 2022)
    pd.testing.assert_frame_equal(first.df(), again.df())
    assert again.df()["flags"].tolist() == ["above_amount_limit;above_term_limit", ""]  # the loans' own flags too
    assert flagged_rows(again)["row"].tolist() == [2, 2]
    monkeypatch.undo()
    path.write_text(path.read_text().replace("20000", "0"), encoding="utf-8")  # changed bytes: checked again
    with pytest.raises(InputError, match="loans.csv:3:amount_yuan: a loan of 0 元"):
        loans.load_loans(path, 2022)
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 1  # a refused ledger is not cached
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]


def test_an_unwritable_cache_only_costs_time(tmp_path, cache, monkeypatch):
    path = write_ledger(tmp_path, "items.csv", HEADER, LINES)

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.tempfile, "mkdtemp", refuse)
    assert _load(path).df()["flags"].tolist() == ["", "", "duplicate_row", ""]
    assert not cache.exists() or not [p for p in cache.iterdir() if p.is_dir()]


def test_a_year_is_loaded_once_per_process_for_the_same_files(tmp_path, demo_ledgers, monkeypatch):
    monkeypatch.setattr(loading, "_loaded", {})
    folder = tmp_path / "ledgers"
    shutil.copytree(demo_ledgers / "2022", folder / "2022")
    first = loading.load_year_ledgers(2022, folder)
    assert loading.load_year_ledgers(2022, folder)["loans"] is first["loans"]
    villages = folder / "2022" / "villages_synthetic.csv"
    villages.write_text(villages.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(villages, ns=(0, 0))
    assert loading.load_year_ledgers(2022, folder)["loans"] is not first["loans"]  # a file changed: loaded afresh


def test_a_number_too_large_for_a_whole_number_column_is_refused(tmp_path):
    path = write_ledger(tmp_path, "items.csv", HEADER, ["I1,断滩,99999999999999999999,20000,2022-01-05,actual"])
    assert _problems(path) == ["items.csv:2:count: whole number too large; expected at most 18 digits; "
                               "got '99999999999999999999'"]


def test_big_ledgers_are_checked_once_before_the_pages(tmp_path, cache, demo_ledgers, monkeypatch):
    folder = tmp_path / "ledgers"
    shutil.copytree(demo_ledgers / "2022", folder / "2022")
    (folder / "2022" / "villages_synthetic.csv").write_text("not,a,register\n", encoding="utf-8")  # left to the page
    checked = loading.check_big_ledgers([2022], folder, min_bytes=0)
    assert sorted(p.name for p in checked) == [
        "job_placements_synthetic.csv", "land_contracts_synthetic.csv", "loan_subsidies_synthetic.csv",
        "loans_synthetic.csv", "welfare_posts_synthetic.csv"]
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 5
    monkeypatch.setattr(loading, "_loaded", {})
    monkeypatch.setattr(ledger, "_check", lambda *a: pytest.fail("a cached ledger was checked again"))
    missing: list[str] = []
    with pytest.raises(pytest.fail.Exception):  # the register was not cached: it is read (and refused) again
        loading.load_year_ledgers(2022, folder, missing=missing)
    assert loans.load_loans(folder / "2022" / "loans_synthetic.csv", 2022).flag_counts() == {}


def test_a_gbk_ledger_is_read_by_duckdb_after_a_copy_to_utf8(tmp_path, monkeypatch):
    utf8 = _load(write_ledger(tmp_path, "items.csv", HEADER, LINES)).df()
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\n".join([HEADER, *LINES]) + "\n").encode("gbk"))
    monkeypatch.setattr(cell_table, "read_table", lambda *a, **k: pytest.fail("read by the Python reader"))
    gbk = _load(path).df()
    assert gbk.attrs["file"] == "gbk.csv"
    pd.testing.assert_frame_equal(gbk, utf8, check_flags=False)
    assert not list(tmp_path.glob("tanto-utf8-*"))


def test_a_gbk_ledger_with_a_bad_byte_is_named_by_the_python_reader(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\n".join([HEADER, *LINES]) + "\n").encode("gbk") + b"I9,\x81\x20,1,5,2022-01-05,actual\n")
    assert _problems(path) == ["gbk.csv:6:: cannot decode byte 0x81 at line 6, character 4 (the file looks like "
                               "GBK/GB18030); expected text saved as UTF-8, UTF-8 with BOM, or GBK/GB18030"]


def test_a_damaged_parquet_ledger_is_one_message(tmp_path):
    path = tmp_path / "items.parquet"
    path.write_bytes(b"PAR1 not really a parquet file")
    (problem,) = _problems(path)
    assert problem.startswith("items.parquet::: not a readable Parquet file: ")


def test_dropping_a_ledgers_objects_leaves_another_ledgers_alone():
    con = cell_table.connect()
    for name in ("ledger_1_cells_raw", "ledger_1_flags", "ledger_10_rows", "ledger_1x"):
        con.execute(f"CREATE TABLE {name} (a INTEGER)")
    con.execute("CREATE VIEW ledger_1 AS SELECT * FROM ledger_1_cells_raw")
    cache_module.drop_objects(con, "ledger_1")
    left = sorted(n for (n,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
    assert left == ["ledger_10_rows", "ledger_1_flags", "ledger_1x"]  # LIKE 'ledger_1_%' took ledger_10_rows too
