"""Ledgers a project declares in its ``tanto.toml``, as data: columns, domain, contributor, indicators.

A town keeps ledgers the package does not know (危房改造, 光伏收益 …).  It
declares each in a ``[ledgers.<name>]`` table of ``tanto.toml``: the
columns with their kinds (the same cell checks as the package's ledgers:
opaque ids, unique ids, one of a list, a known village, whole numbers,
numbers with a unit, dates within the year), the report domain it feeds
(a domain of its own, with its titles: published figures may name it too),
the column whose values are the contributors for disclosure control, and
its indicators as aggregates of one column (a count of rows, a count of
distinct values, a sum).  The indicator keys are the indicator registry's
(the project adds its own in ``data/reference/indicators.csv``, with labels
and unit).  :mod:`tanto_analysis.ledgers.declared` turns a declaration
into a ledger and a domain the package's stages take up like its own.

Examples
--------
>>> text = '''
... [ledgers.housing_repairs]
... domain = "housing_safety"
... title_zh = "危房改造"
... title_en = "Housing repairs"
... contributor = "household_id"
... columns = [
...   {name = "repair_id", kind = "id", unique = true, zh = "改造编号"},
...   {name = "household_id", kind = "id", zh = "户编号"},
...   {name = "village", kind = "village", zh = "村"},
...   {name = "grant_yuan", kind = "number", unit = "元", zh = "补助金额(元)"},
... ]
... indicators = [
...   {key = "housing_repairs_count", count = "rows"},
...   {key = "housing_repairs_grant_total", sum = "grant_yuan"},
... ]
... '''
>>> import tomllib
>>> decl = parse_declarations(tomllib.loads(text)["ledgers"], "tanto.toml")["housing_repairs"]
>>> [c.name for c in decl.columns], [i.key for i in decl.indicators]
(['repair_id', 'household_id', 'village', 'grant_yuan'], ['housing_repairs_count', 'housing_repairs_grant_total'])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ..core.errors import ConfigurationError, display_path
from ..core.memo import FileMemo
from ..core.settings import settings_path, settings_table

__all__ = ["ColumnDeclaration", "IndicatorDeclaration", "LedgerDeclaration", "declared_domains", "declared_ledgers",
           "parse_declarations"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnDeclaration(_Strict):
    """One column of a declared ledger (the fields of :class:`~tanto_analysis.ledgers.fields.Field`).

    ``kind`` is ``id``, ``choice`` (with ``choices``), ``village`` (the column
    must then be named ``village``), ``int``, ``number`` (with ``unit``: 元, 亩 …)
    or ``date`` (with ``dates``: ``in_year`` or ``not_after_year``).
    """

    name: str
    kind: Literal["id", "choice", "village", "int", "number", "date"]
    zh: str = ""
    en: str = ""
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    choices: tuple[str, ...] = ()
    unique: bool = False
    dates: Literal["in_year", "not_after_year"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ColumnDeclaration:
        if not _NAME.match(self.name) or self.name == "data_status":
            raise ValueError(f"column name {self.name!r} must be snake_case (and not data_status)")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"column {self.name!r}: choices go with kind choice, and a choice needs them")
        if self.kind == "village" and self.name != "village":
            raise ValueError(f"the village column must be named village, not {self.name!r}")
        if (self.kind == "date") != (self.dates is not None):
            raise ValueError(f"column {self.name!r}: dates (in_year or not_after_year) go with kind date, "
                             "and a date column needs them")
        return self


class IndicatorDeclaration(_Strict):
    """One indicator of a declared ledger: exactly one of ``count = "rows"``, ``count_distinct`` or ``sum`` (a column)."""

    key: str
    count: Literal["rows"] | None = None
    count_distinct: str | None = None
    sum: str | None = None

    @model_validator(mode="after")
    def _one_aggregate(self) -> IndicatorDeclaration:
        if sum(x is not None for x in (self.count, self.count_distinct, self.sum)) != 1:
            raise ValueError(f"indicator {self.key!r}: give exactly one of count = \"rows\", count_distinct or sum")
        return self

    @property
    def column(self) -> str | None:
        """The column it aggregates (None for a count of rows)."""
        return self.count_distinct or self.sum

    def sql(self) -> str:
        """The aggregate as SQL over the ledger's table (NULL-free: an empty sum is 0)."""
        if self.count:
            return "count(*)"
        if self.count_distinct:
            return f'count(DISTINCT "{self.count_distinct}")'
        return f'COALESCE(sum("{self.sum}"), 0)'


