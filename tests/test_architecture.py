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
