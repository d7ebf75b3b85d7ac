"""The library API: ``ta.year()`` / ``ta.years()`` from any working directory, and the same page through papermill."""

from __future__ import annotations

import csv

import nbformat
import pytest

import tanto_analysis as ta
from tanto_analysis.core import paths
from tanto_analysis.core.errors import ConfigurationError
from tanto_analysis.ledgers.demo import write_demo_ledgers


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    write_demo_ledgers(out)
    return out


def test_year_resolves_paths_from_the_project_root_not_the_working_directory(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a script or a kernel started anywhere
    assert ta.years(demo) == [2019, 2020, 2021, 2022, 2023, 2024]
    y = ta.year(2022, ledger_dir=demo)
    assert y.year == 2022 and y.synthetic and y.problems == []
    assert y.figures.set_index("id").loc["loans_new_amount", "value"] == 11465000  # 1146.5万元
    assert y.ledger_names == ["villages", "loans", "loan_subsidies", "welfare_posts", "job_placements",
                              "land_contracts"]  # the registry's order (ledgers/domains.LEDGERS)
    assert y.indicators.set_index("indicator").loc["loans_new_amount", "value"] == 11465000
    assert set(y.audit["severity"]) <= {"contradiction", "warning", "note"} and len(y.audit) == 7
    assert "category" in y.progress.columns and len(y.progress) == 3


def test_by_village_gives_households_for_the_average_loan(demo):
    y = ta.year(2022, ledger_dir=demo)
    by_village = y.by_village("loans")
    with open(demo / "2022" / "loans_synthetic.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["village"] == "何村"]
    amount, households = sum(int(r["amount_yuan"]) for r in rows), len({r["household_id"] for r in rows})
    assert by_village.loc["何村", "amount_yuan"] == amount and by_village.loc["何村", "households"] == households
    assert by_village.loc["何村", "loans"] == len(rows)
    assert list(by_village.columns) == ["loans", "households", "amount_yuan", "subsidy_yuan"]
    assert len(by_village) == 24 and y.by_village("loan_subsidy").equals(by_village)
    assert by_village["amount_yuan"].sum() == y.indicators.set_index("indicator").loc["loans_amount_total", "value"]


def test_table_for_the_page_is_labelled_when_the_ledgers_are_synthetic(demo):
    y = ta.year(2022, ledger_dir=demo)
    v = y.by_village("loans")
    table = y.table(v.assign(average_yuan=v["amount_yuan"] / v["households"])[["average_yuan"]], "户均贷款")
    assert "<caption>户均贷款（合成数据 / SYNTHETIC DATA）</caption>" in table._repr_html_()
    assert "<th>village</th>" in table.html and "SYNTHETIC" not in y.table(y.figures[["id"]], "x",
                                                                           source="published").html
    with pytest.raises(ConfigurationError, match="unknown domain 'loan'; expected one of employment"):
        y.by_village("loan")


def test_table_shows_what_stricter_rules_withhold_in_the_demo_s_small_villages(demo):
    from tanto_analysis.analysis.disclosure import Rules

    def households(name: str) -> dict[str, int]:
        with open(demo / "2022" / f"{name}_synthetic.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        return {v: len({r["household_id"] for r in rows if r["village"] == v}) for v in {r["village"] for r in rows}}

    borrowers, recipients = households("loans"), households("loan_subsidies")
    # villages where fewer than 6 households borrowed, or fewer than 6 received a subsidy
    small = sorted(v for v in borrowers if borrowers[v] < 6 or recipients.get(v, 0) < 6)
    assert small and len(small) < len(borrowers) - 1
    y = ta.year(2022, ledger_dir=demo, rules=Rules(min_frequency=6))
    html = y.table(y.by_village("loans"), "按村贷款").html
    marked = {v for v in borrowers if f"<td>{v}</td><td class=\"sdc\">—（少于6户，不公布）</td>" in html}
    # the small villages show the mark in every value: 4 columns each; the rest of the villages show numbers
    assert sorted(marked) == small and html.count("—（少于6户，不公布）") == 4 * len(small)
    assert f"本表{4 * (len(small) + html.count('为防推算') // 4)}个单元格按披露控制规则不公布" in html
    default = ta.year(2022, ledger_dir=demo).table(ta.year(2022, ledger_dir=demo).by_village("loans"), "x").html
    assert "少于6户" not in default
    english = ta.year(2022, ledger_dir=demo, lang="en", rules=Rules(min_frequency=6))
    assert "— (fewer than 6 households, not shown)" in english.table(english.by_village("loans"), "By village").html


def test_table_refuses_a_ledger_frame_without_a_disclosure_decision(demo):
    y = ta.year(2022, ledger_dir=demo)
    raw = y.ledgers["loans"].query("SELECT village, count(*) AS loans FROM {t} GROUP BY village")
    with pytest.raises(ConfigurationError, match=r"carries no disclosure decision.*y\.breakdown"):
        y.table(raw, "按村")
    with pytest.raises(ConfigurationError, match="a table of published figures keeps what traces each figure"):
        y.table(raw, "按村", source="published")  # calling it published does not let it through
    kinds = y.breakdown("loans", "kind", "amount_yuan")
    assert kinds["amount_yuan"].sum() == y.indicators.set_index("indicator").loc["loans_amount_total", "value"]
    assert "<td>new</td><td class=\"num\">11,465,000</td>" in y.table(kinds, "按类型").html  # 1146.5万元


def test_a_year_without_data_is_a_configuration_error(demo):
    with pytest.raises(ConfigurationError, match=r"^no data for 1999: no published table "):
        ta.year(1999, ledger_dir=demo)


@pytest.mark.slow
def test_papermill_from_the_project_root_gives_the_build_s_outputs(tmp_path, monkeypatch, built_site):
    """A notebook's defaults resolve through the project root: same outputs as the build's run."""
    import papermill

    root = built_site
    monkeypatch.setenv("TANTO_ROOT", str(root))
    monkeypatch.chdir(root)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(root / "notebooks" / "12_loan_subsidies.ipynb"), str(out),
                               parameters={"year": 2022}, cwd=str(root), progress_bar=False, kernel_name="python3")

    def outputs(path):
        return [o.get("data") for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
                for o in c.outputs]

    built = outputs(root / "reports" / "executed" / "2022" / "12_loan_subsidies.ipynb")
    assert outputs(out) == built and len(built) == 12  # banner, 2 tables, 6 findings, 3 charts
    assert paths.project_root() == root
