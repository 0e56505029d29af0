"""The generated text of the 汇报材料, written the way the good seed reports are (REPORT-WRITING.md).

Each section follows the seeds' shape: a lead sentence on why the strand matters, then 一是/二是/三是
(or （一）（二） subheadings where a section has several long strands), named activities, a typical
case told in two or three sentences, and a closing that names the weak figures and answers each.
Figures are tokens ({{会员人数}}), so staff can reword a paragraph and it still follows the database;
names, titles and stories come from the records. Nothing is claimed that the data does not show: a
sentence about the 经审会 appears only if there is one, a strand without records is left out.
"""
import ast
import datetime
import functools
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Q

from unions.models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Honour,
    RightsCase,
    Township,
)
from unions.figures import format_yuan
from unions.selectors import TownshipFigures, as_of_date, existing_in

from .models import ReportSettings

ORDINALS = "一二三四五六七八九十"
TOKEN_MARK = re.compile(r"\{+[^{}]*\}+")  # a figure's place in a phrase: any figure may stand there
# Kinds of activity told in 六、围绕中心: competitions and culture, most people first.
CENTRE_KINDS = (Activity.Kind.ANKANG_CUP, Activity.Kind.SKILLS_COMPETITION, Activity.Kind.LABOUR_COMPETITION,
                Activity.Kind.RATIONALISATION, Activity.Kind.CULTURE_SPORTS, Activity.Kind.OTHER)
CASE_WHAT = {
    RightsCase.CaseType.WAGE_ARREARS: "拖欠工资", RightsCase.CaseType.WORK_INJURY: "工伤待遇",
    RightsCase.CaseType.LABOUR_CONTRACT: "劳动合同纠纷", RightsCase.CaseType.SOCIAL_INSURANCE: "社会保险",
    RightsCase.CaseType.RESTRUCTURING: "改制补偿", RightsCase.CaseType.OTHER: "劳动权益",
}
# A weak figure (below 90 %) as the closing names it, and the plan that answers it.
WEAK = (
    ("formation_rate", "还有{{应建未建数}}家应建会单位尚未建立工会，基层工会组建率为{{组建率}}",
     "加大非公有制企业建会力度，做到应建尽建"),
    ("membership_rate", "部分职工特别是农民工入会意识不强，职工入会率为{{入会率}}",
     "深入开展农民工入会集中行动，让更多职工加入工会"),
    ("collective_contract_rate", "部分企业集体合同到期未及时续签，集体合同覆盖率为{{集体合同覆盖率}}",
     "督促到期企业及时续签集体合同，推动集体协商提质增效"),
    ("re_election_rate", "个别基层工会未按期换届，按期换届率为{{换届率}}",
     "督促任期届满的基层工会按期换届，配齐配强工会班子"),
    ("workers_home_rate", "基层职工之家建设还不平衡，建家率为{{建家率}}",
     "推进基层职工之家建设，让职工有活动的阵地"),
    ("conclusion_rate", "个别维权案件仍在调处之中，办结率为{{办结率}}",
     "加快在办案件调处，做到件件有着落"),
)


