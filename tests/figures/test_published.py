"""Tests for tanto_analysis.figures.published: the figures table and its validation."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from click.testing import CliRunner

from tanto_analysis.cli import main
from tanto_analysis.core.errors import InputError
from tanto_analysis.figures.published import COLUMNS, figure, load_published, validate_figures
from tanto_analysis.reference.indicators import load_registry

from ..conftest import PUBLISHED_2022, SOURCE_2022, row_of, write_rows


def test_shipped_table_is_valid():
    assert validate_figures(PUBLISHED_2022) == []


def test_real_figures_from_the_report():
    table = load_published(2022)
    loans = figure(table, "loans_new_amount")
    assert loans["value"] == 11_465_000 and loans["unit"] == "元"
    assert loans["quote"] == "1146.5万元" and loans["section"] == "一(一)"
    subsidy = figure(table, "loan_subsidy_amount")
    assert (subsidy["value"], subsidy["quote"]) == (304_126, "30.4126万元")
    assert figure(table, "land_transfer_area")["value"] == 21_000
    assert figure(table, "land_transfer_rate")["value"] == 77.3
    jobs = figure(table, "jobs_provided")
    assert (jobs["value"], jobs["bound"]) == (300, "at_least")
    assert figure(table, "talent_target_jobs_2023")["year"] == 2023


def test_every_quote_occurs_in_the_source():
    source = SOURCE_2022.read_text(encoding="utf-8")
    table = load_published(2022)
    assert len(table) >= 130
    assert all(q in source for q in table["quote"])
    assert list(table.columns[: len(COLUMNS)]) == list(COLUMNS)


def test_figure_raises_for_unknown_id():
    with pytest.raises(KeyError, match="no published figure with id 'nope'"):
        figure(load_published(2022), "nope")


def _set(rows, figure_id, **changes):
    out = [dict(r) for r in rows]
    for r in out:
        if r["id"] == figure_id:
            r.update(changes)
    return out


def test_changed_value(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "loans_new_amount", value="11465001"))
    row = row_of(rows, "loans_new_amount")
    assert [p.detail() for p in validate_figures(path, SOURCE_2022)] == [
        f"{path}:{row}:value: the value in 元 does not match the quote, "
        "which states 11465000 元 (1146.5万元); got '11465001'"]


def test_altered_quote(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "loans_new_households", quote="249户"))
    row = row_of(rows, "loans_new_households")
    assert [(str(p), p.value) for p in validate_figures(path, SOURCE_2022)] == [
        (f"{path}:{row}:quote: quote does not occur verbatim in the source text", "249户")]


def test_duplicated_id(figures_copy):
    rows, write = figures_copy
    dup = _set(rows, "loans_new_households", id="loans_total_count")
    path = write(dup)
    first, second = row_of(rows, "loans_total_count"), row_of(rows, "loans_new_households")
    assert [(str(p), p.value) for p in validate_figures(path, SOURCE_2022)] == [
        (f"{path}:{second}:id: duplicate id; ids must be unique (first at row {first})", "loans_total_count")]


def test_wan_yuan_left_unconverted(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "loans_new_amount", value="1146.5"))
    row = row_of(rows, "loans_new_amount")
    assert [p.detail() for p in validate_figures(path, SOURCE_2022)] == [
        f"{path}:{row}:value: the value in 元 does not match the quote, which states "
        "11465000 元 (1146.5万元); the value looks like it was left in 万元 (multiply by 10,000); got '1146.5'"]


def test_unknown_unit(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "land_transfer_area", unit="艘"))
    row = row_of(rows, "land_transfer_area")
    (problem,) = validate_figures(path, SOURCE_2022)
    assert str(problem).startswith(f"{path}:{row}:unit: unknown unit; expected a base unit declared in "
                                "tanto_analysis/core/unit_table.py")
    assert problem.value == "艘" and "艘" not in str(problem)
    assert problem.detail() == f"{problem}; got '艘'"


def test_undecodable_file(tmp_path):
    path = tmp_path / "2022.csv"
    path.write_bytes(PUBLISHED_2022.read_bytes()[:200] + b"\xff\xfe\xff bad bytes\n")
    (problem,) = validate_figures(path, SOURCE_2022)
    assert str(problem).startswith(f"{path}:")
    assert "cannot decode byte 0xff" in problem.message
    assert "expected text saved as UTF-8, UTF-8 with BOM, or GBK/GB18030" in problem.message
    line = PUBLISHED_2022.read_bytes()[:200].count(b"\n") + 1
    assert problem.row == line


def test_missing_column(figures_copy):
    rows, write = figures_copy
    path = write([{k: v for k, v in r.items() if k != "quote"} for r in rows])
    assert [str(p) for p in validate_figures(path, SOURCE_2022)] == [
        f"{path}:1:quote: missing column; expected the columns " + ", ".join(COLUMNS)]


@pytest.mark.parametrize(("bound", "problem"), [
    ("exact", "bound 'exact' but the quote '300余个' states 'at_least'"),
    ("at_most", "bound 'at_most' but the quote '300余个' states 'at_least'"),
])
def test_bound_must_match_the_quote(figures_copy, bound, problem):
    rows, write = figures_copy
    path = write(_set(rows, "jobs_provided", bound=bound))
    row = row_of(rows, "jobs_provided")
    assert [str(p) for p in validate_figures(path, SOURCE_2022)] == [f"{path}:{row}:bound: {problem}"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_excel_encodings_validate(figures_copy, encoding):
    rows, write = figures_copy
    assert validate_figures(write(rows, encoding), SOURCE_2022) == []


def test_xlsx_validates(tmp_path):
    frame = pd.read_csv(PUBLISHED_2022, dtype=str, keep_default_na=False)
    frame["value"] = pd.to_numeric(frame["value"])  # Excel stores numbers as numbers
    frame["year"] = frame["year"].astype(int)
    path = tmp_path / "tantou_2022.xlsx"
    frame.to_excel(path, index=False)
    assert validate_figures(path, SOURCE_2022) == []


def test_load_published_raises_with_every_problem(figures_copy):
    rows, write = figures_copy
    path = write(_set(_set(rows, "loans_new_amount", value="1"), "land_transfer_area", unit="x"))
    with pytest.raises(InputError) as info:
        load_published(2022, path=path)
    assert [p.column for p in info.value.problems] == ["value", "unit"]


def test_cli_validate_ok_and_failure(figures_copy):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(PUBLISHED_2022)])
    assert ok.exit_code == 0, ok.output
    rows, write = figures_copy
    path = write(_set(rows, "loans_new_amount", value="1146.5"))
    bad = runner.invoke(main, ["validate", str(path)])
    assert bad.exit_code == 1
    assert f"{path}:{row_of(rows, 'loans_new_amount')}:value:" in bad.output


def test_report_year_from_the_rows_when_the_name_has_none(tmp_path):
    path = tmp_path / "draft.csv"
    path.write_bytes(PUBLISHED_2022.read_bytes())
    assert validate_figures(path) == []


def test_no_report_year_anywhere_asks_for_the_source(tmp_path, figures_copy):
    rows, _ = figures_copy
    mixed = [dict(r) for r in rows]
    mixed[0]["year"] = "2021"  # actual figures of two years: which report?
    path = write_rows(tmp_path / "draft.csv", mixed)
    assert [str(p) for p in validate_figures(path)] == [
        f"{path}::: cannot tell which report the quotes come from: no year in the file name and the "
        "actual figures do not share one year; pass the report text with --source"]


def test_quote_longer_than_needed(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "land_transfer_rate", quote="流转率达77.3%"))
    row = row_of(rows, "land_transfer_rate")
    assert [p.detail() for p in validate_figures(path, SOURCE_2022)] == [
        f"{path}:{row}:quote: quote is longer than needed; expected the shortest quote "
        "'77.3%', which states the figure and occurs once in the source; got '流转率达77.3%'"]


def test_context_is_kept_where_the_bare_figure_repeats():
    # 20户 occurs more than once in the report, so the quote needs its context.
    source = SOURCE_2022.read_text(encoding="utf-8")
    quote = figure(load_published(2022), "monitoring_new_households")["quote"]
    assert quote == "监测对象20户" and source.count("20户") > 1 and source.count(quote) == 1


def test_year_column_must_agree_with_the_report_year(figures_copy, tmp_path):
    rows, write = figures_copy
    moved = [dict(r, year="2021") if r["kind"] == "actual" else dict(r) for r in rows]
    path = write(moved)
    problems = validate_figures(path, SOURCE_2022)
    actual_rows = [i + 2 for i, r in enumerate(rows) if r["kind"] == "actual"]
    assert [p.row for p in problems] == actual_rows
    assert problems[0].detail() == (f"{path}:{actual_rows[0]}:year: an actual figure of the 2022 report "
                                    "must be for 2022; got '2021'")
    with pytest.raises(InputError) as info:
        load_published(2022, path=path)
    assert len(info.value.problems) == len(actual_rows)


def test_one_row_off_and_a_plan_for_an_earlier_year(figures_copy):
    rows, write = figures_copy
    plan = next(r["id"] for r in rows if r["kind"] == "plan")
    path = write(_set(_set(rows, "loans_new_amount", year="2023"), plan, year="2021"))
    assert [p.detail() for p in validate_figures(path, SOURCE_2022)] == [
        f"{path}:{row_of(rows, 'loans_new_amount')}:year: an actual figure of the 2022 report must be for 2022; "
        "got '2023'",
        f"{path}:{row_of(rows, plan)}:year: a plan of the 2022 report must be for 2022 or later; got '2021'",
    ]


def test_rows_keep_their_spreadsheet_numbers_after_a_blank_line_and_a_title(tmp_path, figures_copy):
    rows, _ = figures_copy
    text = PUBLISHED_2022.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "2022.csv"
    bad = "Bad-Id" + text[1][text[1].index(","):]
    path.write_text("\n".join(["潭头镇2022年公开数字", *text[:1], bad, *text[2:]]) + "\n", encoding="utf-8")
    (problem,) = validate_figures(path, SOURCE_2022)
    assert (problem.row, problem.column) == (3, "id")
# -- number forms, ranges and value_high ------------------------------------------

_NEW_SOURCE = "一、成效\n投资3,500万元，惠及12,345户，补贴一万二千元，奖补1.5万—2万元。\n"


def _new_table(tmp_path, rows):
    source = tmp_path / "report.txt"
    source.write_text(_NEW_SOURCE, encoding="utf-8")
    base = {"indicator": "", "section": "一", "domain": "projects", "scope": "潭头镇", "year": "2023", "kind": "actual",
            "label_zh": "x", "label_en": "x"}
    path = tmp_path / "draft_2023.csv"
    pd.DataFrame([{**base, **r} for r in rows]).to_csv(path, index=False)
    return path, source


def test_separators_chinese_numerals_and_ranges_validate_with_their_exact_values(tmp_path):
    path, source = _new_table(tmp_path, [
        {"id": "a", "value": "35000000", "unit": "元", "bound": "exact", "quote": "3,500万元", "value_high": ""},
        {"id": "b", "value": "12345", "unit": "户", "bound": "exact", "quote": "12,345户", "value_high": ""},
        {"id": "c", "value": "12000", "unit": "元", "bound": "exact", "quote": "一万二千元", "value_high": ""},
        {"id": "d", "value": "15000", "unit": "元", "bound": "range", "quote": "1.5万—2万元", "value_high": "20000"},
    ])
    assert validate_figures(path, source) == []


def test_value_high_must_go_with_a_range_and_match_the_quote(tmp_path):
    path, source = _new_table(tmp_path, [
        {"id": "a", "value": "500", "unit": "元", "bound": "exact", "quote": "3,500万元", "value_high": ""},
        {"id": "d", "value": "15000", "unit": "元", "bound": "range", "quote": "1.5万—2万元", "value_high": ""},
        {"id": "e", "value": "15000", "unit": "元", "bound": "range", "quote": "1.5万—2万元", "value_high": "25000"},
        {"id": "f", "value": "12345", "unit": "户", "bound": "exact", "quote": "12,345户", "value_high": "2"},
    ])
    assert [p.detail().removeprefix(f"{path}:") for p in validate_figures(path, source)] == [
        "2:value: the value in 元 does not match the quote, which states 35000000 元 (3,500万元); got '500'",
        "3:value_high: bound 'range' needs the upper end in value_high",
        "4:value_high: value_high does not match the quote '1.5万—2万元', whose upper end is 20000 元; got '25000'",
        "5:value_high: value_high given but the bound is 'exact', not 'range'; leave it empty; got '2'",
    ]
def test_every_2022_figure_names_a_registered_indicator():
    table = load_published(2022)
    registry = load_registry()
    assert set(table["indicator"]) <= set(registry)
    assert figure(table, "talent_target_jobs_2023")["indicator"] == "talent_target_jobs"
    plans = table.loc[table["indicator"] == "branches_plan_four_star", ["year", "value"]]
    assert plans.values.tolist() == [[2022, 1.0], [2023, 5.0], [2024, 10.0]]  # 1个, 5个, 10个


def test_a_figure_in_another_unit_is_another_indicator(figures_copy):
    # 2022 says 公益性岗位385人 (people placed); 259个 posts would be another indicator.
    rows, write = figures_copy
    path = write(_set(rows, "public_welfare_posts", unit="个"))
    row = row_of(rows, "public_welfare_posts")
    assert f"{path}:{row}:unit: unit '个' differs from '人', the unit of indicator 'public_welfare_posts'; " \
           "a figure in another unit measures another thing: give it its own indicator" in \
           [str(p) for p in validate_figures(path, SOURCE_2022)]


def test_the_same_indicator_twice_for_one_scope_year_and_kind(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "loans_new_households", indicator="loans_total_count", unit="笔"))
    problems = [p.detail() for p in validate_figures(path, SOURCE_2022)]
    first, second = row_of(rows, "loans_total_count"), row_of(rows, "loans_new_households")
    assert f"{path}:{second}:indicator: the indicator is already stated for the same scope, year and kind " \
           f"at row {first}; got 'loans_total_count'" in problems


def test_an_unregistered_indicator_is_valid_and_declares_its_unit(figures_copy):
    rows, write = figures_copy
    fresh = _set(rows, "disputes_mediated", indicator="disputes_settled_new")
    assert validate_figures(write(fresh), SOURCE_2022) == []
    both = _set(fresh, "village_bullies_cases", indicator="disputes_settled_new")  # also 起, 潭头镇, 2022
    problems = [p.detail() for p in validate_figures(write(both), SOURCE_2022)]
    assert any(":indicator: the indicator is already stated for the same scope, year and kind at row "
               f"{row_of(rows, 'disputes_mediated')}; got 'disputes_settled_new'" in p for p in problems)
    mixed = _set(fresh, "village_bullies_people", indicator="disputes_settled_new")  # 人, not 起
    row, first = row_of(rows, "village_bullies_people"), row_of(rows, "disputes_mediated")
    assert f"{write(mixed)}:{row}:unit: unit '人' differs from '起' of the same indicator at row " \
           f"{first}; a figure in another unit needs its own indicator; got 'disputes_settled_new'" in \
           [p.detail() for p in validate_figures(write(mixed), SOURCE_2022)]


def test_an_empty_indicator_is_a_valid_row(figures_copy):
    rows, write = figures_copy
    assert validate_figures(write(_set(rows, "disputes_mediated", indicator="")), SOURCE_2022) == []


def test_an_indicator_key_must_be_snake_case(figures_copy):
    rows, write = figures_copy
    path = write(_set(rows, "disputes_mediated", indicator="Disputes Mediated"))
    row = row_of(rows, "disputes_mediated")
    assert [p.detail() for p in validate_figures(path, SOURCE_2022)] == [
        f"{path}:{row}:indicator: expected empty or a snake_case indicator key such as loans_new_households; "
        "got 'Disputes Mediated'"]


def test_a_table_is_validated_once_until_it_changes(figures_copy, monkeypatch):
    from tanto_analysis.figures import published

    rows, write = figures_copy
    path = write(rows)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # written long ago (a fresh file is not remembered)
    calls = []
    real = published.validate_figures
    monkeypatch.setattr(published, "validate_figures", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = load_published(2022, path)
    first.loc[first["id"] == "loans_new_amount", "value"] = 1.0  # a caller changing its copy
    again = load_published(2022, path)
    assert len(calls) == 1
    assert again.loc[again["id"] == "loans_new_amount", "value"].item() == 11465000.0
    write(_set(rows, "loans_new_amount", value="11465001"))  # the analyst edits the table
    with pytest.raises(InputError, match="the value in 元 does not match the quote") as info:
        load_published(2022, path)
    assert [p.value for p in info.value.problems] == ["11465001"]
    assert len(calls) == 2
