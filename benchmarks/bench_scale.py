"""Benchmark: ``tanto reconcile`` and ``tanto build`` on large (1M, 10M rows) SYNTHETIC ledgers.

Not a test (not part of the pytest suite).  The data is SYNTHETIC: the 2022
demo ledgers of ``tanto demo-data`` repeated.  For each ``--rows`` size, the
loans and the job-placement ledgers get that many rows: the demo rows over
and over, each repeat after the first with fresh ids (suffix ``-r<repeat>``:
``loan_id`` and ``household_id`` of loans; ``placement_id``, ``person_id`` and
``household_id`` of placements, so a repeat is no duplicate row either) and
every other column, ``data_status`` = synthetic included, unchanged.  They
are written streaming (a block of text per repeat, never a table in memory)
to ``<tmp>/ledgers/2022/``, beside the other 2022 demo ledgers copied
unchanged (the subsidies name the first repeat's loan ids).

Then each command is timed in a fresh subprocess of a project copy (as in
``bench_build.py``), cold and then warm (a ledger cache may exist after the
first run): ``tanto reconcile --year 2022 --ledgers <tmp>/ledgers`` and
``tanto build --year 2022 --ledgers <tmp>/ledgers --force``.  Printed: wall
time and peak memory (the largest resident set of any process of the
command's tree, from ``os.wait4``; the kernels of a build are separate
processes, so their sizes are not added up), beside the targets: reconcile on
10M rows ≤ 10 s and ≤ 2 GB, cold ≤ 1.6× the floor; build on 10M rows ≤ 30 s.  The floor, timed first in
the same run, is what any cold reconcile must do (:data:`FLOOR`): hash each scaled ledger, parse every cell
as text with DuckDB and run the three hash aggregations the checks need, in a process of its own.  Reconcile exits 1 when
ledger figures differ from the published ones, as they do at scale: exit
codes 0 and 1 count as "ran".  Exit status 0 unless a command failed.  Usage::

    .venv/bin/python benchmarks/bench_scale.py [--rows 1000000 10000000] [--build-max-rows N | --skip-build]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_build import PY, make_project, project_env, run

YEAR = "2022"
SCALED = {"loans_synthetic.csv": ("loan_id", "household_id"),
          "job_placements_synthetic.csv": ("placement_id", "person_id", "household_id")}
MARK = "\x1f"  # stands for the repeat suffix in the text of one repeat; needs no CSV quoting
TARGETS = {"reconcile": "target on 10M rows: <= 10 s, <= 2 GB, cold <= 1.6x the floor", "build": "target on 10M rows: <= 30 s"}


def repeat_block(source: Path, id_columns: tuple[str, ...]) -> tuple[bytes, list[str]]:
    """``(header line, the data lines)`` of ``source`` with ``MARK`` after each id of ``id_columns``."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    marked = [header.index(c) for c in id_columns]
    lines = []
    for row in data:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([v + MARK if i in marked else v for i, v in enumerate(row)])
        lines.append(out.getvalue())
    return (",".join(header) + "\n").encode("utf-8"), lines


def write_scaled(source: Path, target: Path, rows: int, id_columns: tuple[str, ...]) -> None:
    """Write ``rows`` rows to ``target``: the rows of ``source`` repeated, with fresh ids after the first repeat."""
    header, lines = repeat_block(source, id_columns)
    block = "".join(lines)
    with target.open("wb", buffering=1 << 20) as out:
        out.write(header)
        repeat, left = 0, rows
        while left > 0:
            text = block if left >= len(lines) else "".join(lines[:left])
            out.write(text.replace(MARK, f"-r{repeat}" if repeat else "").encode("utf-8"))
            left -= len(lines)
            repeat += 1


