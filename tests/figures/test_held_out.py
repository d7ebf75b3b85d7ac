"""Real reports held out from tuning (tests/fixtures/held_out): frozen labels, and the scores they give.

The labels were written by hand before the extractor was run on each text
and committed on their own; their checksums freeze them.  Which texts were
tuned on afterwards is said in the fixture's README and docs/extract.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from decimal import Decimal

import pytest

from tanto_analysis.core.numbers import format_number
from tanto_analysis.core.readers import read_table
from tanto_analysis.core.report_text import read_report
from tanto_analysis.figures.extract import extract_figures
from tests.conftest import REPO

HELD_OUT = REPO / "tests" / "fixtures" / "held_out"
#: text name → (report year, SHA-256 of the text, SHA-256 of its labels, labelled figures, drafted, matched)
TEXTS = {
    "pinghu_2023": (2023, "f6b867696ff99db175c43b381eeaf9f88a89752335a51034db1f17cee182a25a",
                    "eef9ac0a221888a6e3dacf3cb3e9b22ea01dd7ce60c8f053397bdd36461d15c2", 20, 20, 20),
    "x_town_2022": (2022, "414af7cc63c819801369fd6a85fbf98dd67931322837cc7e0b5f677234ce3e79",
                    "bf731a4aa87e1060988f8272c2c7da664b2ffc838519d008323badf708f36a61", 10, 10, 10),
    "summary_2022": (2022, "c909820076205a2742f8ccfa3f30ce141fd914c703f63fcb8e1bf9d8c39fa2bf",
                     "80163d65ff9db1f325fbb6d92f11f79986d7ce706256ba4103dc830718fb0314", 16, 16, 16),
    "xx_town_2022": (2022, "69ecbef1811b18b8fefb4fc794d936fd96c7eb3bc97bdf39efe9aaa7c415a63c",
                     "a5f04c32485f767b555d39c0d816e1957e5803af9dd4147ab5dd6f4ca86a76bb", 13, 13, 13),
    "lucun_2023": (2023, "f691aa8036a22c6ae97b364ce3294ef9b2abfb7d972fb92db46bcc38e335c26f",
                   "e2b826834fcbe5e5dd9585ea114dd83aa9694071779fa14979bf8e22dcf65cb5", 10, 10, 10),
    "pdf_runs_2023": (2023, "144f0cd735dac2b20df4d92ed759ac66e99f926a9b4f5296e56885da464425b3",
                      "b482b6a07cd3b1aa0baf356a08afca1f48bfb69d76ea0685b641094c55dd5f0d", 10, 10, 10),
    "xiaoping_2020": (2020, "f1c5a501243a60268cbde90c7ae7e6f146803dbc708549fd188b20e73338265a",
                      "05a5bc60bed0cc6a7c500ddced99e91a9a196dd1a940536a70a4b655995731fe", 31, 31, 31),
}


def sha256(name: str) -> str:
    return hashlib.sha256((HELD_OUT / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_held_out_texts_and_labels_are_frozen(name: str) -> None:
    _, text_sum, labels_sum, *_ = TEXTS[name]
    assert (sha256(f"{name}.txt"), sha256(f"{name}_labels.csv")) == (text_sum, labels_sum)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_held_out_scores(name: str) -> None:
    year, _, _, labelled, drafted, matched = TEXTS[name]
    draft = extract_figures(read_report(HELD_OUT / f"{name}.txt"), year)
    labels = read_table(HELD_OUT / f"{name}_labels.csv")
    found = Counter(zip(draft["value"], draft["unit"], strict=True))
    wanted = Counter((format_number(Decimal(v), None, grouping=False), u)
                     for v, u in zip(labels["value"], labels["unit"], strict=True))
    hits = sum((found & wanted).values())
    print(f"\n{name}: {len(draft)} drafted, {len(labels)} labelled, {hits} matched; "
          f"precision {hits / len(draft):.3f}, recall {hits / len(labels):.3f}")
    assert (len(labels), len(draft), hits) == (labelled, drafted, matched)
