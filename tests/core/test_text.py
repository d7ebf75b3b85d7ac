"""Tests for tanto_analysis.core.text: the zh/en catalogue and its lookup."""

from __future__ import annotations

import doctest
import string

import pytest

from tanto_analysis.core import text as catalogue
from tanto_analysis.core.text import MESSAGES, tr


def test_doctests() -> None:
    result = doctest.testmod(catalogue)
    assert result.attempted == 9 and result.failed == 0


def test_labels() -> None:
    assert tr("label.quote", "zh") == "报告原文"
    assert tr("label.quote", "en") == "Quote from the report"
    assert tr("label.unknown_key", "en", default="unknown_key") == "unknown_key"
    with pytest.raises(KeyError, match="label.unknown_key"):
        tr("label.unknown_key", "en")


def test_categories_translate_for_english_only() -> None:
    assert tr("category.护林员", "en", default="护林员") == "forest ranger"
    assert tr("category.护林员", "zh", default="护林员") == "护林员"
    assert tr("category.何村", "en", default="何村") == "何村"  # village names are proper names


def test_templates_fill_named_fields() -> None:
    assert tr("other_domains.none", "zh", year=2022) == "2022年没有公开报告，其他领域没有可列的数字。"
    assert tr("bound.at_least", "en", number="4,500,000") == "≥ 4,500,000"
    assert tr("flag.subsidy_without_loan", "en") + tr("flag.subsidy_without_loan.effect", "en") == (
        "subsidy for a loan that is not in the year's loans ledger; counted in the subsidy total, "
        "left out of the implied rate")


def test_zh_and_en_name_the_same_fields_but_where_the_languages_differ() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    differing = {key: (fields(zh) ^ fields(en)) for key, (zh, en) in MESSAGES.items() if fields(zh) != fields(en)}
    assert differing == {
        "progress.part": {"direction"},              # 领先/落后 is not said in the zh sentence
        "progress.within_caption": {"month", "day", "date"},  # 8月22日 vs 2022-08-22
        "progress.index.target": {"unit"},           # the English line leaves the unit out
        "progress.reference.within_year": {"month", "day", "date"},
    }


def test_every_code_the_page_words_has_its_text() -> None:
    from tanto_analysis.analysis.audit.finding import SEVERITIES
    from tanto_analysis.analysis.progress import CATEGORIES
    from tanto_analysis.ledgers.employment import CHANNELS, HOLDER_STATUSES, POST_TYPES
    from tanto_analysis.ledgers.land import LAND_TYPES, MODES
    from tanto_analysis.ledgers.ledger import FLAGS
    from tanto_analysis.page.domain_sections import LEDGER_NAMES, RECONCILE_STATUSES

    keys = ([f"category.{c}" for c in (*POST_TYPES, *HOLDER_STATUSES, *CHANNELS, *LAND_TYPES, *MODES)]
            + [f"flag.{c}" for c in FLAGS] + [f"severity.{s}" for s in SEVERITIES]
            + [f"progress.category.{c}" for c in CATEGORIES] + [f"ledger.{n}" for n in LEDGER_NAMES]
            + [f"reconcile.{s}" for s in RECONCILE_STATUSES])
    assert [k for k in keys if k not in MESSAGES] == []
    assert FLAGS["zero_area"] == ("area_mu", "contract with zero area; counted, left out of rent per mu")