# The framing sentences, each in several wordings: a township keeps its wording (chosen by its id),
# so neighbouring townships' reports do not read alike. The copy check of the review knows these
# as liuhao's own words (`boilerplate`), not as text one township took from another.
PHRASES = {
    "standing": (
        "近年来，{union}在{federation}和{leaders}的正确领导下，坚持“组织起来、切实维权”的工作方针，全面履行工会各项职责",
        "在{federation}的指导和{leaders}的领导下，{union}围绕“组织起来、切实维权”，把工作做到职工身边",
        "几年来，{union}紧紧依靠{leaders}，在{federation}的具体指导下，一步一个脚印抓建会、抓维权、抓服务",
        "{union}在{leaders}和{federation}的关心下，以“六好”创建为抓手，努力把工会建成职工信赖的家",
    ),
    "six_haves": (
        "达到了有班子、有章子、有牌子、有房子、有经费、有制度的“六有”标准",
        "“六有”各项要求全部落实到位",
        "班子、章子、牌子、房子、经费、制度“六有”齐全",
        "“六有”建设全面达标",
    ),
    "party_lead": (
        "{leaders}高度重视工会工作，把党建带工建列入重要议事日程",
        "{leaders}把工会工作纳入党建工作总体布局，党建带工建、工建促党建",
        "{party}始终把工会工作摆上重要位置，做到与党建工作同安排、同检查、同考核",
        "{leaders}对工会工作常过问、常研究，形成了党委领导、政府支持、工会运作的格局",
    ),
    "six_haves_close": (
        "通过党政支持，{union}实现了有班子、有章子、有牌子、有房子、有经费、有制度，为工会工作顺利开展提供了坚强保障。",
        "有了{leaders}的支持，{union}人员、阵地、经费、制度样样落实，各项工作有人抓、有钱办、有地方干。",
        "{union}的“六有”就是这样一项一项落实下来的，工作开展得有底气、有保障。",
        "靠着{leaders}的真支持，{union}的“六有”建设一年一个台阶。",
    ),
    "org_lead": (
        "工会组织建设是工会工作的基础。我们坚持“哪里有职工，哪里就要建立工会组织”，",
        "{unit}工会把扩大组织覆盖作为基础性工作来抓，按照“应建尽建”的要求推进建会，",
        "组织起来是维权的前提。{unit}工会坚持建会与规范并重，",
        "{unit}工会逐村逐企摸底，把符合条件的单位一个一个组织起来，",
    ),
    "standardise": (
        "坚持“同组建、同规范、同发挥作用”，",
        "建一家、规范一家，",
        "在规范化上下功夫，",
        "既抓组建，又抓规范，",
    ),
    "rights_lead": (
        "维护职工合法权益是工会组织的基本职责。",
        "{unit}工会始终把维护职工合法权益放在第一位。",
        "维权是工会的第一职责，也是职工最看重的事。",
        "职工的事无小事，{unit}工会把维权工作做在平时、做在前头。",
    ),
    "guidance_lead": (
        "{unit}工会主动深入基层，及时解决基层工会在工作中遇到的困难和问题。",
        "{unit}工会把指导基层作为经常性工作，做到重心下移、力量下沉。",
        "基层工会强不强，关键在指导。{unit}工会坚持分类指导、上门服务。",
        "{unit}工会干部经常到企业、到村里，帮基层工会出主意、解难题。",
    ),
    "visits": (
        "工会干部深入基层走访指导{{{{走访指导次数}}}}次，帮助基层工会建章立制、规范运作",
        "全年走访指导基层工会{{{{走访指导次数}}}}次，现场解决建会、换届、经费等问题",
        "{unit}工会干部下基层{{{{走访指导次数}}}}次，一家一家指导完善制度、规范台账",
        "通过{{{{走访指导次数}}}}次上门指导，帮基层工会理顺了工作",
    ),
    "services_lead": (
        "{unit}工会坚持把服务职工作为工作的出发点和落脚点，努力为职工群众办实事、解难事。",
        "{unit}工会把困难职工的冷暖放在心上，帮扶工作做到经常化、制度化。",
        "服务职工是工会工作的生命线。{unit}工会坚持为职工说话、为职工办事。",
        "职工有困难找工会，在{whole}已经成为职工的共识。",
    ),
    "centre_lead": (
        "{unit}工会紧紧围绕{leaders}中心工作，广泛开展劳动竞赛和职工文化活动，团结动员广大职工建功立业。",
        "{unit}工会围绕{we}经济社会发展大局，组织职工建功立业，丰富职工精神文化生活。",
        "围绕中心、服务大局是工会工作的主线。{unit}工会以竞赛促发展，以活动聚人心。",
        "{unit}工会把竞赛和文体活动办到职工中间，让职工在岗位上比技能、在活动中增感情。",
    ),
    "closing_credit": (
        "在上级工会和{leaders}的关心支持下，{we}工会工作取得了一定成绩，但对照“六好”乡镇工会标准，仍存在一些差距和不足",
        "回顾这几年的工作，{we}工会虽然做了一些事情，但离“六好”标准和职工的期望还有距离",
        "成绩的取得离不开上级工会和{leaders}的支持，同时我们也清醒地看到工作中的不足",
        "对照“六好”标准逐项检查，{we}工会工作还有一些薄弱环节",
    ),
    "closing_goal": (
        "进一步转变作风、扎实工作，努力把工会建设成为职工信赖的“职工之家”，推动工会工作再上新台阶。",
        "学习借鉴先进经验，不断加大工作力度，推动{we}工会工作再上一个新台阶，为{we}经济发展、社会稳定作出更大贡献。",
        "以更加务实的作风，把{we}工会建设得更有活力、更让职工满意。",
        "一件一件抓落实，让职工真正感到工会是自己的家。",
    ),
}


def choose(township_pk: int, key: str) -> str:
    """A township's wording of a framing sentence: always the same for the same township."""
    variants = PHRASES[key]
    return variants[zlib.crc32(f"{township_pk}:{key}".encode()) % len(variants)]


