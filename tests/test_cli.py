"""Tests for tanto_analysis.cli: the commands are wired to the library and set exit codes."""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tanto_analysis import __version__
from tanto_analysis.build import pipeline
from tanto_analysis.build.render import OfflineError
from tanto_analysis.cli import main
from tanto_analysis.core import paths
from tanto_analysis.core.errors import BuildError, ConfigurationError, InputError, Problem
from tests.conftest import demo_settings

from .conftest import PUBLISHED_2022, read_rows, write_rows


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "demo-data", "reconcile", "template", "build", "audit", "extract"):
        assert command in result.output


def test_version():
    assert CliRunner().invoke(main, ["--version"]).output == f"tanto, version {__version__}\n"


def test_validate_several_files_fails_if_any_fails(tmp_path):
    rows = read_rows()
    rows[0]["unit"] = "艘"
    bad = write_rows(tmp_path / "2022.csv", rows)
    result = CliRunner().invoke(main, ["validate", str(PUBLISHED_2022), str(bad)])
    assert result.exit_code == 1
    assert f"{PUBLISHED_2022}: OK" in result.output
    assert f"{bad}:2:unit: unknown unit" in result.output
    assert f"{bad}: 1 problem(s)" in result.output


def test_usage_errors_exit_2():
    assert CliRunner().invoke(main, ["validate"]).exit_code == 2
    assert CliRunner().invoke(main, ["build", "--lang", "fr"]).exit_code == 2
    assert CliRunner().invoke(main, ["audit"]).exit_code == 2


# ---------------------------------------------------------------- errors: one message, one exit code
@pytest.mark.parametrize("error, code, stderr", [
    (InputError([Problem("data/published/2022.csv", 3, "value", "value 7266 户 does not match the quote"),
                 Problem("data/published/2022.csv", 2, "unit", "unknown unit")]), 1,
     "data/published/2022.csv:2:unit: unknown unit\n"
     "data/published/2022.csv:3:value: value 7266 户 does not match the quote\n"),
    (InputError([Problem("loans.csv", 2, "village", "unknown village", value="张三 13812345678"),
                 Problem("loans.csv", 2, "household_id", "expected an opaque id", value="王五"),
                 Problem("loans.csv", 3, "amount_yuan", "expected a number in 元", value="41032419800101123X")]), 1,
     "loans.csv:2:household_id: expected an opaque id; got '[masked]'\n"
     "loans.csv:2:village: unknown village; got '张三 [masked]'\n"
     "loans.csv:3:amount_yuan: expected a number in 元; got '[masked]'\n"),
    (ConfigurationError("no yearly notebooks (1N_*.ipynb) in notebooks"), 2,
     "tanto build: no yearly notebooks (1N_*.ipynb) in notebooks\n"),
    (BuildError("1 page(s) failed; the other pages were built"), 1,
     "tanto build: 1 page(s) failed; the other pages were built\n"),
    (OfflineError("the page contains a <script> element"), 1, "tanto build: the page contains a <script> element\n"),
])
def test_each_error_class_gives_its_exit_code_and_message(monkeypatch, error, code, stderr):
    def fail(**kwargs):
        raise error

    monkeypatch.setattr(pipeline, "run_build", fail)
    result = CliRunner().invoke(main, ["build", "--year", "2022"])
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", stderr)
    assert isinstance(result.exception, SystemExit)


def test_a_logged_error_and_the_build_error_on_stderr(monkeypatch):
    def fail(**kwargs):
        logging.getLogger("tanto_analysis.build.pipeline").error("FAILED %s", "2021: 11_second.ipynb: boom")
        raise BuildError("1 page(s) failed; the other pages were built")

    monkeypatch.setattr(pipeline, "run_build", fail)
    result = CliRunner().invoke(main, ["build", "--year", "2021"])
    assert result.exit_code == 1
    assert result.stderr == ("ERROR: FAILED 2021: 11_second.ipynb: boom\n"
                             "tanto build: 1 page(s) failed; the other pages were built\n")


