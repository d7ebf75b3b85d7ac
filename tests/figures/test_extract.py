"""Tests for tanto_analysis.figures.extract: the draft figures table of a report.

The extractor is measured against the curated 2022 table (precision and
recall of (value, unit) pairs, multiset matching) and against a fictional
2023 report written in other words (tests/fixtures/synthetic_report_2023.txt)
with hand-written expected figures.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import CliRunner

from tanto_analysis.cli import main
from tanto_analysis.cli.summaries import run_extract
from tanto_analysis.core.errors import InputError, display_path
from tanto_analysis.core.readers import read_table
from tanto_analysis.core.report_text import read_report
from tanto_analysis.figures.extract import (
    DRAFT_COLUMNS,
    candidate_quantities,
    extract_figures,
)
from tanto_analysis.figures.published import DOMAINS, KINDS, validate_figures
from tanto_analysis.reference.villages import canonical_village, is_known_scope

ROOT = Path(__file__).resolve().parents[2]
SOURCE_2022 = ROOT / "data" / "sources" / "2022.txt"
CURATED_2022 = ROOT / "data" / "published" / "2022.csv"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SYNTHETIC = FIXTURES / "synthetic_report_2023.txt"
SYNTHETIC_EXPECTED = FIXTURES / "synthetic_report_2023_expected.csv"


def precision_recall(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> tuple[float, float]:
    """Precision and recall of the rows' ``keys`` tuples, matched as multisets."""
    found = Counter(map(tuple, got[keys].astype(str).values.tolist()))
    wanted = Counter(map(tuple, expected[keys].astype(str).values.tolist()))
    hits = sum((found & wanted).values())
    return hits / sum(found.values()), hits / sum(wanted.values())


def figures_of(text: str, year: int = 2022) -> list[tuple[str, str, str]]:
    table = extract_figures(text, year)
    return list(zip(table["value"], table["unit"], table["bound"], strict=True))


@pytest.fixture(scope="module")
def text_2022() -> str:
    return read_report(SOURCE_2022)


@pytest.fixture(scope="module")
def draft_2022(text_2022: str) -> pd.DataFrame:
    return extract_figures(text_2022, 2022)


# --- evaluation on the real 2022 report --------------------------------------

def test_precision_and_recall_against_curated_2022(draft_2022: pd.DataFrame) -> None:
    curated = read_table(CURATED_2022)
    precision, recall = precision_recall(draft_2022, curated, ["value", "unit"])
    print(f"\n2022 report: {len(draft_2022)} extracted, {len(curated)} curated; "
          f"precision {precision:.3f}, recall {recall:.3f} of (value, unit) pairs")
    assert recall >= 0.95
    assert precision >= 0.90


@pytest.mark.parametrize(("value", "unit", "bound"), [
    ("7265", "户", "exact"), ("28958", "人", "exact"), ("11465000", "元", "exact"),
    ("304126", "元", "exact"), ("300", "个", "at_least"), ("15000", "元", "exact"),
    ("29498000", "元", "exact"), ("44.87", "%", "exact"), ("21000", "亩", "exact"),
    ("77.3", "%", "exact"), ("230000000", "元", "exact"), ("652900000", "元", "exact"),
    ("3200", "人", "at_least"), ("21270", "名", "exact"), ("1000", "亩", "exact"),
])
def test_key_2022_figures_are_extracted(draft_2022: pd.DataFrame, value: str, unit: str, bound: str) -> None:
    rows = draft_2022[(draft_2022["value"] == value) & (draft_2022["unit"] == unit)]
    assert not rows.empty
    assert bound in set(rows["bound"])


def test_tanto_validate_accepts_the_2022_draft(tmp_path: Path, text_2022: str) -> None:
    out = tmp_path / "2022.csv"
    assert run_extract(SOURCE_2022, 2022, out) == 0
    assert validate_figures(out, source=SOURCE_2022) == []
    table = read_table(out)
    assert list(table.columns) == list(DRAFT_COLUMNS)
    assert table["id"].is_unique
    assert set(table["domain"]) <= set(DOMAINS) and set(table["kind"]) <= set(KINDS)
    assert all(is_known_scope(s) for s in table["scope"])
    assert all(text_2022.count(q) == 1 for q in table["quote"])  # unique quotes


