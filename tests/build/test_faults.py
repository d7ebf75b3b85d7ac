"""Fault injection for ``tanto build``: kill, read-only output, full disk, concurrent builds.

Each fault must give one line naming the file or the cause, a non-zero exit,
the old pages intact, nothing half-written and no process left behind.  The
builds run as ``python -m tanto_analysis build`` in a child process on a tiny
project whose first notebook sleeps, so a signal always finds a kernel running.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from tanto_analysis.build import execute, fingerprint, guard, kernels, pipeline
from tanto_analysis.core.errors import BuildError
from tests.build.tiny_project import OLD_PAGE, REPO, make_tiny_project


def start_build(root: Path, *args: str) -> subprocess.Popen:
    """``python -m tanto_analysis build --year 2020 --force ARGS`` on ``root``, in a session of its own."""
    env = {**os.environ, "TANTO_ROOT": str(root), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "tanto_analysis", "build", "--year", "2020", "--force", *args],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def processes_of(root: Path) -> dict[int, str]:
    """Live processes started for the build of ``root`` (their environment names it): pid → command line.

    A process re-parented to PID 1 keeps its environment, so this finds what
    a dead build left behind; zombies (state Z) are dead and not counted.
    """
    marker = f"TANTO_ROOT={root}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            if stat[stat.rindex(")") + 2] == "Z" or marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue
    return found


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def kernel_running(root: Path) -> bool:
    return any("ipykernel" in cmd for cmd in processes_of(root).values())


def socket_dirs() -> set[Path]:
    """The kernels' private socket directories (build/kernels.py) in the temporary folder."""
    return set(Path(tempfile.gettempdir()).glob("tanto-kernel-*-*"))


def leftovers(root: Path) -> list[str]:
    """Temporary files of interrupted writes anywhere under reports/."""
    return sorted(p.relative_to(root).as_posix() for p in (root / "reports").rglob("*.tmp*"))


pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")


@pytest.mark.slow  # builds in a child process with real kernels
@pytest.mark.parametrize("workers", [False, True], ids=["in-process", "workers"])
@pytest.mark.parametrize(("how", "code"), [("SIGTERM", 143), ("Ctrl-C", 130), ("SIGKILL", -9)])
def test_a_stopped_build_leaves_no_process_and_the_old_page(tmp_path: Path, how: str, code: int,
                                                            workers: bool) -> None:
    root = make_tiny_project(tmp_path / "project", sleep=120)
    before = socket_dirs()
    if workers:  # two pages, two at a time: a pool of worker processes
        shutil.copytree(root / "data" / "ledgers" / "demo" / "2020", root / "data" / "ledgers" / "demo" / "2021")
    build = start_build(root, *(("--year", "2021", "--jobs", "2") if workers else ("--jobs", "1")))
    try:
        wait_for(lambda: kernel_running(root), 60, "the kernel to start")
        # the build and the kernel; with workers, at least one worker too (and the resource tracker)
        assert len(processes_of(root)) >= (3 if workers else 2)
        assert any("multiprocessing" in cmd for cmd in processes_of(root).values()) == workers
        if how == "Ctrl-C":  # the terminal sends SIGINT to the foreground process group
            os.killpg(build.pid, signal.SIGINT)
        else:
            build.send_signal(getattr(signal, how))
        _, stderr = build.communicate(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == code
    if how != "SIGKILL":
        name = "Ctrl-C (SIGINT)" if how == "Ctrl-C" else how
        assert stderr.strip().splitlines()[-1] == (
            f"tanto build: stopped by {name}: the workers and kernels were stopped; "
            "pages not finished keep their old version")
        assert "Traceback" not in stderr and "exception was never retrieved" not in stderr
    remaining = {}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        remaining = processes_of(root)
        if not remaining:
            break
        time.sleep(0.1)
    assert remaining == {}
    # the kernels' private socket directories: removed, or (SIGKILL) removed by the next build
    stale = sorted(p for p in socket_dirs() - before if not kernels._running(int(p.name.split("-")[2])))
    assert [p.name.split("-")[2] for p in stale] == ([str(build.pid)] if how == "SIGKILL" and not workers else [])
    assert [p for p in kernels.remove_stale_socket_dirs() if p in stale] == stale
    assert not any(p.exists() for p in stale)
    assert (root / "reports" / "html" / "2020.html").read_text(encoding="utf-8") == OLD_PAGE
    assert not (root / "reports" / "html" / "2021.html").exists()
    assert leftovers(root) == []


@pytest.mark.slow  # builds in a child process with real kernels
def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path / "project", sleep=3)
    first = start_build(root, "--jobs", "1")
    try:
        wait_for(lambda: kernel_running(root), 60, "the first build's kernel")
        second = start_build(root, "--jobs", "1")
        out2, err2 = second.communicate(timeout=120)
        out1, err1 = first.communicate(timeout=120)
    finally:
        for build in (first, locals().get("second")):
            if build is not None and build.poll() is None:
                build.kill()
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    assert (f"tanto build: another build of this tree is running (pid {first.pid}, reports/.lock); "
            "waiting for it to finish") in err2
    assert "waiting" not in err1 and "Error" not in err1 + err2
    assert "2020: built reports/html/2020.html" in out1 and "2020: built reports/html/2020.html" in out2
    assert "second done 2020" in (root / "reports" / "html" / "2020.html").read_text(encoding="utf-8")
    assert leftovers(root) == [] and processes_of(root) == {}


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch) -> Path:
    root = make_tiny_project(tmp_path / "project")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    return root