@functools.cache
def boilerplate() -> tuple[str, ...]:
    """liuhao's own words, as they read in any township: every wording of the framing sentences and
    every fixed phrase of this module (read from its source), cut where a name or a figure goes.
    The review's copy check does not count them as copied from another township."""
    places = (Place("镇", "镇党委", "镇政府"), Place("乡", "乡党委", "乡政府"), Place("街道", "街道党工委", "办事处"))
    gap = "\0"  # where a name or a figure stands
    phrases = [variant.format(unit=place.unit, leaders=place.leaders, party=place.party, we=place.we, whole=place.whole,
                              union=gap, federation=gap)
               for variants in PHRASES.values() for variant in variants for place in places]
    literals = [node.value for node in ast.walk(ast.parse(Path(__file__).read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    prefixes = [f"{place.unit}工会" for place in places] + [place.leaders for place in places] + [place.we for place in places]
    texts = phrases + literals + [prefix + literal for prefix in prefixes for literal in literals if literal[:1] not in "，。、"]
    return tuple(piece for text in texts for piece in TOKEN_MARK.sub(gap, text).split(gap) if piece)


@dataclass(frozen=True)
class Place:
    """How a report names its township and leaders: 镇/乡/街道, 党委/党工委."""

    unit: str
    party: str
    government: str

    @property
    def leaders(self) -> str:
        """镇党委、政府 / 街道党工委、办事处: the pair the reports credit."""
        return f"{self.party}、{'政府' if self.government.endswith('政府') else self.government}"

    @property
    def whole(self) -> str:
        return f"全{self.unit}"

    @property
    def we(self) -> str:
        return f"我{self.unit}"

    @classmethod
    def of(cls, township: Township) -> "Place":
        if township.kind == Township.Kind.SUBDISTRICT:
            return cls("街道", "街道党工委", "办事处")
        unit = "乡" if township.kind == Township.Kind.TOWNSHIP else "镇"
        return cls(unit, f"{unit}党委", f"{unit}政府")


@dataclass
class NarrativeRecords:
    """The year's records the text tells by name (figures come as tokens)."""

    activities: list[Activity] = field(default_factory=list)
    typical_cases: list[RightsCase] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)
    funding: list[AnnualFunding] = field(default_factory=list)
    founded: list[str] = field(default_factory=list)  # unions founded in the year
    federations: list[tuple[str, datetime.date | None, int]] = field(default_factory=list)  # industry: name, founded, members
    elections: int = 0  # unions that held their election in the year
    medical_story: AssistanceRecord | None = None

    def of_kind(self, *kinds) -> list[Activity]:
        return [activity for activity in self.activities if activity.kind in kinds]


def narrative_records(township: Township, year: int) -> NarrativeRecords:
    as_of = as_of_date(year)
    cases = RightsCase.objects.filter(township=township, received_on__year=year, status__in=RightsCase.CONCLUDED)
    typical = list(cases.filter(is_typical=True).order_by("-amount_recovered", "received_on")[:2])
    if not typical:  # the case with the most money back and a story to tell
        typical = [case for case in cases.exclude(summary="").order_by("-amount_recovered", "-workers_involved")[:50]
                   if len(case.summary) >= 30][:1]
    federations = [
        (union.name, union.founded_on, union.members_now)
        for union in GrassrootsUnion.objects.filter(township=township, kind=GrassrootsUnion.Kind.INDUSTRY_FEDERATION)
        .filter(existing_in(year)).annotate(members_now=Count("members", filter=Q(members__joined_on__lte=as_of) & (
            Q(members__left_on__isnull=True) | Q(members__left_on__gt=as_of))))
        .order_by("founded_on", "name")
    ]
    return NarrativeRecords(
        activities=list(Activity.objects.filter(township=township, held_on__year=year).order_by("-participants", "held_on")),
        typical_cases=typical,
        honours=list(Honour.objects.filter(township=township).order_by("year", "title")),
        funding=list(AnnualFunding.objects.filter(township=township, year=year).order_by("-amount")),
        founded=list(GrassrootsUnion.objects.filter(township=township, founded_on__year=year).filter(existing_in(year))
                     .order_by("founded_on", "name").values_list("name", flat=True)),
        federations=federations,
        elections=GrassrootsUnionYear.objects.filter(township=township, year=year, last_election_on__year=year).count(),
        medical_story=max(
            (record for record in AssistanceRecord.objects.filter(
                township=township, given_on__year=year, category=AssistanceRecord.Category.MEDICAL).exclude(note="")
                .select_related("member")[:200] if len(record.note.strip()) >= 12),
            key=lambda record: len(record.note), default=None),
    )


# --- small writing helpers ------------------------------------------------------------------------


def joined(items: list[str]) -> str:
    return "、".join(item for item in items if item)


def strands(items: list[str]) -> list[str]:
    """一是…。二是…。: each non-empty strand numbered in order; a single strand is not numbered."""
    present = [item for item in items if item]
    if len(present) == 1:
        return present
    return [f"{ORDINALS[index]}是{text}" for index, text in enumerate(present)]


def sentence(*parts: str) -> str:
    text = "".join(part for part in parts if part)
    return text if not text or text.endswith(("。", "：", "！")) else text + "。"


def month_day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def exact_yuan(amount: Decimal) -> str:
    """Case money as reports write it: exact, 31463元."""
    return f"{amount.quantize(Decimal('1')):f}元" if amount == amount.to_integral_value() else f"{amount.normalize():f}元"


def titled(activity: Activity) -> str:
    """An activity's title as the text quotes it."""
    return activity.title.strip().rstrip("。")


def _course(activity: Activity) -> str:
    """A training's name without the year and the session number, which the count already gives."""
    title = re.sub(r"^\d{4}年", "", titled(activity))
    return re.sub(r"（第[0-9一二三四五六七八九十]+期）$", "", title)


def _mentions(overview: str, *words: str) -> bool:
    """Whether the 镇情简介 already states a fact, by its word or its figure (so the opening states it once)."""
    return any(word and word in overview for word in words)


# --- the sections ---------------------------------------------------------------------------------


def default_texts(figures: TownshipFigures, tokens: dict[str, str], records: NarrativeRecords,
                  settings: ReportSettings | None = None) -> dict[str, str]:
    """The generated text of every section, with tokens where figures go; one line a paragraph."""
    place = Place.of(figures.township)
    writer = _Writer(figures, tokens, records, place, settings)
    return {
        "opening": writer.opening(),
        "party_support": writer.party_support(),
        "org_network": writer.org_network(),
        "rights": writer.rights(),
        "guidance": writer.guidance(),
        "services": writer.services(),
        "development": writer.development(),
        "plans": writer.plans(),
    }


class _Writer:
    def __init__(self, figures, tokens, records, place, settings):
        self.figures, self.tokens, self.records, self.place, self.settings = figures, tokens, records, place, settings
        self.facts, self.org = figures.facts, figures.organisation

    def say(self, key: str, **names) -> str:
        place = self.place
        return choose(self.figures.township.pk, key).format(
            unit=place.unit, leaders=place.leaders, party=place.party, we=place.we, whole=place.whole, **names)

    def has(self, token: str) -> bool:
        value = self.tokens.get(token, "")
        # a zero or a rate that does not apply is no achievement to state (the closing names weak rates)
        return bool(value) and value not in ("0", "0人", "0元", "0%", "不适用")

    # 开篇: 镇情 once, the union's standing, then the transition.
    def opening(self) -> str:
        township, facts, place = self.figures.township, self.facts, self.place
        overview = township.overview.strip()
        paragraphs = []
        place_facts = []
        if facts:
            villages = []
            population = self.tokens.get("总人口", "")
            if facts.administrative_villages and not _mentions(overview, "行政村"):
                villages.append("{{行政村数}}个行政村")
            if facts.communities and not _mentions(overview, "社区"):
                villages.append("{{社区数}}个社区")
            if facts.natural_villages and not _mentions(overview, "自然村"):
                villages.append("{{自然村数}}个自然村")
            if facts.villager_groups and not _mentions(overview, "村民小组"):
                villages.append("{{村民小组数}}个村民小组")
            if villages:
                place_facts.append(f"{place.whole}辖{joined(villages)}")
            if facts.households and not _mentions(overview, "户"):
                place_facts.append("{{户数}}户")
            if facts.population and not _mentions(overview, "人口", population, str(facts.population)):
                place_facts.append("总人口{{总人口}}")
            if township.area_km2 and not _mentions(overview, "平方公里"):
                place_facts.append("面积{{面积}}平方公里")
        economy = []
        if facts and facts.gdp_text and not _mentions(overview, "生产总值"):
            economy.append("地区生产总值{{地区生产总值}}")
        if facts and facts.fiscal_revenue_text and not _mentions(overview, "财政收入"):
            economy.append("财政收入{{财政收入}}")
        first = overview
        if place_facts:
            chain = "，".join(place_facts)
            if overview and not chain.startswith(place.whole):
                chain = place.whole + chain
            first = sentence(first) + sentence(chain) if overview else sentence(chain)
        if economy:
            first += sentence(f"{self.figures.year}年，{place.whole}完成" + "，".join(economy))
        kinds = [(row.key, row.count) for row in self.org.unions_by_kind if row.count]
        unions = joined([{
            "enterprise": "企业工会{{企业工会数}}家", "village": "村级工会联合会{{村级工会联合会数}}家",
            "industry": "行业工会联合会{{行业工会联合会数}}家", "institution": "机关事业单位工会{{机关事业单位工会数}}家",
            "community": "社区工会{{社区工会数}}家"}[key] for key, _count in kinds])
        if facts and facts.enterprises:
            first += sentence(f"{place.we}现有各类企业{{{{企业数}}}}家，", f"已建立{unions}，" if unions else "尚未建立基层工会，",
                              "拥有会员{{会员人数}}" if self.org.members_active else "")
        elif unions:
            first += sentence(f"{place.we}已建立{unions}，", "拥有会员{{会员人数}}" if self.org.members_active else "")
        paragraphs.append(first)

        union_name = self.figures.union.name if self.figures.union else f"{place.unit}工会"
        federation = township.county.federation_name or f"{township.county.name}总工会"
        standing = [self.say("standing", union=union_name, federation=federation)]
        if self._six_haves():
            standing.append(self.say("six_haves"))
        honours = [honour.title for honour in self.records.honours if honour.year <= self.figures.year]
        text = sentence("，".join(standing))
        if honours:
            text += sentence(f"{union_name}先后荣获{joined(honours[-4:])}等荣誉称号")
        paragraphs.append(text + "我们的主要做法是：")
        return "\n".join(paragraphs)

    def _six_haves(self) -> bool:
        facts = self.facts
        return bool(facts and (facts.chair_name or facts.chair_elected) and facts.committee_members
                    and facts.legal_person_certified and facts.has_seal and facts.has_nameplate
                    and (facts.office_area_m2 or facts.has_workers_home) and self.figures.funding_amount
                    and facts.rule_titles)

    # 一、党委政府重视: 班子、章子、牌子、房子、经费、制度 — each with its specifics.
    def party_support(self) -> str:
        facts, place, acts = self.facts, self.place, self.figures.activities
        lead = self.say("party_lead")
        hearing = self.records.of_kind(Activity.Kind.PARTY_HEARING)
        if acts.party_hearings:
            outcome = next((activity.outcome.strip().rstrip("。") for activity in hearing if activity.outcome.strip()), "")
            lead += f"，{{{{年度}}}}年{place.party}{{{{党委听取汇报次数}}}}次听取工会工作汇报" + (f"，{outcome}" if outcome else "，研究解决工会工作中的重大问题")
        if facts and facts.rule_titles:
            institutions = [title for title in facts.rule_titles if "联席" in title or "听取" in title or "党" in title]
            if institutions:
                lead += f"，坚持{joined(institutions)}"
        paragraphs = [sentence(lead)]
        if not facts:
            return "\n".join(paragraphs)
        people = []
        if facts.chair_concurrent_post:
            people.append(f"{self.figures.union.name if self.figures.union else '工会'}主席由{facts.chair_concurrent_post}兼任")
        elif facts.chair_name:
            people.append("工会主席" + ("经依法选举产生" if facts.chair_elected else "{{工会主席}}") + ("，为专职主席" if facts.chair_full_time else ""))
        team = []
        if facts.committee_members:
            team.append("委员{{委员人数}}名")
        if facts.full_time_staff:
            team.append("专职工作人员{{专职人员数}}名")
        if facts.part_time_staff:
            team.append("兼职工作人员{{兼职人员数}}名")
        if team:
            people.append("现有" + joined(team))
        committees = [name for flag, name in ((facts.has_audit_committee, "经费审查委员会"), (facts.has_women_committee, "女职工委员会"),
                                              (facts.has_mediation_committee, "劳动争议调解委员会")) if flag]
        if committees:
            people.append(f"下设{joined(committees)}")
        seal = [part for flag, part in ((facts.legal_person_certified, "取得了工会法人资格证书"), (facts.has_seal, "刻制了工会印章"),
                                        (facts.has_nameplate, "悬挂了工会牌子")) if flag]
        money = []
        if facts.funding_in_budget:
            money.append(f"将工会经费列入{place.unit}财政预算")
        if self.figures.funding_amount:
            sources = joined([f"{row.get_source_display()}{format_yuan(row.amount)}" for row in self.records.funding]
                             if len(self.records.funding) > 1 else [])
            money.append("{{年度}}年落实工会经费{{工会经费}}" + (f"，其中{sources}" if sources else ""))
            if self.figures.funding_audited:
                money.append("经费收支经经费审查委员会审查")
        home = []
        if facts.office_area_m2:
            home.append("设立了{{办公面积}}平方米的工会办公室")
        if facts.has_workers_home:
            home.append("建成职工之家" + ("{{职工之家面积}}平方米" if facts.workers_home_area_m2 else "")
                        + (f"，配备了{facts.facilities.strip('。')}" if facts.facilities.strip() else ""))
        rules = facts.rule_titles
        items = strands([
            sentence("组织上支持，实现“有人干事”。", "，".join(people)) if people else "",
            sentence("阵地上支持，实现“有位成事”。", "，".join(seal + home)) if seal or home else "",
            sentence("财力上支持，实现“有钱办事”。", "，".join(money)) if money else "",
            sentence("制度上规范，实现“有章理事”。", f"建立健全了{joined(rules[:8])}等{len(rules)}项工作制度，各项工作有章可循")
            if rules else "",
        ])
        paragraphs += items
        if self._six_haves():
            paragraphs.append(self.say("six_haves_close", union=self.figures.union.name if self.figures.union else f"{place.unit}工会"))
        return "\n".join(paragraphs)

    # 二、组织网络健全: unions by kind, rates, federations, the year's new unions, 比上年.
    def org_network(self) -> str:
        org, place = self.org, self.place
        if not org.unions_total:
            return sentence("工会组织建设是工会工作的基础。", f"{place.whole}尚未建立基层工会，组建工作有待起步")
        text = self.say("org_lead")
        rates = []
        if org.formation_rate.applicable:
            rates.append("覆盖应建会单位{{覆盖单位数}}家，基层工会组建率达{{组建率}}")
        if org.membership_rate.applicable:
            rates.append("基层工会有职工{{职工人数}}，入会率达{{入会率}}")
        members = [part for token, part in (("农民工会员人数", "农民工会员{{农民工会员人数}}"), ("女会员人数", "女会员{{女会员人数}}"))
                   if self.has(token)]
        text += sentence("，".join(rates + ([f"会员中有{joined(members)}"] if members else [])))
        paragraphs = [text]
        network = []
        for name, founded, members_now in self.records.federations:
            network.append((f"{founded.year}年{founded.month}月" if founded else "") + f"成立了{name}"
                           + (f"，目前拥有会员{members_now}人" if members_now else ""))
        if self.tokens.get("村级工会联合会数", "0") != "0":
            network.append(f"在有企业的行政村组建村级工会联合会{{{{村级工会联合会数}}}}家，构建了{place.unit}、村、企业三级工会网络")
        if self.records.founded:
            names = self.records.founded
            network.append(f"{{{{年度}}}}年新建了{joined(names[:3])}{'等' if len(names) > 3 else ''}{{{{新建工会数}}}}家基层工会")
        standard = [part for token, part in (("法人登记率", "法人资格登记率{{法人登记率}}"),
                                              ("经审女职委组建率", "经审会、女职委同步组建率{{经审女职委组建率}}"))
                    if self.has(token)]
        items = strands([sentence("，".join(network[:2])) if network[:2] else "",
                         sentence("，".join(network[2:])) if network[2:] else "",
                         sentence(self.say("standardise") + "，".join(standard)) if standard else ""])
        paragraphs += items
        comparison = _comparison(self.tokens)
        if comparison:
            paragraphs.append(comparison)
        return "\n".join(paragraphs)

    # 三、履行基本职责: collective contracts, democratic management, cases with a typical one, inspections.
    def rights(self) -> str:
        org, rights, place = self.org, self.figures.rights, self.place
        paragraphs = [self.say("rights_lead")]
        contract = []
        if org.contracts_valid:
            contract.append("指导{{集体合同数}}家基层工会签订集体合同，覆盖职工{{集体合同覆盖职工}}，覆盖率达{{集体合同覆盖率}}")
            special = [part for token, part in (("工资协商率", "签订工资专项集体合同的占{{工资协商率}}"),
                                                 ("女职工专项合同率", "签订女职工专项集体合同的占{{女职工专项合同率}}")) if self.has(token)]
            if special:
                contract.append("，".join(special))
        democracy = []
        if self.has("职代会建制率"):
            democracy.append("{{年度}}年召开职代会的基层工会占{{职代会建制率}}")
        if self.has("厂务公开率"):
            democracy.append("实行厂务公开的占{{厂务公开率}}")
        congress = [activity for activity in self.records.of_kind(Activity.Kind.WORKERS_CONGRESS) if activity.outcome.strip()]
        for activity in congress[:1]:
            democracy.append(f"{activity.held_on.month}月{activity.held_on.day}日召开{titled(activity)}，{activity.outcome.strip().rstrip('。')}")
        cases = []
        if rights.received:
            types = joined([f"{row.label}{row.count}起" for row in sorted(
                rights.by_type, key=lambda row: (row.key == RightsCase.CaseType.OTHER, -row.count))])
            cases.append(f"全年共受理职工维权案件{{{{维权案件数}}}}起（{types}），办结{{{{办结数}}}}起"
                         + ("，办结率{{办结率}}" if rights.concluded != rights.received else "")
                         + ("，为{{涉及职工}}名职工" + ("（其中农民工{{涉及农民工}}名）" if rights.migrant_workers_helped else "")
                            + "挽回经济损失{{挽回金额}}" if rights.amount_recovered else ""))
        else:
            cases.append(f"{{{{年度}}}}年{place.whole}未发生职工维权案件")
        inspections = self.records.of_kind(Activity.Kind.SAFETY_INSPECTION)
        checks = ""
        if inspections:
            first = inspections[0]
            checks = f"开展{joined([titled(activity) for activity in inspections[:3]])}" + (
                f"，{first.outcome.strip().rstrip('。')}" if first.outcome.strip() else "")
        strands_text = strands([
            sentence("推行集体协商制度。", "，".join(contract)) if contract else "",
            sentence("推进民主管理。", "，".join(democracy)) if democracy else "",
            sentence("依法调处劳动争议。", "，".join(cases)),
            sentence("加强劳动法律监督。", checks) if checks else "",
        ])
        paragraphs += strands_text
        for case in self.records.typical_cases:
            paragraphs.append(_typical_case(case, place))
        return "\n".join(paragraphs)

    # 四、指导帮助基层: trainings by title, guidance visits, elections, workers' homes.
    def guidance(self) -> str:
        acts, place = self.figures.activities, self.place
        paragraphs = [self.say("guidance_lead")]
        trainings = self.records.of_kind(Activity.Kind.TRAINING)
        training = ""
        if trainings:
            names = list(dict.fromkeys(_course(activity) for activity in trainings))
            training = (f"举办{joined(names[:3])}{'等' if len(names) > 3 else ''}，"
                        "共{{培训期数}}期，培训{{培训人数}}人次")
            if self.has("主席培训率"):
                training += "，基层工会主席培训覆盖率{{主席培训率}}"
        visits = self.say("visits") if acts.guidance_visits else ""
        elections = f"指导{self.records.elections}家基层工会依法按期换届" if self.records.elections else ""
        homes = "建成职工之家的基层工会占{{建家率}}" if self.has("建家率") else ""
        mediation = "建立劳动争议调解组织的占{{调解组织率}}" if self.has("调解组织率") else ""
        paragraphs += strands([
            sentence("加强工会干部培训。", training) if training else "",
            sentence("加强分类指导。", visits) if visits else "",
            sentence("推进规范化建设。", "，".join(part for part in (elections, homes, mediation) if part))
            if elections or homes or mediation else "",
        ])
        if len(paragraphs) == 1:
            return ""
        return "\n".join(paragraphs)

    # 五、服务职工群众: the hardship files, assistance by programme, a story, jobs.
    def services(self) -> str:
        aid, place = self.figures.assistance, self.place
        paragraphs = []
        help_lines = []
        if aid.hardship_members:
            help_lines.append("建立困难职工档案，实行动态管理，现有建档困难职工{{困难职工数}}人，{{年度}}年帮扶{{困难职工帮扶人数}}人")
        if aid.records:
            programmes = [_programme(row) for row in sorted(aid.by_category, key=lambda row: -row.amount) if row.count]
            help_lines.append("全年发放帮扶资金{{帮扶金额}}，帮扶{{帮扶人数}}人次" + (f"：{'；'.join(p for p in programmes if p)}" if programmes else ""))
        story = self.records.medical_story
        story_text = ""
        if story is not None:
            mishap, _sep, more = story.note.strip().rstrip("。").partition("；")
            story_text = (f"例如：{story.recipient_display}，{mishap}，{place.unit}工会得知情况后，及时送去医疗救助金{exact_yuan(story.amount)}"
                          + (f"，并{more}" if more else "") + "。")
        jobs = self.records.of_kind(Activity.Kind.EMPLOYMENT_SERVICE)
        job_text = ""
        if jobs:
            job_text = f"开展{joined([titled(activity) for activity in jobs[:2]])}" + (
                "，帮助{{就业安置人数}}名职工实现就业" if self.has("就业安置人数") else "")
            outcome = jobs[0].outcome.strip().rstrip("。")
            if outcome and not self.has("就业安置人数"):
                job_text += f"，{outcome}"
        if not (help_lines or job_text):
            return ""
        paragraphs.append(self.say("services_lead"))
        if help_lines and job_text:
            paragraphs.append("（一）扎实开展困难职工帮扶")
            paragraphs.append(sentence("，".join(help_lines)))
            if story_text:
                paragraphs.append(story_text)
            paragraphs.append("（二）积极开展就业服务")
            paragraphs.append(sentence(job_text))
        else:
            paragraphs += strands([sentence("，".join(help_lines)) if help_lines else "", sentence(job_text) if job_text else ""])
            if story_text:
                paragraphs.append(story_text)
        return "\n".join(paragraphs)

    # 六、围绕中心工作: named activities, the most telling first, with honours won.
    def development(self) -> str:
        activities = self.records.of_kind(*CENTRE_KINDS)
        if not activities:
            return ""
        place = self.place
        paragraphs = [self.say("centre_lead")]
        told = []
        for activity in activities[:4]:
            outcome = activity.outcome.strip().rstrip("。")
            told.append(sentence(f"组织开展{titled(activity)}", f"，{activity.participants}名职工参加" if activity.participants else "",
                                 f"，{outcome}" if outcome else ""))
        paragraphs += strands(told)
        rest = activities[4:]
        if rest:
            paragraphs.append(sentence(f"此外，还开展了{joined([titled(activity) for activity in rest[:6]])}等活动，丰富了职工的业余文化生活"))
        return "\n".join(paragraphs)

    # 七 / the closing: credit, problems from weak figures and from staff, plans answering each, the goal.
    def plans(self) -> str:
        place, settings = self.place, self.settings
        staff_problems = _lines(settings.problems) if settings else []
        staff_plans = _lines(settings.plans) if settings else []
        weak = [(problem, plan) for key, problem, plan in WEAK
                if (ratio := getattr(self.org, key, None) or getattr(self.figures.rights, key, None)) is not None
                and ratio.applicable and ratio.value < Decimal("0.9")]
        problems = staff_problems + [problem for problem, _plan in weak]
        plans = staff_plans + [plan for _problem, plan in weak]
        credit = self.say("closing_credit")
        if problems:
            first = credit + "：" + "；".join(strands(problems[:4])) + "。"
        else:
            first = credit + "，离上级工会和广大职工的要求还有差距。"
        goal = ("下一步，我们将以此次创建为契机，" + ("重点做好以下工作：" + "；".join(strands(plans[:4])) + "。" if plans else "")
                + self.say("closing_goal"))
        return first + "\n" + goal


def _lines(text: str) -> list[str]:
    return [line.strip().rstrip("。；;") for line in (text or "").splitlines() if line.strip()]


PROGRAMMES = {
    AssistanceRecord.Category.WINTER_WARMTH: "“冬送温暖”慰问困难职工{n}人",
    AssistanceRecord.Category.AUTUMN_SCHOOLING: "“金秋助学”资助困难职工子女{n}人",
    AssistanceRecord.Category.MEDICAL: "医疗救助患病职工{n}人",
    AssistanceRecord.Category.VISIT: "“四必访”慰问职工{n}人次",
    AssistanceRecord.Category.SUMMER_COOLING: "“夏送清凉”慰问一线职工{n}人次",
    AssistanceRecord.Category.SPRING_JOBS: "“春送岗位”服务求职职工{n}人次",
    AssistanceRecord.Category.EMPLOYMENT: "就业帮扶{n}人",
    AssistanceRecord.Category.OTHER: "其他帮扶{n}人次",
}


def _programme(row) -> str:
    """One assistance programme: “冬送温暖”慰问困难职工43人，发放18.4万元."""
    return PROGRAMMES[row.key].format(n=row.people) + (f"，发放{format_yuan(row.amount)}" if row.amount else "")


def _comparison(tokens: dict[str, str]) -> str:
    """与上年相比，… : the changes that happened, each only if it did."""
    parts = [phrase for name, phrase in (
        ("新建工会数", "新建基层工会{{新建工会数}}家"), ("会员增减", "会员{{会员增减}}"),
        ("组建率变化", "组建率{{组建率变化}}"), ("入会率变化", "入会率{{入会率变化}}"),
        ("集体合同覆盖率变化", "集体合同覆盖率{{集体合同覆盖率变化}}"),
    ) if tokens.get(name) and tokens[name] != "0"]
    return f"与{{{{上年度}}}}年相比，{'，'.join(parts)}。" if parts and tokens.get("上年度") else ""


def _typical_case(case: RightsCase, place: Place) -> str:
    """典型案例 in two or three sentences: the staff's own story of it when there is one, else from the record."""
    when = month_day(case.received_on)
    story = case.summary.strip()
    if len(story) >= 30:
        return f"例如：{when}，{story.rstrip('。')}。"
    workers = f"{case.workers_involved}名" + ("农民工" if case.migrant_workers_involved == case.workers_involved else "职工")
    claimed = f"{exact_yuan(case.amount_claimed)}" if case.amount_claimed else ""
    told = f"例如：{when}，{workers}反映{case.parties}{CASE_WHAT[case.case_type]}问题" + (f"，涉及金额{claimed}" if claimed else "") + "。"
    told += f"{place.unit}工会受理后多方协调，" + (f"最终为职工追回{exact_yuan(case.amount_recovered)}。" if case.amount_recovered else "依法妥善处理。")
    return told
