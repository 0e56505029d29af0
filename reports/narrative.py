"""The report's words: figure tokens, and the generated text of each section.

A section's text is Chinese prose with tokens such as {{会员人数}}; tokens are replaced by the
figures of the chosen year when the report is shown, so staff can reword a paragraph and it still
follows the database. The generated text (used until staff save their own) only claims what the
data shows: a sentence about 经审会 appears only if the union has one.
"""
import re
from dataclasses import dataclass

from unions.figures import Ratio, format_people, format_yuan
from unions.selectors import TownshipFigures

TOKEN = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


def rate_change(current: Ratio, previous: Ratio) -> str:
    """"提高2.3个百分点" / "下降1个百分点" against the year before; "" when either year's rate does not
    apply or it moved by less than one point (reports compare only what changed)."""
    if not (current.applicable and previous.applicable):
        return ""
    points = current.percent - previous.percent
    if abs(points) < 1:
        return ""
    return f"{'提高' if points > 0 else '下降'}{abs(points).normalize():f}个百分点"


def count_change(current: int, previous: int, unit: str) -> str:
    if current == previous:
        return ""
    return f"{'增加' if current > previous else '减少'}{abs(current - previous)}{unit}"


def comparison_tokens(figures: TownshipFigures, previous: TownshipFigures | None) -> dict[str, str]:
    """比上年: how the year differs from the one before, from the real figures of both; all empty
    without the year before's facts."""
    if previous is None:
        return dict.fromkeys(COMPARISONS, "")
    org, before = figures.organisation, previous.organisation
    return {
        "上年度": str(previous.year),
        "新建工会数": str(org.unions_founded),
        "基层工会增减": count_change(org.unions_total, before.unions_total, "家"),
        "会员增减": count_change(org.members_active, before.members_active, "人"),
        "组建率变化": rate_change(org.formation_rate, before.formation_rate),
        "入会率变化": rate_change(org.membership_rate, before.membership_rate),
        "集体合同覆盖率变化": rate_change(org.collective_contract_rate, before.collective_contract_rate),
        "办结率变化": rate_change(figures.rights.conclusion_rate, previous.rights.conclusion_rate),
    }


COMPARISONS = ("上年度", "新建工会数", "基层工会增减", "会员增减", "组建率变化", "入会率变化", "集体合同覆盖率变化", "办结率变化")


def figure_tokens(figures: TownshipFigures, previous: TownshipFigures | None = None) -> dict[str, str]:
    """Every figure a text may quote, by its Chinese token name, formatted as reports write it;
    `previous` (the year before) gives the 比上年 comparisons."""
    township, org, rights, aid, acts = (
        figures.township, figures.organisation, figures.rights, figures.assistance, figures.activities,
    )
    union, facts = figures.union, figures.facts
    kinds = {k.key: k.count for k in org.unions_by_kind}
    categories = {k.key: k for k in aid.by_category}
    activity = {k.key: k for k in acts.by_kind}
    return {
        "镇名": township.name,
        "县名": township.county.name,
        "年度": str(figures.year),
        "镇情简介": township.overview.strip(),
        "行政村数": str(facts.administrative_villages) if facts else "",
        "社区数": str(facts.communities) if facts else "",
        "自然村数": str(facts.natural_villages) if facts and facts.natural_villages else "",
        "村民小组数": str(facts.villager_groups) if facts and facts.villager_groups else "",
        "户数": str(facts.households) if facts and facts.households else "",
        "总人口": format_people(facts.population) if facts and facts.population else "",
        "面积": f"{township.area_km2.normalize():f}" if township.area_km2 else "",
        "地区生产总值": facts.gdp_text if facts else "",
        "财政收入": facts.fiscal_revenue_text if facts else "",
        "企业数": str(org.enterprises) if facts else "",
        "应建会单位数": str(org.eligible_employers) if facts else "",
        "基层工会数": str(org.unions_total),
        "企业工会数": str(kinds["enterprise"]),
        "村级工会联合会数": str(kinds["village"]),
        "行业工会联合会数": str(kinds["industry"]),
        "机关事业单位工会数": str(kinds["institution"]),
        "社区工会数": str(kinds["community"]),
        "覆盖单位数": str(org.employers_covered),
        "应建未建数": str(max(org.eligible_employers - org.employers_covered, 0)) if facts else "",
        "组建率": str(org.formation_rate),
        "职工人数": format_people(org.employees),
        "会员人数": format_people(org.members_active),
        "女会员人数": format_people(org.members_women),
        "农民工会员人数": format_people(org.members_migrant),
        "入会率": str(org.membership_rate),
        "集体合同数": str(org.contracts_valid),
        "集体合同覆盖率": str(org.collective_contract_rate),
        "集体合同覆盖职工": format_people(org.contract_workers_covered),
        "工资协商率": str(org.wage_agreement_rate),
        "女职工专项合同率": str(org.women_contract_rate),
        "职代会建制率": str(org.workers_congress_rate),
        "厂务公开率": str(org.affairs_disclosure_rate),
        "法人登记率": str(org.legal_person_rate),
        "经审女职委组建率": str(org.committees_rate),
        "调解组织率": str(org.mediation_rate),
        "换届率": str(org.re_election_rate),
        "建家率": str(org.workers_home_rate),
        "主席培训率": str(org.chairs_trained_rate),
        "维权案件数": str(rights.received),
        "办结数": str(rights.concluded),
        "办结率": str(rights.conclusion_rate),
        "挽回金额": format_yuan(rights.amount_recovered),
        "涉及职工": str(rights.workers_helped),
        "涉及农民工": str(rights.migrant_workers_helped),
        "帮扶次数": str(aid.records),
        "帮扶人数": str(aid.people),
        "帮扶金额": format_yuan(aid.amount),
        "困难职工数": str(aid.hardship_members),
        "困难职工帮扶人数": str(aid.hardship_members_assisted),
        "困难职工帮扶覆盖率": str(aid.hardship_coverage_rate),
        "金秋助学人数": str(categories["autumn_schooling"].people),
        "金秋助学金额": format_yuan(categories["autumn_schooling"].amount),
        "冬送温暖人数": str(categories["winter_warmth"].people),
        "冬送温暖金额": format_yuan(categories["winter_warmth"].amount),
        "夏送清凉人数": str(categories["summer_cooling"].people),
        "培训期数": str(acts.trainings),
        "培训人数": str(acts.people_trained),
        "就业安置人数": str(acts.jobs_placed),
        "党委听取汇报次数": str(acts.party_hearings),
        "走访指导次数": str(acts.guidance_visits),
        "安康杯活动次数": str(activity["ankang_cup"].count),
        "竞赛次数": str(activity["skills_competition"].count + activity["labour_competition"].count),
        "合理化建议活动次数": str(activity["rationalisation"].count),
        "文体活动次数": str(activity["culture_sports"].count),
        "文体活动人次": str(activity["culture_sports"].people),
        "工会经费": format_yuan(figures.funding_amount),
        "工会名称": union.name if union else "",
        "工会主席": facts.chair_name if facts else "",
        "委员人数": str(facts.committee_members) if facts else "",
        "专职人员数": str(facts.full_time_staff) if facts else "",
        "兼职人员数": str(facts.part_time_staff) if facts else "",
        "办公面积": f"{facts.office_area_m2.normalize():f}" if facts and facts.office_area_m2 else "",
        "职工之家面积": f"{facts.workers_home_area_m2.normalize():f}" if facts and facts.workers_home_area_m2 else "",
        **comparison_tokens(figures, previous),
    }


