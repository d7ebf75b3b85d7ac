"""Chinese labels in matplotlib charts, on any machine.

Matplotlib's default font (DejaVu Sans) has no CJK glyphs, so Chinese labels
come out as boxes.  :func:`setup_cjk_fonts` registers a Noto Sans CJK SC file
with matplotlib's font manager and makes it the default family.  The file is
looked for, in order:

1. ``$TANTO_CJK_FONT`` (a path to an .otf/.ttf/.ttc file), if set;
2. the copy shipped with the ``mplfonts`` package (a declared dependency, so a
   fresh ``pip install`` always has it);
3. Debian's ``fonts-noto-cjk`` package.

Only a file whose glyph table really covers the sample's characters is accepted.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = ["CJK_SAMPLE", "candidate_font_paths", "cjk_font_path", "cjk_rc", "has_glyphs", "register_cjk_font",
           "setup_cjk_fonts"]

#: Characters every accepted font must have glyphs for.
CJK_SAMPLE = "乡镇村贷款贴息土地流转"

_DEBIAN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


def candidate_font_paths() -> list[Path]:
    """Font files to try, in order of preference (existing or not)."""
    found: list[Path] = []
    env = os.environ.get("TANTO_CJK_FONT")
    if env:
        found.append(Path(env))
    try:
        import mplfonts

        found.append(Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf")
    except ImportError:  # pragma: no cover - mplfonts is a dependency
        pass
    found.extend(Path(p) for p in _DEBIAN_FILES)
    return found


def has_glyphs(path: str | Path, text: str = CJK_SAMPLE) -> bool:
    """True if the font file at ``path`` has a glyph for every character of ``text``."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """The first candidate font file that exists and covers :data:`CJK_SAMPLE`.

    Raises
    ------
    FileNotFoundError
        If no candidate qualifies; the message lists what was tried.
    """
    tried = candidate_font_paths()
    for path in tried:
        if path.is_file() and has_glyphs(path):
            return path
    listed = ", ".join(str(p) for p in tried)
    raise FileNotFoundError(
        f"no font with Chinese glyphs found (tried {listed}); "
        "install the mplfonts package or Debian's fonts-noto-cjk, or set TANTO_CJK_FONT"
    )


@lru_cache(maxsize=1)
def register_cjk_font() -> str:
    """Register the CJK font file with matplotlib's font manager (once per process); return its family.

    The one lasting change the charts make to matplotlib: the family can
    then be named in rcParams.  Other files of the same family (e.g.
    Debian's fonts-noto-cjk, with its bold faces) are set aside, so a chart
    is drawn with this one file and is the same from machine to machine.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    manager = font_manager.fontManager
    manager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    manager.ttflist = [
        entry for entry in manager.ttflist
        if entry.name != family or Path(entry.fname) == path
    ]
    if hasattr(manager, "_findfont_cached"):
        manager._findfont_cached.cache_clear()
    return family


def cjk_rc() -> dict[str, object]:
    """The rcParams that draw text in the CJK font (:func:`register_cjk_font`), without setting them.

    ``axes.unicode_minus`` is off: the CJK font lacks U+2212.
    """
    return {"font.family": "sans-serif", "font.sans-serif": [register_cjk_font(), "DejaVu Sans"],
            "axes.unicode_minus": False}


def setup_cjk_fonts() -> str:
    """Register the CJK font with matplotlib and make it the default family (sets rcParams).

    Returns
    -------
    str
        The registered family name, e.g. ``"Noto Sans CJK SC"``.
    """
    import matplotlib as mpl

    rc = cjk_rc()
    mpl.rcParams.update(rc)
    return rc["font.sans-serif"][0]
