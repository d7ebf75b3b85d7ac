"""An analyst edits the loans notebook three ways, as in JupyterLab; the built page shows all three, nothing else.

The notebook's JSON is edited as JupyterLab would save it: the wording of
one finding, the bars' order of one chart, a column of one table.  The
2022 page built from it is compared with the page built from the notebooks
as committed (``built_site``): only those three places differ.
"""

from __future__ import annotations

import base64
import re

import nbformat
import pytest

from tests.conftest import make_project

pytestmark = pytest.mark.slow

WORDING = ('y.say(zh=f"全年贷款共{p.loans_total_count}笔。"', 'y.say(zh=f"全年累计发放贷款{p.loans_total_count}笔。"')
ORDER = ('charts.bar_chart(by_village, "village", "amount_yuan", ',
         'charts.bar_chart(by_village.sort_values("households", ascending=False, kind="stable"), "village", '
         '"amount_yuan", sort=False, ')
COLUMNS = ('columns=["label", "value", "unit", "status"]', 'columns=["label", "value", "unit"]')
CHART = re.compile(r'<figure class="chart"><img alt="2022年贷款金额：按村[^"]*" src="[^"]+"/?></figure>'
                   r'<p class="download"><a download="[^"]+" href="data:text/csv;charset=utf-8;base64,([^"]+)"')
TABLE = re.compile(r'<div [^>]*class="table-scroll"[^>]*><table[^>]*><caption>小额贴息贷款：台账指标[^<]*</caption>'
                   r'.*?</table></div><p class="download"><a [^>]*href="data:text/csv;charset=utf-8;base64,([^"]+)"',
                   re.DOTALL)


def _edit(path) -> None:
    nb = nbformat.read(path, as_version=4)
    done = []
    for cell in nb.cells:
        for old, new in (WORDING, ORDER, COLUMNS):
            if old in cell.source:
                cell.source = cell.source.replace(old, new)
                done.append(old)
    assert sorted(done) == sorted(e[0] for e in (WORDING, ORDER, COLUMNS))
    nbformat.write(nb, path)


def _csv(payload: str) -> list[list[str]]:
    return [line.split(",") for line in base64.b64decode(payload).decode("utf-8-sig").splitlines()]


@pytest.fixture(scope="module")
def edited_page(tmp_path_factory, demo_ledgers, built_site):
    from tanto_analysis.build.pipeline import run_build

    root = make_project(tmp_path_factory.mktemp("edited"), demo_ledgers, years=(2022,))
    _edit(root / "notebooks" / "12_loan_subsidies.ipynb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TANTO_ROOT", str(root))
        assert run_build(years=[2022], all_years=False, jobs=1, force=False, lang="zh") == 0
    before = (built_site / "reports" / "html" / "2022.html").read_text(encoding="utf-8")
    return before, (root / "reports" / "html" / "2022.html").read_text(encoding="utf-8")


def test_the_page_shows_the_three_edits(edited_page) -> None:
    before, after = edited_page
    assert "<p class=\"commentary\">全年贷款共280笔。</p>" in before
    assert "<p class=\"commentary\">全年累计发放贷款280笔。</p>" in after
    assert "<p class=\"commentary\">全年贷款共280笔。</p>" not in after
    # the bars follow the frame's order (households, most first): so do the rows of the chart's CSV
    (old_chart,), (new_chart,) = CHART.findall(before), CHART.findall(after)
    old_rows, new_rows = _csv(old_chart), _csv(new_chart)
    assert old_rows[0] == new_rows[0] == ["项目", "数值", "单位"]
    assert sorted(old_rows[1:]) == sorted(new_rows[1:]) and old_rows[1:] != new_rows[1:]
    # the ledger indicators' table lost its status column, on the page and in its CSV
    (old_table,), (new_table,) = TABLE.findall(before), TABLE.findall(after)
    assert _csv(old_table)[0] == ["指标", "数值", "单位", "数据状态"] and _csv(new_table)[0] == ["指标", "数值", "单位"]


def test_nothing_else_changed(edited_page) -> None:
    before, after = edited_page

    def rest(page: str) -> str:
        for sentence in ("全年贷款共280笔。", "全年累计发放贷款280笔。"):
            page = page.replace(f'<p class="commentary">{sentence}</p>', "WORDING")
        page = re.sub(r'<figure class="chart"><img alt="2022年贷款金额：按村.*?</a></p>', "CHART", page, flags=re.DOTALL)
        return TABLE.sub("TABLE", page)

    assert rest(before).count("CHART") == rest(after).count("CHART") == 1
    assert rest(before) == rest(after)
