"""Benchmark: the CPU one more year adds to ``tanto build``, against the bare import of pandas, seaborn, statsmodels.

Not a test (not part of the pytest suite).  In a temporary copy of the project
with the SYNTHETIC demo ledgers (``bench_build.make_project``), for
``--rounds`` interleaved rounds: ``tanto build --year 2022 --force --jobs 1``
(the 2022 page and the trends page), the same with ``--year 2023`` added,
and ``python -c "import pandas, seaborn, statsmodels.api"``.  One more year
is the difference of the two builds' CPU (user + system of the finished
child processes, kernels included).  Printed: each round's numbers and ratio,
and the ratio of the medians, beside the goal (≤ 1.5×).  Usage::

    .venv/bin/python benchmarks/bench_year.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench_build import PY, make_project, project_env

GOAL = 1.5


def children_cpu(cmd: list[str], root: Path) -> float:
    """User + system CPU seconds of running ``cmd`` in the project copy ``root`` (with its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=project_env(root), cwd=root, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    build = [PY, "-m", "tanto_analysis", "build", "--force", "--jobs", "1", "--year", "2022"]
    with tempfile.TemporaryDirectory(prefix="tanto-bench-year-") as tmp:
        root = Path(tmp) / "project"
        make_project(root, [2022, 2023])
        one, two, bare = [], [], []
        for round_ in range(1, args.rounds + 1):
            one.append(children_cpu(build, root))
            two.append(children_cpu([*build, "--year", "2023"], root))
            bare.append(children_cpu([PY, "-c", "import pandas, seaborn, statsmodels.api"], root))
            extra = two[-1] - one[-1]
            print(f"round {round_}: one year {one[-1]:.2f} s, two years {two[-1]:.2f} s, "
                  f"one more year {extra:.2f} s, bare import {bare[-1]:.2f} s: {extra / bare[-1]:.2f}x", flush=True)
    extras = [b - a for a, b in zip(one, two, strict=True)]
    ratios = [e / b for e, b in zip(extras, bare, strict=True)]
    median = statistics.median(extras) / statistics.median(bare)
    print(f"one more year: {statistics.median(extras):.2f} s CPU (median); bare import "
          f"{statistics.median(bare):.2f} s; ratio of the medians {median:.2f}x, by round "
          f"{min(ratios):.2f}x to {max(ratios):.2f}x (goal <= {GOAL}x)")


if __name__ == "__main__":
    main()
