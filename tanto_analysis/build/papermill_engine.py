"""The build's papermill engine: one kernel client for every notebook run in one kernel.

Given a running kernel, papermill's own engine makes a new nbclient
``NotebookClient`` for each notebook, which connects a new kernel client and
waits for it to be ready; ``wait_for_ready`` gives the kernel up to 0.2 s to
show on IOPub that the client is connected, so each of a page's notebooks
began with about 0.2 s of waiting (1.5 s a page), and the client was left
open afterwards because nbclient does not own the kernel.

:class:`KeptClientEngine` is a papermill engine written as papermill's
documentation says one is ("Extending papermill: developing a new engine"):
a subclass of :class:`papermill.engines.Engine` implementing
``execute_managed_notebook``, registered under :data:`ENGINE` with
``papermill_engines.register``.  It runs the notebook with nbclient's public
:class:`~nbclient.NotebookClient`, one per kernel, kept between notebooks:
its ``setup_kernel`` context keeps the kernel client it has and never shuts
down a kernel manager it was given, and ``execute_cell`` runs each cell.
(``NotebookClient.execute`` would do the same but installs SIGINT/SIGTERM
handlers and an exit hook of its own that shut the kernel down behind the
build's back, so a stopped build ended with a traceback.)  papermill's execution manager gets its per-cell calls through
nbclient's documented hooks (``on_cell_start``, ``on_cell_complete``,
``on_cell_error``), and a failing cell ends the run as in papermill's own
engine: papermill then adds its error cells and raises
``PapermillExecutionError``.  nbclient matches every reply and output to the
request it sent, so what a previous notebook left on the channels is ignored.
:func:`forget` closes a kernel's client when the kernel is shut down.
"""

from __future__ import annotations

import contextlib
import threading

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from papermill.engines import Engine, papermill_engines

__all__ = ["ENGINE", "KeptClientEngine", "connect", "forget", "last_notebook"]

#: The name the engine is registered under (``papermill.execute_notebook(..., engine_name=ENGINE)``).
ENGINE = "tanto-kept-client"
#: id of a kernel manager → (the manager, the nbclient client its notebooks share).
_clients: dict[int, tuple[object, NotebookClient]] = {}
#: The notebook the engine last ran in this thread (``last_notebook``).
_ran = threading.local()


def _client(km, kernel_name: str, start_timeout: float, execution_timeout: float | None) -> NotebookClient:
    """The client kept for kernel manager ``km`` whose channels still run, or a new one."""
    kept, client = _clients.get(id(km), (None, None))
    if kept is km and client.kc is not None and client.kc.channels_running:
        return client
    forget(km)
    client = NotebookClient(None, km=km, kernel_name=kernel_name, startup_timeout=start_timeout,
                            timeout=execution_timeout)
    _clients[id(km)] = (km, client)
    return client


def connect(km, kernel_name: str, timeout: float) -> None:
    """Connect the client kept for ``km``'s running kernel and wait up to ``timeout`` s for its first answer.

    Raises nbclient's ``RuntimeError`` when the kernel does not answer in
    time or dies first (the client is then closed); the notebooks run later
    in ``km`` use this client without waiting again.
    """
    client = _client(km, kernel_name, timeout, None)
    if client.kc is None:
        try:
            client.start_new_kernel_client()
        except RuntimeError:
            forget(km)
            raise


class KeptClientEngine(Engine):
    """A papermill engine running every notebook of one kernel through one nbclient client."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        """Run ``nb_man.nb`` (:meth:`run_cells`), remembering it for :func:`last_notebook`."""
        _ran.notebook = nb_man.nb  # papermill adds its error cells to this very notebook
        return cls.run_cells(nb_man, kernel_name, **kwargs)

    @classmethod
    def run_cells(cls, nb_man, kernel_name, km=None, start_timeout=60, execution_timeout=None, **kwargs):
        """Run the cells of ``nb_man.nb`` in the kernel of the kernel manager ``km``; return the notebook.

        ``km`` must be a kernel manager with a running kernel (the build
        starts one per page, :mod:`~tanto_analysis.build.execute`).  The
        other keyword arguments papermill passes (paths, log and progress
        options) do not apply: the notebook is neither logged nor saved here.
        """
        if km is None or not km.has_kernel:
            raise ValueError(f"the {ENGINE} engine runs notebooks in a running kernel: pass km=")
        client = _client(km, kernel_name, start_timeout, execution_timeout)
        client.nb = nb_man.nb
        client.on_cell_start = nb_man.cell_start
        client.on_cell_complete = nb_man.cell_complete
        client.on_cell_error = nb_man.cell_exception
        client.reset_execution_trackers()
        # nbclient's synchronous setup_kernel: unlike execute(), it installs no SIGINT/SIGTERM handlers
        # and no atexit hook of its own, so the build's own signal handling (build/guard.py) stays in force
        with client.setup_kernel():
            info = client.wait_for_reply(client.kc.kernel_info())
            client.nb.metadata["language_info"] = info["content"]["language_info"]
            # a failing cell stops the notebook, its error output kept: papermill raises from it
            with contextlib.suppress(CellExecutionError):
                for index, cell in enumerate(client.nb.cells):
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            client.set_widgets_metadata()
        return nb_man.nb


def last_notebook():
    """The notebook papermill last ran with this engine in this thread, with its outputs, and forget it.

    Also when a cell failed (papermill then raises, with its error cells
    added to the notebook); None if papermill never reached the engine.
    """
    notebook = getattr(_ran, "notebook", None)
    _ran.notebook = None
    return notebook


def forget(km) -> None:
    """Close the client kept for the kernel manager ``km`` (before or after its kernel is shut down)."""
    kept, client = _clients.pop(id(km), (None, None))
    if kept is km and client.kc is not None:
        with contextlib.suppress(Exception):
            client.kc.stop_channels()
        client.kc = None


papermill_engines.register(ENGINE, KeptClientEngine)
