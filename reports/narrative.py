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


def _sentences(*parts: str) -> str:
    return "".join(part for part in parts if part)


def _comparison_sentence(tokens: dict[str, str]) -> str:
    """与上年相比，… : the changes that happened, each only if it did."""
    parts = [phrase for name, phrase in (
        ("新建工会数", "新建基层工会{{新建工会数}}家"), ("会员增减", "会员{{会员增减}}"),
        ("组建率变化", "组建率{{组建率变化}}"), ("入会率变化", "入会率{{入会率变化}}"),
    ) if tokens.get(name) and tokens[name] != "0"]
    return f"与{{{{上年度}}}}年相比，{'，'.join(parts)}。" if parts else ""


def default_texts(figures: TownshipFigures, tokens: dict[str, str] | None = None) -> dict[str, str]:
    """The generated text of every section, with tokens where figures go; `tokens` (the figures'
    own) tell which comparisons with the year before can be made."""
    tokens = tokens or {}
    org, rights, aid, acts, union = (
        figures.organisation, figures.rights, figures.assistance, figures.activities, figures.facts,
    )
    kinds = {k.key: k.count for k in org.unions_by_kind}
    activity = {k.key: k.count for k in acts.by_kind}
    weak = [
        (org.formation_rate, "基层工会组建率为{{组建率}}，仍有应建会单位尚未建立工会"),
        (org.membership_rate, "职工入会率为{{入会率}}，部分职工特别是农民工尚未入会"),
        (org.collective_contract_rate, "集体合同覆盖率为{{集体合同覆盖率}}，部分企业集体合同到期未续签"),
        (org.re_election_rate, "基层工会按期换届率为{{换届率}}，个别基层工会未按期换届"),
        (org.workers_home_rate, "职工之家建家率为{{建家率}}，基层阵地建设仍需加强"),
        (rights.conclusion_rate, "维权案件办结率为{{办结率}}，个别案件仍在调解中"),
    ]
    problems = [sentence for ratio, sentence in weak if ratio.applicable and ratio.value < 0.9]
    return {
        "opening": _sentences(
            "{{镇情简介}}" if figures.township.overview.strip() else "",
            "全镇辖{{行政村数}}个行政村" + ("、{{社区数}}个社区" if union and union.communities else ""),
            "，总人口{{总人口}}" if union and union.population else "",
            "，面积{{面积}}平方公里" if figures.township.area_km2 else "",
            "。全镇现有各类企业{{企业数}}家，已建立基层工会{{基层工会数}}家，其中",
            "、".join(part for count, part in (
                (kinds["enterprise"], "企业工会{{企业工会数}}家"), (kinds["village"], "村级工会联合会{{村级工会联合会数}}家"),
                (kinds["industry"], "行业工会联合会{{行业工会联合会数}}家"),
                (kinds["institution"], "机关事业单位工会{{机关事业单位工会数}}家"), (kinds["community"], "社区工会{{社区工会数}}家"),
            ) if count) or "尚无基层工会",
            "，拥有会员{{会员人数}}。",
        ),
        "party_support": _sentences(
            "镇党委、政府高度重视工会工作，把工会工作纳入党建工作总体部署，",
            "{{年度}}年党委听取工会工作汇报{{党委听取汇报次数}}次，研究解决工会工作中的重大问题。",
            "{{工会名称}}现有委员{{委员人数}}名、专职工作人员{{专职人员数}}名" if union else "",
            ("，设立了" + "、".join(name for flag, name in (
                (union.has_audit_committee, "经费审查委员会"), (union.has_women_committee, "女职工委员会"),
                (union.has_mediation_committee, "劳动争议调解委员会")) if flag) + "。") if union and (
                union.has_audit_committee or union.has_women_committee or union.has_mediation_committee) else ("。" if union else ""),
            "镇政府按时足额拨付工会经费，{{年度}}年落实工会经费{{工会经费}}。" if figures.funding_amount else "",
            "建有职工之家{{职工之家面积}}平方米，配备活动场所和设施。" if union and union.has_workers_home and union.workers_home_area_m2 else "",
        ),
        "org_network": _sentences(
            "我们坚持“组织起来、切实维权”的工作方针，全镇{{应建会单位数}}家应建会单位中已覆盖建会，组建率达{{组建率}}；",
            "基层工会职工{{职工人数}}，会员{{会员人数}}，入会率{{入会率}}，其中农民工会员{{农民工会员人数}}。",
            "基层工会法人资格登记率{{法人登记率}}，经审会、女职委同步组建率{{经审女职委组建率}}，按期换届率{{换届率}}，",
            "形成了镇、村、企业三级工会组织网络。" if kinds["village"] else "工会组织网络不断健全。",
            _comparison_sentence(tokens),
        ),
        "rights": _sentences(
            "全面推行集体合同制度，{{集体合同数}}家基层工会签订的集体合同在有效期内，覆盖率{{集体合同覆盖率}}，覆盖职工{{集体合同覆盖职工}}；",
            "工资集体协商建制率{{工资协商率}}，女职工专项集体合同签订率{{女职工专项合同率}}；",
            "{{年度}}年召开职代会的基层工会占{{职代会建制率}}，厂务公开建制率{{厂务公开率}}。",
            ("{{年度}}年共受理职工维权案件{{维权案件数}}件，办结{{办结数}}件，办结率{{办结率}}，"
             "为{{涉及职工}}名职工（其中农民工{{涉及农民工}}名）挽回经济损失{{挽回金额}}。") if rights.received else
            "{{年度}}年辖区未发生职工维权案件。",
        ),
        "guidance": _sentences(
            "{{年度}}年举办各类培训{{培训期数}}期、培训{{培训人数}}人次，基层工会主席培训覆盖率{{主席培训率}}。" if acts.trainings else "",
            "镇工会干部深入基层走访指导{{走访指导次数}}次，帮助基层工会解决实际困难。" if acts.guidance_visits else "",
            "基层工会职工之家建家率{{建家率}}，劳动争议调解组织建立率{{调解组织率}}。",
        ),
        "services": _sentences(
            "建立困难职工档案，实行动态管理，现有建档困难职工{{困难职工数}}人，{{年度}}年帮扶{{困难职工帮扶人数}}人，覆盖率{{困难职工帮扶覆盖率}}。",
            "全年开展帮扶{{帮扶次数}}次，惠及{{帮扶人数}}人次，发放帮扶资金{{帮扶金额}}" if aid.records else "",
            "，其中“冬送温暖”慰问{{冬送温暖人数}}人、“金秋助学”资助{{金秋助学人数}}人" if aid.records else "",
            "。" if aid.records else "",
            "开展就业服务，帮助{{就业安置人数}}名职工实现就业。" if acts.jobs_placed else "",
        ),
        "development": _sentences(
            "深入开展“安康杯”竞赛等安全生产监督活动{{安康杯活动次数}}次；" if activity["ankang_cup"] else "",
            "组织劳动竞赛和技能比武{{竞赛次数}}次；" if activity["skills_competition"] or activity["labour_competition"] else "",
            "开展合理化建议征集活动{{合理化建议活动次数}}次；" if activity["rationalisation"] else "",
            "举办文体活动{{文体活动次数}}次、参与职工{{文体活动人次}}人次，丰富了职工文化生活。" if activity["culture_sports"] else "",
        ),
        "plans": _sentences(
            ("工作中仍存在一些不足：" + "；".join(problems) + "。") if problems else "对照“六好”标准，工作中仍有提升空间。",
            "下一步，我们将继续扩大工会组织覆盖面，深化集体协商，做实困难职工帮扶，推动工会工作再上新台阶。",
        ),
    }
