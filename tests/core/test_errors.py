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


def test_the_value_found_is_never_in_the_message_nor_the_repr():
    problem = Problem("loans.csv", 4, "amount_yuan", "expected a number in 元", value="41032419800101123X")
    assert str(problem) == "loans.csv:4:amount_yuan: expected a number in 元"
    assert "41032419800101123X" not in repr(problem)
    error = InputError([problem])
    assert str(error) == "loans.csv:4:amount_yuan: expected a number in 元"
    assert "41032419800101123X" not in repr(error) and error.args == (str(error),)


def test_the_terminal_form_masks_id_phone_and_card_numbers():
    def detail(value: str, column: str = "village") -> str:
        return Problem("l.csv", 2, column, "bad", value=value).detail()

    assert detail("41032419800101123X") == "l.csv:2:village: bad; got '[masked]'"
    assert detail("张三 13812345678") == "l.csv:2:village: bad; got '张三 [masked]'"
    assert detail("卡 6222021234567890123 号") == "l.csv:2:village: bad; got '卡 [masked] 号'"
    assert detail("6222 0212 3456 7890") == "l.csv:2:village: bad; got '[masked]'"
    assert detail("0379-66812345") == "l.csv:2:village: bad; got '[masked]'"
    assert detail("某某村") == "l.csv:2:village: bad; got '某某村'"
    assert detail("-30000", "amount_yuan") == "l.csv:2:amount_yuan: bad; got '-30000'"
    assert Problem("l.csv", 2, "village", "bad").detail() == "l.csv:2:village: bad"


def test_a_value_in_a_personal_column_is_masked_whole():
    for column in ("姓名", "联系电话", "household_id", "身份证号"):
        assert Problem("l.csv", 2, column, "bad", value="张三").detail() == f"l.csv:2:{column}: bad; got '[masked]'"


def test_the_terminal_form_of_an_input_error_has_one_masked_line_per_problem():
    error = InputError([Problem("b.csv", 3, "village", "unknown village", value="张三 13812345678"),
                        Problem("a.csv", None, None, "file not found")])
    assert error.detail() == "a.csv::: file not found\nb.csv:3:village: unknown village; got '张三 [masked]'"
    assert "张三" not in str(error)
