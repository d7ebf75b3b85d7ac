"""The town's 24 villages: the names the report uses, and labels for the rest.

Only village names that appear in the 2022 report are used.  The report names
19 villages; the town has 24 (``潭头镇24个村``), so the remaining five get
obviously artificial labels 村A–村E.  No real-sounding name is invented.
"""

from __future__ import annotations

TOWN = "潭头镇"

#: Canonical names of the villages named in the 2022 report, in the order they
#: first appear.  A trailing 村 is added where the report also writes the short
#: form (纸房 / 纸房村); 何村 and 张村 are written that way in full.
REPORT_VILLAGES: tuple[str, ...] = (
    "断滩村", "拨云岭村", "大王庙村", "纸房村", "官地村", "垢峪村", "古城村",
    "赵庄村", "蛮营村", "阳庄村", "汤营村", "马窑村", "石门村", "秋林村",
    "柏枝崖村", "何村", "张村", "王坪村", "潭头村",
)

#: Artificial labels for the villages the report does not name.
UNNAMED_VILLAGES: tuple[str, ...] = ("村A", "村B", "村C", "村D", "村E")

VILLAGES: tuple[str, ...] = REPORT_VILLAGES + UNNAMED_VILLAGES
assert len(VILLAGES) == 24



def village_short_form(name: str) -> str | None:
    """The short form the report also writes for a village, or None if it has none.

    A name of three or more characters ending in 村 is also written without it;
    a two-character name (何村, 张村) is always written in full.

    >>> village_short_form("纸房村"), village_short_form("何村"), village_short_form("村A")
    ('纸房', None, None)
    """
    return name.removesuffix("村") if len(name) > 2 and name.endswith("村") else None


#: Short forms as written (纸房) → canonical names (纸房村), for the villages the report names.
SHORT_FORMS: dict[str, str] = {
    short: name for name in REPORT_VILLAGES if (short := village_short_form(name)) is not None
}


def canonical_village(name: str) -> str | None:
    """Return the canonical village name for ``name`` as written, or None.

    >>> canonical_village("拨云岭")
    '拨云岭村'
    >>> canonical_village("何村")
    '何村'
    >>> canonical_village("某村") is None
    True
    """
    name = name.strip()
    if name in VILLAGES:
        return name
    return SHORT_FORMS.get(name)


def is_known_scope(scope: str) -> bool:
    """True for the town itself or any village name the report uses."""
    return scope == TOWN or canonical_village(scope) is not None