def aligned_pairs(text: str, draft: pd.DataFrame, curated: pd.DataFrame) -> list[tuple[pd.Series, pd.Series]]:
    """Pair each curated row with the drafted row of the same value and unit nearest to its quote."""
    positions = [text.find(q) for q in draft["quote"]]
    keys = list(zip(draft["value"], draft["unit"], strict=True))
    used: set[int] = set()
    pairs = []
    for _, cur in curated.iterrows():
        spots = [m.start() for m in re.finditer(re.escape(cur["quote"]), text)]
        best: tuple[int, int] | None = None
        for i in range(len(draft)):
            if i in used or keys[i] != (cur["value"], cur["unit"]):
                continue
            distance = min(abs(positions[i] - spot) for spot in spots)
            if best is None or distance < best[0]:
                best = (distance, i)
        if best is not None:
            used.add(best[1])
            pairs.append((cur, draft.iloc[best[1]]))
    return pairs


def test_attribute_agreement_with_curated_2022(text_2022: str, draft_2022: pd.DataFrame) -> None:
    pairs = aligned_pairs(text_2022, draft_2022, read_table(CURATED_2022))
    agreement = {}
    for column in ("section", "kind", "year", "bound", "domain", "scope"):
        same = [(canonical_village(c[column]) or c[column]) == (canonical_village(d[column]) or d[column])
                if column == "scope"
                else c[column] == d[column] for c, d in pairs]
        agreement[column] = sum(same) / len(pairs)
    print("\n2022 agreement with the curated table: "
          + ", ".join(f"{k} {v:.3f}" for k, v in agreement.items()))
    assert agreement["section"] >= 0.95 and agreement["bound"] == 1.0
    assert agreement["kind"] >= 0.90 and agreement["year"] >= 0.90
    assert agreement["domain"] >= 0.85 and agreement["scope"] >= 0.90


def test_2022_guesses_of_section_kind_and_year(draft_2022: pd.DataFrame) -> None:
    def row(quote_part: str, value: str) -> pd.Series:
        hits = draft_2022[(draft_2022["value"] == value) & draft_2022["quote"].str.contains(quote_part)]
        assert len(hits) == 1, (quote_part, value)
        return hits.iloc[0]

    loans = row("万元", "11465000")
    assert (loans["section"], loans["kind"], loans["year"], loans["domain"]) == (
        "一(一)", "actual", "2022", "loan_subsidy")
    plan = row("亿元", "230000000")
    assert (plan["section"], plan["kind"], plan["year"]) == ("一(六)", "plan", "2022")
    returnees = row("400人", "400")
    assert (returnees["section"], returnees["kind"], returnees["year"], returnees["domain"]) == (
        "三(四)", "target", "2023", "rural_talent")
    sheep = row("3000只", "3000")
    assert (sheep["kind"], sheep["year"], sheep["scope"]) == ("plan", "2023", "马窑村")
    star_2024 = row("10个", "10")
    assert (star_2024["year"], star_2024["kind"]) == ("2024", "plan")
    income = row("8万元", "80000")
    assert (income["scope"], income["year"], income["kind"]) == ("断滩村", "2023", "target")


# --- general rules on small texts ----------------------------------------------

