"""A tiny project for build tests: two fast notebooks and one small synthetic ledger for 2020."""

from __future__ import annotations

from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
PARAMS = 'year = 2022\ndata_dir = "../data"\nledger_dir = "../data/ledgers/demo"\noutput_dir = "../reports"\nlang = "zh"'
OLD_PAGE = "GOOD OLD PAGE"


def write_notebook(path: Path, *cells: str, before: tuple[str, ...] = ()) -> None:
    """A notebook: a heading, the code cells ``before``, the ``parameters`` cell, then ``cells``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = ([nbformat.v4.new_markdown_cell(f"# {path.stem}")] + [nbformat.v4.new_code_cell(c) for c in before]
                + [params] + [nbformat.v4.new_code_cell(c) for c in cells])
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    nbformat.write(nb, path)


def write_settings(root: Path) -> None:
    """A ``tanto.toml`` naming a made-up town (甲镇), so the tree is a project."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "tanto.toml").write_text('[project]\ntown = "甲镇"\ncounty = "乙县"\n', encoding="utf-8")


def make_tiny_project(root: Path, *, sleep: float = 0.0) -> Path:
    """Two notebooks reading ``<ledger_dir>/<year>/loans_synthetic.csv``; the first sleeps ``sleep`` s."""
    write_settings(root)
    (root / "notebooks").mkdir(parents=True)
    write_notebook(root / "notebooks" / "10_first.ipynb",
                   f"import time\ntime.sleep({sleep})",
                   "from IPython.display import Markdown, display\n"
                   "rows = open(f'{ledger_dir}/{year}/loans_synthetic.csv', encoding='utf-8').read().splitlines()\n"
                   "display(Markdown(f'{year}: {len(rows) - 1} rows from {ledger_dir}'))")
    # Markdown, not print: on a page whose year has ledgers, printed text is refused (docs/disclosure.md)
    write_notebook(root / "notebooks" / "11_second.ipynb",
                   "from IPython.display import Markdown, display\ndisplay(Markdown(f'second done {year}'))")
    folder = root / "data" / "ledgers" / "demo" / "2020"
    folder.mkdir(parents=True)
    (folder / "loans_synthetic.csv").write_text("a\n1\n1\n", encoding="utf-8")
    html = root / "reports" / "html" / "2020.html"
    html.parent.mkdir(parents=True)
    html.write_text(OLD_PAGE, encoding="utf-8")
    return root
