"""Lists in the report's text: parts after a total are added up, names are counted only when they are names."""

from __future__ import annotations

import pandas as pd

from tanto_analysis.analysis.audit.auditor import audit
from tanto_analysis.analysis.audit.finding import AuditContext
from tanto_analysis.analysis.audit.list_rules import ListedNames, ListedParts
from tanto_analysis.analysis.audit.listed_names import listed_names_count
from tanto_analysis.analysis.audit.listed_parts import listed_parts
from tanto_analysis.analysis.audit.terms import table_figures

#: The sentence of the issue, with counts that add up: 320 + 410 + 150 + 95 = 975.
MIGRANTS = ("全镇已务工人员合计975人（其中省外务工320人，市外省内务工410人，县外市内务工150人，"
            "县内务工95人），较上年增加12人。")


def drafted(*rows) -> dict:
    """Figures as a draft has them (no indicator key), from (id, value, unit, quote) rows."""
    return table_figures(pd.DataFrame([{"id": i, "value": float(v), "unit": u, "quote": q, "bound": "exact",
                                        "year": 2022, "section": "一(二)", "scope": "甲镇", "kind": "actual",
                                        "label_zh": "", "indicator": ""} for i, v, u, q in rows]))


def found(rule, figures, text):
    return [(f.severity, f.rule, f.computation) for f in rule.findings(figures, AuditContext(source_text=text))]


def test_categories_with_counts_are_parts_not_names():
    figures = drafted(("migrants", 975, "人", "合计975人"))
    assert listed_names_count(MIGRANTS, "合计975人") == []  # four categories, not four names
    assert found(ListedNames(), figures, MIGRANTS) == []
    assert found(ListedParts(), figures, MIGRANTS) == []  # 320 + 410 + 150 + 95 = 975


def test_parts_exceeding_their_total_are_a_contradiction():
    text = ("全年完成其他农作物种植6675亩(其中:油菜1830亩、蔬菜3850亩、花卉745亩、小米辣280亩、草莓50亩)。")
    assert found(ListedParts(), drafted(("crops", 6675, "亩", "6675亩")), text) == [
        ("contradiction", "listed_parts",
         "(其中:油菜1830亩、蔬菜3850亩、花卉745亩、小米辣280亩、草莓50亩) → "
         "1,830 + 3,850 + 745 + 280 + 50 = 6,755 vs 6,675 亩")]


def test_parts_after_qizhong_up_to_the_end_of_the_sentence_part():
    text = "由我镇实施的项目共17个,其中8个项目已完成施工,9个项目尚在施工;协调项目10个,其中4个项目已完工,1个项目正在财评,6个项目正在施工。"
    assert found(ListedParts(), drafted(("own", 17, "个", "17个")), text) == []  # 8 + 9 = 17
    assert found(ListedParts(), drafted(("coordinated", 10, "个", "10个")), text) == [
        ("contradiction", "listed_parts", "，其中4个项目已完工，1个项目正在财评，6个项目正在施工 → 4 + 1 + 6 = 11 vs 10 个")]


def test_a_closing_group_that_overlaps_is_a_note():
    text = ("农村低保对象、特困供养人员663户1932人(其中农村低保对象521户1772人,特困供养人员142户160人,"
            "贫困双重身份人员122户395人)。")
    figures = drafted(("households", 663, "户", "663户"), ("people", 1932, "人", "1932人"))
    assert [(s, r) for s, r, _ in found(ListedParts(), figures, text)] == [("note", "listed_parts")] * 2
    (households,) = [f for f in ListedParts().findings(figures, AuditContext(source_text=text)) if f.figures[0]["id"] == "households"]
    assert households.message == ("households: the parts listed after it add up to 785; without 贫困双重身份人员122户395人 "
                                  "they fit 663, so that item may overlap the others")


def test_parts_short_of_the_total_are_a_note_and_within_rounding_nothing():
    text = "全镇常住人口1.2万人（其中城镇人口3000人，农村人口8600人）。"
    # 3,000 + 8,600 = 11,600; 1.2万人 allows 11,500–12,500
    assert found(ListedParts(), drafted(("population", 12000, "人", "1.2万人")), text) == []
    text = "全镇常住人口12000人（其中城镇人口3000人，农村人口8600人）。"
    assert [s for s, _, _ in found(ListedParts(), drafted(("population", 12000, "人", "12000人")), text)] == ["note"]


def test_no_parts_when_the_items_are_not_all_in_the_totals_unit():
    text = "发放165万元保障困难群众基本生活(其中临时救助268人次,城乡低保、特困对象597名)。"
    assert listed_parts(text, 2, 6, "元") is None
    assert found(ListedParts(), drafted(("relief", 1650000, "元", "165万元")), text) == []
    text = "完成财政总收入2841万元,同比增长25%,其中地方收入722万元;"
    assert found(ListedParts(), drafted(("revenue", 28410000, "元", "2841万元")), text) == []


def test_a_list_of_names_is_still_counted():
    text = "正在培育的规上工业企业3家(森财木业、睿新鹏电子)，重点服务业企业1家。"
    assert found(ListedNames(), drafted(("firms", 3, "家", "企业3家")), text) == [
        ("contradiction", "listed_names", "(森财木业、睿新鹏电子) → 2 names vs 3 家")]
    assert found(ListedNames(), drafted(("firms", 2, "家", "企业2家")), text.replace("3家", "2家")) == []


def test_the_audit_runs_both_on_a_drafted_table():
    t = pd.DataFrame([{"id": "migrants", "value": 980.0, "unit": "人", "quote": "合计980人", "bound": "exact",
                       "year": 2022, "section": "一(二)", "scope": "甲镇", "kind": "actual", "label_zh": "务工人员",
                       "indicator": ""}])
    (finding,) = audit(t, source_text=MIGRANTS.replace("975人", "980人"))
    assert (finding.severity, finding.rule) == ("note", "listed_parts")  # 975 < 980: the list may leave some out
