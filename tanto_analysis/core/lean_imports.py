"""Importing a library without optional modules a build never uses.

Some libraries import every optional helper that happens to be installed,
although the build never calls it:

* ``nbformat`` validates notebooks with ``jsonschema``, and importing
  ``jsonschema`` imports its optional format checkers; one of them,
  ``rfc3987_syntax`` (the ``iri`` format, absent from the notebook schema),
  builds three Lark parsers when imported: about 1 s of CPU in every process
  that imports ``nbformat``, papermill or nbconvert.
* ``seaborn`` imports ``scipy.stats`` (about 0.8 s) for kernel density
  estimates and ``scipy.cluster`` for cluster maps; the charts of the pages
  use neither.

:func:`import_without` imports the library as on a machine where those
modules are not installed.  That is only for the build's own processes: a
library remembers what it could not import.  nbformat imported so leaves
``jsonschema`` without its ``iri`` and ``iri-reference`` format checkers for
the rest of the process (the notebook schema uses neither); seaborn imported
so would refuse ``clustermap`` for the rest of the process, which is why
:func:`lean_seaborn`, for the build's kernels, also hands seaborn scipy back,
imported when first used.  The library's modules an analyst imports
(``tanto_analysis``, ``ta.year()``, ``page/``) import seaborn as it is and
never these build modules.  This module imports only the standard library.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterable
from types import ModuleType

__all__ = ["KERNEL_STARTUP", "NBFORMAT_SKIPS", "SEABORN_SKIPS", "import_without", "lean_seaborn"]

#: What ``nbformat`` (through ``jsonschema``) does without.
NBFORMAT_SKIPS = ("rfc3987_syntax",)
#: What ``seaborn`` does without (KDE, cluster maps).
SEABORN_SKIPS = ("scipy.stats", "scipy.cluster")


def import_without(name: str, skipped: Iterable[str]) -> ModuleType:
    """Import module ``name`` while the modules ``skipped`` cannot be imported; return it.

    A module already imported is returned as it is; a skipped module already
    imported stays.  Afterwards the skipped modules can be imported as usual.

    >>> import_without("json", ["decimal"]).dumps([1])
    '[1]'
    """
    if name in sys.modules:
        return sys.modules[name]
    blocked = [skip for skip in skipped if skip not in sys.modules]
    for skip in blocked:
        sys.modules[skip] = None  # type: ignore[assignment]  # ``import skip`` raises ImportError
    try:
        return importlib.import_module(name)
    finally:
        for skip in blocked:
            if skip in sys.modules and sys.modules[skip] is None:
                del sys.modules[skip]


#: Code the build's kernels run when they start (``IPKernelApp.exec_lines``), before any notebook.
KERNEL_STARTUP = '__import__("tanto_analysis.core.lean_imports", fromlist=["_"]).lean_seaborn()'


class _Deferred:
    """Stands for module ``name``: imports it on first use of an attribute."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<{self._name}, imported when first used>"


def _scipy_gaussian_kde(*args, **kwargs):
    """``scipy.stats.gaussian_kde(*args, **kwargs)``, importing ``scipy.stats`` on the first call."""
    from scipy.stats import gaussian_kde

    return gaussian_kde(*args, **kwargs)


def lean_seaborn() -> ModuleType:
    """Import seaborn without importing scipy until a chart needs it (the build's kernels); return it.

    seaborn decides once, when imported, whether scipy is there: with
    ``scipy.stats`` and ``scipy.cluster`` blocked (:data:`SEABORN_SKIPS`) it
    would use its own KDE and refuse ``clustermap`` for good.  Afterwards,
    if scipy is installed, seaborn is given what it would have imported,
    imported on first use: ``scipy.stats.gaussian_kde`` for kernel density
    estimates (the same numbers as in an analyst's kernel) and
    ``scipy.cluster.hierarchy`` for cluster maps.  A seaborn already
    imported, or one whose modules are not laid out as seaborn 0.13's
    (``_statistics.gaussian_kde``, ``matrix.hierarchy``, ``_no_scipy``), is
    left as it is; ``tests/core/test_lean_imports.py`` draws a cluster map
    and a KDE after this.

    This changes seaborn's module state for the rest of the process: it is
    for the processes the build owns, never called by what an analyst
    imports.
    """
    if "seaborn" in sys.modules:
        return sys.modules["seaborn"]
    seaborn = import_without("seaborn", SEABORN_SKIPS)
    if importlib.util.find_spec("scipy") is None:
        return seaborn  # no scipy: seaborn's own fallbacks are what it would use anyway
    statistics = sys.modules.get("seaborn._statistics")
    matrix = sys.modules.get("seaborn.matrix")
    if statistics is not None and getattr(statistics, "_no_scipy", False) and hasattr(statistics, "gaussian_kde"):
        statistics.gaussian_kde = _scipy_gaussian_kde
        statistics._no_scipy = False
    if matrix is not None and getattr(matrix, "_no_scipy", False) and not hasattr(matrix, "hierarchy"):
        matrix.hierarchy = _Deferred("scipy.cluster.hierarchy")
        matrix._no_scipy = False
    return seaborn