@pytest.mark.parametrize("text", [
    "中共潭头镇委员会\n2022年12月23日",
    "聚焦市委“151”工作部署，县委“5311”工作举措。",
    "推动党的二十大精神落地生根，通过第一议题学习。",
    "一是守住底线。二是落实政策。",
    "一村一品的特色产业体系，按照一人一岗原则，实行一对一服务。",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”，推动“十村联建”。",
    "印发《乡村振兴三年行动方案》，制定三年创建规划。",
    "心往一处想、劲往一处使，停留在一个电话层面。",
    "用时12个月，五年来，十四五期间，1—9月份，12月底。",
    "吸引数十个团队、上百人参与，二三十个村受益。",
])
def test_dates_programme_numbers_ordinals_and_set_phrases_are_not_figures(text: str) -> None:
    assert figures_of(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("新增贷款248户1146.5万元，", [("248", "户", "exact"), ("11465000", "元", "exact")]),
    ("消除风险82户293人。", [("82", "户", "exact"), ("293", "人", "exact")]),
    ("明确776名党员干部包片联系7618户21270名群众。",
     [("776", "名", "exact"), ("7618", "户", "exact"), ("21270", "名", "exact")]),
    ("共有达标村5个（纸房、官地、垢峪、古城、赵庄）。", [("5", "个", "exact")]),
    ("计划投资2.3亿元，补贴金额30.4126万元。", [("230000000", "元", "exact"), ("304126", "元", "exact")]),
    ("培育家庭农场十余个，新建冷库两个，开展排查三次。",
     [("10", "个", "at_least"), ("2", "个", "exact"), ("3", "次", "exact")]),
    ("接待近600人，流转约2.4万亩，比重超过80%，带动3200人以上，走访500余户，收回200多平方米。",
     [("600", "人", "approx"), ("24000", "亩", "approx"), ("80", "%", "at_least"),
      ("3200", "人", "at_least"), ("500", "户", "at_least"), ("200", "平方米", "at_least")]),
    ("引进运营团队2-3个。", [("2", "个", "range")]),
    ("增幅较上年提高2个百分点。", [("2", "个百分点", "exact")]),
    ("投资3,500万元，惠及12,345户，新修道路4.5公里、桥梁3座，引进企业5家，新建学校2所，购置农机20台，"
     "存栏生猪1,200头、山羊800只，产量1.2万吨，光伏装机500千瓦。",
     [("35000000", "元", "exact"), ("12345", "户", "exact"), ("4.5", "公里", "exact"), ("3", "座", "exact"),
      ("5", "家", "exact"), ("2", "所", "exact"), ("20", "台", "exact"), ("1200", "头", "exact"),
      ("800", "只", "exact"), ("12000", "吨", "exact"), ("500", "千瓦", "exact")]),
    ("05年累计发放补贴36万元，新建蓄水塘一座，安装变压器一台，路灯18盏，是发展的一年。",
     [("360000", "元", "exact"), ("1", "座", "exact"), ("1", "台", "exact"), ("18", "盏", "exact")]),
    ("补贴一万二千元，不足10人，约50公顷，1千余万元。",
     [("12000", "元", "exact"), ("10", "人", "at_most"), ("50", "公顷", "approx"), ("10000000", "元", "at_least")]),
    ("惠及百姓两千余人，新增一千零五十户。", [("2000", "人", "at_least"), ("1050", "户", "exact")]),
    ("打造千亩中药片区，打造“千亩黑小麦”园区。", [("1000", "亩", "exact"), ("1000", "亩", "exact")]),
])
def test_chinese_number_forms(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert figures_of(text) == expected


def test_skipped_quantities_say_why() -> None:
    reasons = {q.text: reason for q, reason in candidate_quantities(
        "2021年以来，增强“四个意识”，一人一岗，《三年行动方案》，5个村。")}
    assert reasons == {"四个": "name in quotation marks", "一人": "article 一 + classifier",
                       "三年": "document title", "5个": None}


def test_range_is_one_figure_with_both_ends(tmp_path: Path) -> None:
    text = "一、打算\n每个示范村投入运营资金3至5万元，奖补1.5万—2万元，覆盖率10%～15%。"
    table = extract_figures(text, 2023)
    assert table[["value", "value_high", "unit", "bound"]].values.tolist() == [
        ["30000", "50000", "元", "range"], ["15000", "20000", "元", "range"], ["10", "15", "%", "range"]]
    source, draft = tmp_path / "report.txt", tmp_path / "draft_2023.csv"
    source.write_text(text, encoding="utf-8")
    table.to_csv(draft, index=False)
    assert validate_figures(draft, source=source) == []


def test_kind_and_year_from_cue_words_and_next_steps_section() -> None:
    text = ("一、工作成效\n（一）产业发展\n今年新建养殖基地3个，计划投资800万元。\n"
            "二、下一步打算\n（一）产业发展\n力争新建养殖基地5个，投资600万元建设冷库。2025年底建成冷库2个。\n")
    table = extract_figures(text, 2023)
    got = list(zip(table["value"], table["section"], table["kind"], table["year"], strict=True))
    assert got == [
        ("3", "一(一)", "actual", "2023"),
        ("8000000", "一(一)", "plan", "2023"),
        ("5", "二(一)", "target", "2024"),
        ("6000000", "二(一)", "target", "2024"),
        ("2", "二(一)", "plan", "2025"),
    ]


def test_scope_is_a_village_named_in_the_clause_else_the_town() -> None:
    text = ("断滩村收回闲置农宅200余平方米。在石门村、秋林村等2个村种植连翘。"
            "全镇建立理事会365个。打造养羊基地1个，在马窑村发展养羊3000只。")
    table = extract_figures(text, 2022)
    assert table["scope"].tolist() == ["断滩村", "潭头镇", "潭头镇", "马窑村", "马窑村"]


def test_quote_is_extended_until_unique() -> None:
    text = "一村完成24个村任务。全镇共有24个村。"
    table = extract_figures(text, 2022)
    assert table["quote"].tolist() == ["成24个", "有24个"]


def test_domain_from_keyword_then_heading() -> None:
    text = "一、成效\n（一）乡贤回归\n发放贴息贷款50笔。领办实体6个。\n"
    table = extract_figures(text, 2022)
    assert table["domain"].tolist() == ["loan_subsidy", "rural_talent"]


# --- generality: a fictional report in other words, three file formats ----------

@pytest.fixture(scope="module")
def synthetic_draft() -> pd.DataFrame:
    return extract_figures(read_report(SYNTHETIC), 2023)


def test_synthetic_fixture_is_marked_fictional() -> None:
    first_line = SYNTHETIC.read_text(encoding="utf-8").splitlines()[0]
    assert "虚构测试文本" in first_line and "FICTIONAL" in first_line


def test_precision_and_recall_on_a_fictional_report(synthetic_draft: pd.DataFrame) -> None:
    expected = read_table(SYNTHETIC_EXPECTED)
    keys = ["value", "unit", "bound", "section"]
    precision, recall = precision_recall(synthetic_draft, expected, keys)
    print(f"\nfictional 2023 report: {len(synthetic_draft)} extracted, {len(expected)} expected; "
          f"precision {precision:.3f}, recall {recall:.3f} of (value, unit, bound, section)")
    assert recall >= 0.95
    assert precision >= 0.90


def test_gbk_and_docx_give_the_same_draft(tmp_path: Path, synthetic_draft: pd.DataFrame) -> None:
    lines = SYNTHETIC.read_text(encoding="utf-8").splitlines()
    gbk = tmp_path / "report_gbk.txt"
    gbk.write_bytes("\r\n".join(lines).encode("gbk"))
    word = tmp_path / "report.docx"
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(word))
    for path in (gbk, word):
        pd.testing.assert_frame_equal(extract_figures(read_report(path), 2023), synthetic_draft)