@dataclass(frozen=True)
class Rendered:
    text: str
    unknown_tokens: tuple[str, ...]
    empty_tokens: tuple[str, ...]


def render_tokens(text: str, tokens: dict[str, str]) -> Rendered:
    unknown, empty = [], []

    def replace(match):
        name = match.group(1)
        if name not in tokens:
            unknown.append(name)
            return match.group(0)
        if not tokens[name]:
            empty.append(name)
        return tokens[name]

    return Rendered(TOKEN.sub(replace, text), tuple(unknown), tuple(empty))


# The token list of the section editor, grouped by the section whose figures they are; tokens
# not listed here are shown under 其他.
TOKEN_SECTIONS = {
    "opening": ("镇名", "县名", "年度", "镇情简介", "行政村数", "社区数", "自然村数", "村民小组数", "户数", "总人口", "面积",
                "地区生产总值", "财政收入", "企业数", "基层工会数", "会员人数"),
    "party_support": ("工会名称", "工会主席", "委员人数", "专职人员数", "兼职人员数", "办公面积", "职工之家面积", "工会经费",
                      "党委听取汇报次数"),
    "org_network": ("应建会单位数", "覆盖单位数", "应建未建数", "组建率", "企业工会数", "村级工会联合会数", "行业工会联合会数",
                    "机关事业单位工会数", "社区工会数", "职工人数", "女会员人数", "农民工会员人数", "入会率", "法人登记率",
                    "经审女职委组建率", "上年度", "新建工会数", "基层工会增减", "会员增减", "组建率变化", "入会率变化"),
    "rights": ("集体合同数", "集体合同覆盖率", "集体合同覆盖职工", "工资协商率", "女职工专项合同率", "职代会建制率", "厂务公开率",
               "维权案件数", "办结数", "办结率", "挽回金额", "涉及职工", "涉及农民工", "集体合同覆盖率变化", "办结率变化"),
    "guidance": ("培训期数", "培训人数", "主席培训率", "走访指导次数", "换届率", "建家率", "调解组织率"),
    "services": ("困难职工数", "困难职工帮扶人数", "困难职工帮扶覆盖率", "帮扶次数", "帮扶人数", "帮扶金额", "金秋助学人数",
                 "金秋助学金额", "冬送温暖人数", "冬送温暖金额", "夏送清凉人数", "就业安置人数"),
    "development": ("安康杯活动次数", "竞赛次数", "合理化建议活动次数", "文体活动次数", "文体活动人次"),
}


def grouped_tokens(tokens: dict[str, str], section_labels: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(token, value)]) for the editor: the edited section's group first, then the
    others in report order, then the rest."""
    listed, groups = set(), []
    for key, names in TOKEN_SECTIONS.items():
        present = [(name, tokens[name]) for name in names if name in tokens]
        listed.update(name for name, _value in present)
        groups.append((section_labels.get(key, key), present))
    others = sorted((name, value) for name, value in tokens.items() if name not in listed)
    if others:
        groups.append(("其他", others))
    return groups
