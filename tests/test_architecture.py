"""The package's layout: dependencies point one way, modules stay small (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import tanto_analysis

PACKAGE = Path(tanto_analysis.__file__).parent
#: Stages in data-flow order; a module may import only from its own stage or earlier ones.
STAGES = ("core", "reference", "figures", "ledgers", "analysis", "page", "build", "api", "cli", "__main__")
MAX_LINES = 400


def _stage(parts: tuple[str, ...]) -> int:
    if parts == ("__init__",):  # the package's facade (import tanto_analysis as ta) sits with the API
        return STAGES.index("api")
    return STAGES.index(parts[0]) if parts and parts[0] in STAGES else -1


def _imports(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    here = path.relative_to(PACKAGE).with_suffix("").parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level]
                target = (*base, *(node.module.split(".") if node.module else ()))
                names = [(*target, a.name) for a in node.names] if not node.module else [target]
            elif node.module and node.module.split(".")[0] == "tanto_analysis":
                names = [tuple(node.module.split(".")[1:])]
            else:
                continue
            found += [(node.lineno, n) for n in names]
    return found


def test_dependencies_point_one_way():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = path.relative_to(PACKAGE).with_suffix("").parts
        for line, target in _imports(path):
            if _stage(target) > _stage(here):
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {'.'.join(target)}")
    assert upward == []


def test_every_module_is_a_few_hundred_lines_at_most():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_subpackage_says_what_stage_it_is():
    for init in PACKAGE.glob("*/__init__.py"):
        assert (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").strip(), init


def _place_names() -> list[str]:
    """The demo project's town, county and villages, in every spelling (the names no module may hold)."""
    import csv
    import tomllib

    root = PACKAGE.parent
    project = tomllib.loads((root / "tanto.toml").read_text(encoding="utf-8"))["project"]
    names = [project["town"], project["town"][:-1], project["county"], project["county"][:-1],
             project["town_en"].split()[0], project["county_en"].split()[0]]
    with open(root / "data" / "reference" / "villages.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["note"].startswith("placeholder"):
                continue  # 村A–村E are labels, not names
            names += [row["village"], *[f for f in (row["short_form"], *row["aliases"].split("|")) if f]]
    return sorted(set(names), key=len, reverse=True)


def test_no_module_names_a_town_or_a_village():
    """The town is data (tanto.toml, data/reference/villages.csv): the package names none, in code or examples."""
    import re

    names = _place_names()
    assert "潭头镇" in names and "纸房" in names  # the check reads the demo project's names
    pattern = re.compile("|".join(map(re.escape, names)), re.IGNORECASE)
    found = [f"{path.relative_to(PACKAGE)}:{n}: {m.group(0)}"
             for path in sorted(PACKAGE.rglob("*")) if path.suffix in {".py", ".j2", ".css", ".csv", ".json", ".ipynb", ".md"}
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for m in pattern.finditer(line)]
    assert found == []