def test_unknown_year_is_a_configuration_error_without_traceback(tmp_path):
    env = {**os.environ, "TANTO_ROOT": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[1])}
    done = subprocess.run([sys.executable, "-m", "tanto_analysis", "build", "--year", "1999"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == ("tanto build: no data for 1999: no ledger folder data/ledgers/demo/<year>/ and no "
                           "published table; run `tanto demo-data` first\n")
    assert "Traceback" not in done.stderr


def test_an_unreadable_report_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("report.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(main, ["extract", "report.pdf", "--year", "2023", "-o", "draft.csv"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "report.pdf::: cannot read as .pdf: Failed to load document (PDFium: Data format error).\n"
    assert not Path("draft.csv").exists()


def test_verbose_prints_debug_diagnostics(tmp_path, monkeypatch):
    (tmp_path / "data" / "published").mkdir(parents=True)
    shutil.copy(PUBLISHED_2022, tmp_path / "data" / "published" / "2022.csv")
    shutil.copytree(paths.sources_dir(), tmp_path / "data" / "sources")
    demo_settings(tmp_path)  # and an LPR table of its own that starts after 2022: no LPR for 2022
    (tmp_path / "data" / "reference" / "lpr_1y.csv").write_text(
        "effective_date,rate_pct,source\n2023-01-20,3.65,test: a table that starts in 2023\n", encoding="utf-8")
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    quiet = CliRunner().invoke(main, ["audit", "--year", "2022", "--json"])
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    verbose = CliRunner().invoke(main, ["-v", "audit", "--year", "2022", "--json"])
    assert verbose.exit_code == 0 and verbose.stdout == quiet.stdout
    assert verbose.stderr == (
        "DEBUG tanto_analysis.analysis.audit.auditor: no 1-year LPR for 2022: the subsidy cap is skipped\n")
def test_python_dash_m_runs_the_command_and_importing_it_does_not(monkeypatch, capsys):
    import importlib
    import runpy
    import sys

    monkeypatch.delitem(sys.modules, "tanto_analysis.__main__", raising=False)
    importlib.import_module("tanto_analysis.__main__")  # as doctest collection does: no command runs
    assert capsys.readouterr().out == ""
    monkeypatch.delitem(sys.modules, "tanto_analysis.__main__")
    monkeypatch.setattr(sys, "argv", ["tanto", "--version"])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("tanto_analysis", run_name="__main__")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"tanto, version {__version__}\n"


def test_build_refuses_a_year_folder_as_ledgers(tmp_path):
    (tmp_path / "office" / "2022").mkdir(parents=True)
    (tmp_path / "office" / "2022" / "loans.csv").write_text("loan_id\n", encoding="utf-8")
    env = {**os.environ, "TANTO_ROOT": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[1])}
    done = subprocess.run([sys.executable, "-m", "tanto_analysis", "build", "--year", "2022", "--ledgers",
                           "office/2022"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("tanto build: office/2022 is the folder of the year 2022 (it holds loans.csv); "
                           "give the folder that holds the year folders instead: --ledgers office\n")


def test_an_output_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocked").write_text("a file where a folder is wanted", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo-data", "--out", "blocked/demo"])
    assert result.exit_code == 1
    assert result.stderr.startswith("tanto demo-data: cannot write or read blocked")
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- results on stdout, diagnostics on stderr
def test_every_command_writes_results_to_stdout_and_diagnostics_to_stderr(tmp_path, monkeypatch):
    """``tanto … > results.txt`` keeps the results; problems, warnings and why nothing was done go to stderr."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    Path("r.txt").write_text("今年全镇建成桥梁3座，新建鱼塘3艘。\n", encoding="utf-8")
    extract = runner.invoke(main, ["extract", "r.txt", "--year", "2023", "-o", "d.csv"])
    assert extract.exit_code == 0
    assert extract.stdout.splitlines()[:2] == ["d.csv: 1 draft figures from r.txt (report year 2023)",
                                               "  kinds: actual 1"]
    assert "    line 1: 3 (unknown unit '艘')" in extract.stdout.splitlines()
    assert extract.stderr == ("  1 figure(s) in a report without headings have section 全文; "
                              "give them the report's section if it has one\n")

    audit = runner.invoke(main, ["audit", "--year", "1999"])
    missing = paths.published_path(1999)
    assert (audit.exit_code, audit.stdout) == (1, "")
    assert audit.stderr == f"no published figures for 1999: {missing} not found\n"

    reconcile = runner.invoke(main, ["reconcile", "--year", "1999"])
    assert (reconcile.exit_code, reconcile.stdout) == (1, "")
    assert reconcile.stderr == (f"no ledgers for 1999 in {paths.demo_ledgers_dir()}; run `tanto demo-data` "
                                "to write the synthetic demo ledgers\n")

    rows = read_rows()
    rows[0]["unit"] = "艘"
    write_rows(tmp_path / "2022.csv", rows)
    validate = runner.invoke(main, ["validate", str(PUBLISHED_2022), "2022.csv"])
    assert (validate.exit_code, validate.stdout) == (1, f"{PUBLISHED_2022}: OK\n")
    assert validate.stderr == ("2022.csv:2:unit: unknown unit; expected a base unit declared in "
                               "tanto_analysis/core/unit_table.py such as 元, 亩, 平方米, 公里, 吨, 户, 人, 个, 座, 家, %; "
                               "got '艘'\n2022.csv: 1 problem(s)\n")