# --- run_extract / CLI ------------------------------------------------------------

def test_cli_writes_identical_bytes_each_run_and_saves_the_text(tmp_path: Path) -> None:
    runner = CliRunner()
    out1, out2, text = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "report.txt"
    result = runner.invoke(main, ["extract", str(SYNTHETIC), "--year", "2023", "-o", str(out1),
                                  "--save-text", str(text)])
    assert result.exit_code == 0, result.output
    assert "54 draft figures" in result.output
    assert runner.invoke(main, ["extract", str(SYNTHETIC), "--year", "2023", "-o", str(out2)]).exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert validate_figures(out1, source=text) == []


def test_refuses_to_overwrite_the_report(tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    report.write_text("新建基地3个。", encoding="utf-8")
    before = report.read_bytes()
    with pytest.raises(InputError) as excinfo:
        run_extract(report, 2023, report)
    assert [str(p) for p in excinfo.value.problems] == [
        f"{display_path(report)}::: refusing to overwrite the report; choose another output file",
        f"{display_path(report)}::: unsupported report type '.csv'; expected .txt (UTF-8/GBK), .docx or .pdf"]
    assert report.read_bytes() == before


def test_saved_text_and_draft_need_different_files(tmp_path: Path) -> None:
    out = tmp_path / "draft.csv"
    with pytest.raises(InputError) as excinfo:
        run_extract(SYNTHETIC, 2023, out, text_output=out)
    assert [str(p) for p in excinfo.value.problems] == [
        f"{display_path(out)}::: the draft table and the saved text need different files"]
    assert not out.exists()


def test_unreadable_report_is_reported(tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"report\.pdf::: cannot read as \.pdf: Failed to load document"):
        run_extract(report, 2023, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("text", [
    "今年全镇新修道路12.5公里，建成桥梁3座，引进企业5家。",
    "1.产业发展\n新增茶园1200亩。\n2.基础设施\n（1）道路\n新修道路12.5公里。\n",
    "今年以来，一是新修道路12.5公里；二是建成桥梁3座。",
])
def test_a_draft_validates_as_drafted_whatever_the_headings(tmp_path: Path, text: str) -> None:
    report, draft = tmp_path / "report.txt", tmp_path / "draft.csv"
    report.write_text(text, encoding="utf-8")
    assert run_extract(report, 2023, draft) == 0
    assert validate_figures(draft, source=report) == []
    assert read_table(draft)["section"].tolist()[-1] in {"全文", "2(1)", "二"}


_NOT_FIGURES = ("2023年1—9月，全镇完成投资2亿元。12月底前，五年来，近三年，十四五期间，1～9月份，第三批。"
                "依据栾政〔2023〕15号文件，联系电话0379-66812345。新建鱼塘3艘，“151”工作部署，二十大，二三十个。")


def test_dates_periods_ordinals_document_and_phone_numbers_are_skipped_with_the_reason(tmp_path: Path) -> None:
    assert figures_of(_NOT_FIGURES) == [("200000000", "元", "exact")]
    report, skipped = tmp_path / "report.txt", tmp_path / "skipped.csv"
    report.write_text(_NOT_FIGURES, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(report), "--year", "2023", "-o", str(tmp_path / "d.csv"),
                                       "--skipped", str(skipped)])
    assert result.exit_code == 0, result.output
    assert "    line 1: 3 (unknown unit '艘')" in result.output
    table = read_table(skipped)
    assert list(table.columns) == ["line", "column", "text", "reason"]
    assert list(zip(table["text"], table["reason"], strict=True)) == [
        ("2023年", "date"), ("1", "date"), ("9", "date"), ("12", "date"), ("五年", "period"),
        ("近三年", "period"), ("十四五期", "period"), ("1", "date"), ("9", "date"), ("三批", "ordinal"),
        ("2023", "document number"), ("15", "document number"), ("0379", "phone number"),
        ("66812345", "phone number"), ("3", "unknown unit '艘'"), ("151", "no unit"), ("二十", "no unit"),
        ("二三十个", "vague number")]
    assert table["column"].tolist()[0] == "1"


def test_no_keyword_gives_unclassified_and_new_domains_are_found(tmp_path: Path) -> None:
    text = ("一、成效\n全年天气良好，游客满意度高达98%。\n"
            "发放低保金120万元，临时救助35户。新修道路12.5公里，建成桥梁3座。粮食总产3.2万吨，生猪出栏1,200头。\n")
    table = extract_figures(text, 2023)
    assert table["domain"].tolist() == ["unclassified", "social_assistance", "social_assistance",
                                        "infrastructure", "infrastructure", "agricultural_production",
                                        "agricultural_production"]
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(report), "--year", "2023", "-o", str(tmp_path / "d.csv")])
    assert "warning: 1 figure(s) have domain unclassified" in result.output


