"""The package's layout: dependencies point one way, modules stay small (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
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


#: The command line: the one place that prints, imports click or rich.
CLI = ("cli", "__main__")


def _below_the_cli() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0].removesuffix(".py") not in CLI]


def _terminal_output(source: str) -> list[str]:
    """Where ``source`` imports click or rich or calls ``print``: ``"<line> imports <module>"``, ``"<line> calls print"``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                   else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        found += [f"{node.lineno} imports {m}" for m in modules if m.split(".")[0] in {"click", "rich"}]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            found.append(f"{node.lineno} calls print")
    return sorted(found)


def test_only_the_cli_prints_or_imports_click_or_rich():
    """Library stages return values and raise errors; the CLI turns them into text on stdout and stderr."""
    found = [f"{path.relative_to(PACKAGE)}:{line}" for path in _below_the_cli()
             for line in _terminal_output(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_checks_below_the_cli_see_what_they_look_for():
    """The check above finds a print, a click or rich import when there is one, and skips only the CLI."""
    assert [p for p in _below_the_cli() if p.name == "cli.py" or "cli" in p.relative_to(PACKAGE).parts] == []
    assert PACKAGE / "build" / "pipeline.py" in _below_the_cli()
    sample = ("import rich.table\nfrom click import echo\nimport clicker\nfrom .click import x\n"
              "def f():\n    print(1)\n    console.print(2)\n")
    assert _terminal_output(sample) == ["1 imports rich.table", "2 imports click", "6 calls print"]


#: f-strings that write HTML: each must be found (one a line).
_HTML_WRITTEN = """\
x = f"<p>{1}</p>"
y = f'<b>{x}'
z = f'<td class="n">{y}'
w = f"{z}</TD>"
v = f"<br/>{w}"
u = f"<!--{v}-->"
t = (f"{u}"
     f"<li>{t}")
"""
#: f-strings that name a tag or hold "<…>" without writing HTML, as the package's messages and regexes do.
_HTML_MENTIONED = """\
a = f"--ledgers expects e.g. {a}/<year>/loans.csv"
b = f"{b} holds no <year>/ folder"
c = f"the page's Content-Security-Policy <meta> comes after <{c}>, so it is ignored"
d = rf"^(?P<num>{d})[、](?P<title>[^\\n]*)"
e = f"<Ledger {e}: {len(e)} rows>"
f = f"{f} must be a non-empty tuple of terms < 3 and > 1"
g = f"no <table> element in {g}"
h = "<p>plain text, not an f-string</p>"
"""


def test_the_html_check_tells_written_html_from_a_mention():
    assert _html_f_strings(_HTML_WRITTEN) == [1, 2, 3, 4, 5, 6, 7]
    assert _html_f_strings(_HTML_MENTIONED) == []


#: The elements of HTML (WHATWG living standard, with the common obsolete ones).
_HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption center cite code
col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form
h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta
meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search
section select slot small source span strong style sub summary sup svg table tbody td template textarea tfoot th
thead time title tr track u ul var video wbr
""".split())
#: A tag as it appears in an f-string's text, each ``{…}`` replacement field written ``{}``.
_TAG = re.compile(r"<(?P<end>/)?(?P<name>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>\s+[a-zA-Z-]+=)?\s*/?>?")
#: Regex named groups and lookbehinds (``(?P<name>``, ``(?<=``) are not tags.
_REGEX_GROUP = re.compile(r"\(\?P?<[a-zA-Z_]\w*>|\(\?<[=!]")


def _writes_html(text: str) -> bool:
    """Whether ``text`` (an f-string's, fields as ``{}``) writes HTML rather than mentions a tag.

    An element of HTML written as markup: an end tag (``</td>``), a start tag
    with an attribute (``<td class=``), a start tag where markup starts or
    meets a replacement field (``<b>{}``, ``{}<br/>``), or a comment
    (``<!--``).  A tag named inside a sentence (``the <meta> comes after``)
    and ``<year>`` or ``<Ledger …>`` (not elements of HTML) are mentions.
    """
    text = _REGEX_GROUP.sub("", text)
    if "<!--" in text:
        return True
    for tag in _TAG.finditer(text):
        if tag["name"].lower() not in _HTML_ELEMENTS:
            continue
        if tag["end"] or tag["attrs"]:
            return True
        before, after = text[:tag.start()].rstrip(" "), text[tag.end():]
        if tag.group(0).endswith(">") and (not before or before.endswith(("{}", ">")) or after.startswith(("{}", "<"))
                                           or not after):
            return True
    return False


def _html_f_strings(source: str) -> list[int]:
    """Lines of ``source`` with an f-string that writes HTML (:func:`_writes_html`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if _writes_html(text):
                lines.append(node.lineno)
    return sorted(lines)


def test_html_is_written_in_templates_not_in_f_strings():
    """Every HTML fragment comes from a Jinja2 template with autoescape (``page/templates``, ``build/templates``)."""
    found = [f"{path.relative_to(PACKAGE)}:{line}" for path in _below_the_cli()
             for line in _html_f_strings(path.read_text(encoding="utf-8"))]
    assert found == []


#: Global state other libraries keep (printed as JSON by the probes below).
_STATE = r'''
import copy, json, logging, sys, warnings
import matplotlib, matplotlib.colors, numpy as np, pandas as pd

def state():
    loggers = [("", logging.root)] + sorted(logging.root.manager.loggerDict.items())
    return {
        "rcParams": {k: repr(v) for k, v in matplotlib.rcParams.copy().items()},
        "colours": {k: repr(v) for k, v in matplotlib.colors.get_named_colors_mapping().items()},
        "blocked_modules": sorted(k for k, v in sys.modules.items() if v is None),
        "warnings": [repr(f) for f in warnings.filters],
        "pandas_options": repr(copy.deepcopy(pd._config.config._global_config)),
        "numpy": repr((np.get_printoptions(), np.geterr())),
        "logging": [f"{name}={lg.level} {lg.handlers}" for name, lg in loggers
                    if isinstance(lg, logging.Logger) and (lg.level or lg.handlers)],
    }

def changes(before, after):
    """What differs; a key or a warnings filter or logger setting a library adds when imported is listed."""
    found = {}
    for part, old in before.items():
        new = after[part]
        if isinstance(old, dict):  # a key added by a library imported since (a colour) is no change
            diff = {k: [v, new.get(k)] for k, v in old.items() if new.get(k) != v}
        else:
            diff = [x for x in old if x not in new] + [x for x in new if x not in old]
        if diff:
            found[part] = diff
    return found

before = state()
modules = set(sys.modules)
'''

#: The analyst's session: ``import tanto_analysis as ta``, ``ta.year()`` and the page's sections, drawn
#: without ``setup_plotting``; then whether seaborn's cluster map and KDE work.
_ANALYST = _STATE + r'''
import tanto_analysis as ta
from tanto_analysis.page import audit_sections, domain_sections, trend_sections
ta.years()
y = ta.year(2022)
from tanto_analysis.page import charts
for frame, category, value in ((domain_sections.posts_by_type(y), "post_type", "value"),
                               (y.by_village("loans").reset_index(), "village", "amount_yuan")):
    charts.chart_html(charts.bar_chart(frame, category, value, title="t", value_label="元", synthetic=y.synthetic))
amounts = domain_sections.loan_amounts(y)
charts.chart_html(charts.histogram(amounts["amount_yuan"], counts=amounts["households"], title="t",
                                   value_label="元", count_label="户", synthetic=y.synthetic))
domain_sections.reconciliation_table(y, domain_sections.reconciliation(y), "t")
y.values(y.domain_indicators("loans"))
audit_sections.audit_section(2022)._repr_html_()
audit_sections.progress_section(2022)._repr_html_()
panel = trend_sections.load_ledger_panel(2019, 2024)
trend_sections.town_trends_section(panel, "loan_subsidy", "zh", [2025])._repr_html_()
trend_sections.village_panel_section(panel, "loan_subsidy", "zh")._repr_html_()
changed = changes(before, state())
imported = [m for m, v in sys.modules.items() if m not in modules and v is not None
            and not m.startswith(("tanto_analysis", "__main__"))]
import seaborn, seaborn.matrix, seaborn._statistics
print(json.dumps({
    "changed": changed,
    "imported": imported,
    "seaborn_without_scipy": [m.__name__ for m in (seaborn.matrix, seaborn._statistics)
                              if getattr(m, "_no_scipy", False)],
    "build_modules": [m for m in ("nbformat", "jsonschema", "papermill", "tanto_analysis.build.render",
                                  "tanto_analysis.build.output_check") if m in sys.modules],
}, default=str))
import scipy.cluster
seaborn.clustermap(pd.DataFrame(np.arange(12.0).reshape(4, 3) % 5))
seaborn.kdeplot(x=[1.0, 2.0, 2.5, 4.0])
print("clustermap and kde drawn")
'''

#: The same libraries imported by hand, in the same order: what they change themselves when imported.
_CONTROL = _STATE + r'''
import importlib
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception:
        pass
print(json.dumps(changes(before, state()), default=str))
'''


def _probe(code: str, *args: str, root) -> str:
    import os
    import subprocess
    import sys

    env = {**os.environ, "TANTO_ROOT": str(root), "MPLBACKEND": "agg", "PYTHONPATH": str(PACKAGE.parent)}
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=root,
                         env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


def test_importing_the_package_and_drawing_a_year_leave_other_libraries_as_they_were(tmp_path, demo_ledgers):
    """``import tanto_analysis``, ``ta.year()`` and the sections change no global state of other libraries.

    Nothing of matplotlib's rcParams or colours, seaborn's view of scipy (it
    caches, once, whether scipy could be imported), blocked modules,
    warnings filters, pandas or numpy options, or logging changes beyond
    what the libraries used change themselves when imported (the control:
    the same modules imported by hand); no build module is imported
    (nbformat, imported without jsonschema's IRI checker, is the build's); and ``seaborn.clustermap``
    works afterwards.  The charts are drawn in the page style without
    ``setup_plotting`` being called.
    """
    import json

    from .conftest import make_project

    root = make_project(tmp_path, demo_ledgers, years=tuple(range(2019, 2025)), notebooks="[12][0-9]")
    *_, report, drawn = _probe(_ANALYST, root=root).strip().splitlines()
    found = json.loads(report)
    imported = found.pop("imported")
    by_themselves = json.loads(_probe(_CONTROL, json.dumps(imported), root=root).strip().splitlines()[-1])
    for part, diff in list(found["changed"].items()):
        if part in ("warnings", "logging"):
            found["changed"][part] = [x for x in diff if x not in by_themselves.get(part, [])] or None
    found["changed"] = {k: v for k, v in found["changed"].items() if v}
    assert found == {"changed": {}, "seaborn_without_scipy": [], "build_modules": []}
    assert drawn == "clustermap and kde drawn"
