"""Tests for tanto_analysis.figures.context: domain, scope, kind and year guesses."""

from __future__ import annotations

import doctest

import pytest

from tanto_analysis.core.units import find_quantities
from tanto_analysis.figures import context as figure_context
from tanto_analysis.figures.context import DOMAIN_KEYWORDS, DOMAIN_REASONS, guess_context, span
from tanto_analysis.figures.outline import Location
from tanto_analysis.figures.published import DOMAINS, UNCLASSIFIED

PROGRESS = Location("一(一)", ("工作成效",), False)
NEXT_STEPS = Location("三(一)", ("下一步工作打算",), True)


def guesses(text: str, loc: Location = PROGRESS, year: int = 2022) -> list[tuple[str, str, str, int]]:
    out = []
    for q in find_quantities(text):
        c = guess_context(text, q, loc, year, None)
        out.append((c.domain, c.scope, c.kind, c.year))
    return out


def test_doctests() -> None:
    assert doctest.testmod(figure_context).failed == 0


def test_keyword_table_covers_only_known_domains() -> None:
    assert set(DOMAIN_KEYWORDS) == set(DOMAINS) - {UNCLASSIFIED}
    assert set(DOMAIN_REASONS) == set(DOMAINS[DOMAINS.index("projects") + 1:])
    words = [w for ws in DOMAIN_KEYWORDS.values() for w in ws]
    assert len(words) == len(set(words))


def test_span_stops_at_delimiters() -> None:
    text = "甲，乙丙；丁。"
    assert span(text, 2, 3, "，；") == figure_context.Span(2, 4)


@pytest.mark.parametrize(("text", "expected"), [
    # kind from the first cue word of the clause; carried over within the sentence part
    ("计划2022年底完成四星支部1个，三星支部5个；2023年底完成五星支部1个。",
     [("party_building", "潭头镇", "plan", 2022), ("party_building", "潭头镇", "plan", 2022),
      ("party_building", "潭头镇", "plan", 2023)]),
    ("计划投资65290万元，完成投资3935万元。",
     [("party_building", "潭头镇", "plan", 2022), ("party_building", "潭头镇", "actual", 2022)]),
    # comparisons and 以来 are not the figure's year; 月 after the year is fine
    ("较2021年增加贴息贷款30笔，计划2024年6月底前建成冷库3个。",
     [("loan_subsidy", "潭头镇", "actual", 2022), ("loan_subsidy", "潭头镇", "plan", 2024)]),
])
def test_kind_and_year(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    loc = Location("一(七)", ("强化党建引领",), False)
    assert guesses(text, loc) == expected


def test_next_steps_default_to_plans_for_next_year() -> None:
    assert guesses("在前期三个村运营的基础上，投资4500万元建设民宿。", NEXT_STEPS) == [
        ("rural_operation", "潭头镇", "actual", 2022),
        ("rural_operation", "潭头镇", "plan", 2023),
    ]


@pytest.mark.parametrize(("text", "scope"), [
    ("断滩村收回闲置农宅200余平方米。", "断滩村"),
    ("其中拨云岭探索运营，累计销售产品280万元。", "拨云岭"),     # spelt as written
    ("潭头镇24个村清收资产470万元。", "潭头镇"),                 # 潭头镇 is not 潭头村
    ("在石门村、秋林村等2个村种植。", "潭头镇"),                 # count of a list
    ("何村、张村发展连翘种植1500余亩。", "潭头镇"),              # several villages
    ("着力推进投资4000万元的大王庙古村落项目。", "大王庙"),     # village right after
    ("任何村民都受益，累计30人。", "潭头镇"),                   # 何村 inside 任何村民
])
def test_scope(text: str, scope: str) -> None:
    assert guesses(text)[-1][1] == scope


def test_a_project_adds_keywords_of_its_own(tmp_path, monkeypatch):
    from tanto_analysis.core.errors import InputError
    from tanto_analysis.figures.context import domain_keywords

    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    (tmp_path / "tanto.toml").write_text('[project]\ntown = "甲镇"\n', encoding="utf-8")
    assert domain_keywords() == DOMAIN_KEYWORDS  # nothing of its own: the package's
    (tmp_path / "data" / "reference").mkdir(parents=True)
    own = tmp_path / "data" / "reference" / "domain_keywords.csv"
    own.write_text("domain,keyword\nrural_operation,茶园\nloan_subsidy,贷款\n", encoding="utf-8")
    assert domain_keywords()["rural_operation"] == (*DOMAIN_KEYWORDS["rural_operation"], "茶园")
    assert domain_keywords()["loan_subsidy"] == DOMAIN_KEYWORDS["loan_subsidy"]  # a keyword it has already
    text = "新建茶园320亩。"
    q = next(iter(find_quantities(text)))
    assert guess_context(text, q, Location("一", (), False), 2023, None).domain == "rural_operation"
    own.write_text("domain,keyword\ntea,茶园\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"domain_keywords.csv:2:domain: unknown domain; expected one of"):
        domain_keywords()
