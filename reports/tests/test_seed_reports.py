"""The seed reports' facts, entered as data, come back in the generated text — every one, once.

Articles 1 (具茨山镇, from 新郑市**镇), 2 (金城湾镇, from 皋兰县xxx镇) and 5 (澧源乡, from 桑植县xx乡) of
../shared/seeds: the facts each report states are entered through the models (as staff would through
the forms); the generated 汇报材料 must state every one of them, and no sentence or 镇情 fact twice.
"""
import datetime
import re
from decimal import Decimal

import pytest

from reports.builder import build_report
from reports.preflight import preflight
from unions.models import Member, Township
from unions.tests.factories import (
    ActivityFactory,
    AnnualFundingFactory,
    AssistanceRecordFactory,
    CountyFactory,
    GrassrootsUnionFactory,
    HonourFactory,
    RightsCaseFactory,
    TownshipFactory,
    TownshipUnionFactory,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2025


def members(union, count: int, *, migrants: int = 0, women: int = 0, start: int = 0) -> None:
    """`count` members on the roll of `union`, in one statement (a roster of 18 000 is realistic here)."""
    Member.objects.bulk_create(
        Member(township=union.township, union=union, name=f"会员{start + n}", gender="F" if n < women else "M",
               id_number=valid_id_number(410184, D(1970, 1, 1) + datetime.timedelta(days=(start + n) // 1000), start + n),
               joined_on=D(2020, 3, 1), is_migrant_worker=n < migrants)
        for n in range(count)
    )


def text_of(report) -> str:
    return "\n".join(paragraph for section in report.sections for paragraph in section.paragraphs)


def assert_states_once(report, facts: list[str]) -> None:
    text = text_of(report)
    missing = [fact for fact in facts if fact not in text]
    assert not missing, f"not stated: {missing}\n{text}"
    sentences = [part for part in re.split(r"(?<=[。；！])", text.replace("\n", "")) if len(part) >= 12]
    repeated = {sentence for sentence in sentences if sentences.count(sentence) > 1}
    assert not repeated, repeated
    assert not [finding.message for finding in preflight(report) if finding.kind == "repeated"]


def test_article_1_jucishan():
    """Seed 1: 50个行政村、374个自然村，7.8万人，116平方公里，45亿元，7600万元；企业106家，企业工会92家、
    行业工会联合会1家（机制瓦，2007年10月20日成立，会员8756人）、村级工会联合会29家，会员1.8万人；委员11名，
    专职组织员2名，四个专门机构中的经审、女职委、调解委；职工之家658平方米及其设施；党建带工建联席会议制度；
    王中利等19名农民工被欠薪，追回31463元；36万元帮扶，43名困难职工，23名子女就学；培训3期387人，安置497人；
    安康杯先进单位；职代会合理化建议19件；郑州市示范乡镇工会。"""
    township = TownshipFactory(county=CountyFactory(name="新郑市", federation_name="新郑市总工会"), name="具茨山镇",
                               area_km2=Decimal("116"), administrative_villages=50, natural_villages=374, population=78000,
                               enterprises=106, eligible_employers=122, gdp_text="45亿元", fiscal_revenue_text="7600万元")
    TownshipUnionFactory(township=township, name="具茨山镇工会工作委员会", committee_members=11, full_time_staff=2,
                         chair_full_time=True, has_audit_committee=True, has_women_committee=True, has_mediation_committee=True,
                         legal_person_certified=True, has_seal=True, has_nameplate=True, has_workers_home=True,
                         workers_home_area_m2=Decimal("658"), facilities="篮球场、图书室、电教室、乒乓球室、电脑室、棋牌室",
                         rules="党建带工建联席会议制度\n工会委员会议事制度", funding_in_budget=True)
    AnnualFundingFactory(township=township, year=YEAR, amount=Decimal("150000"), audited=True)
    industry = GrassrootsUnionFactory(township=township, name="具茨山镇机制瓦行业工会联合会", kind="industry",
                                      founded_on=D(2007, 10, 20), employee_count=9000, women_count=3000, migrant_count=7000)
    members(industry, 8756, migrants=6000)
    count = 8756
    for index in range(92):
        union = GrassrootsUnionFactory(township=township, name=f"具茨山第{index}企业工会", employee_count=80, women_count=30,
                                       migrant_count=40)
        members(union, 75, start=count)
        count += 75
    for index in range(29):
        union = GrassrootsUnionFactory(township=township, name=f"具茨山{index}村工会联合会", kind="village", employee_count=90,
                                       women_count=30, migrant_count=50)
        size = 81 if index < 28 else 76
        members(union, size, start=count)
        count += size
    assert count == 18000
    RightsCaseFactory(township=township, received_on=D(YEAR, 8, 9), workers_involved=19, migrant_workers_involved=19,
                      amount_claimed=Decimal("31463"), amount_recovered=Decimal("31463"), status="closed",
                      closed_on=D(YEAR, 8, 30), parties="承包商曲某德", is_typical=True,
                      summary="通许县王中利等19名农民工来访反映，在我镇施工中承包商曲某德欠其工资3万余元，经我们多方协调，最终为王中利等人追回工资31463元")
    AssistanceRecordFactory(township=township, category="winter_warmth", given_on=D(YEAR, 1, 18), people=43,
                            amount=Decimal("314000"), recipient_name="困难职工")
    AssistanceRecordFactory(township=township, category="autumn_schooling", given_on=D(YEAR, 8, 25), people=23,
                            amount=Decimal("46000"), recipient_name="困难职工子女")
    for number, people in ((1, 142), (2, 131), (3, 114)):
        ActivityFactory(township=township, kind="training", held_on=D(YEAR, 3 + number, 1), participants=people,
                        title=f"农民工就业技能培训班（第{number}期）")
    ActivityFactory(township=township, kind="employment_service", held_on=D(YEAR, 3, 15), participants=860, jobs_placed=497,
                    title="农民工就业咨询台", outcome="发布各类就业信息210多条")
    ActivityFactory(township=township, kind="ankang_cup", held_on=D(YEAR, 6, 10), participants=1200,
                    title="煤炭、建材、化工行业“安康杯”竞赛",
                    outcome="新郑市电力变压器有限公司、河南双龙建材有限公司获郑州市“安康杯”竞赛活动先进单位")
    ActivityFactory(township=township, kind="workers_congress", held_on=D(YEAR, 5, 23), participants=96,
                    title="具茨山镇职工代表大会第二届一次会议", outcome="大会收集合理化建议19件")
    HonourFactory(township=township, title="郑州市示范乡镇工会", level="municipal", year=2024)

    report = build_report(township, YEAR, with_charts=False)
    assert_states_once(report, [
        "50个行政村", "374个自然村", "7.8万人", "116平方公里", "45亿元", "7600万元", "各类企业106家", "企业工会92家",
        "村级工会联合会29家", "行业工会联合会1家", "1.8万人", "2007年10月成立了具茨山镇机制瓦行业工会联合会", "会员8756人",
        "委员11名", "专职工作人员2名", "经费审查委员会", "女职工委员会", "劳动争议调解委员会", "职工之家658平方米",
        "篮球场、图书室、电教室、乒乓球室、电脑室、棋牌室", "党建带工建联席会议制度", "列入镇财政预算", "王中利等19名农民工",
        "31463元", "36万元", "困难职工43人", "困难职工子女23人", "共3期，培训387人次", "497名职工实现就业",
        "郑州市“安康杯”竞赛活动先进单位", "合理化建议19件", "郑州市示范乡镇工会", "我们的主要做法是：",
    ])


def test_article_2_jinchengwan():
    """Seed 2: 8个行政村、26个村民小组、4979户、1.92万人；19家工会（机关事业单位1、企业18），组建率100%，
    会员1416人，入会率95%；主席由党委副书记兼任，两名专职干部；经费列入镇财政预算，约2万元；
    镇党委听取工会工作汇报制、政府与工会联席会议制；执法大检查；莫亚唐工伤，1600多元由厂方承担；
    职代会建议修暖气、改善食堂；三下乡、红歌大赛、岗位大练兵、党史知识竞赛、自行车比赛、“三带三创”。"""
    township = TownshipFactory(county=CountyFactory(name="皋兰县", federation_name="皋兰县总工会"), name="金城湾镇",
                               overview="金城湾镇位于皋兰县西北部。", administrative_villages=8, villager_groups=26,
                               households=4979, population=19200, enterprises=18, eligible_employers=19)
    TownshipUnionFactory(township=township, name="金城湾镇总工会", chair_concurrent_post="党委副书记", full_time_staff=2,
                         committee_members=7, rules="镇党委听取工会工作汇报制度\n政府与工会联席会议制度", funding_in_budget=True)
    AnnualFundingFactory(township=township, year=YEAR, amount=Decimal("20000"), audited=True)
    total = 0
    institution = GrassrootsUnionFactory(township=township, name="金城湾镇机关工会", kind="institution", employee_count=60,
                                         women_count=20, migrant_count=0)
    members(institution, 57)
    total += 57
    for index in range(18):
        union = GrassrootsUnionFactory(township=township, name=f"金城湾第{index}厂工会", employee_count=80, women_count=30,
                                       migrant_count=40)
        size = 75 if index < 9 else 76
        members(union, size, start=1000 + index * 100)
        total += size
    assert total == 1416
    RightsCaseFactory(township=township, case_type="work_injury", received_on=D(YEAR, 4, 16), workers_involved=1,
                      amount_claimed=Decimal("1600"), amount_recovered=Decimal("1600"), status="closed", closed_on=D(YEAR, 5, 6),
                      parties="金耐克塑料包装厂", is_typical=True,
                      summary="金耐克塑料包装厂职工莫亚唐在维修机器时不慎砸伤右脚，厂工会知晓后积极与厂方协调，及时送其到镇卫生院住院治疗，花费1600多元全部由厂方承担")
    ActivityFactory(township=township, kind="safety_inspection", held_on=D(YEAR, 4, 20), participants=12,
                    title="《工会法》《劳动法》《劳动合同法》执法大检查", outcome="发现问题立即整改")
    ActivityFactory(township=township, kind="workers_congress", held_on=D(YEAR, 3, 26), participants=58,
                    title="金城湾镇机关职工代表大会", outcome="提出维修办公楼暖气、改善食堂管理等建议，均得到镇党委、政府采纳")
    for day, kind, title, people in ((12, "other", "科技文化卫生三下乡", 400), (1, "culture_sports", "庆“七一”红歌大赛", 320),
                                      (18, "skills_competition", "职工岗位大练兵", 180), (20, "culture_sports", "党史知识竞赛", 150),
                                      (27, "culture_sports", "自行车比赛", 86), (15, "other", "“三带三创”活动", 300)):
        ActivityFactory(township=township, kind=kind, held_on=D(YEAR, 6, day), title=title, participants=people)

    report = build_report(township, YEAR, with_charts=False)
    assert_states_once(report, [
        "8个行政村", "26个村民小组", "4979户", "1.92万人", "企业工会18家", "机关事业单位工会1家", "组建率达100%", "会员1416人",
        "入会率达94.4%", "主席由党委副书记兼任", "专职工作人员2名", "列入镇财政预算", "2万元", "镇党委听取工会工作汇报制度",
        "政府与工会联席会议制度", "执法大检查", "莫亚唐", "1600多元全部由厂方承担", "修", "暖气", "改善食堂管理",
        "科技文化卫生三下乡", "红歌大赛", "职工岗位大练兵", "党史知识竞赛", "自行车比赛", "“三带三创”活动",
    ])
    assert "100.0%" not in text_of(report)


def test_article_5_liyuan():
    """Seed 5: 10个行政村、58个村民小组、1220户、4667人、119平方公里；乡联合工会；经费5万元列入财政预算；
    电站改制补偿案，追回102.48万元；冬送温暖28户3万元；劳务转移500余人；民歌赛、植竹活动。"""
    township = TownshipFactory(county=CountyFactory(name="桑植县", federation_name="桑植县总工会"), name="澧源乡",
                               kind=Township.Kind.TOWNSHIP, area_km2=Decimal("119"), administrative_villages=10,
                               villager_groups=58, households=1220, population=4667, enterprises=3, eligible_employers=6)
    TownshipUnionFactory(township=township, name="澧源乡联合工会", committee_members=5, full_time_staff=1, funding_in_budget=True,
                         rules="乡党委听取工会工作汇报制度")
    AnnualFundingFactory(township=township, year=YEAR, amount=Decimal("50000"))
    for index in range(6):
        union = GrassrootsUnionFactory(township=township, name=f"澧源第{index}单位工会", employee_count=30, women_count=10,
                                       migrant_count=10)
        members(union, 25, start=index * 100)
    RightsCaseFactory(township=township, case_type="restructuring", received_on=D(YEAR, 3, 2), workers_involved=58,
                      amount_claimed=Decimal("1024800"), amount_recovered=Decimal("1024800"), status="closed",
                      closed_on=D(YEAR, 6, 2), parties="某电站", is_typical=True,
                      summary="电站改制中企业与职工家属就补偿金额难以达成一致，乡联合工会及时介入，经过三个回合的联动调解，一次性兑现赔付金102.48万元")
    AssistanceRecordFactory(township=township, category="winter_warmth", given_on=D(YEAR, 1, 20), people=28,
                            amount=Decimal("30000"), recipient_name="困难职工")
    ActivityFactory(township=township, kind="employment_service", held_on=D(YEAR, 3, 1), participants=600, jobs_placed=512,
                    title="富余劳动力转移就业")
    ActivityFactory(township=township, kind="culture_sports", held_on=D(YEAR, 10, 11), participants=600,
                    title="澧源乡民族文化节暨九九老年节民歌赛")
    ActivityFactory(township=township, kind="other", held_on=D(YEAR, 3, 12), participants=106, title="保护澧水源植竹活动",
                    outcome="在澧水河畔植竹1万多棵")

    report = build_report(township, YEAR, with_charts=False)
    assert_states_once(report, [
        "全乡辖10个行政村", "58个村民小组", "1220户", "4667人", "119平方公里", "澧源乡联合工会", "列入乡财政预算", "5万元",
        "102.48万元", "“冬送温暖”慰问困难职工28人，发放3万元", "512名职工实现就业", "民歌赛", "植竹1万多棵", "乡党委",
    ])
    assert "镇党委" not in text_of(report) and "我镇" not in text_of(report)
