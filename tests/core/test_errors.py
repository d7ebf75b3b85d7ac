"""Tests for tanto_analysis.core.errors."""

from pathlib import Path

from tanto_analysis.core.errors import (
    BuildError,
    ConfigurationError,
    InputError,
    Problem,
    TantoError,
    display_path,
)


def test_problem_prints_as_file_row_column():
    assert str(Problem("a.csv", 3, "value", "bad")) == "a.csv:3:value: bad"
    assert str(Problem("a.csv", None, None, "file not found")) == "a.csv::: file not found"


def test_input_error_lists_problems_in_file_order():
    error = InputError([Problem("b.csv", 2, "x", "m"), Problem("a.csv", 9, "y", "n"), Problem("a.csv", 3, "z", "o")])
    assert [str(p) for p in error.problems] == ["a.csv:3:z: o", "a.csv:9:y: n", "b.csv:2:x: m"]
    assert str(error) == "a.csv:3:z: o\na.csv:9:y: n\nb.csv:2:x: m"


def test_display_path_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "data" / "x.csv") == str(Path("data") / "x.csv")
    assert display_path("/elsewhere/x.csv") == "/elsewhere/x.csv"


def test_one_hierarchy_with_exit_codes():
    classes = (InputError, ConfigurationError, BuildError)
    assert [issubclass(c, TantoError) for c in classes] == [True, True, True]
    assert [c.exit_code for c in classes] == [1, 2, 1]
    error = InputError([Problem("b.csv", 3, "unit", "unknown unit"), Problem("a.csv", None, None, "file not found")])
    assert str(error) == "a.csv::: file not found\nb.csv:3:unit: unknown unit"
