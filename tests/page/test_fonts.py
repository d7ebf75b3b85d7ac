"""Tests for tanto_analysis.page.fonts: a CJK font is found and matplotlib uses it."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from tanto_analysis.page import fonts

DEJAVU = Path(mpl.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@pytest.fixture(autouse=True)
def fresh_cache():
    fonts.cjk_font_path.cache_clear()
    yield
    fonts.cjk_font_path.cache_clear()


def test_font_file_has_glyphs_for_the_town_name() -> None:
    path = fonts.cjk_font_path()
    font = FT2Font(str(path))
    assert all(font.get_char_index(ord(ch)) != 0 for ch in "潭头镇")


def test_dejavu_lacks_cjk_glyphs_and_is_refused() -> None:
    assert DEJAVU.is_file()
    assert not fonts.has_glyphs(DEJAVU)
    assert fonts.has_glyphs(DEJAVU, "Tantou")


def test_env_font_without_cjk_glyphs_is_skipped(monkeypatch) -> None:
    monkeypatch.setenv("TANTO_CJK_FONT", str(DEJAVU))
    assert fonts.candidate_font_paths()[0] == DEJAVU
    assert fonts.cjk_font_path() != DEJAVU


def test_no_candidate_gives_a_clear_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(fonts, "candidate_font_paths", lambda: [tmp_path / "missing.otf", DEJAVU])
    with pytest.raises(FileNotFoundError, match="no font with Chinese glyphs found.*missing.otf"):
        fonts.cjk_font_path()


def test_setup_makes_matplotlib_resolve_chinese_to_the_cjk_file() -> None:
    family = fonts.setup_cjk_fonts()
    assert mpl.rcParams["axes.unicode_minus"] is False
    assert mpl.rcParams["font.sans-serif"][0] == family
    found = font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=False)
    # Pinned to the one chosen file, even where Debian's fonts-noto-cjk has the same family
    assert Path(found) == fonts.cjk_font_path()
    assert fonts.has_glyphs(Path(found), "潭头镇")
    bold = font_manager.findfont(font_manager.FontProperties(family=[family], weight="bold"))
    assert Path(bold) == fonts.cjk_font_path()
