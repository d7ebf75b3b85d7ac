"""Tests for tanto_analysis.core.privacy: one set of rules for pages, build outputs and the terminal."""

from tanto_analysis.core import privacy
from tanto_analysis.page import safe_html


def test_the_page_uses_the_same_rules():
    for name in ("is_personal_column", "looks_like_bank_card", "looks_like_id_number", "looks_like_personal",
                 "looks_like_phone", "redact_personal"):
        assert getattr(safe_html, name) is getattr(privacy, name)


def test_mask_value_replaces_personal_numbers_and_keeps_the_rest():
    assert privacy.mask_value("41032419800101123X") == "[masked]"
    assert privacy.mask_value("410324198001011234 and 13812345678") == "[masked] and [masked]"
    assert privacy.mask_value("6222021234567890") == "[masked]"  # 16 digits: a card
    assert privacy.mask_value("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"  # text, not data
    assert privacy.mask_value("11465000") == "11465000"  # an amount is not a phone number
    assert privacy.mask_value("2022-03-01", "paid_date") == "2022-03-01"


def test_mask_value_masks_everything_in_a_personal_column():
    assert privacy.mask_value("H00001", "household_id") == privacy.MASK
    assert privacy.mask_value("王五", "户主姓名") == privacy.MASK
    assert privacy.mask_value("x", "figure_id") == "x"
