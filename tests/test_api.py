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
    assert y.ledger_names == ["villages", "loans", "welfare_posts", "job_placements", "land_contracts",
                              "loan_subsidies"]
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
    assert outputs(out) == built and len(built) == 8
    assert paths.project_root() == root
