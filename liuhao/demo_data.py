"""The demo: the seed reports' townships under invented names, with their reported figures.

Seed 1 (新郑市**镇, 2009) → 具茨山镇; seed 2 (皋兰县xxx镇, 2011) → 金城湾镇; seeds 3 and 4 (湘乡市某街道办事处,
one text under two titles) → 涟水街道; seed 5 (桑植县xx乡, 2011) → 澧源乡; 溱洧镇 is a second, weaker
township of 新郑市 so that a county has more than one application to compare.

The reports' figures are moved to the demo's main year (2025). The four years before it (2021–2024)
are the way there, as the reports tell it: fewer enterprises and unions, a lower 入会率, the 职工之家
built in a given year, lighter casework and assistance, so that trends and "比上年" have something to
show. Figures the seeds leave
blank ("总人口多人", "企业近家", "辖区总面积平方公里") are filled with plausible values; so are the ones
they never give (funding of seed 1, case counts of seeds 2–5). Names of people, companies and
villages are invented.

Pure data: `liuhao.management.commands.load_demo` turns it into records.
"""
import datetime
from decimal import Decimal

DEMO_PASSWORD = "liuhao-demo-2026"
MAIN_YEAR = 2025
YEARS = tuple(range(MAIN_YEAR - 4, MAIN_YEAR + 1))  # 2021–2025: the demo's history, oldest first
RANDOM_SEED = 20251125

D = datetime.date

COUNTIES = [
    {"key": "xinzheng", "name": "新郑市", "city": "郑州市", "province": "河南省", "region_code": 410184,
     "reviewer_name": "赵文斌", "admin_name": "刘建华",
     # a second reviewer, who works in 溱洧镇 and so is never assigned its application
     "second_reviewer": {"key": "reviewer2_xinzheng", "name": "孙丽华", "home_township": "溱洧镇"}},
    {"key": "gaolan", "name": "皋兰县", "city": "兰州市", "province": "甘肃省", "region_code": 620122,
     "reviewer_name": "魏兴国", "admin_name": "杨淑芬"},
    {"key": "xiangxiang", "name": "湘乡市", "city": "湘潭市", "province": "湖南省", "region_code": 430381,
     "reviewer_name": "曾国平", "admin_name": "罗美玲"},
    {"key": "sangzhi", "name": "桑植县", "city": "张家界市", "province": "湖南省", "region_code": 430822,
     "reviewer_name": "钟家兴", "admin_name": "谷秀英"},
]

# Where the 评选 stand after loading, so that every role has work at once. 新郑市's is under review:
# both its townships have submitted, the county admin has assigned every reviewer the rules allow
# (孙丽华 works in 溱洧镇, so 具茨山镇 only), 赵文斌 has scored and submitted 具茨山镇 and not begun
# 溱洧镇, 孙丽华 has scored the first 考核项目 of 具茨山镇 and not submitted. The other counties'
# rounds are open for applications, with none yet.
REVIEWING = {
    "county": "xinzheng",
    # one submitted review suffices: 溱洧镇 can have one reviewer only, and the admin can decide
    # 具茨山镇 at once, warned that 孙丽华 has not submitted
    "min_reviews": 1,
    "applications": ["jucishan", "zhenwei"],  # township keys, in the order they submitted
    # reviewer → township key → "submitted" (every line scored) or "draft" (the first 考核项目 only)
    "reviews": {"reviewer_xinzheng": {"jucishan": "submitted"}, "reviewer2_xinzheng": {"jucishan": "draft"}},
    "overall_comment": "组织健全，维权帮扶扎实，职工之家建设有特色，建议命名。",
    "judged_comment": "查阅台账并现场察看，基本达到要求。",  # on lines without a suggested score
}

