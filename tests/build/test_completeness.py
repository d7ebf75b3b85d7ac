"""Tests for tanto_analysis.build.completeness: a page that would drop a figure fails."""

from __future__ import annotations

import pytest

from tanto_analysis.build.completeness import check_every_figure_shown, missing_figures
from tanto_analysis.core import paths
from tanto_analysis.core.errors import BuildError


def test_missing_figures_by_anchor():
    html = '<tr id="fig-households_total"></tr><tr id="fig-loans_new_amount"></tr>'
    assert missing_figures(html, ["households_total", "loans_new_amount", "land_transfer_rate"]) == [
        "land_transfer_rate"]


def test_a_page_without_all_130_figures_of_2022_fails_naming_them():
    table = paths.published_path(2022)
    ids = [line.split(",", 1)[0] for line in table.read_text(encoding="utf-8").splitlines()[1:]]
    page = "".join(f'<tr id="fig-{i}"></tr>' for i in ids[:-2])
    with pytest.raises(BuildError) as info:
        check_every_figure_shown(page, table)
    assert str(info.value) == (f"the page would leave out 2 of the 130 figures of 2022.csv: "
                               f"{ids[-2]}, {ids[-1]}")
    check_every_figure_shown(page + f'<tr id="fig-{ids[-2]}"></tr><tr id="fig-{ids[-1]}"></tr>', table)


def test_a_year_without_a_table_has_nothing_to_check(tmp_path):
    check_every_figure_shown("<p>no figures</p>", tmp_path / "1999.csv")
