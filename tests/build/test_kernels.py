"""Tests for tanto_analysis.build.kernels: private sockets, a hung start tried again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jupyter_core.utils import run_sync

from tanto_analysis.build import kernels

pytestmark = pytest.mark.slow  # real kernels


def _hang_first(marker: Path) -> list[str]:
    """Kernel arguments: the first kernel started never answers (it sleeps), every later one does."""
    line = (f"import pathlib, time; m = pathlib.Path({str(marker)!r}); first = not m.exists(); "
            "m.write_text(m.read_text() + 'x' if m.exists() else 'x'); time.sleep(600 if first else 0)")
    return [f"--IPKernelApp.exec_lines={line}"]


def _started(into: list) -> callable:
    def record(km) -> None:
        into.append((km, kernels.socket_dir(km), km.provisioner.pid))
    return record


def _gone(pid: int) -> bool:
    return not kernels._running(pid)


@pytest.mark.skipif(os.name != "posix", reason="IPC sockets are POSIX only")
def test_a_kernel_talks_over_private_sockets_removed_at_shutdown(tmp_path: Path) -> None:
    started: list = []
    km = kernels.start(tmp_path, [], on_start=_started(started))
    try:
        folder = kernels.socket_dir(km)
        assert km.transport == "ipc" and km.ip == str(folder / "kernel")
        assert folder.name.startswith("tanto-kernel-") and (folder.stat().st_mode & 0o777) == 0o700
        assert sorted(p.name for p in folder.iterdir()) == sorted(f"kernel-{port}" for port in (
            km.shell_port, km.iopub_port, km.stdin_port, km.control_port, km.hb_port))
        assert run_sync(km.is_alive)()
    finally:
        kernels.shutdown(km)
    assert not folder.exists() and not km.has_kernel and kernels.socket_dir(km) is None
    assert len(started) == 1


def test_a_kernel_that_does_not_answer_is_replaced_by_one_that_does(tmp_path: Path) -> None:
    marker, started = tmp_path / "starts", []
    km = kernels.start(tmp_path, _hang_first(marker), ready_seconds=(3, 60), on_start=_started(started))
    try:
        assert marker.read_text() == "xx"  # two kernels ran the startup line
        (first_km, first_dir, first_pid), (second_km, second_dir, _) = started
        assert second_km is km and first_km is not km
        assert _gone(first_pid) and not first_km.has_kernel
        if os.name == "posix":
            assert not first_dir.exists() and second_dir.is_dir()
        from tanto_analysis.build.papermill_engine import _clients
        assert _clients[id(km)][1].kc.channels_running  # the first notebook will not wait again
    finally:
        kernels.shutdown(km)


def test_no_kernel_answering_is_one_message_and_leaves_nothing_behind(tmp_path: Path) -> None:
    marker, started = tmp_path / "starts", []
    always_hangs = [f"--IPKernelApp.exec_lines=import time; open({str(marker)!r}, 'a').write('x'); time.sleep(600)"]
    with pytest.raises(kernels.KernelStartError) as excinfo:
        kernels.start(tmp_path, always_hangs, ready_seconds=(2, 3), on_start=_started(started))
    assert str(excinfo.value) == "the python3 kernel did not answer: 2 kernels started, waited 2, 3 s for each"
    assert marker.read_text() == "xx" and len(started) == 2
    for km, folder, pid in started:
        assert _gone(pid) and not km.has_kernel
        assert folder is None or not folder.exists()
