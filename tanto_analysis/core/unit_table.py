"""The declared units: every unit a figure may be written in, as data.

Each :class:`Unit` says how a unit as written in a report (``万元``, ``公顷``,
``座``) is recorded in a figures table: its **base unit** (the ``unit`` column:
``元`` for 万元) and the exact **factor** from the written unit to the base unit
(万元 → 元: 10000), and its **kind** (money, area, length, mass, volume,
energy, power, count, percent, points).  Base units of one kind convert into
each other exactly through the kind's reference unit (area: 亩, since
1 平方米 = 0.0015 亩 exactly while 1 亩 = 666.67 平方米 is not).

Counts are one base unit per classifier (户, 人, 座, 台 …): a report counts
bridges in 座 and firms in 家, and those counts do not add up.  ``个百分点`` is
its own unit (kind ``points``): a change of a rate, not a rate.

A written unit that is not declared here is never a figure: ``tanto extract``
lists it as skipped ("unknown unit") and ``tanto validate`` names it.  To
accept a new unit, add one row here with the reason in ``note``.

Examples
--------
>>> UNITS_BY_NAME["万元"].base, UNITS_BY_NAME["万元"].factor
('元', Decimal('10000'))
>>> convert(Decimal(2), "公顷", "亩")
Decimal('30')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "BASE_UNITS",
    "KINDS",
    "COUNT_WORDS",
    "MONEY_WORDS",
    "UNITS",
    "UNITS_BY_NAME",
    "Unit",
    "UnitError",
    "convert",
    "unit_kind",
]

KINDS: tuple[str, ...] = ("money", "area", "length", "mass", "volume", "energy", "power",
                          "count", "percent", "points")


class UnitError(ValueError):
    """A unit that is not declared, or a conversion between different kinds."""


@dataclass(frozen=True)
class Unit:
    """One unit as written in a report.

    Attributes
    ----------
    name : str
        As written: ``万元``, ``公顷``, ``座``.
    base : str
        The unit the figures table records it in (``元`` for 万元).
    factor : Decimal
        Exact factor from ``name`` to ``base`` (10000 for 万元 → 元).
    kind : str
        One of :data:`KINDS`.
    reference : Decimal
        For a base unit: exact factor to its kind's reference unit (亩, 米,
        公斤, 元 …), used by :func:`convert`; 1 for counts.
    multipliable : bool
        Whether 万/亿 may multiply it (``0.85万人``); not for %, 个百分点, 年.
    slug : str
        For a base unit: the English word in drafted ids (``yuan``, ``bridges``).
    arabic_only : bool
        Only after Arabic digits: ``方`` and ``度`` are also ordinary words
        (两方面, 一度).
    note : str
        Why the unit is declared (where reports use it).
    not_before : str
        Characters after which the written unit is part of a word instead
        (方面, 方案; 轮车; 根据): the unit is not read there.
    """

    name: str
    base: str
    factor: Decimal
    kind: str
    reference: Decimal = Decimal(1)
    multipliable: bool = True
    arabic_only: bool = False
    note: str = ""
    slug: str = ""
    not_before: str = ""


def _base(name: str, kind: str, reference: str = "1", note: str = "", slug: str = "", not_before: str = "",
          **flags: bool) -> Unit:
    return Unit(name, name, Decimal(1), kind, Decimal(reference), note=note, slug=slug, not_before=not_before,
                **flags)


def _as(name: str, base: str, factor: str, kind: str, note: str = "", not_before: str = "", **flags: bool) -> Unit:
    return Unit(name, base, Decimal(factor), kind, note=note, not_before=not_before, **flags)


#: Count classifiers: (slug for drafted ids, what reports count with it).
_COUNTS = {
    "户": ("households", "households"), "人": ("people", "people"),
    "人次": ("person_times", "person-times (training, services)"), "名": ("persons", "persons (staff, members)"),
    "个": ("count", "general classifier"), "家": ("firms", "firms, co-operatives, shops"),
    "所": ("institutions", "schools, clinics"), "座": ("structures", "bridges, reservoirs, buildings"),
    "台": ("machines", "machines"), "辆": ("vehicles", "vehicles"), "套": ("sets", "sets of equipment, flats"),
    "间": ("rooms", "rooms"), "处": ("sites", "sites"), "条": ("pieces", "roads, canals, items"),
    "株": ("plants", "trees, seedlings"), "棵": ("trees", "trees"), "头": ("head", "cattle, pigs"),
    "只": ("animals", "sheep, poultry"), "匹": ("horses", "horses"), "羽": ("birds", "poultry"),
    "箱": ("hives", "bee hives"), "项": ("items", "projects, items"), "批": ("batches", "batches"),
    "场": ("events", "events, meetings"), "期": ("rounds", "training rounds"), "次": ("times", "times"),
    "户次": ("household_times", "household-times"), "笔": ("deals", "loans, deals"),
    "份": ("documents", "documents"), "起": ("cases", "cases, incidents"), "件": ("matters", "cases, items"),
    "村": ("villages", "villages"), "支": ("teams", "teams"),
    "眼": ("wells", "wells"), "口": ("wells_ponds", "wells, ponds"), "栋": ("buildings", "buildings"),
    "幢": ("blocks", "buildings"), "架": ("aircraft", "drones, aircraft"), "张": ("sheets", "sheets, certificates"),
    "块": ("plots", "plots, signs"), "盏": ("lamps", "street lamps"),
    # classifiers of public work reports (issue 24): land parcels and cases, trips and sessions, equipment
    "宗": ("parcels", "land parcels, cases (土地18宗, 案件3宗)"), "批次": ("batch_times", "batches, trips (招商7批次)"),
    "车次": ("vehicle_times", "vehicles checked or run (排查13.3万余车次)"),
    "架次": ("flight_times", "drone or aircraft flights"), "场次": ("event_times", "performances, sessions"),
    "班次": ("class_times", "training classes (培训15班次)"), "台套": ("machine_sets", "farm machines with their implements"),
    "组": ("groups", "groups, teams"), "片": ("patches", "plots, areas of forest"),
    "根": ("poles", "poles, pipes"), "篇": ("articles", "articles, reports"), "轮": ("rounds_of", "rounds (of checks)"),
}
#: After these classifiers, characters that make a word, not the unit (三轮车, 5根据 …).
_NOT_BEFORE = {"轮": "车胎", "根": "据本治", "宗": "旨教族", "片": "面刻"}

#: Every declared unit.  Order does not matter; names are unique.
UNITS: tuple[Unit, ...] = (
    _base("元", "money", note="money; the figures table records all money in 元", slug="yuan"),
    _as("千元", "元", "1000", "money"),
    _as("万元", "元", "10000", "money"),
    _as("亿元", "元", "100000000", "money"),
    _base("亩", "area", note="farm and forest land; the area reference unit", slug="mu"),
    _as("万亩", "亩", "10000", "area"),
    _base("公顷", "area", "15", note="1 公顷 = 15 亩", slug="hectares"),
    _base("平方米", "area", "0.0015", note="buildings and squares; 1 平方米 = 0.0015 亩", slug="sqm"),
    _as("万平方米", "平方米", "10000", "area"),
    _base("平方公里", "area", "1500", note="1 平方公里 = 1500 亩", slug="sqkm"),
    _base("米", "length", note="the length reference unit", slug="metres"),
    _as("延米", "米", "1", "length", note="linear metres (ditches, walls)"),
    _base("公里", "length", "1000", note="roads, pipes", slug="km"),
    _as("千米", "公里", "1", "length", note="another name of 公里"),
    _base("公斤", "mass", note="the mass reference unit", slug="kg"),
    _as("千克", "公斤", "1", "mass", note="another name of 公斤"),
    _base("斤", "mass", "0.5", note="1 斤 = 0.5 公斤", slug="jin"),
    _base("吨", "mass", "1000", note="harvests, output", slug="tonnes"),
    _as("万吨", "吨", "10000", "mass"),
    _base("立方米", "volume", note="water, earthworks", slug="cubic_m"),
    _as("方", "立方米", "1", "volume", note="立方米 in earthworks and water", arabic_only=True,
        not_before="面案式向法针位"),
    _as("万方", "立方米", "10000", "volume"),
    _as("万立方米", "立方米", "10000", "volume"),
    _base("千瓦时", "energy", note="electricity", slug="kwh"),
    _as("度", "千瓦时", "1", "energy", note="度 of electricity", arabic_only=True),
    _as("万千瓦时", "千瓦时", "10000", "energy"),
    _base("千瓦", "power", note="photovoltaic and hydro capacity", slug="kw"),
    _as("兆瓦", "千瓦", "1000", "power"),
    _as("万千瓦", "千瓦", "10000", "power"),
    _base("%", "percent", multipliable=False, note="rates as 0–100", slug="rate"),
    _as("％", "%", "1", "percent", multipliable=False),
    _base("个百分点", "points", multipliable=False, note="change of a rate, not a rate", slug="points"),
    _as("百分点", "个百分点", "1", "points", multipliable=False),
    _base("年", "count", multipliable=False, note="durations in years (10余年); 2022年 is a date", slug="years"),
    *(_base(name, "count", note=note, slug=slug, not_before=_NOT_BEFORE.get(name, ""))
      for name, (slug, note) in _COUNTS.items()),
)

#: Words that make a clause about money: there a bare 万 or 亿 (任务150万，完成180万; 收入1000万) is 万元/亿元
#: (see :func:`tanto_analysis.core.units.scan_quantities`).  Elsewhere a number with a bare 万/亿 and no
#: unit is listed as skipped, with the reason.
MONEY_WORDS: tuple[str, ...] = (
    "完成", "收入", "投资", "资金", "税收", "财政", "产值", "总值", "增加值", "营收", "销售额", "营业额",
    "零售额", "成交额", "利润", "收益", "分红", "租金", "贷款", "信贷", "补贴", "补助", "奖补", "奖励",
    "拨付", "经费", "资产", "融资", "筹资", "捐款", "捐赠", "金额", "工资", "费用", "预算", "到位")
#: Words that make a clause count people or things: where one is the nearest before a bare 万 (else after
#: it), the number is not money, whatever the sentence says elsewhere (完成培训1.2万，人均增收3000元).
COUNT_WORDS: tuple[str, ...] = (
    "就业", "务工", "人口", "劳动力", "人次", "游客", "接待", "培训", "参与", "覆盖", "服务", "群众", "农户", "户数")

UNITS_BY_NAME: dict[str, Unit] = {u.name: u for u in UNITS}
#: The units a figures table may record (every declared base unit).
BASE_UNITS: tuple[str, ...] = tuple(u.name for u in UNITS if u.base == u.name)


def unit_kind(name: str) -> str:
    """The kind (money, area, count …) of a declared unit.

    Raises
    ------
    UnitError
        If ``name`` is not declared.
    """
    try:
        return UNITS_BY_NAME[name].kind
    except KeyError:
        raise UnitError(f"unknown unit {name!r}; declare it in tanto_analysis/core/unit_table.py") from None


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """Convert ``value`` from ``unit`` to ``to``, exactly; both of one kind.

    Parameters
    ----------
    value : Decimal
        An amount in ``unit`` (e.g. 2 公顷).
    unit, to : str
        Declared units of the same kind (公顷 → 亩, 万元 → 元, 公里 → 米).

    Raises
    ------
    UnitError
        If a unit is not declared, or the kinds differ, or two count units differ.
    """
    a, b = UNITS_BY_NAME.get(unit), UNITS_BY_NAME.get(to)
    if a is None or b is None:
        raise UnitError(f"unknown unit {unit if a is None else to!r}")
    base_a, base_b = UNITS_BY_NAME[a.base], UNITS_BY_NAME[b.base]
    if a.kind != b.kind or (a.kind == "count" and a.base != b.base):
        raise UnitError(f"cannot convert {unit} to {to}")
    return value * a.factor * base_a.reference / (base_b.reference * b.factor)
