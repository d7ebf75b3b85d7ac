"""The render-time check: privacy and the synthetic label on every output, naming notebook and cell."""

from __future__ import annotations

import nbformat
import pytest

from tanto_analysis.build.output_check import (
    OutputError,
    check_outputs,
    scrub_error_outputs,
    scrub_text,
)
from tanto_analysis.core.text import SYNTHETIC_MARK

BANNER = {"output_type": "display_data", "metadata": {},
          "data": {"text/html": f'<div class="banner synthetic">{SYNTHETIC_MARK}</div>', "text/plain": "<HTML>"}}
RAW_TABLE = {"output_type": "execute_result", "execution_count": 3, "metadata": {},
             "data": {"text/html": '<table border="1" class="dataframe"><tr><th>village</th></tr></table>',
                      "text/plain": "village"}}
LABELLED = {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f'<table class="tanto-table"><caption>户均（{SYNTHETIC_MARK}）</caption></table>',
                     "text/plain": "<Table>"}}


def _notebook(path, *cells, injected=True):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 三、贷款"), params]
    if injected:
        extra = nbformat.v4.new_code_cell("year = 2022")
        extra.metadata["tags"] = ["injected-parameters"]
        nb.cells.append(extra)
    for source, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def test_a_raw_table_on_a_synthetic_page_fails_naming_notebook_and_cell(tmp_path):
    first = _notebook(tmp_path / "10_overview.ipynb", ("show(banner)", [BANNER]))
    loans = _notebook(tmp_path / "12_loans.ipynb", ("y = ta.year(year)", []),
                      ("# average loan\naverage = by.amount / by.households\naverage", [RAW_TABLE]))
    with pytest.raises(OutputError) as caught:
        check_outputs([first, loans])
    assert str(caught.value).splitlines()[1] == (
        "12_loans.ipynb: cell 4 (`average = by.amount / by.households`): a table made from synthetic ledgers "
        "without the label '合成数据 / SYNTHETIC DATA'; show tables with y.table(frame, caption) and charts "
        "with the library's charts")


def test_labelled_tables_and_pages_without_synthetic_data_pass(tmp_path):
    check_outputs([_notebook(tmp_path / "10.ipynb", ("show(banner)", [BANNER]), ("y.table(t)", [LABELLED]))])
    check_outputs([_notebook(tmp_path / "11.ipynb", ("t", [RAW_TABLE]))])  # real ledgers: no label needed


@pytest.mark.parametrize(("text", "what"), [
    ("<td>410324199001011234</td>", "a number that looks like a 身份证号, a phone or a bank-card number"),
    ("<td>138 1234 5678</td><td>13812345678</td>", "a number that looks like a 身份证号, a phone or a bank-card number"),
    ("<td>6222 0212 3456 7890</td>", "a number that looks like a 身份证号, a phone or a bank-card number"),
    ("<table><tr><th>household_id</th></tr></table>", "a personal-looking column or a record id ('household_id')"),
    ("<table><tr><th>户主姓名</th></tr></table>", "a personal-looking column or a record id ('户主姓名')"),
])
def test_personal_data_fails_every_page_and_is_removed_from_the_kept_notebook(tmp_path, text, what):
    output = {"output_type": "display_data", "metadata": {}, "data": {"text/html": text, "text/plain": "x"}}
    path = _notebook(tmp_path / "12_loans.ipynb", ("rows", [output]), injected=False)
    with pytest.raises(OutputError, match="12_loans.ipynb: cell 3 \\(`rows`\\): shows " + what.replace("(", "\\(")
                       .replace(")", "\\)") + "; the output was removed"):
        check_outputs([path])
    assert nbformat.read(path, as_version=4).cells[-1].outputs == []


def test_printed_text_and_bare_values_need_the_label_on_a_synthetic_page(tmp_path):
    printed = {"output_type": "stream", "name": "stdout", "text": "46040.0\n"}
    value = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
             "data": {"text/plain": "np.float64(46040.0)"}}
    path = _notebook(tmp_path / "12.ipynb", ("banner", [BANNER]), ("print(m)", [printed]), ("m", [value]))
    with pytest.raises(OutputError) as caught:
        check_outputs([path])
    lines = str(caught.value).splitlines()
    assert lines[1].startswith("12.ipynb: cell 4 (`print(m)`): printed text made from synthetic ledgers")
    assert lines[2].startswith("12.ipynb: cell 5 (`m`): a value made from synthetic ledgers")


def test_error_outputs_lose_the_rejected_values(tmp_path):
    error = {"output_type": "error", "ename": "InputError",
             "evalue": "loans.csv:4:village: unknown village; got '410324199001011234'",
             "traceback": ["Traceback …", "InputError: loans.csv:4:village: … got '410324199001011234'"]}
    path = _notebook(tmp_path / "12.ipynb", ("y = ta.year(year)", [error]))
    nb = nbformat.read(path, as_version=4)
    scrub_error_outputs(nb)
    nbformat.write(nb, path)
    (output,) = nbformat.read(path, as_version=4).cells[-1].outputs
    assert output["evalue"] == "loans.csv:4:village: unknown village; got [removed]"
    assert output["traceback"] == ["InputError: loans.csv:4:village: unknown village; got [removed]"]
    assert "410324" not in path.read_text(encoding="utf-8")
    assert scrub_text("电话 0379-66881234, 卡号 6222021234567890123") == "电话 [removed], 卡号 [removed]"


def test_on_a_ledger_page_the_synthetic_mark_does_not_let_a_raw_table_or_print_through(tmp_path):
    marked_raw = {"output_type": "display_data", "metadata": {},
                  "data": {"text/html": f'<table class="dataframe"><caption>按村（{SYNTHETIC_MARK}）</caption>'
                                        "<tr><td>甲村</td><td>48000</td></tr></table>", "text/plain": "village"}}
    printed = {"output_type": "stream", "name": "stdout", "text": f"{SYNTHETIC_MARK} 甲村 48000\n"}
    path = _notebook(tmp_path / "12_loans.ipynb", ("y.ledgers['loans'].df()", [marked_raw]), ("print(x)", [printed]),
                     ("y.table(t)", [LABELLED]))
    check_outputs([path])  # the label rule alone: marked, so accepted
    with pytest.raises(OutputError) as error:
        check_outputs([path], from_ledgers=True)
    lines = str(error.value).splitlines()[1:]
    assert [line.split(": ")[1] for line in lines] == ["cell 3 (`y.ledgers['loans'].df()`)", "cell 4 (`print(x)`)"]
    assert all("on a page made from ledgers, without disclosure control" in line for line in lines)
