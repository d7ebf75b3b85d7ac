"""Benchmark: ``tanto build --all`` (cold, warm no-op) against the fair naive papermill + nbconvert loop.

Not a test (not part of the pytest suite).  A template project (a copy of the
checkout's ``tanto_analysis/``, byte-compiled, ``notebooks/`` and ``data/``
with the SYNTHETIC demo ledgers of ``tanto demo-data``) is made once in a
temporary folder, so the checkout's ``reports/`` are untouched and edits in the
checkout meanwhile change nothing.  Then, for ``--rounds`` rounds, interleaved:

A. in a fresh copy of the template (nothing built yet): ``tanto build --all
   --jobs J`` (cold), then the same command again (the warm no-op build);
B. in another fresh copy, the **fair naive loop**: the same pages as A built
   by hand, ``J`` pages at a time (like the build's worker processes): for a
   year, one ``papermill`` run per yearly notebook (``notebooks/1[0-9]_*``) with
   the parameters the build injected (read from A's executed notebooks), then
   the executed notebooks merged into one notebook and ONE ``jupyter nbconvert
   --to html --no-input`` (one page per year, as the build); the trends
   notebooks (``notebooks/2[0-9]_*``) the same way, once.

Every command is run as ``python -m …`` with ``TANTO_ROOT``/``PYTHONPATH`` set
to the copy.  Wall time is ``time.perf_counter``; CPU time is user + system
time of the finished child processes (``RUSAGE_CHILDREN`` deltas, which count
the kernels and workers the children waited for) plus this script's own (the
merging).  Printed: min/median/max of each, the per-round ratios build/naive,
and the goals (cold build ≤ 0.15× the fair naive loop; no-op ≤ 0.3 s).
Exit status 0 unless a command failed.  Usage::

    .venv/bin/python benchmarks/bench_build.py [--rounds 3] [--jobs N] [--years 2019 2020 ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
COLD_GOAL = 0.15  # cold build / fair naive loop, wall time
NOOP_GOAL_S = 0.3


def project_env(root: Path) -> dict[str, str]:
    """The environment that makes ``python -m tanto_analysis`` use the project copy ``root``."""
    return {**os.environ, "TANTO_ROOT": str(root), "PYTHONPATH": str(root)}


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run ``cmd``; return its stdout, or exit with its stderr tail when it fails."""
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return result.stdout


def make_project(root: Path, years: list[int] | None = None, *, demo: bool = True) -> None:
    """Copy the package, notebooks and data of the checkout to ``root``; write the demo ledgers there.

    The package is a snapshot (run with ``PYTHONPATH=root``) and is byte-compiled
    once, so no timed run pays for compiling it.  With ``years``, the demo
    ledger folders of other years are removed.
    """
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    shutil.copytree(REPO / "tanto_analysis", root / "tanto_analysis", ignore=ignore)
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=ignore)
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("ledgers"))
    shutil.copy2(REPO / "tanto.toml", root / "tanto.toml")  # the project: its town, its disclosure rules
    run([PY, "-m", "compileall", "-q", str(root / "tanto_analysis")], project_env(root), root)
    if not demo:
        return
    run([PY, "-m", "tanto_analysis", "demo-data"], project_env(root), root)
    for folder in (root / "data" / "ledgers" / "demo").iterdir():
        if years and folder.is_dir() and int(folder.name) not in years:
            shutil.rmtree(folder)


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(step, *args) -> tuple[float, float]:
    """``(wall s, CPU s)`` of calling ``step(*args)``."""
    cpu, start = cpu_seconds(), time.perf_counter()
    step(*args)
    return time.perf_counter() - start, cpu_seconds() - cpu


def build_pages(root: Path) -> dict[str, tuple[list[Path], dict]]:
    """The pages a build made in ``root``: name → (its notebooks, the parameters papermill injected)."""
    pages = {}
    for html in sorted((root / "reports" / "html").glob("*.html")):
        if html.stem == "index":
            continue
        pattern = "1[0-9]_*.ipynb" if re.fullmatch(r"\d{4}", html.stem) else "2[0-9]_*.ipynb"
        notebooks = sorted((root / "notebooks").glob(pattern))
        executed = json.loads((root / "reports" / "executed" / html.stem / notebooks[0].name).read_text("utf-8"))
        pages[html.stem] = (notebooks, executed["metadata"]["papermill"]["parameters"])
    return pages


