"""Tests for tanto_analysis.page.commentary: the text states the table's figures."""

from __future__ import annotations

import pandas as pd

from tanto_analysis.page.commentary import (
    employment_commentary,
    land_commentary,
    loan_commentary,
)


def table(values: dict[str, float], status: str = "published", bounds: dict[str, str] | None = None) -> pd.DataFrame:
    rows = [{"scope": "潭头镇", "indicator": k, "value": v, "unit": "", "data_status": status,
             "bound": (bounds or {}).get(k, "exact")} for k, v in values.items()]
    return pd.DataFrame(rows)


LOANS_2022 = {"loans_total_count": 280, "loans_new_households": 248, "loans_new_amount": 11465000,
              "loans_new_amount_per_household": round(11465000 / 248, 2), "loan_subsidy_recipients": 190,
              "loan_subsidy_amount": 304126, "loan_subsidy_per_recipient": round(304126 / 190, 2)}


def test_loan_commentary_states_the_published_figures_zh() -> None:
    text = loan_commentary(table(LOANS_2022), 2022, "zh")
    assert text == ("据报告公开数字，2022年新增小额贴息贷款248户、11,465,000元，户均46,229.84元；"
                    "全年贷款共280笔；贷款贴息190人、304,126元，人均1,600.66元。")


def test_loan_commentary_en_and_synthetic_source() -> None:
    values = dict(LOANS_2022, loan_implied_subsidy_rate=4.1321, lpr_1y_mean=3.6871)
    text = loan_commentary(table(values, "synthetic"), 2022, "en")
    assert text.startswith("From the synthetic demo ledgers (SYNTHETIC DATA, not real statistics), in 2022 248 households")
    assert "11,465,000 yuan" in text and "46,229.84 yuan per household" in text
    assert "implied subsidy rate on principal outstanding was 4.13% against a time-weighted mean 1-year LPR of 3.69%" in text


def test_missing_figures_are_left_out_not_guessed() -> None:
    text = loan_commentary(table({"loans_total_count": 280}), 2021, "zh")
    assert text == "据报告公开数字，全年贷款共280笔。"
    assert loan_commentary(table({}), 2021, "en") == "No figures are available for this year."


def test_employment_commentary_keeps_the_at_least_bound() -> None:
    t = table({"public_welfare_posts": 385, "jobs_provided": 300, "jobs_income_increase_mean": 15000},
              bounds={"jobs_provided": "at_least"})
    assert employment_commentary(t, 2022, "zh") == (
        "据报告公开数字，2022年公益性岗位安置385人；提供就业岗位300余个；就业群众年均增收15,000元。")
    assert "more than 300 jobs were provided" in employment_commentary(t, 2022, "en")


def test_land_commentary() -> None:
    t = table({"land_transfer_area": 21000, "land_transfer_rate": 77.3, "land_contracted_base": 27167})
    assert land_commentary(t, 2022, "zh") == "据报告公开数字，2022年土地流转面积21,000亩；流转率77.3%，对应承包地面积27,167亩。"


def test_commentary_writes_each_figure_with_its_bound():
    import pandas as pd

    from tanto_analysis.page.commentary import employment_commentary, land_commentary

    table = pd.DataFrame([
        {"indicator": "jobs_income_increase_mean", "value": 15_700.0, "bound": "approx", "scope": "潭头镇",
         "data_status": "published"},
        {"indicator": "land_transfer_rate", "value": 79.0, "bound": "approx", "scope": "潭头镇",
         "data_status": "published"}])
    assert employment_commentary(table, 2023, "zh") == "据报告公开数字，就业群众年均增收约15,700元。"
    assert land_commentary(table, 2023, "en") == "According to the published report, a transfer rate of ≈ 79%."
