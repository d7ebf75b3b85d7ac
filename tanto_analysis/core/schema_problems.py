"""pandera schema failures as ``file:row:column`` problems.

pandera reports each failing cell with its frame index and column; a frame
read by :func:`tanto_analysis.core.readers.read_table` has index ``i`` at
spreadsheet row ``i + 2`` (the header is row 1; the index skips rows that
are not records, so the row is the one a spreadsheet shows).  A check's ``error`` text
becomes the message; the cell found is the problem's ``value``, never in the message.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

with warnings.catch_warnings():  # with pyspark installed (the Spark engine) pandera imports pyspark.pandas,
    # which warns about pandas 3 on every command; the filter ends with the import
    warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
    import pandera.pandas as pa

from .errors import Problem

__all__ = ["schema_problems"]


def schema_problems(schema: pa.DataFrameSchema, frame: pd.DataFrame, name: str) -> list[Problem]:
    """Validate ``frame`` against ``schema`` and return every failure as a :class:`Problem`.

    Parameters
    ----------
    schema : pandera.DataFrameSchema
        Checks carry an ``error`` text saying what was expected.
    frame : DataFrame
        As read from the file named ``name``, with its default integer index.
    name : str
        The file name the problems name.

    Returns
    -------
    list of Problem
        One per failing cell; a duplicated value is reported at each repeat,
        naming the row of its first occurrence.

    Examples
    --------
    >>> schema = pa.DataFrameSchema({"code": pa.Column(str, unique=True)})
    >>> [p.detail() for p in schema_problems(schema, pd.DataFrame({"code": ["a", "a"]}), "x.csv")]
    ["x.csv:3:code: duplicate code; ids must be unique (first at row 2); got 'a'"]
    """
    try:
        with warnings.catch_warnings():  # pandera's checks import pyspark.pandas on first use (as above)
            warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
            schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _problems(exc.failure_cases, frame, name)
    return []


def _problems(cases: pd.DataFrame, frame: pd.DataFrame, name: str) -> list[Problem]:
    problems: list[Problem] = []
    for case in cases.itertuples(index=False):
        if case.index is None or pd.isna(case.index):
            problems.append(Problem(name, None, case.column, str(case.check)))
            continue
        row = int(case.index) + 2
        if case.check == "field_uniqueness":
            at = int(np.flatnonzero(frame[case.column].to_numpy() == case.failure_case)[0])
            first = int(frame.index[at]) + 2
            if first == row:
                continue
            message = f"duplicate {case.column}; ids must be unique (first at row {first})"
        else:
            message = str(case.check)
        problems.append(Problem(name, row, case.column, message, value=str(case.failure_case)))
    return problems
