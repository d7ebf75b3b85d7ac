"""Benchmark: ``tanto build --all`` (cold, warm no-op) against the naive papermill + nbconvert loop.

Not a test.  Copies the project's notebooks and data into a temporary folder
(so the checkout's reports/ are untouched), writes the demo ledgers, then times

1. ``tanto build --all`` from a clean reports/ (cold);
2. ``tanto build --all`` again (warm: nothing changed, nothing executed);
3. the naive loop: for every year and every yearly notebook, the
   ``papermill`` CLI, then ``jupyter nbconvert --to html`` on each executed
   notebook (one HTML file per notebook, no incremental build);

and prints the times and the ratios.  Usage::

    .venv/bin/python benchmarks/bench_build.py [--years 2019 2020 ...] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def make_project(root: Path, years: list[int] | None) -> list[int]:
    # a snapshot of the package too (run with PYTHONPATH=root), so edits in the checkout meanwhile
    # do not change the library fingerprint between the cold and the warm build
    shutil.copytree(REPO / "tanto_analysis", root / "tanto_analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name in ("published", "sources", "reference"):
        shutil.copytree(REPO / "data" / name, root / "data" / name)
    env = {**os.environ, "TANTO_ROOT": str(root), "PYTHONPATH": str(root)}
    subprocess.run([str(BIN / "tanto"), "demo-data"], env=env, check=True, capture_output=True)
    demo = root / "data" / "ledgers" / "demo"
    available = sorted(int(p.name) for p in demo.iterdir() if p.is_dir())
    for year in available:
        if years and year not in years:
            shutil.rmtree(demo / str(year))
    return [y for y in available if not years or y in years]


def timed(cmd: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return elapsed


def naive_loop(root: Path, years: list[int], env: dict) -> float:
    notebooks = sorted((root / "notebooks").glob("1[0-9]_*.ipynb"))
    out = root / "naive"
    start = time.perf_counter()
    for year in years:
        for nb in notebooks:
            executed = out / str(year) / nb.name
            executed.parent.mkdir(parents=True, exist_ok=True)
            timed([str(BIN / "papermill"), str(nb), str(executed), "-p", "year", str(year),
                   "--cwd", str(root / "notebooks"), "--no-progress-bar"], env, root)
            timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env, root)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="*", help="years to build (default: all demo years)")
    parser.add_argument("--jobs", type=int, default=None, help="tanto build --jobs (default: cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tanto-bench-") as tmp:
        root = Path(tmp)
        years = make_project(root, args.years)
        env = {**os.environ, "TANTO_ROOT": str(root), "PYTHONPATH": str(root)}
        build = [str(BIN / "tanto"), "build", "--all"] + (["--jobs", str(args.jobs)] if args.jobs else [])
        cold = timed(build, env, root)
        warm = timed(build, env, root)
        naive = naive_loop(root, years, env)
        print(f"years: {', '.join(map(str, years))}; cores: {os.cpu_count()}")
        print(f"tanto build --all, cold:        {cold:8.2f} s")
        print(f"tanto build --all, warm no-op:  {warm:8.2f} s")
        print(f"naive papermill + nbconvert:    {naive:8.2f} s")
        print(f"ratio naive / cold:             {naive / cold:8.2f}x")
        print(f"ratio naive / warm:             {naive / warm:8.1f}x")


if __name__ == "__main__":
    main()
