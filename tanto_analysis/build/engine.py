"""The build's papermill engine: one kernel client for every notebook run in one kernel.

Given a running kernel, papermill (through nbclient) connects a new kernel
client for each notebook and waits for it to be ready; ``wait_for_ready``
gives the kernel up to 0.2 s to show on IOPub that the client is connected,
so each of a page's notebooks began with about 0.2 s of waiting (1.5 s a
page), and the client was left open afterwards because nbclient does not own
the kernel.  :class:`KeptClientEngine`, registered with papermill as
:data:`ENGINE` (papermill's own extension point for how notebooks run),
connects one client per kernel, the first time, and hands it to each later
notebook.  nbclient matches every reply and output to the request it sent,
so what a previous notebook left on the channels is ignored.
:func:`forget` closes a kernel's client when the kernel is shut down.
"""

from __future__ import annotations

import contextlib
import threading

from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

__all__ = ["ENGINE", "KeptClientEngine", "forget", "last_notebook"]

#: The name the engine is registered under (``papermill.execute_notebook(..., engine_name=ENGINE)``).
ENGINE = "tanto-kept-client"
#: id of a kernel manager → (the manager, the kernel client its notebooks share).
_clients: dict[int, tuple[object, object]] = {}
#: The notebook the engine last ran in this thread (``last_notebook``).
_ran = threading.local()


class _KeptClient(PapermillNotebookClient):
    """papermill's notebook client, connecting a kernel's client once and reusing it."""

    async def async_start_new_kernel_client(self):
        km, kept = _clients.get(id(self.km), (None, None))
        if km is self.km and kept.channels_running:
            self.kc = kept
            return kept
        forget(self.km)
        client = await super().async_start_new_kernel_client()
        _clients[id(self.km)] = (self.km, client)
        return client

    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class KeptClientEngine(NBClientEngine):
    """papermill's nbclient engine with :class:`_KeptClient`: the same arguments, one client per kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        _ran.notebook = nb_man.nb  # papermill adds its error cells to this very notebook
        return cls.run_cells(nb_man, kernel_name, **kwargs)

    @classmethod
    def run_cells(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                  start_timeout=60, execution_timeout=None, **kwargs):
        """Run the cells of ``nb_man.nb`` in the kernel manager ``kwargs["km"]``'s kernel; return the notebook."""
        # the arguments as papermill's NBClientEngine passes them on
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs, timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout, kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file)
        return _KeptClient(nb_man, **final_kwargs).execute()


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
    if kept is km:
        with contextlib.suppress(Exception):
            client.stop_channels()


papermill_engines.register(ENGINE, KeptClientEngine)
