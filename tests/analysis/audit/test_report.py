"""``tanto audit``: the findings printed as text and JSON, and as a notebook table."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from tanto_analysis.analysis.audit.auditor import Finding
from tanto_analysis.analysis.audit.report import findings_frame
from tanto_analysis.cli import main
from tanto_analysis.core import paths
from tests.conftest import demo_settings


def test_findings_frame_cites_each_figure_on_a_line():
    finding = Finding("contradiction", "subset", "loans_new_households exceeds its whole",
                      "290 > 280 (by 10)",
                      [{"id": "loans_new_households", "value": 290.0, "unit": "户", "quote": "290户",
                        "section": "一(三)"},
                       {"id": "loans_total_count", "value": 280.0, "unit": "笔", "quote": "280笔",
                        "section": "一(三)"}])
    frame = findings_frame([finding])
    assert list(frame.columns) == ["severity", "rule", "message", "computation", "figures"]
    assert frame.loc[0, "figures"] == ("loans_new_households = 290 户 「290户」 (一(三))\n"
                                       "loans_total_count = 280 笔 「280笔」 (一(三))")
    assert frame.loc[0, "computation"] == "290 > 280 (by 10)"
    assert findings_frame([]).shape == (0, 5)


def test_cli_json_exits_0_with_quotes():
    result = CliRunner().invoke(main, ["audit", "--year", "2022", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data and all(set(f) == {"severity", "rule", "message", "message_zh", "computation", "figures"} for f in data)
    assert all(f["message_zh"] for f in data)
    assert "「" not in result.output and "户" in result.output  # ensure_ascii=False: Chinese as is
    assert all(c["quote"] for f in data for c in f["figures"])
    again = CliRunner().invoke(main, ["audit", "--year", "2022", "--json"])
    assert again.output == result.output


def test_cli_text_lists_severities():
    result = CliRunner().invoke(main, ["audit", "--year", "2022"])
    assert result.exit_code == 0
    assert result.output.startswith("audit of 2022: ")
    assert "[contradiction] subset" in result.output


def test_cli_exits_1_when_the_table_is_invalid(tmp_path, monkeypatch):
    root = tmp_path / "root"
    (root / "data" / "published").mkdir(parents=True)
    shutil.copytree(paths.sources_dir(), root / "data" / "sources")
    demo_settings(root)
    text = paths.published_path(2022).read_text(encoding="utf-8")
    bad = text.replace("households_total,一(一),poverty_monitoring,潭头镇,2022,actual,7265,",
                       "households_total,一(一),poverty_monitoring,潭头镇,2022,actual,7266,")
    assert bad != text
    (root / "data" / "published" / "2022.csv").write_text(bad, encoding="utf-8")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    result = CliRunner().invoke(main, ["audit", "--year", "2022", "--json"])
    assert result.exit_code == 1
    assert result.stderr.endswith("2022.csv:3:value: the value in 户 does not match the quote, which states "
                                  "7265 户 (7265户); got '7266'\n")


def test_cli_exits_1_for_a_year_without_a_table():
    result = CliRunner().invoke(main, ["audit", "--year", "1999"])
    assert result.exit_code == 1
    assert "no published figures for 1999: data/published/1999.csv not found" in result.output
