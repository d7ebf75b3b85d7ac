"""The one zh/en text catalogue: every fixed word and sentence a page, the index or a ledger says.

:data:`MESSAGES` maps a key to its ``(zh, en)`` pair; :func:`tr` looks one up
in a page's language.  Keys are dotted by where they belong (``label.``,
``category.``, ``index.``, ``footer.``, ``flag.``, …).  A template names its
fields (``{year}``, ``{n}``); numbers are formatted by the caller with
:func:`tanto_analysis.core.numbers.format_number` before they are passed in.
To complete or correct the English page, edit the second element here.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "SYNTHETIC_MARK", "lang_column", "tr"]

#: The mark on every table, chart and banner made from synthetic ledgers, the same in both languages.
SYNTHETIC_MARK = "合成数据 / SYNTHETIC DATA"

#: key → (zh, en).
MESSAGES: dict[str, tuple[str, str]] = {
    # -- the page's fixed labels ---------------------------------------------------------------
    "html.lang": ("zh-CN", "en"),
    "label.indicator": ("指标", "Indicator"),
    "label.value": ("数值", "Value"),
    "label.unit": ("单位", "Unit"),
    "label.bound": ("口径", "Bound"),
    "label.section": ("报告章节", "Report section"),
    "label.quote": ("报告原文", "Quote from the report"),
    "label.status": ("数据状态", "Data status"),
    "label.village": ("村", "Village"),
    "label.year": ("年份", "Year"),
    "label.count": ("个数", "Count"),
    "label.item": ("项目", "Item"),
    "label.group": ("分组", "Group"),
    "label.published": ("公开数据", "published"),
    "label.synthetic": ("合成数据", "SYNTHETIC"),
    "label.synthetic_mark": ("合成数据 / SYNTHETIC DATA", "SYNTHETIC DATA"),
    "label.synthetic_file": ("合成数据", "synthetic"),
    "label.actual": ("台账数据", "ledger"),
    "label.at_least": ("以上", "at least"),
    "label.exact": ("", ""),
    "label.approx": ("约", "about"),
    "label.derived": ("推算", "derived"),
    # -- the ledgers' categories (post types, channels, land types, modes); zh is the value -----
    "category.社保协管员": ("社保协管员", "social-security assistant"),
    "category.保洁员": ("保洁员", "cleaner"),
    "category.护林员": ("护林员", "forest ranger"),
    "category.河道员": ("河道员", "river warden"),
    "category.其他": ("其他", "other"),
    "category.乡贤项目": ("乡贤项目", "returning-talent project"),
    "category.企业": ("企业", "enterprise"),
    "category.合作社": ("合作社", "cooperative"),
    "category.耕地": ("耕地", "farmland"),
    "category.林地": ("林地", "forest land"),
    "category.林坡": ("林坡", "forest slope"),
    "category.林地/林坡": ("林地/林坡", "forest land/slope"),
    "category.出租": ("出租", "lease"),
    "category.入股": ("入股", "equity stake"),
    "category.转包": ("转包", "subcontract"),
    "category.脱贫户": ("脱贫户", "lifted out of poverty"),
    "category.监测对象": ("监测对象", "under monitoring"),
    "category.一般户": ("一般户", "other household"),
    # -- the report's domains --------------------------------------------------------------------
    "domain.employment_income": ("就业增收", "Employment income"),
    "domain.loan_subsidy": ("小额贴息贷款", "Loan subsidies"),
    "domain.land_transfer": ("土地流转", "Land transfer"),
    "domain.poverty_monitoring": ("防返贫动态监测", "Poverty-relapse monitoring"),
    "domain.collective_assets": ("集体资产清收", "Collective assets recovered"),
    "domain.rural_talent": ("乡村人才", "Rural talent"),
    "domain.rural_operation": ("乡村运营", "Rural operation"),
    "domain.town_construction": ("集镇建设", "Town construction"),
    "domain.party_building": ("基层党建", "Party building"),
    "domain.projects": ("项目建设", "Projects"),
    "domain.village_register": ("村情", "Village register"),
    "domain.social_assistance": ("社会救助", "Social assistance"),
    "domain.infrastructure": ("基础设施", "Infrastructure"),
    "domain.agricultural_production": ("农业生产", "Agricultural production"),
    "domain.unclassified": ("其他数字", "Other figures"),
    # -- ledgers, their flags (the English is also the ledger schema's meaning) and reconciliation
    "ledger.villages": ("村情台账", "village register"),
    "ledger.loans": ("贷款台账", "loans"),
    "ledger.loan_subsidies": ("贴息台账", "loan subsidies"),
    "ledger.welfare_posts": ("公益性岗位台账", "public-welfare posts"),
    "ledger.job_placements": ("就业安置台账", "job placements"),
    "ledger.land_contracts": ("土地流转合同台账", "land contracts"),
    "flag.above_amount_limit": ("贷款金额超过每户5万元上限", "loan above the 50,000 yuan per-household limit"),
    "flag.above_term_limit": ("贷款期限超过36个月上限", "loan term above the 36-month limit"),
    "flag.subsidy_without_loan": ("贴息对应的贷款不在本年贷款台账中",
                                  "subsidy for a loan that is not in the year's loans ledger"),
    "flag.subsidy_without_loan.effect": ("（计入贴息总额，不计入隐含贴息率）",
                                         "; counted in the subsidy total, left out of the implied rate"),
    "flag.zero_area": ("流转面积为0亩的合同（计入合同数，不计入每亩租金）",
                       "contract with zero area; counted, left out of rent per mu"),
    "flag.area_above_base": ("村流转面积超过其承包地面积",
                             "transferred area above the village's contracted-land base"),
    "flag.duplicate_row": ("除编号外与前一行完全相同（疑似重复粘贴）",
                           "same as an earlier row in every column but its id (e.g. household, village, "
                           "date and amount): pasted twice with a new id?"),
    "flag.hidden_row": ("Excel中被隐藏的行（常为作废记录，仍计入）",
                        "row hidden in Excel (often a cancelled record); counted like any other row"),
    "flag.subsidy_above_lpr": ("贴息超过按当年最高1年期LPR计算的利息",
                               "subsidies on the loan above its interest at the year's highest "
                               "1-year LPR (a full year plus a quarter in arrears)"),
    "flag.subsidy_other_household": ("贴息发给了贷款户以外的农户",
                                     "subsidy paid to another household than the loan's"),
    "reconcile.match": ("一致", "match"),
    "reconcile.within_rounding": ("在报告舍入范围内", "within the report's rounding"),
    "reconcile.mismatch": ("不一致", "MISMATCH"),
    "reconcile.not_in_ledger": ("台账无此项", "not in the ledgers"),
    "reconcile.no_published": ("{year}年没有公开报告数字，无从核对台账。",
                               "{year} has no published figures, so there is nothing to reconcile."),
    "reconcile.incomplete": ("{year}年台账不全，无法核对。", "The ledgers of {year} are incomplete; nothing reconciled."),
    "reconcile.count": ("{status}{n}项", "{n} {status}"),
    "progress.nothing": ("{year}年的公开数字中没有可评估进度的任务完成率或目标。",
                         "The published figures of {year} state no task share or target whose progress "
                         "can be assessed."),
    "reconcile.nothing": ("{year}年的公开数字中没有台账可以核对的数字。",
                          "None of the published figures of {year} can be checked against the ledgers."),
    "reconcile.summary": ("{year}年公开数字{n}项与台账核对：{counts}。",
                          "{n} published figures of {year} checked against the ledgers: {counts}."),
    "reconcile.caption": ("台账与公开数字核对", "Ledgers against published figures"),
    "reconcile.ledger": ("台账", "ledgers"),
    "reconcile.published": ("公开", "published"),
    "reconcile.difference": ("差额", "difference"),
    "reconcile.result": ("核对结果", "result"),
    "flags.none": ("{year}年台账没有被标记的记录（超限贷款、无对应贷款的贴息、零面积合同、流转面积超过承包地面积的村）。",
                   "No ledger rows of {year} are flagged (over-limit loans, subsidies without a loan, "
                   "zero-area contracts, villages above their land base)."),
    "flags.intro": ("{year}年台账中有{total}处标记：记录保留并计入指标，请业务部门核查（仅列数量）。",
                    "{total} flag(s) on ledger rows of {year}: the rows are kept and counted; "
                    "the office should check them (counts only)."),
    "flags.caption": ("台账标记记录数", "Flagged ledger rows"),
    "flags.ledger": ("台账", "ledger"),
    "flags.flag": ("标记", "flag"),
    "flags.meaning": ("说明", "meaning"),
    "flags.rows": ("记录数", "rows"),
    "bound.at_least": ("{number}以上", "≥ {number}"),
    "bound.approx": ("约{number}", "≈ {number}"),
    "bound.at_most": ("{number}以下", "≤ {number}"),
    "bound.range": ("{number}–{high}", "{number}–{high}"),
    "headline.previous": ("{year}年：{value}，变化{change}", "{year}: {value}, change {change}"),
    "sep.list": ("，", ", "),
    # -- generated commentary (numbers come formatted) -----------------------------------------
    "commentary.source.published": ("据报告公开数字，", "According to the published report, "),
    "commentary.source.synthetic": ("据合成演示台账（合成数据，非真实统计），",
                                    "From the synthetic demo ledgers (SYNTHETIC DATA, not real statistics), "),
    "commentary.source.ledgers": ("据台账，", "From the ledgers, "),
    "commentary.sentence": ("{prefix}{parts}。", "{prefix}{parts}."),
    "commentary.none": ("本年度没有可用的数字。", "No figures are available for this year."),
    "commentary.loans.new": ("{year}年新增小额贴息贷款{households}户、{amount}元",
                             "in {year} {households} households took new subsidised microloans totalling {amount} yuan"),
    "commentary.loans.per_household": ("，户均{value}元", ", {value} yuan per household"),
    "commentary.loans.count": ("全年贷款共{n}笔", "{n} loans in all"),
    "commentary.loans.subsidy": ("贷款贴息{recipients}人、{amount}元",
                                 "interest subsidies of {amount} yuan went to {recipients} people"),
    "commentary.loans.per_recipient": ("，人均{value}元", " ({value} yuan each)"),
    "commentary.loans.rate": ("按年内本金占用计算的隐含贴息利率为{rate}%，同年1年期LPR时间加权平均为{lpr}%",
                              "the implied subsidy rate on principal outstanding was {rate}% against a "
                              "time-weighted mean 1-year LPR of {lpr}%"),
    "commentary.jobs.posts": ("{year}年公益性岗位安置{n}人", "in {year} public-welfare posts employed {n} people"),
    "commentary.jobs.provided": ("提供就业岗位{n}个", "{n} jobs were provided"),
    "commentary.jobs.provided_at_least": ("提供就业岗位{n}余个", "more than {n} jobs were provided"),
    "commentary.jobs.income": ("就业群众年均增收{mean}元", "the people employed gained {mean} yuan a year on average"),
    "commentary.jobs.median": ("（中位数{median}元）", " (median {median} yuan)"),
    "commentary.land.area": ("{year}年土地流转面积{area}亩", "in {year} {area} mu of land were transferred"),
    "commentary.land.rate": ("流转率{rate}%", "a transfer rate of {rate}%"),
    "commentary.land.base": ("，对应承包地面积{base}亩", " of a contracted-land base of {base} mu"),
    "commentary.land.rent": ("每亩年租金中位数{rent}元", "the median annual rent was {rent} yuan per mu"),
    # -- the domain sections: captions, charts and their axes -----------------------------------
    "section.loans": ("小额贴息贷款", "Subsidised microloans"),
    "section.missing": ("{year}年缺少台账（{names}），没有图表。", "The {names} ledgers of {year} are missing; no charts."),
    "section.published": ("{caption}（公开数据）", "{caption} (published)"),
    "section.ledger": ("{caption}：台账指标", "{caption}: ledger indicators"),
    "chart.posts_by_type": ("{year}年公益性岗位：按岗位类型", "Public-welfare posts by type, {year}"),
    "chart.posts_by_village": ("{year}年公益性岗位：按村", "Public-welfare posts by village, {year}"),
    "chart.placements_by_channel": ("{year}年就业安置：按渠道", "Job placements by channel, {year}"),
    "chart.income_gain": ("{year}年就业群众年增收分布（虚线为中位数）",
                          "Annual income gain of people placed, {year} (dashed: median)"),
    "chart.loans_by_village": ("{year}年贷款金额：按村", "Loan amount by village, {year}"),
    "chart.subsidy_by_village": ("{year}年贴息金额：按村", "Interest subsidy by village, {year}"),
    "chart.loan_amounts": ("{year}年户均贷款金额分布（虚线为中位数）", "Loan amount per household, {year} (dashed: median)"),
    "chart.land_by_village": ("{year}年土地流转面积：按村", "Land transferred by village, {year}"),
    "chart.land_by_type": ("{year}年土地流转面积：按地类", "Land transferred by land type, {year}"),
    "chart.rent_per_mu": ("{year}年每亩年租金分布（虚线为中位数）", "Annual rent per mu, {year} (dashed: median)"),
    "chart.expiring": ("流转合同到期面积：按到期年份", "Contracted area by expiry year"),
    "axis.expiry_year": ("到期年份", "Expiry year"),
    "axis.money_wan": ("万元", "10,000 yuan"),
    "axis.money_yi": ("亿元", "100 million yuan"),
    "alt.bar": ("{title}。条形图，共{n}项，单位{unit}。最高：{high} {high_value}；最低：{low} {low_value}。",
                "{title}. Bar chart of {n} items in {unit}. Highest: {high} {high_value}; lowest: {low} {low_value}."),
    "alt.histogram": ("{title}。直方图：{n}个值的分布，单位{unit}；最小{low}，中位数{median}，最大{high}。",
                      "{title}. Histogram of {n} values in {unit}: minimum {low}, median {median}, maximum {high}."),
    "alt.trend": ("{title}。折线图：{first}–{last}年的实际值、OLS趋势线及95%区间，单位{unit}；"
                  "最低{low_year}年{low}，最高{high_year}年{high}。",
                  "{title}. Line chart of the observed values {first}–{last} with the OLS trend and 95% bands, "
                  "in {unit}; lowest {low} in {low_year}, highest {high} in {high_year}."),
    "alt.slopes": ("{title}。{n}个村的年均变化及95%区间，单位{unit}；最高：{high} {high_value}；最低：{low} {low_value}。",
                   "{title}. Yearly change of {n} villages with 95% intervals, in {unit}; highest: {high} "
                   "{high_value}; lowest: {low} {low_value}."),
    "axis.people": ("人", "people"),
    "axis.people_count": ("人数", "people"),
    "axis.placements": ("个", "placements"),
    "axis.households": ("户数", "households"),
    "axis.contracts": ("合同份数", "contracts"),
    "axis.yuan": ("元", "yuan"),
    "axis.yuan_per_year": ("元/年", "yuan per year"),
    "axis.mu": ("亩", "mu"),
    "axis.yuan_per_mu": ("元/亩", "yuan per mu"),
    # -- the audit -------------------------------------------------------------------------------
    "severity.contradiction": ("矛盾", "Contradiction"),
    "severity.warning": ("警告", "Warning"),
    "severity.note": ("提示", "Note"),
    "rule.rate": ("比率与其分子分母", "Rate vs its numerator and denominator"),
    "rule.implied": ("未公布的分子或分母", "Unpublished numerator or denominator"),
    "rule.percent_range": ("百分比范围", "Percentage range"),
    "rule.subset": ("部分不大于总体", "Subset within its whole"),
    "rule.parts_whole": ("各部分之和与总体", "Parts add up to the whole"),
    "rule.same_quantity": ("同一数量两处表述", "Same quantity stated twice"),
    "rule.per_unit": ("户均、人均比值", "Per-unit ratio"),
    "rule.listed_names": ("列举名称数与所称数量", "Names listed vs number stated"),
    "audit.count": ("{severity}{n}项", "{n} {severity}(s)"),
    "audit.intro": ("审计结果：{summary}。数字在报告自身的取整精度内一致时不标记。",
                    "Audit: {summary}. Figures that agree within the report's own rounding are not flagged."),
    "audit.severity": ("级别", "Severity"),
    "audit.rule": ("规则", "Rule"),
    "audit.finding": ("说明", "Finding"),
    "audit.computation": ("计算", "Computation"),
    "audit.cited": ("涉及数字及原文", "Figures and quotes"),
    "audit.caption": ("公开数字一致性审计（公开数据）", "Consistency audit of the published figures (published data)"),
    "audit.no_table": ("{year}年没有公开数据表（{path}），因此本节不做审计和目标进展分析。",
                       "{year} has no published figures table ({path}), so this section has no audit and no "
                       "progress analysis."),
    # -- progress toward targets (时间过半、任务过半) ---------------------------------------------
    "progress.category.target_achieved": ("已实现目标", "Target achieved"),
    "progress.category.substantial": ("进展显著", "Substantial progress"),
    "progress.category.moderate": ("进展中等，需加快", "Moderate progress, acceleration needed"),
    "progress.category.limited": ("进展有限", "Limited progress"),
    "progress.category.deterioration": ("倒退", "Deterioration"),
    "progress.category.insufficient_data": ("年份不足，无法评估", "Too few years to assess"),
    "progress.on_pace": ("进度不落后于时间", "on pace with time"),
    "progress.behind": ("进度落后于时间", "behind time"),
    "progress.reference.within_year": ("截至{month}月{day}日时间进度", "share of the year elapsed by {date}"),
    "progress.reference.target": ("{year}年目标", "target for {year}"),
    "progress.part": ("{label}{share}%（{status}，差{gap}个百分点）", "{label} {share}% ({status}, {gap} points {direction})"),
    "progress.ahead": ("领先", "ahead"),
    "progress.short": ("落后", "short"),
    "progress.elapsed": ("按报告日期，全年时间已过{elapsed}%：{parts}。",
                         "By the report's date {elapsed}% of the year had passed: {parts}."),
    "progress.gap.below": ("{b}比{a}低{gap}个百分点。", " {b} is {gap} points below {a}."),
    "progress.gap.above": ("{b}比{a}高{gap}个百分点。", " {b} is {gap} points above {a}."),
    "progress.task": ("任务", "Task"),
    "progress.share": ("完成比例 %", "Share done, %"),
    "progress.time_elapsed": ("时间进度 %", "Time elapsed, %"),
    "progress.gap": ("差距（百分点）", "Gap (points)"),
    "progress.halfway": ("任务过半", "Half done"),
    "progress.assessment": ("判断", "Assessment"),
    "progress.quote": ("原文", "Quote"),
    "progress.within_caption": ("时间过半、任务过半：截至{month}月{day}日（公开数据）",
                                "Time elapsed vs task done, as of {date} (published data)"),
    "progress.latest": ("最新实际值", "Latest actual"),
    "progress.target": ("目标值", "Target"),
    "progress.target_year": ("目标年份", "Target year"),
    "progress.observed_cagr": ("实际年均增速 %", "Observed CAGR, %"),
    "progress.required_cagr": ("所需年均增速 %", "Required CAGR, %"),
    "progress.category": ("进展分类", "Progress"),
    "progress.quotes": ("原文", "Quotes"),
    "progress.targets_caption": ("目标进展（加拿大统计局/Open SDG方法，公开数据）",
                                 "Progress toward targets (Statistics Canada / Open SDG method, published data)"),
    "progress.one_year": ("只有一个年份的实际值时无法计算实际增速，表中给出从最新实际值到目标所需的年均增速。",
                          "With one year of actual values the observed growth cannot be computed; the table gives "
                          "the yearly growth the target requires from the latest value."),
    "progress.index.target": ("（{reference}{ref}{unit}；{status}）", " ({reference}: {ref}; {status})"),
    "progress.index.within_year": ("（{reference}{ref}%；{status}）", " ({reference}: {ref}%; {status})"),
    "common.yes": ("是", "yes"),
    "common.no": ("否", "no"),
    "sep.enum": ("、", ", "),
    "sep.clause": ("；", "; "),
    # -- a year's appendix: banners, overview, register and other domains ---------------------
    "banner.synthetic_page": ("{mark}：本附录的台账数字、图表均来自合成的演示台账，仅用于演示方法，不是潭头镇的真实统计。",
                              "{mark}: the ledger figures and charts of this appendix come from synthetic demo "
                              "ledgers. They illustrate the method and are not real statistics of Tantou town."),
    "banner.synthetic_section": ("{mark}：本节的台账指标和图表来自合成演示台账，不是真实统计。",
                                 "{mark}: this section's ledger indicators and charts come from synthetic "
                                 "demo ledgers, not real statistics."),
    "banner.published": ("{year}年有公开报告：报告中的数字逐一列出，并附报告章节和原文。",
                         "The {year} report is published: its figures are listed with their section and quote."),
    "banner.no_published": ("{year}年没有公开报告的数字表，本页只有台账数字。",
                            "There is no published figures table for {year}; this page shows ledger figures only."),
    "banner.ledger_not_used": ("台账不可用：", "Ledger not used: "),
    "register.published": ("全镇户数、人数和村数（公开数据）", "Households, people, villages (published)"),
    "register.ledger": ("村级台账合计", "Village register totals"),
    "other_domains.none": ("{year}年没有公开报告，其他领域没有可列的数字。",
                           "No report is published for {year}, so there are no figures for the other domains."),
    # -- the trends page -----------------------------------------------------------------------
    "trend.more_years": ("只有{n}个年份的数据：至少需要{m}个年份才能拟合趋势，因此不拟合、不画趋势线。",
                         "Only {n} year(s) of data: at least {m} years are needed to fit a trend, "
                         "so no line is fitted or drawn."),
    "trend.fitted": ("{n}个年份（{first}–{last}年）的线性趋势：每年变化{slope}{unit}（95%置信区间{low}至{high}，{cov}稳健标准误）。",
                     "Linear trend over {n} years ({first}–{last}): {slope} {unit} per year "
                     "(95% CI {low} to {high}, {cov} robust standard errors)."),
    "trend.legend.single_year": ("95% 单年值区间", "95% interval, single year"),
    "trend.legend.trend_ci": ("95% 趋势线置信区间", "95% CI of the trend"),
    "trend.legend.ols": ("OLS 趋势线", "OLS trend"),
    "trend.legend.projection": ("外推", "projection"),
    "trend.legend.observed": ("实际值", "observed"),
    "trend.legend.later": ("后续实际值（未参与拟合）", "later observed (not fitted)"),
    "trend.legend.target": ("目标", "target"),
    "trend.synthetic_banner": ("{mark}：以下台账指标、趋势和各村比较均来自合成的演示台账，仅用于演示方法，不是潭头镇的真实统计。",
                               "{mark}: the ledger indicators, trends and village comparisons below come "
                               "from synthetic demo ledgers; they illustrate the method and are not real statistics."),
    "trend.ledger_years": ("台账年份：{years}。", "Ledger years: {years}."),
    "trend.published_tables": ("公开数据表：{years}。", "Published tables: {years}."),
    "trend.none": ("无", "none"),
    "trend.years": ("年数", "Years"),
    "trend.slope": ("年均变化", "Slope per year"),
    "trend.low": ("95%下限", "95% low"),
    "trend.high": ("95%上限", "95% high"),
    "trend.cagr": ("年均增长 %", "CAGR, %"),
    "trend.published_caption": ("公开数字的线性趋势（OLS，HC3稳健标准误）", "Linear trends of published figures (OLS, HC3 robust SE)"),
    "trend.actual": ("实际指标", "Actual"),
    "trend.projected": ("趋势外推", "Projected"),
    "trend.outlook": ("判断", "Outlook"),
    "trend.projection_caption": ("按趋势外推到目标年份（公开数据）", "Projection to the target year (published data)"),
    "trend.mean": ("外推值", "Projected"),
    "trend.mean_low": ("趋势95%下限", "Trend 95% low"),
    "trend.mean_high": ("趋势95%上限", "Trend 95% high"),
    "trend.obs_low": ("单年95%下限", "Single-year 95% low"),
    "trend.obs_high": ("单年95%上限", "Single-year 95% high"),
    "trend.projection": ("{name}：外推{mark}", "{name}: projection{mark}"),
    "trend.change": ("变化", "Change"),
    "trend.growth": ("同比增长 %", "Growth, %"),
    "trend.growth_caption": ("{name}：逐年增长{mark}", "{name}: year-on-year growth{mark}"),
    "trend.no_villages": ("没有村级数据。", "No village-level data."),
    "trend.village_title": ("各村{name}的年均变化", "{name}: yearly change by village"),
    "trend.per_year": ("{unit}/年", "{unit} per year"),
    "trend.above": ("高于中位村", "above the median village"),
    "trend.below": ("低于中位村", "below the median village"),
    "trend.around": ("与中位村无显著差别", "not distinguishable from the median"),
    "trend.more_years_needed": ("年份不足", "too few years"),
    "trend.first": ("首年", "First year"),
    "trend.last": ("末年", "Last year"),
    "trend.village_slope": ("年均变化", "Slope"),
    "trend.versus_median": ("与中位村比较", "Versus median"),
    # -- the index page --------------------------------------------------------------------------
    "page.title.year": ("潭头镇乡村振兴进展报告 {year}年附录",
                        "Tantou town rural revitalisation progress report: {year} appendix"),
    "page.title.trends": ("潭头镇乡村振兴：{first}–{last}年趋势",
                          "Tantou town rural revitalisation: trends {first}–{last}"),
    "page.kicker": ("栾川县潭头镇 · 可复现的数据附录", "Tantou town, Luanchuan county · reproducible data appendix"),
    "page.index_link": ("← 返回索引", "← Back to index"),
    "index.title": ("潭头镇乡村振兴进展报告：数据附录索引", "Tantou town rural revitalisation: index of data appendices"),
    "index.page": ("附录", "Appendix"),
    "index.figures": ("主要数字", "Headline figures"),
    "index.open": ("{year}年附录", "{year} appendix"),
    "index.trends": ("跨年度趋势", "Cross-year trends"),
    "trend.comparison_caption": ("各年公开数字对比（公开数据）", "Published figures year by year (published)"),
    "index.failed": ("最近一次生成失败：{reason}", "the last build failed: {reason}"),
    "index.failed_old": ("最近一次生成失败，此处为旧页面：{reason}",
                         "the last build failed; this is the older page: {reason}"),
    "index.none": ("（尚无已生成的页面；运行 tanto build --all）", "(no page built yet; run tanto build --all)"),
    "index.note": ("标有“合成数据”的数字来自演示用的合成台账，并非真实统计；标有“公开数据”的数字引自报告原文。",
                   "Figures marked SYNTHETIC come from synthetic demo ledgers, not real statistics; "
                   "figures marked PUBLISHED are quoted from the report."),
    "index.status.synthetic": ("合成数据", "SYNTHETIC"),
    "index.status.published": ("公开数据", "PUBLISHED"),
    # -- every page's frame and footer -----------------------------------------------------------
    "page.contents": ("目录", "Contents"),
    "page.other_language": ("English version", "中文版"),
    "page.alone": ("以上链接在本页所在的 reports/html 文件夹中打开时有效；单独收到的本页是完整的，不需要其他文件。",
                   "These links work when the page is opened in its reports/html folder; "
                   "sent on its own, this page is complete and needs no other file."),
    "page.number_css": ('"第 " counter(page) " / " counter(pages) " 页"', '"Page " counter(page) " of " counter(pages)'),
    "page.main": ("附录正文", "Appendix"),
    "download.csv": ("下载CSV", "Download CSV"),
    "report.full_text": ("报告原文（全文，点击展开）", "The report's text in Chinese (click to open)"),
    "report.link": ("报告原文", "Report text (Chinese)"),
    "download.chart": ("下载图表数据（CSV）", "Download the chart's data (CSV)"),
    "footer.version": ("软件版本", "Package version"),
    "footer.libraries": ("依赖库版本", "Library versions"),
    "footer.parameters": ("参数", "Parameters"),
    "footer.data": ("数据文件（SHA-256）", "Data files (SHA-256)"),
    "footer.file": ("文件", "File"),
    "footer.none": ("（无数据文件）", "(no data files)"),
    "footer.generated": ("由 tanto_analysis 生成；同样的输入生成完全相同的页面。",
                         "Generated by tanto_analysis; the same inputs give a byte-identical page."),
}


#: A ledger or report unit (zh) and its English name, as ``unit.<zh>`` keys; ``元/亩`` is translated part by part.
_UNITS = {
    "元": "yuan", "万元": "10,000 yuan", "亿元": "100 million yuan", "亩": "mu", "户": "households",
    "人": "people", "人次": "person-times", "个": "count", "笔": "transactions", "份": "contracts",
    "次": "times", "起": "cases", "年": "years", "条": "items", "头": "head", "平方米": "m²", "只": "head",
    "村": "villages", "项": "items", "处": "sites", "名": "people", "月": "months",
    "百分点": "percentage points", "%": "%", "D": "days",
}
MESSAGES.update({f"unit.{zh}": (zh, en) for zh, en in _UNITS.items()})


def tr(key: str, lang: str, *, default: str | None = None, **fields: object) -> str:
    """The catalogue's text ``key`` in ``lang``, with its fields filled in.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`, e.g. ``"label.quote"`` or ``"index.open"``.
    lang : str
        ``"zh"`` for Chinese; any other value gives English.
    default : str, optional
        Returned for a key the catalogue does not have (e.g. a category that is
        a proper name); without it an unknown key is an error.
    **fields
        Values for the template's named fields (``year=2022``), already formatted.

    Returns
    -------
    str
        The text; a template without ``fields`` is returned as written.

    Raises
    ------
    KeyError
        If ``key`` is unknown and no ``default`` is given.

    Examples
    --------
    >>> tr("label.quote", "zh"), tr("label.quote", "en")
    ('报告原文', 'Quote from the report')
    >>> tr("index.open", "zh", year=2022)
    '2022年附录'
    >>> tr("category.何村", "en", default="何村")
    '何村'
    """
    pair = MESSAGES.get(key)
    if pair is None:
        if default is None:
            raise KeyError(f"no text {key!r} in the catalogue (tanto_analysis.core.text.MESSAGES)")
        return default
    template = pair[0] if lang == "zh" else pair[1]
    return template.format(**fields) if fields else template


def lang_column(name: str, lang: str) -> str:
    """Which of a table's zh/en pair of columns to show in ``lang``.

    >>> lang_column("label", "zh"), lang_column("label", "en")
    ('label_zh', 'label_en')
    """
    return f"{name}_zh" if lang == "zh" else f"{name}_en"
