"""A project's settings: ``tanto.toml`` at the project root, read with :mod:`tomllib`.

The file is optional; what it does not set keeps the package's defaults.
Each part of the package reads its own table (``[disclosure]`` for
:mod:`tanto_analysis.analysis.disclosure`) through :func:`settings_table`.
A file that is not valid TOML, or a table of the wrong shape, is a
:class:`~tanto_analysis.core.errors.ConfigurationError` naming the file and
the line, never a traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from . import paths
from .errors import ConfigurationError, display_path
from .memo import FileMemo

__all__ = ["SETTINGS_FILE", "settings_path", "settings_table"]

#: The settings file at a project's root.
SETTINGS_FILE = "tanto.toml"


def settings_path(root: str | Path | None = None) -> Path:
    """``<root>/tanto.toml``; ``root`` defaults to the project root (:func:`~tanto_analysis.core.paths.project_root`)."""
    return Path(root if root is not None else paths.project_root()) / SETTINGS_FILE


def settings_table(name: str, root: str | Path | None = None) -> dict:
    """The table ``[name]`` of the project's ``tanto.toml`` (empty if the file or the table is absent).

    Raises
    ------
    ConfigurationError
        If the file is not valid TOML (naming the line) or ``name`` is not a table.
    """
    path = settings_path(root)
    return _read.get(("settings", str(path), name), [path], lambda: _table(path, name))


#: Tables read from ``tanto.toml``, remembered while the file stays the same (callers get copies).
_read: FileMemo[dict] = FileMemo(size=16)


def _table(path: Path, name: str) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{display_path(path)}: cannot read the settings: {exc}") from None
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{display_path(path)}: not valid TOML: {exc}") from None
    table = settings.get(name, {})
    if not isinstance(table, dict):
        raise ConfigurationError(f"{display_path(path)}: {name} must be a table ([{name}]), not a single value")
    return table