@pytest.mark.parametrize(("text", "label"), [
    ("全乡农业总产值实现7530万元。", "全乡农业总产值"),
    ("今年新建3座桥梁，", "今年新建桥梁"),
    ("引进企业5家，", "引进企业"),
    ("投入对口帮扶资金50万元，", "投入对口帮扶资金"),
])
def test_labels_are_the_noun_phrase(text: str, label: str) -> None:
    assert extract_figures(text, 2023)["label_zh"].tolist() == [label]


def test_carry_forward_proposes_the_earlier_figure() -> None:
    from tanto_analysis.figures.carry import propose_carry

    text = ("一、成效\n全镇新增监测对象25户，就业群众人均年增收约1.57万元，新修道路3公里。"
            "完成固定资产投资4.69亿元，重点项目完成投资3.26亿元。\n")
    draft = propose_carry(extract_figures(text, 2023), [read_table(CURATED_2022)])
    rows = dict(zip(draft["quote"], zip(draft["carry_from"], draft["carry_confidence"], strict=True), strict=True))
    assert rows["25户"] == ("monitoring_new_households", "1")  # same head (监测对象), same qualifier (新增)
    assert rows["约1.57万元"] == ("jobs_income_increase_mean", "0.66")
    assert rows["3公里"] == ("", "")  # the 2022 table has no figure in 公里
    # near misses of another town's report: an investment is not recovered assets (收回固定资产), and
    # key projects are not returnees' projects (乡贤项目完成投资): they shared only 投资, 完成, 项目
    assert rows["4.69亿元"] == ("", "")
    assert rows["3.26亿元"] == ("", "")


def test_carry_forward_needs_the_same_unit_and_kind() -> None:
    from tanto_analysis.figures.carry import propose_carry

    old = read_table(CURATED_2022)
    planned = propose_carry(extract_figures("一、成效\n乡贤项目计划投资7000万元。\n", 2023), [old])
    assert planned["carry_from"].tolist() == ["talent_investment_planned"]
    done = extract_figures("一、成效\n乡贤项目完成投资5000万元。\n", 2023)
    assert propose_carry(done, [old])["carry_from"].tolist() == ["talent_investment_completed"]
    # the kind, not the word 计划 or 完成, tells the plan from the actual
    assert propose_carry(planned.assign(kind="actual"), [old])["carry_from"].tolist() == ["talent_investment_completed"]
    in_people = extract_figures("一、成效\n在外乡贤数据库入库乡贤677人。\n", 2023)
    assert propose_carry(in_people, [old])["carry_from"].tolist() == [""]  # 2022 counts them in 名