def naive_page(root: Path, name: str, notebooks: list[Path], parameters: dict) -> None:
    """One papermill run per notebook of a page, then the executed notebooks merged and ONE nbconvert."""
    out = root / "naive" / name
    out.mkdir(parents=True)
    env, cells, merged = project_env(root), [], None
    for nb in notebooks:
        executed = out / nb.name
        run([PY, "-m", "papermill", str(root / "notebooks" / nb.name), str(executed), "-y", json.dumps(parameters),
             "-k", "python3", "--cwd", str(root / "notebooks"), "--no-progress-bar", "--no-log-output"], env, root)
        merged = json.loads(executed.read_text("utf-8"))
        cells += merged["cells"]
    merged["cells"] = cells
    page = out / f"{name}.ipynb"
    page.write_text(json.dumps(merged, ensure_ascii=False), "utf-8")
    run([PY, "-m", "jupyter", "nbconvert", "--to", "html", "--no-input", str(page)], env, root)


def naive_loop(root: Path, pages: dict[str, tuple[list[Path], dict]], jobs: int) -> None:
    """Build ``pages`` the fair naive way, ``jobs`` pages at a time."""
    with ThreadPoolExecutor(jobs) as pool:
        for future in [pool.submit(naive_page, root, name, nbs, params) for name, (nbs, params) in pages.items()]:
            future.result()


def spread(values: list[float], fmt: str = "{:7.2f}") -> str:
    """``min / median / max`` of ``values``."""
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def report(times: dict[str, list[tuple[float, float]]], pages: list[str], jobs: int, rounds: int) -> None:
    """Print the measurements, the per-round ratios and the goals."""
    years = [p for p in pages if p.isdigit()]
    print(f"pages: {', '.join(years)}{' + trends' if len(years) < len(pages) else ''}; cores: {os.cpu_count()}; "
          f"--jobs {jobs}; rounds: {rounds} (interleaved, each from a fresh copy)")
    print(f"{'':37}{'wall s: min / median / max':>27}   {'CPU s: min / median / max':>28}")
    labels = {"cold": "tanto build --all, cold", "noop": "tanto build --all, warm no-op",
              "naive": "fair naive loop (papermill+nbconvert)"}
    for key, label in labels.items():
        walls, cpus = [w for w, _ in times[key]], [c for _, c in times[key]]
        print(f"{label:37}{spread(walls)}   {spread(cpus, '{:8.2f}')}")
    wall_ratio = [c[0] / n[0] for c, n in zip(times["cold"], times["naive"], strict=True)]
    cpu_ratio = [c[1] / n[1] for c, n in zip(times["cold"], times["naive"], strict=True)]
    print(f"{'ratio cold build / naive':37}{spread(wall_ratio, '{:6.3f}x')}  {spread(cpu_ratio, '{:7.3f}x')}")
    median_ratio, noop = statistics.median(wall_ratio), [w for w, _ in times["noop"]]
    print(f"goal: cold build <= {COLD_GOAL}x the fair naive loop (wall): measured {median_ratio:.3f}x (median), "
          f"{1 / median_ratio:.1f}x faster")
    print(f"goal: no-op build <= {NOOP_GOAL_S} s: measured {statistics.median(noop):.2f} s (median), "
          f"{min(noop):.2f} s (min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="tanto build --jobs, and pages at a time in the naive loop (default: cores)")
    parser.add_argument("--years", type=int, nargs="*", help="demo years to keep (default: all)")
    args = parser.parse_args()
    times: dict[str, list[tuple[float, float]]] = {"cold": [], "noop": [], "naive": []}
    with tempfile.TemporaryDirectory(prefix="tanto-bench-") as tmp:
        template = Path(tmp) / "template"
        make_project(template, args.years)
        pages: dict[str, tuple[list[Path], dict]] = {}
        build = [PY, "-m", "tanto_analysis", "build", "--all", "--jobs", str(args.jobs)]
        for number in range(1, args.rounds + 1):
            a, b = Path(tmp) / f"a{number}", Path(tmp) / f"b{number}"
            shutil.copytree(template, a, symlinks=True)
            times["cold"].append(measured(run, build, project_env(a), a))
            times["noop"].append(measured(run, build, project_env(a), a))
            pages = pages or build_pages(a)
            shutil.rmtree(a)
            shutil.copytree(template, b, symlinks=True)
            times["naive"].append(measured(naive_loop, b, pages, args.jobs))
            shutil.rmtree(b)
            cold, noop, naive = times["cold"][-1][0], times["noop"][-1][0], times["naive"][-1][0]
            print(f"round {number}: cold build {cold:.2f} s, no-op {noop:.2f} s, naive {naive:.2f} s", flush=True)
    report(times, list(pages), args.jobs, args.rounds)


if __name__ == "__main__":
    main()
