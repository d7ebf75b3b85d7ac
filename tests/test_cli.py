"""Tests for tanto_analysis.cli: the commands are wired to the library and set exit codes."""

import pytest
from click.testing import CliRunner

from tanto_analysis import __version__
from tanto_analysis.cli import main

from .conftest import PUBLISHED_2022, read_rows, write_rows


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "demo-data", "reconcile", "build", "audit", "extract"):
        assert command in result.output


def test_version():
    assert CliRunner().invoke(main, ["--version"]).output == f"tanto, version {__version__}\n"


def test_validate_several_files_fails_if_any_fails(tmp_path):
    rows = read_rows()
    rows[0]["unit"] = "斤"
    bad = write_rows(tmp_path / "tantou_2022.csv", rows)
    result = CliRunner().invoke(main, ["validate", str(PUBLISHED_2022), str(bad)])
    assert result.exit_code == 1
    assert f"{PUBLISHED_2022}: OK" in result.output
    assert f"{bad}:2:unit: unknown unit" in result.output
    assert f"{bad}: 1 problem(s)" in result.output


def test_usage_errors_exit_2():
    assert CliRunner().invoke(main, ["validate"]).exit_code == 2
    assert CliRunner().invoke(main, ["build", "--lang", "fr"]).exit_code == 2
    assert CliRunner().invoke(main, ["audit"]).exit_code == 2


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