class LedgerDeclaration(_Strict):
    """A ledger a project declares: ``[ledgers.<name>]`` of ``tanto.toml``."""

    domain: str
    title_zh: str
    title_en: str
    contributor: str
    columns: tuple[ColumnDeclaration, ...]
    indicators: tuple[IndicatorDeclaration, ...]

    @model_validator(mode="after")
    def _columns_named(self) -> LedgerDeclaration:
        names = [c.name for c in self.columns]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"column(s) declared twice: {', '.join(twice)}")
        if self.contributor not in names:
            raise ValueError(f"contributor {self.contributor!r} is not one of its columns ({', '.join(names)})")
        for ind in self.indicators:
            if ind.column is not None and ind.column not in names:
                raise ValueError(f"indicator {ind.key!r} aggregates {ind.column!r}, which is not one of its columns")
            if ind.sum is not None and next(c for c in self.columns if c.name == ind.sum).kind not in ("int", "number"):
                raise ValueError(f"indicator {ind.key!r} sums {ind.sum!r}, which is not a number column")
        if not self.indicators:
            raise ValueError("a ledger needs at least one indicator")
        return self

    @property
    def by_village(self) -> bool:
        """Whether it has a village column (and so a table by village)."""
        return any(c.kind == "village" for c in self.columns)


def parse_declarations(table: dict, where: str) -> dict[str, LedgerDeclaration]:
    """The ``[ledgers]`` table of a settings file as declarations, by ledger name.

    Raises
    ------
    ConfigurationError
        Naming ``where``, the ledger and the setting, for a bad declaration.
    """
    out: dict[str, LedgerDeclaration] = {}
    for name, body in table.items():
        if not isinstance(body, dict):
            raise ConfigurationError(f"{where}: [ledgers] has {name} = …; [ledgers] holds only ledgers' tables "
                                     f"([ledgers.{name}]; the engine is set in [engine])")
        if not _NAME.match(name):
            raise ConfigurationError(f"{where}: [ledgers.{name}]: a ledger's name is snake_case, e.g. housing_repairs")
        try:
            out[name] = LedgerDeclaration.model_validate(body)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'ledger'}: {e['msg']}"
                                 for e in exc.errors(include_url=False))
            raise ConfigurationError(f"{where}: [ledgers.{name}] {problems}") from None
    return out


def declared_ledgers(root: str | Path | None = None) -> dict[str, LedgerDeclaration]:
    """The ledgers the project at ``root`` (default the project root) declares in ``tanto.toml``.

    Outside any project there are none.
    """
    try:
        path = settings_path(root)
    except ConfigurationError:  # outside any project
        return {}
    return _parsed.get(("ledgers", str(path)), [path], lambda: parse_declarations(
        settings_table("ledgers", path.parent), display_path(path)))


#: Declarations, remembered while tanto.toml stays the same (frozen models, handed out as they are: read only).
_parsed: FileMemo[dict] = FileMemo(size=4, copy=lambda found: found)


def declared_domains(root: str | Path | None = None) -> dict[str, tuple[str, str]]:
    """The report domains the project's declared ledgers add: key → (Chinese title, English title)."""
    return {d.domain: (d.title_zh, d.title_en) for d in declared_ledgers(root).values()}


