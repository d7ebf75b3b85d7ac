"""Disclosure control on real pages: small and dominated cells never reach any file under reports/.

A copy of the 2022 demo ledgers is made hostile in the three ways a town's
own ledgers are: one village with a single borrower (whose loan and
subsidy would be that household's), one village whose transferred area is
almost all one contract, and one village with exactly two public-welfare
posts.  Its loans, posts and placements ledgers are marked ``actual``, the
rest stay synthetic, so the year is partly synthetic; 2020 and 2021 are all
actual.  The real notebooks then build the yearly pages and the trends
page, in Chinese and English, and every file under
``reports/`` (pages, CSV downloads inside them, executed notebooks, the
build cache) is searched for those cells' values, formatted and not.
"""

from __future__ import annotations

import base64
import csv
import re
from pathlib import Path

import pytest

from tanto_analysis.core.numbers import format_number
from tanto_analysis.core.text import SYNTHETIC_MARK
from tanto_analysis.page.sdc import page_counts
from tests.conftest import make_project

pytestmark = pytest.mark.slow

SINGLE_LOAN = 37654.32  # 纸房村's one borrower
SINGLE_SUBSIDY = 1234.56  # its subsidy
BIG_CONTRACT = (5000.57, 98765.43)  # 石门村: area (亩) and rent (元) of one contract
_CSV_URI = re.compile(r"data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)")


def _rewrite(path: Path, keep, change=None) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    kept = [change(r) if change else r for r in rows if keep(r)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    return kept


def _hostile(folder: Path) -> dict[str, float]:
    """Make ``folder`` (a copy of the 2022 demo ledgers) hostile; return the totals the pages may show."""
    loans_path = folder / "loans_synthetic.csv"  # made actual below; the subsidies and land stay synthetic
    village_loans = [r for r in csv.DictReader(open(loans_path, encoding="utf-8")) if r["village"] == "纸房村"]
    kept_loan = village_loans[0]["loan_id"]
    dropped = {r["loan_id"] for r in village_loans[1:]}

    def actual(row):
        row["data_status"] = "actual"
        if row["loan_id"] == kept_loan:
            row["amount_yuan"] = str(SINGLE_LOAN)
        return row

    loans = _rewrite(loans_path, lambda r: r["loan_id"] not in dropped, actual)
    loans_path.rename(folder / "loans.csv")  # an office's own ledger, not synthetic

    def subsidy(row):
        if row["loan_id"] == kept_loan:
            row["amount_yuan"] = str(SINGLE_SUBSIDY)
        return row

    subsidies = _rewrite(folder / "loan_subsidies_synthetic.csv", lambda r: r["loan_id"] not in dropped, subsidy)
    assert [r["amount_yuan"] for r in subsidies if r["loan_id"] == kept_loan] == [str(SINGLE_SUBSIDY)]
    first = {}

    def contract(row):
        if row["village"] == "石门村" and not first:
            first[row["contract_id"]] = True
            row["area_mu"], row["annual_rent_yuan"] = map(str, BIG_CONTRACT)
        return row

    contracts = _rewrite(folder / "land_contracts_synthetic.csv", lambda r: True, contract)
    posts_seen: list[str] = []

    def two_posts(row):
        if row["village"] != "断滩村":
            return True
        posts_seen.append(row["post_id"])
        return len(posts_seen) <= 2

    posts = _rewrite(folder / "welfare_posts.csv", two_posts)
    assert sum(r["village"] == "断滩村" for r in posts) == 2
    shimen = [float(r["area_mu"]) for r in contracts if r["village"] == "石门村"]
    assert len(shimen) >= 3 and BIG_CONTRACT[0] / sum(shimen) > 0.85  # dominance, not frequency
    return {"loans_yuan": sum(float(r["amount_yuan"]) for r in loans),
            "subsidies_yuan": sum(float(r["amount_yuan"]) for r in subsidies),
            "shimen_area": sum(shimen), "area": sum(float(r["area_mu"]) for r in contracts)}


_ALL = ("villages", "loans", "loan_subsidies", "welfare_posts", "job_placements", "land_contracts")


def _actual(path: Path) -> None:
    """Make a demo ledger an office's own: ``data_status`` actual, no ``_synthetic`` in its name."""
    def status(row):
        row["data_status"] = "actual"
        return row

    _rewrite(path, lambda r: True, status)
    path.rename(path.with_name(path.name.replace("_synthetic", "")))


def _texts(reports: Path) -> dict[str, str]:
    """Every text file under ``reports/``, with the CSV downloads inside it decoded and appended."""
    found = {}
    for path in sorted(p for p in reports.rglob("*") if p.is_file() and not p.is_symlink()):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        decoded = [base64.b64decode(m).decode("utf-8-sig") for m in _CSV_URI.findall(text)]
        found[str(path.relative_to(reports))] = "\n".join([text, *decoded])
    return found


def _forbidden(totals: dict[str, float]) -> list[str]:
    values = [SINGLE_LOAN, SINGLE_SUBSIDY, *BIG_CONTRACT, totals["shimen_area"]]
    shown = [format_number(v) for v in values] + [format_number(v, grouping=False) for v in values]
    # the town totals stay shown: a forbidden value must not be part of one by chance
    town = [format_number(totals[k], grouping=g) for k in ("loans_yuan", "subsidies_yuan", "area")
            for g in (True, False)]
    assert not [s for s in shown for t in town if s in t]
    return sorted(set(shown))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, demo_ledgers):
    from tanto_analysis.build.pipeline import run_build

    root = make_project(tmp_path_factory.mktemp("hostile"), demo_ledgers, years=(2020, 2021, 2022),
                        notebooks="[12][0-9]")
    ledgers = root / "data" / "ledgers" / "demo"
    for year, names in ((2020, _ALL), (2021, _ALL), (2022, ("welfare_posts", "job_placements"))):
        for name in names:
            _actual(ledgers / str(year) / f"{name}_synthetic.csv")
    totals = _hostile(ledgers / "2022")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TANTO_ROOT", str(root))
        for lang in ("zh", "en"):
            assert run_build(years=[], all_years=True, jobs=2, force=False, lang=lang) == 0
    return root, totals


