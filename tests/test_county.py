"""``tanto county``: two FICTIONAL towns side by side (tests/build/county_towns.py)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from tanto_analysis.cli import main
from tests.build.county_towns import make_county


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"data:[^\"]+", "", html)))


def test_two_towns_side_by_side_byte_identical_and_a_broken_town_hurts_no_other(tmp_path, monkeypatch) -> None:
    jia, yi = make_county(tmp_path)
    (jia / "reports" / "html").mkdir(parents=True)
    (jia / "reports" / "html" / "2022.html").write_text("甲镇 2022 page", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["county", "jia", "yi", "-o", "county", "--no-build", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "0 indicator(s) only one town uses:" in result.output
    page = (tmp_path / "county" / "index.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "甲镇 100 人 100人 120 人 120人 乙镇 缺失 约80 人 约80人 全县合计 缺失 约200 人 （2个镇）" in text
    assert "甲镇 2022 户均 5,000 元/户 5,000,000元 ÷ 1,000户" in text
    assert "各镇中位数 缺失 50 % （2个镇）" in text  # a rate: the median, never a sum
    assert 'href="towns/jia/2022.html#fig-public_welfare_posts"' in page
    # the page is the index: its header's link goes to the towns' pages on it, not to itself
    assert '<a href="#county-towns">各镇</a>' in page and 'id="county-towns"' in page
    assert (tmp_path / "county" / "towns" / "jia" / "2022.html").read_text(encoding="utf-8") == "甲镇 2022 page"
    assert "<script" not in page.lower()
    again = runner.invoke(main, ["county", "jia", "yi", "-o", "county", "--no-build", "--lang", "zh"])
    assert again.exit_code == 0
    assert (tmp_path / "county" / "index.html").read_text(encoding="utf-8") == page
    (tmp_path / "nowhere").mkdir()
    broken = runner.invoke(main, ["county", "jia", "nowhere", "yi", "-o", "county2", "--no-build", "--lang", "en"])
    assert broken.exit_code == 0, broken.output  # --no-build: the page says why, the others are compared
    english = _text((tmp_path / "county2" / "en" / "index.html").read_text(encoding="utf-8"))
    assert "nowhere — could not be read:" in english and "no tanto.toml there" in english
    assert "甲镇 (fictional) 100 people" in english