def make_ledgers(demo_year: Path, folder: Path, rows: int) -> int:
    """The 2022 ledger folder ``folder`` with ``rows``-row scaled ledgers; return its size in bytes."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for source in sorted(demo_year.glob("*.csv")):
        if source.name in SCALED:
            write_scaled(source, folder / source.name, rows, SCALED[source.name])
        else:
            shutil.copy2(source, folder / source.name)
    return sum(p.stat().st_size for p in folder.iterdir())


def bytes_needed(demo_year: Path, rows: int) -> int:
    """Estimated size in bytes of the scaled ledgers of ``rows`` rows (from the demo's line lengths)."""
    total = 0
    for name, id_columns in SCALED.items():
        lines = (demo_year / name).read_bytes().splitlines()[1:]
        suffix = len(f"-r{rows // len(lines)}") * len(id_columns)
        total += rows * (sum(map(len, lines)) // len(lines) + suffix + 1)  # + the newline
    return total


#: The floor of a cold reconcile, run as a process of its own: for each scaled ledger, its SHA-256, DuckDB's
#: parse of every cell as text, and the three hash aggregations its checks need (the ids' distinct count, the
#: distinct cells of every column but the ids, the groups of rows equal but for their unique id).
FLOOR = """
import hashlib, os, sys, duckdb
for path, ids in zip(sys.argv[1::2], sys.argv[2::2]):
    ids = ids.split(",")
    with open(path, "rb") as f:
        hashlib.file_digest(f, "sha256")
    con = duckdb.connect(config={"threads": os.cpu_count() or 1, "memory_limit": "1GB"})
    con.execute("CREATE TABLE c AS SELECT * FROM read_csv(?, all_varchar = true, header = true)", [path])
    names = [n for (n,) in con.execute("SELECT column_name FROM (DESCRIBE c)").fetchall()]
    others = [n for n in names if n not in ids]
    con.execute(f"SELECT count(DISTINCT {ids[0]}) FROM c").fetchall()
    con.execute(f"SELECT {', '.join(others)}, count(*) FROM c GROUP BY GROUPING SETS "
                f"({', '.join(f'({o})' for o in others)})").fetchall()
    key = ", ".join(n for n in names if n != ids[0])
    con.execute(f"SELECT count(*) FROM (SELECT {key} FROM c GROUP BY {key} HAVING count(*) > 1)").fetchall()
"""


def timed(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float, memory_gb: float):
    """``(exit code, wall s, peak RSS in bytes, stderr tail)`` of ``cmd`` run in a process group of its own.

    ``memory_gb`` caps each process's address space (``RLIMIT_AS``) so a runaway
    run fails instead of exhausting a shared machine; 0 for no cap.
    """
    def limits() -> None:
        if memory_gb:
            cap = int(memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    def kill() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True, preexec_fn=limits)
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-2000:]
    return proc.returncode, wall, usage.ru_maxrss * 1024, tail  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000],
                        help="rows of the loans and placements ledgers (default 1000000 10000000)")
    parser.add_argument("--build-max-rows", type=int, default=None,
                        help="time the build only on sizes up to this many rows (default: every size)")
    parser.add_argument("--skip-build", action="store_true", help="time reconcile only")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a command is killed")
    parser.add_argument("--memory-gb", type=float, default=8, help="address-space cap per process (0: none)")
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the temporary files (default: system)")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="tanto-scale-", dir=args.tmp) as tmp:
        project, ledgers, demo = Path(tmp) / "project", Path(tmp) / "ledgers", Path(tmp) / "demo"
        make_project(project, demo=False)
        env = project_env(project)
        run([PY, "-m", "tanto_analysis", "demo-data", "--out", str(demo)], env, project)
        free, needed = shutil.disk_usage(tmp).free, bytes_needed(demo / YEAR, max(args.rows))
        print(f"disk: {free / 1e9:.1f} GB free in {tmp}, the largest ledgers need about {needed / 1e9:.2f} GB")
        if needed > free:
            sys.exit(f"not enough disk space for {max(args.rows):,} rows; choose --tmp or fewer --rows")
        print(f"cores: {os.cpu_count()}; data: SYNTHETIC (the {YEAR} demo ledgers repeated)")
        for rows in args.rows:
            start = time.perf_counter()
            size = make_ledgers(demo / YEAR, ledgers / YEAR, rows)
            print(f"\n{rows:,} rows each of loans and placements: {size / 1e6:.0f} MB written in "
                  f"{time.perf_counter() - start:.1f} s")
            commands = {"reconcile": ["reconcile", "--year", YEAR, "--ledgers", str(ledgers)]}
            if not args.skip_build and (args.build_max_rows is None or rows <= args.build_max_rows):
                commands["build"] = ["build", "--year", YEAR, "--ledgers", str(ledgers), "--force"]
            floor_args = [a for n, ids in SCALED.items() for a in (str(ledgers / YEAR / n), ",".join(ids))]
            code, floor, floor_peak, tail = timed([PY, "-c", FLOOR, *floor_args], env, project, args.timeout,
                                                  args.memory_gb)
            print(f"  floor          : {floor:8.2f} s  peak {floor_peak / 2**30:6.2f} GB  exit {code}  (SHA-256, "
                  "DuckDB's parse as text and three hash aggregations of each scaled ledger)", flush=True)
            failed = failed or code != 0
            for name, cli in commands.items():
                for run_kind in ("cold", "warm"):
                    code, wall, peak, tail = timed([PY, "-m", "tanto_analysis", *cli], env, project,
                                                   args.timeout, args.memory_gb)
                    ran = code in (0, 1) if name == "reconcile" else code == 0
                    print(f"  {name:9} {run_kind}: {wall:8.2f} s  peak {peak / 2**30:6.2f} GB  exit {code}"
                          f"{'' if ran else ' FAILED'}  {wall / floor:5.2f}x the floor  ({TARGETS[name]})",
                          flush=True)
                    if not ran:
                        failed = True
                        print("    " + tail.strip().replace("\n", "\n    "))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