def test_no_file_under_reports_shows_a_small_or_dominated_cell(hostile_site):
    root, totals = hostile_site
    texts = _texts(root / "reports")
    assert {"html/2022.html", "html/trends.html", "html/en/2022.html", "html/index.html",
            ".cache/build-zh.json"} <= set(texts)
    assert any(name.startswith("executed/2022/") for name in texts)
    leaks = [(name, value) for name, text in texts.items() for value in _forbidden(totals) if value in text]
    assert leaks == []


def test_each_page_says_what_was_withheld_and_why(hostile_site):
    root, _ = hostile_site
    page = (root / "reports" / "html" / "2022.html").read_text(encoding="utf-8")
    counts = page_counts(page)
    assert counts["frequency"] >= 2 and counts["dominance"] >= 1 and counts["secondary"] >= 1
    assert f"本页共{sum(counts.values())}个单元格按披露控制规则不公布" in page
    assert "—" not in re.sub(r"<[^>]+>", "", page.split('<main id="appendix">')[0])  # no mark in the header
    en = (root / "reports" / "html" / "en" / "2022.html").read_text(encoding="utf-8")
    assert f"{sum(page_counts(en).values())} cells on this page are not shown under disclosure control" in en
    assert "fewer than 3 households" in en
    # the village with two posts is left out of the posts-by-village chart and its CSV, with the note
    alts = dict(re.findall(r'<img[^>]* alt="([^"]+)"[^>]*>.*?data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)',
                           page, re.DOTALL))
    posts = next(v for k, v in alts.items() if k.startswith("2022年公益性岗位：按村"))
    assert "断滩村" not in base64.b64decode(posts).decode("utf-8-sig")
    loans = next(k for k in alts if k.startswith("2022年贷款金额：按村"))
    assert "纸房村" not in loans and "另有2项按披露控制规则未画出" in loans


def test_a_partly_synthetic_year_is_labelled_synthetic_on_every_chart_table_and_banner(hostile_site):
    root, _ = hostile_site
    for name in ("2022.html", "trends.html"):
        page = (root / "reports" / "html" / name).read_text(encoding="utf-8")
        alts = re.findall(r'<img[^>]* alt="([^"]*)"', page)
        assert alts and all(SYNTHETIC_MARK in alt for alt in alts), name
        assert 'class="banner synthetic"' in page, name
    page = (root / "reports" / "html" / "2022.html").read_text(encoding="utf-8")
    # every table made from the ledgers (its caption names the ledgers or a breakdown) carries the mark
    captions = re.findall(r"<caption>([^<]*)</caption>", page)
    ledger = [c for c in captions if "台账" in c or "标记" in c]
    assert ledger and all(SYNTHETIC_MARK in c for c in ledger)