def refuse(failing: str, code: int, real):
    """A writer failing with ``code`` for paths ending in ``failing``, as a full disk or read-only folder does."""
    def write(path, text):
        if str(path).endswith(failing):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, text)
    return write


@pytest.mark.slow  # builds in a child process with real kernels
def test_read_only_cache_is_one_line_and_keeps_the_old_record(tiny: Path, monkeypatch) -> None:
    cache = tiny / "reports" / ".cache" / "build-zh.json"
    cache.parent.mkdir(parents=True)
    cache.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint, "atomic_write_text", refuse("build-zh.json", errno.EROFS,
                                                                 fingerprint.atomic_write_text))
    with pytest.raises(BuildError) as excinfo:
        pipeline.run_build(years=[2020], all_years=False, jobs=1, force=True, lang="zh")
    assert str(excinfo.value) == "cannot write reports/.cache/build-zh.json: Read-only file system"
    assert cache.read_text(encoding="utf-8") == "{}\n"


def test_read_only_reports_refuses_before_building(tiny: Path, monkeypatch) -> None:
    def read_only(path, flags, mode=0o777):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(guard.os, "open", read_only)
    with pytest.raises(BuildError) as excinfo:
        pipeline.run_build(years=[2020], all_years=False, jobs=1, force=True, lang="zh")
    assert str(excinfo.value) == "cannot write reports/.lock: Read-only file system; nothing was built"
    assert (tiny / "reports" / "html" / "2020.html").read_text(encoding="utf-8") == OLD_PAGE


@pytest.mark.parametrize(("failing", "shown"), [
    ("2020.html", "reports/html/2020.html"),
    ("11_second.ipynb", "reports/executed/2020/11_second.ipynb"),
])
def test_full_disk_fails_the_page_in_one_line(tiny: Path, monkeypatch, failing: str, shown: str) -> None:
    monkeypatch.setattr(execute, "atomic_write_text", refuse(failing, errno.ENOSPC, execute.atomic_write_text))
    page = pipeline.plan_pages([2020], with_trends=False, lang="zh")[0]
    result = pipeline.build_page(page)
    assert not result.ok
    assert result.error == f"2020: cannot write {shown}: No space left on device; the old page is unchanged"
    assert (tiny / "reports" / "html" / "2020.html").read_text(encoding="utf-8") == OLD_PAGE
    assert leftovers(tiny) == []
    executed = sorted(p.name for p in (tiny / "reports" / "executed" / "2020").iterdir())
    assert executed == (["10_first.ipynb", "11_second.ipynb"] if failing.endswith(".html") else ["10_first.ipynb"])
    for name in executed:  # what is there is complete
        nbformat.read(tiny / "reports" / "executed" / "2020" / name, as_version=4)


@pytest.mark.slow
def test_sigterm_to_the_real_2022_build_leaves_no_process(tmp_path: Path, demo_ledgers: Path) -> None:
    from ..conftest import make_project

    root = make_project(tmp_path / "project", demo_ledgers, years=(2022,))
    build = subprocess.Popen([sys.executable, "-m", "tanto_analysis", "build", "--year", "2022", "--force"],
                             cwd=root, env={**os.environ, "TANTO_ROOT": str(root), "PYTHONPATH": str(REPO)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for(lambda: kernel_running(root), 60, "the kernel to start")
        build.send_signal(signal.SIGTERM)
        _, stderr = build.communicate(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 143 and "Traceback" not in stderr
    wait_for(lambda: not processes_of(root), 5, "every process of the build to end")
    assert not (root / "reports" / "html" / "2022.html").exists() and leftovers(root) == []


@pytest.mark.slow  # builds in a child process with real kernels
def test_half_writes_of_a_killed_build_are_removed_by_the_next(tiny: Path) -> None:
    half = [tiny / "reports" / "html" / ".2020.html.k9x2.tmp",
            tiny / "reports" / "executed" / "2020" / ".10_first.ipynb.k9x2.tmp.ipynb"]
    for path in half:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half", encoding="utf-8")
    assert pipeline.run_build(years=[2020], all_years=False, jobs=1, force=False, lang="zh") == 0
    assert leftovers(tiny) == []