# The top-level 镇情 and "union" (六有) are the main year's. "earlier": the 2021–2024 values (oldest
#   first) of the TownshipYear fields that differed; None, or a field not listed: as in the main year.
# "unions": (kind, how many, members in all of them, employees per member, employers each covers).
#   The members are the year's active members; the employees per member set the 入会率.
# "founded": per kind, how many of the main year's unions were founded in each of 2021–2025 (the
#   others before 2021). "dissolved": unions that no longer exist in the main year, on top of
#   "unions": (kind, members before the end, 撤销/注销, date). "membership_2021": the 入会率 of 2021,
#   from which it rises to the main year's.
# "funding": (year, 元, source) for 2021–2025.
# "cases": the year's count and money recovered, including the "notable" cases the seed tells.
# "assistance": the year's total in 元; what is not given to named categories goes to 冬送温暖 for
#   the hardship members helped. "schooling"/"visits": (records, 元 each); "medical": (records, 元 in all).
# "activities": trainings as (title, people); "events" as (kind, (month, day), title, participants,
#   jobs placed, outcome).
TOWNSHIPS = [
    {
        # Seed 1: 新郑市**镇工会工作委员会, 2009.
        "key": "jucishan",
        # 工作制度 and what the 党委 heard the union on, as the seed report names them
        "rules": ["党建带工建联席会议制度", "工会委员会议事制度", "职工代表大会制度", "困难职工“四必访”制度", "工会经费收支管理制度", "经费审查制度", "劳动争议调解制度", "职工之家管理制度", "厂务公开指导制度"],
        "hearing_outcome": "研究解决职工之家建设和非公企业建会问题",
        "county": "xinzheng", "name": "具茨山镇", "kind": "town", "staff_name": "李红梅",
        "administrative_villages": 50, "communities": 0, "natural_villages": 374, "population": 78000,
        "area_km2": Decimal("116"), "enterprises": 106, "eligible_employers": 106,
        "gdp_text": "45亿元", "fiscal_revenue_text": "7600万元",
        "overview": "具茨山镇位于新郑市西部，距郑州市20公里，区位优越，交通便利。全镇辖50个行政村、374个自然村，"
        "7.8万人，地域面积116平方公里，境内有具茨山国家森林公园等名胜古迹。地下煤炭资源丰富，已形成以能源产业为龙头，"
        "建材、服装、化工、机电、食品等产业齐头并进的产业集群，地区生产总值45亿元，财政收入7600万元，"
        "规模以上工业增加值28亿元。全镇有机制瓦生产企业28家、配套企业36家，是全国最大的水泥机制瓦生产基地。",
        "union": {
            # 成员16人：委员11名，专职主席1人，专职组织员2人; 经审会、女职委、调解委员会、安全监督小组.
            "name": "具茨山镇工会工作委员会", "form": "committee", "chair_name": "周国庆", "chair_full_time": True,
            "vice_chairs": "王建设、刘春华", "committee_members": 11, "full_time_staff": 3, "part_time_staff": 13,
            "has_mediation_committee": True, "office_area_m2": Decimal("60"), "workers_home_area_m2": Decimal("658"),
            "facilities": "篮球场、图书室、电教室、乒乓球室、电脑室、棋牌室",
            "funding": [(2021, Decimal("90000"), "fiscal"), (2022, Decimal("100000"), "fiscal"),
                        (2023, Decimal("110000"), "fiscal"), (2024, Decimal("120000"), "fiscal"),
                        (2025, Decimal("150000"), "fiscal")],
        },
        "earlier": {
            "population": (76800, 77200, 77500, 77800),
            "enterprises": (99, 101, 103, 105),
            "eligible_employers": (98, 100, 103, 105),
            "gdp_text": ("36亿元", "38亿元", "41亿元", "43亿元"),
            "fiscal_revenue_text": ("6100万元", "6500万元", "6900万元", "7300万元"),
            # the committee elected in 2023 grew to 11 with a second vice chair and a third full-time post
            "committee_members": (9, 9, 11, 11),
            "vice_chairs": ("王建设", "王建设", None, None),
            "full_time_staff": (2, 2, 3, 3),
            "part_time_staff": (10, 11, 13, 13),
            # 投入180多万元 for the 658 m² 职工之家, opened in 2023; before, two rooms in the government building
            "workers_home_area_m2": (Decimal("0"), Decimal("0"), None, None),
            "facilities": ("图书室、棋牌室", "图书室、棋牌室", None, None),
        },
        "unions": [
            ("enterprise", 92, 7600, 1.08, 1),
            ("industry", 1, 8756, 1.06, 0),
            ("village", 29, 1644, 1.15, 0),
        ],
        "founded": {"enterprise": (2, 3, 4, 4, 3), "village": (0, 1, 1, 0, 0)},
        "dissolved": [("enterprise", 26, "deregistered", D(2023, 6, 30)), ("enterprise", 41, "revoked", D(2024, 9, 20))],
        "membership_2021": 0.76,
        "industry_name": "具茨山镇机制瓦行业工会联合会", "industry_founded": D(2007, 10, 20),
        "quality": 0.9,
        "cases": {
            "count": 22, "recovered": Decimal("158000"),
            "notable": [dict(
                case_type="wage_arrears", source="visit", received_on=D(2025, 8, 9), closed_on=D(2025, 8, 30),
                workers_involved=19, migrant_workers_involved=19, amount_claimed=Decimal("31463"),
                amount_recovered=Decimal("31463"), parties="王某利等19名农民工；承包商曲某德",
                summary="通许县王某利等19名农民工来访反映，在我镇施工中承包商曲某德拖欠其工资3万余元。"
                "镇工会职工维权工作站会同劳动保障所多方协调，为其追回工资31463元。",
            )],
        },
        "assistance": {
            "total": Decimal("360000"), "hardship_helped": 43, "schooling": (23, Decimal("2000")),
            "visits": (60, Decimal("800")), "medical": (6, Decimal("60000")), "summer": (300, Decimal("20000")),
            "others": [("medical", D(2025, 5, 8), "王某才", 1, Decimal("2000"), "donation",
                        "农民工，扒房时骨折致脊髓损伤，医药费近3万元；协调解决其女儿上学困难")],
            "funds_source": "donation",
        },
        "activities": {
            "trainings": [("农民工就业技能培训班（建材）", 142), ("农民工就业技能培训班（服装缝纫）", 131),
                          ("农民工就业技能培训班（电工）", 114)],
            "party_hearings": 2, "guidance_visits": 30,
            "events": [
                ("employment_service", (3, 15), "农民工就业咨询台：政策法规、用工信息、岗位推荐", 860, 497,
                 "发布各类就业信息210多条，安置待业人员497人"),
                ("ankang_cup", (6, 10), "煤炭、建材、化工行业“安康杯”竞赛", 1200, 0,
                 "具茨山宏兴电力设备有限公司、具茨山双龙建材有限公司获郑州市“安康杯”竞赛活动先进单位"),
                ("skills_competition", (9, 20), "群众性经济技术创新技能竞赛", 260, 0, "表彰技术能手18名"),
                ("culture_sports", (5, 1), "农民工文艺小分队庆“五一”汇演", 480, 0,
                 "全镇农民工文艺小分队23个，在新郑市文艺调演中获奖"),
                ("workers_congress", (5, 23), "具茨山镇职工代表大会第三届一次会议", 96, 0,
                 "收集合理化建议19件，表决通过《具茨山镇工会工作委员会工作报告》"),
            ],
        },
        "honours": [("郑州市示范乡镇工会", "municipal", 2023), ("郑州市职代会建设先进单位", "municipal", 2024)],
    },
    {
        # Seed 2: 皋兰县xxx镇总工会, 2011. 主席由党委副书记兼任，两名专职干部，经费每年2万元左右.
        "key": "jinchengwan",
        # 工作制度 and what the 党委 heard the union on, as the seed report names them
        "rules": ["镇党委听取工会工作汇报制度", "政府与工会联席会议制度", "工会会员代表大会制度", "工会经费审查制度", "困难职工帮扶制度", "职工意见建议征求办理制度", "厂务公开制度"],
        "hearing_outcome": "研究职工全面体检和意外伤害投保经费",
        "county": "gaolan", "name": "金城湾镇", "kind": "town", "staff_name": "马晓燕",
        "administrative_villages": 8, "communities": 0, "natural_villages": None, "villager_groups": 26,
        "households": 4979, "population": 19200,
        "area_km2": Decimal("212"), "enterprises": 18, "eligible_employers": 19,
        "gdp_text": "6.8亿元", "fiscal_revenue_text": "1200万元",
        "overview": "金城湾镇位于皋兰县西北部，全镇现辖8个行政村、26个村民小组，4979户1.92万人。"
        "境内民营企业和外出务工人员较多。",
        "union": {
            "name": "金城湾镇总工会", "form": "federation", "chair_name": "张永福", "chair_concurrent_post": "党委副书记",
            "chair_full_time": False,
            "vice_chairs": "陈丽", "committee_members": 7, "full_time_staff": 2, "part_time_staff": 4,
            "has_mediation_committee": True, "office_area_m2": Decimal("36"), "workers_home_area_m2": Decimal("120"),
            "facilities": "图书室、职工活动室",
            # 列入镇财政预算，平均每年保持在2万元左右
            "funding": [(2021, Decimal("18000"), "fiscal"), (2022, Decimal("20000"), "fiscal"),
                        (2023, Decimal("20000"), "fiscal"), (2024, Decimal("20000"), "fiscal"),
                        (2025, Decimal("22000"), "fiscal")],
        },
        "earlier": {
            "population": (19500, 19430, 19360, 19280),
            "households": (4932, 4946, 4957, 4968),
            "enterprises": (16, 16, 17, 17),
            "eligible_employers": (17, 17, 18, 19),
            "gdp_text": ("5.6亿元", "5.9亿元", "6.3亿元", "6.5亿元"),
            "fiscal_revenue_text": ("950万元", "1020万元", "1100万元", "1150万元"),
            # the chair is always the Party committee's deputy secretary: another one until the 2023 election
            "chair_name": ("马国栋", "马国栋", None, None),
            "vice_chairs": ("", "", None, None),
            "committee_members": (5, 5, 7, 7),
            # the second full-time cadre came in 2022
            "full_time_staff": (1, 2, 2, 2),
            "part_time_staff": (3, 3, 4, 4),
            # 办公用房相当紧张: the activity room was set up in 2022
            "workers_home_area_m2": (Decimal("0"), None, None, None),
            "facilities": ("图书室", None, None, None),
        },
        # 工会组织19家：机关事业单位工会1家，企业工会18个，组建率100%，会员1416人，入会率95%.
        "unions": [("institution", 1, 96, 1.0, 1), ("enterprise", 18, 1320, 1.055, 1)],
        "founded": {"enterprise": (0, 1, 2, 1, 1)},
        "membership_2021": 0.82,
        "quality": 0.95,
        "cases": {
            "count": 6, "recovered": Decimal("42600"),
            "notable": [dict(
                case_type="work_injury", source="visit", received_on=D(2025, 4, 16), closed_on=D(2025, 5, 6),
                workers_involved=1, migrant_workers_involved=1, amount_claimed=Decimal("1600"),
                amount_recovered=Decimal("1600"), parties="金城湾金耐克塑料包装厂职工莫某唐",
                summary="职工莫某唐维修机器时不慎砸伤右脚，厂工会知晓后与厂方协调，及时送镇卫生院住院治疗，"
                "医疗费1600多元全部由厂方承担。",
            )],
        },
        "assistance": {
            "total": Decimal("58000"), "hardship_helped": 12, "schooling": (6, Decimal("1000")),
            "visits": (15, Decimal("500")), "medical": (2, Decimal("8000")), "summer": (200, Decimal("5000")),
            "others": [], "funds_source": "higher_union",
        },
        "activities": {
            "trainings": [("基层工会干部业务培训", 38), ("农民工实用技能培训", 58)],
            "party_hearings": 2, "guidance_visits": 19,
            "events": [
                ("employment_service", (3, 6), "劳务输出组织与用工信息发布", 210, 85, "组织劳务输出，实现就业85人"),
                ("safety_inspection", (4, 20), "《工会法》《劳动法》《劳动合同法》执法大检查", 12, 0,
                 "对全镇工会组建、安全生产、工资发放、经费拨缴情况逐企摸排，发现问题立即整改"),
                ("ankang_cup", (5, 28), "“工人先锋号”“安康杯”竞赛", 640, 0, "镇党委下发实施方案，全镇企业全面开展"),
                ("skills_competition", (6, 18), "职工岗位大练兵", 180, 0, ""),
                ("culture_sports", (7, 1), "庆“七一”红歌大赛", 320, 0, ""),
                ("culture_sports", (9, 27), "职工自行车比赛", 86, 0, ""),
                ("other", (5, 12), "科技文化卫生三下乡", 400, 0, ""),
                ("workers_congress", (3, 26), "金城湾镇机关职工代表大会", 58, 0,
                 "提出维修办公楼暖气、改善食堂管理等建议，均得到镇党委、政府采纳"),
            ],
        },
        "honours": [("兰州市模范职工之家", "municipal", 2024)],
    },
    {
        # Seeds 3 and 4: 湘乡市某街道办事处工会联合会, 2010 (many figures left blank in the seed).
        "key": "lianshui",
        # 工作制度 and what the 党委 heard the union on, as the seed report names them
        "rules": ["办事处与工会联席会议制度", "劳动关系三方协商制度", "困难职工帮扶站工作制度", "信访接待制度", "法律援助制度", "工会经费管理制度", "职工之家管理制度"],
        "hearing_outcome": "研究劳动关系三方协商和困难职工帮扶工作",
        "county": "xiangxiang", "name": "涟水街道", "kind": "subdistrict", "staff_name": "谭湘云",
        "administrative_villages": 3, "communities": 6, "natural_villages": None, "population": 36000,
        "area_km2": Decimal("18.5"), "enterprises": 52, "eligible_employers": 48,
        "gdp_text": "", "fiscal_revenue_text": "",
        "overview": "涟水街道办事处位于湘乡市城区北部，辖区总面积18.5平方公里，下辖3个行政村、6个社区居委会，"
        "总人口3.6万人，市直机关、各类大厂矿和企业50余家坐落其中，是一个农村、城市兼有的行政区域。",
        "union": {
            "name": "涟水街道工会联合会", "form": "association", "chair_name": "彭志刚", "chair_full_time": False,
            "vice_chairs": "", "committee_members": 9, "full_time_staff": 1, "part_time_staff": 6,
            "has_mediation_committee": True, "office_area_m2": Decimal("45"), "workers_home_area_m2": Decimal("200"),
            "facilities": "职工活动室、阅览室、棋牌书画室",
            "funding": [(2021, Decimal("30000"), "fiscal"), (2022, Decimal("32000"), "fiscal"),
                        (2023, Decimal("35000"), "fiscal"), (2024, Decimal("40000"), "fiscal"),
                        (2025, Decimal("45000"), "fiscal")],
        },
        "earlier": {
            "population": (34000, 34600, 35100, 35600),
            # 城市化进程加快: 新城社区 was set up in 2022, its union the same year
            "communities": (5, 6, 6, 6),
            "enterprises": (46, 48, 49, 51),
            "eligible_employers": (44, 45, 46, 47),
            "committee_members": (7, 7, 9, 9),
            "part_time_staff": (4, 5, 5, 6),
            # 办起了职工活动室 in 2022
            "workers_home_area_m2": (Decimal("0"), None, None, None),
            "facilities": ("阅览室", None, None, None),
        },
        "unions": [("enterprise", 38, 2650, 1.1, 1), ("community", 6, 380, 1.05, 1), ("village", 3, 170, 1.2, 0)],
        "founded": {"enterprise": (1, 2, 3, 2, 2), "community": (0, 1, 0, 0, 0)},
        "dissolved": [("enterprise", 22, "deregistered", D(2022, 11, 15))],
        "membership_2021": 0.74,
        "quality": 0.85,
        "cases": {"count": 9, "recovered": Decimal("86000"), "notable": []},
        "assistance": {
            # 对贫困和留守学生一对一帮扶，送去资金约15000元.
            "total": Decimal("45000"), "hardship_helped": 18, "schooling": (15, Decimal("1000")),
            "visits": (20, Decimal("500")), "medical": (2, Decimal("6000")), "summer": (150, Decimal("4000")),
            "others": [], "funds_source": "union_funds",
        },
        "activities": {
            "trainings": [("下岗职工及返乡农民工免费技能培训", 72), ("《工会法》《劳动法》知识培训", 48)],
            "party_hearings": 1, "guidance_visits": 12,
            "events": [
                ("employment_service", (3, 10), "“送政策、送培训、送岗位”就业双向选择", 160, 38,
                 "发布劳动用工信息100多条，推荐贫困下岗职工38人就业"),
                ("safety_inspection", (6, 12), "安全生产月企业专项检查", 14, 0,
                 "配合有关部门检查企业52家次，对43家次的安全隐患及时或限期整改"),
                ("ankang_cup", (6, 20), "“安康杯”竞赛暨安全生产知识讲座", 230, 0, ""),
                ("skills_competition", (10, 15), "职工“双爱双评”和技术技能竞赛", 150, 0,
                 "1名职工被评为“芙蓉百岗明星”"),
                ("culture_sports", (4, 26), "与邻近单位篮球、拔河友谊赛", 120, 0, ""),
                ("workers_congress", (1, 16), "涟水街道机关职工代表大会", 64, 0, "收集意见建议11件"),
            ],
        },
        "honours": [],
    },
    {
        # Seed 5: 桑植县xx乡联合工会, 2011. 经费常年5万元左右，当年投入6万元装修办公室和活动场所.
        "key": "liyuan",
        # 工作制度 and what the 党委 heard the union on, as the seed report names them
        "rules": ["乡党委听取工会工作汇报制度", "工会委员会议事规则", "会员读书室借阅制度", "困难职工建档立卡制度", "劳动争议调解制度", "经费审查制度"],
        "hearing_outcome": "研究电站改制职工补偿和职工之家“五个一”建设",
        "county": "sangzhi", "name": "澧源乡", "kind": "township", "staff_name": "向春梅",
        "administrative_villages": 10, "communities": 0, "natural_villages": None, "villager_groups": 58,
        "households": 1220, "population": 4667,
        "area_km2": Decimal("119"), "enterprises": 3, "eligible_employers": 6,
        "gdp_text": "", "fiscal_revenue_text": "",
        "overview": "澧源乡位于桑植县西北部，距县城59公里，境内山大人稀、沟壑纵横，桑鹤公路及澧水河穿境而过，"
        "是连接湘鄂两省三县的交通枢纽。全乡辖10个行政村、58个村民小组，1220户4667人，总面积119平方公里。",
        "union": {
            "name": "澧源乡联合工会", "form": "association", "chair_name": "覃远山", "chair_full_time": False,
            "vice_chairs": "", "committee_members": 5, "full_time_staff": 1, "part_time_staff": 2,
            "has_mediation_committee": True, "office_area_m2": Decimal("30"), "workers_home_area_m2": Decimal("160"),
            "facilities": "会员读书室（藏书5000册）、乒乓球室、电视室、棋牌室、灯光球场",
            # 常年保持在5万元左右; 6万元 in the main year, which paid for doing up the office and activity rooms
            "funding": [(2021, Decimal("50000"), "fiscal"), (2022, Decimal("48000"), "fiscal"),
                        (2023, Decimal("50000"), "fiscal"), (2024, Decimal("50000"), "fiscal"),
                        (2025, Decimal("60000"), "fiscal")],
        },
        "earlier": {
            "population": (4790, 4760, 4720, 4690),
            "households": (1208, 1211, 1214, 1217),
            # the 职工之家 "五个一", built step by step with close to 20万元 from the government
            "workers_home_area_m2": (Decimal("80"), Decimal("120"), None, None),
            "facilities": ("会员读书室（藏书3000册）、乒乓球室", "会员读书室（藏书4000册）、乒乓球室、电视室",
                           "会员读书室（藏书5000册）、乒乓球室、电视室、棋牌室、灯光球场", None),
            "part_time_staff": (1, 2, 2, 2),
        },
        # 工会和工会联合会6家：企业工会3个，基层工会3个，会员155人，入会率98%.
        "unions": [("enterprise", 3, 92, 1.02, 1), ("institution", 3, 63, 1.0, 1)],
        # the third enterprise union: the 粽叶 sorting plant a migrant worker came home to build
        "founded": {"enterprise": (0, 1, 0, 1, 0)},
        "membership_2021": 0.85,
        "quality": 0.9,
        "cases": {
            "count": 2, "recovered": Decimal("1024800"),
            "notable": [
                dict(case_type="restructuring", source="referred", received_on=D(2025, 3, 2), closed_on=D(2025, 6, 18),
                     workers_involved=46, migrant_workers_involved=0, amount_claimed=Decimal("1200000"),
                     amount_recovered=Decimal("1024800"), parties="澧源电站改制职工及家属",
                     summary="电站改制中企业与职工家属就补偿金额难以达成一致，乡联合工会及时介入，与乡调解委一同配合"
                     "县政法委、劳动局等部门经过三个回合的联动调解，促使双方达成一致，一次性兑现赔付金102.48万元。"),
                dict(case_type="labour_contract", source="visit", received_on=D(2025, 9, 3), closed_on=D(2025, 9, 29),
                     workers_involved=12, migrant_workers_involved=4, amount_claimed=Decimal("0"),
                     amount_recovered=Decimal("0"), parties="楠木坪水电公司电站职工",
                     summary="电站职工因待遇报酬问题上访，经乡联合工会组织劳资双方协商，重新约定劳动报酬，得到解决。"),
            ],
        },
        "assistance": {
            # 春节送温暖：扶困济贫28户，慰问资金及食品、粮油、救灾物资价值3万元.
            "total": Decimal("36000"), "hardship_helped": 5, "schooling": (3, Decimal("1000")),
            "visits": (6, Decimal("300")), "medical": (0, Decimal("0")), "summer": (60, Decimal("1200")),
            "others": [("winter_warmth", D(2025, 1, 20), "特困户、五保户、老党员及受灾群众", 23, Decimal("18000"),
                        "higher_union", "春节期间与乡民政配合送温暖，含食品、粮油、救灾物资折价")],
            "funds_source": "higher_union",
        },
        "activities": {
            "trainings": [("基层工会干部业务及法律知识培训", 36), ("粽叶种植与黑山羊养殖实用技术培训", 84)],
            "party_hearings": 2, "guidance_visits": 6,
            "events": [
                ("employment_service", (2, 20), "富余劳动力转移就业", 560, 512,
                 "在县总工会、县劳动就业中心支持下转移劳动力500余人，主要从事建筑、加工、采矿、餐饮服务"),
                ("culture_sports", (10, 11), "澧源乡民族文化节暨九九老年节民歌赛", 600, 0, ""),
                ("other", (3, 12), "保护澧水源植竹活动", 106, 0, "10多个单位100多名干部职工在澧水河畔植竹1万多棵"),
                ("other", (7, 8), "农村妇女“双学双比”表彰", 120, 0, "表彰“好媳妇”“好婆婆”“五好文明家庭”等27名"),
                ("workers_congress", (1, 9), "澧源乡机关职工代表大会", 42, 0, "收集意见建议6件"),
            ],
        },
        "honours": [("县级工会工作先进单位", "county", 2023), ("县级模范职工之家", "county", 2024)],
    },
    {
        # Invented: a weaker township of the same county, for comparison.
        "key": "zhenwei",
        # 工作制度 and what the 党委 heard the union on, as the seed report names them
        "rules": ["工会委员会议事制度", "工会经费收支管理制度", "困难职工帮扶制度", "职工之家管理制度"],
        "hearing_outcome": "研究非公企业建会工作",
        "county": "xinzheng", "name": "溱洧镇", "kind": "town", "staff_name": "高文静",
        "administrative_villages": 22, "communities": 1, "natural_villages": 96, "population": 41000,
        "area_km2": Decimal("68"), "enterprises": 40, "eligible_employers": 36,
        "gdp_text": "12亿元", "fiscal_revenue_text": "2100万元",
        "overview": "溱洧镇位于新郑市东南部，溱水、洧水在此交汇，以食品加工和商贸物流为主要产业。",
        "union": {
            "name": "溱洧镇工会工作委员会", "form": "committee", "chair_name": "孙立新", "chair_full_time": False,
            "vice_chairs": "", "committee_members": 5, "full_time_staff": 1, "part_time_staff": 3,
            "has_mediation_committee": False, "office_area_m2": Decimal("20"), "workers_home_area_m2": Decimal("0"),
            "facilities": "",
            # paid by the county federation until the town put it in its budget in the main year
            "funding": [(2023, Decimal("10000"), "higher_union"), (2024, Decimal("15000"), "higher_union"),
                        (2025, Decimal("20000"), "fiscal")],
        },
        "earlier": {
            "population": (40300, 40500, 40700, 40850),
            "enterprises": (33, 35, 37, 38),
            "eligible_employers": (30, 31, 33, 34),
            "gdp_text": ("9.6亿元", "10.2亿元", "10.9亿元", "11.5亿元"),
            "fiscal_revenue_text": ("1650万元", "1780万元", "1900万元", "2000万元"),
            "chair_name": ("郭建民", "郭建民", None, None),
            "committee_members": (3, 3, 5, 5),
            "part_time_staff": (2, 2, 3, 3),
            "has_women_committee": (False, False, True, True),
            "legal_person_certified": (False, False, True, True),
            "office_area_m2": (Decimal("12"), Decimal("12"), None, None),
        },
        "unions": [("enterprise", 24, 1700, 1.3, 1), ("village", 5, 260, 1.3, 0)],
        "founded": {"enterprise": (1, 2, 3, 3, 2), "village": (0, 1, 0, 1, 0)},
        "dissolved": [("enterprise", 18, "deregistered", D(2024, 3, 31))],
        "membership_2021": 0.62,
        "quality": 0.6,
        "cases": {"count": 5, "recovered": Decimal("23000"), "notable": []},
        "assistance": {
            "total": Decimal("20000"), "hardship_helped": 6, "schooling": (4, Decimal("800")),
            "visits": (4, Decimal("300")), "medical": (0, Decimal("0")), "summer": (80, Decimal("2000")),
            "others": [], "funds_source": "union_funds",
        },
        "activities": {
            "trainings": [("食品加工企业职工技能培训", 45)],
            "party_hearings": 1, "guidance_visits": 4,
            "events": [
                ("employment_service", (3, 18), "春风行动招聘会", 150, 20, "达成就业意向20人"),
                ("ankang_cup", (6, 16), "“安康杯”安全生产知识竞赛", 90, 0, ""),
                ("culture_sports", (5, 1), "庆“五一”职工拔河比赛", 110, 0, ""),
            ],
        },
        "honours": [],
    },
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强军磊勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文博亮成东海振"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂红梅兰英秀萍琳颖雪慧莉婷倩洁琴云凤春晓玉珍"
ENTERPRISE_WORDS = ["建材", "煤业", "服装", "化工", "机电", "食品", "耐火材料", "制瓦", "物流", "包装", "印务", "电力设备", "钢构", "纺织", "农产品"]
VILLAGE_SUFFIXES = "庄集营寨店湾岗坪河沟"
CASE_PARTY_FALLBACKS = ["某建筑工地承包商", "某装修队", "某个体运输户", "某农家乐", "某砂石场"]
