"""Empty ``.xlsx`` ledgers for a town office to fill in: ``tanto template DIR``.

One workbook per ledger (:data:`LEDGER_FIELDS`), each with

- a sheet ``台账`` whose first row is the columns' Chinese headers (accepted
  by :func:`~tanto_analysis.ledgers.ledger.load_ledger`, like the English
  names) and whose cells carry Excel data validation: a drop-down list for
  choices, villages and ``data_status``; whole numbers ≥ 0 for counts and
  terms; decimals ≥ 0 for amounts (元) and areas (亩); dates from 1950 to 2100;
- a sheet ``说明 columns`` explaining each column in Chinese and English,
  from the :class:`~tanto_analysis.ledgers.fields.Field` declarations.

An existing file is never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError, Problem, display_path
from ..reference.villages import current_town
from . import employment, land, loans
from .fields import DATA_STATUS_FIELD, DATE_YEARS, Field
from .register import VILLAGE_FIELDS

__all__ = ["LEDGER_FIELDS", "VALIDATED_ROWS", "write_templates"]

#: Every ledger's columns (``data_status`` is added to each).
LEDGER_FIELDS: dict[str, tuple[Field, ...]] = {
    "villages": VILLAGE_FIELDS,
    "loans": loans.LOAN_FIELDS,
    "loan_subsidies": loans.SUBSIDY_FIELDS,
    "welfare_posts": employment.POST_FIELDS,
    "job_placements": employment.PLACEMENT_FIELDS,
    "land_contracts": land.CONTRACT_FIELDS,
}
#: Rows (below the header) that carry data validation.
VALIDATED_ROWS = 5000
_KIND_TEXT = {
    "id": ("编号（字母、数字、-、_，不含姓名或身份证号）", "opaque id: letters, digits, - or _; no names or ID numbers"),
    "choice": ("从下拉列表中选择", "one of the listed values"),
    "village": ("本镇{n}个村之一", "one of the town's {n} villages"),
    "int": ("不小于0的整数", "a whole number, 0 or more"),
    "number": ("不小于0的数", "a number, 0 or more"),
    "date": (f"日期，{DATE_YEARS[0]}–{DATE_YEARS[1]}年", f"a date from {DATE_YEARS[0]} to {DATE_YEARS[1]}"),
}


def _kind_text(kind: str) -> tuple[str, str]:
    """What a column of ``kind`` holds, in Chinese and English (the village count is the town's)."""
    zh, en = _KIND_TEXT[kind]
    n = len(current_town().villages)
    return zh.format(n=n), en.format(n=n)


def _validation(field: Field):
    """The Excel data validation of a column, or None for free text (ids)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    zh, en = _kind_text(field.kind)
    values = current_town().villages if field.kind == "village" else field.choices
    if field.kind in ("choice", "village"):
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    elif field.kind == "int":
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    elif field.kind == "number":
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    elif field.kind == "date":
        rule = DataValidation(type="date", operator="between", formula1=f"DATE({DATE_YEARS[0]},1,1)",
                              formula2=f"DATE({DATE_YEARS[1]},12,31)", allow_blank=True)
    else:
        return None
    rule.errorTitle, rule.error = field.zh or field.name, f"{zh} / {en}"
    rule.promptTitle, rule.prompt = field.zh or field.name, (field.en or en)[:255]
    rule.showErrorMessage = rule.showInputMessage = True
    return rule


def _explanation(sheet, fields: tuple[Field, ...]) -> None:
    sheet.append(["表头 header", "列名 column", "其他可用表头 other headers", "填写要求 (zh)", "what to write (en)",
                  "单位 unit", "可选值 allowed values", "说明 meaning"])
    for field in fields:
        zh, en = _kind_text(field.kind)
        values = current_town().villages if field.kind == "village" else field.choices
        sheet.append([field.zh or field.name, field.name, ", ".join(field.aliases), zh, en, field.unit or "",
                      ", ".join(values), field.en])
    for letter, width in zip("ABCDEFGH", (18, 22, 26, 30, 40, 8, 40, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def write_templates(out_dir: str | Path) -> list[Path]:
    """Write ``<out_dir>/<ledger>.xlsx`` for every ledger; return the paths written.

    Raises
    ------
    InputError
        If a file of that name already exists (it is never overwritten) or
        the folder cannot be written.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    out = Path(out_dir)
    targets = {name: out / f"{name}.xlsx" for name in LEDGER_FIELDS}
    existing = [p for p in targets.values() if p.exists()]
    if existing:
        raise InputError([Problem(display_path(p), None, None, "already exists; a template never overwrites a "
                                  "ledger (move it away or choose another folder)") for p in existing])
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(display_path(out), None, None,
                                  f"cannot create the folder: {(exc.strerror or str(exc)).lower()}")]) from None
    written = []
    for name, fields in LEDGER_FIELDS.items():
        columns = (*fields, DATA_STATUS_FIELD)
        book = Workbook()
        sheet = book.active
        sheet.title = "台账"
        sheet.append([f.zh or f.name for f in columns])
        sheet.freeze_panes = "A2"
        for j, field in enumerate(columns, start=1):
            letter = get_column_letter(j)
            sheet.column_dimensions[letter].width = max(12, 2 * len(field.zh or field.name) + 4)
            rule = _validation(field)
            if rule is not None:
                sheet.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        _explanation(book.create_sheet("说明 columns"), columns)
        try:
            book.save(targets[name])
        except OSError as exc:
            raise InputError([Problem(display_path(targets[name]), None, None,
                                      f"cannot write: {(exc.strerror or str(exc)).lower()}")]) from None
        written.append(targets[name])
    return written
