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
  use neither (scipy is an optional dependency of seaborn, which then uses its
  own KDE).

:func:`import_without` imports the library as on a machine where those
modules are not installed; nothing else changes.  This module imports only
the standard library.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from types import ModuleType

__all__ = ["NBFORMAT_SKIPS", "SEABORN_SKIPS", "import_without"]

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
