"""The demo: the seed reports' townships under invented names, with their reported figures.

Seed 1 (新郑市**镇, 2009) → 具茨山镇; seed 2 (皋兰县xxx镇, 2011) → 金城湾镇; seeds 3 and 4 (湘乡市某街道办事处,
one text under two titles) → 涟水街道; seed 5 (桑植县xx乡) → 澧源乡; 溱洧镇 is a second, weaker
township of 新郑市 so that a county has more than one application to compare.
Figures the seeds leave blank ("总人口多人", "企业近家") are filled with plausible values.
"""
from decimal import Decimal

DEMO_PASSWORD = "liuhao-demo-2026"
MAIN_YEAR = 2025

COUNTIES = [
    {"key": "xinzheng", "name": "新郑市", "city": "郑州市", "province": "河南省", "region_code": 410184},
    {"key": "gaolan", "name": "皋兰县", "city": "兰州市", "province": "甘肃省", "region_code": 620122},
    {"key": "xiangxiang", "name": "湘乡市", "city": "湘潭市", "province": "湖南省", "region_code": 430381},
    {"key": "sangzhi", "name": "桑植县", "city": "张家界市", "province": "湖南省", "region_code": 430822},
]

# unions: (kind, how many, members in all of them, employees per member, employers each covers)
TOWNSHIPS = [
    {
        "key": "jucishan", "county": "xinzheng", "name": "具茨山镇", "kind": "town", "staff_name": "李红梅",
        "administrative_villages": 50, "communities": 0, "natural_villages": 374, "population": 78000,
        "area_km2": Decimal("116"), "enterprises": 106, "eligible_employers": 106,
        "gdp_text": "45亿元", "fiscal_revenue_text": "7600万元",
        "overview": "具茨山镇位于新郑市西部，距郑州市20公里，区位优越，交通便利。境内有始祖山国家森林公园等名胜古迹，"
        "已形成以能源产业为龙头，建材、服装、化工、机电、食品等产业齐头并进的产业集群，是全国最大的水泥机制瓦生产基地。",
        "union": {
            "name": "具茨山镇工会工作委员会", "form": "committee", "chair_name": "周国庆", "chair_full_time": True,
            "vice_chairs": "王建设、刘春华", "committee_members": 11, "full_time_staff": 3, "part_time_staff": 13,
            "has_mediation_committee": True, "office_area_m2": Decimal("60"), "workers_home_area_m2": Decimal("658"),
            "facilities": "篮球场、图书室、电教室、乒乓球室、电脑室、棋牌室",
            "funding": [(2024, Decimal("120000")), (2025, Decimal("150000"))],
        },
        "unions": [
            ("enterprise", 92, 7600, 1.08, 1),
            ("industry", 1, 8756, 1.06, 0),
            ("village", 29, 1644, 1.15, 0),
        ],
        "industry_name": "具茨山镇机制瓦行业工会联合会",
        "quality": 0.9,
        "cases": {"count": 22, "recovered": Decimal("158000"), "headline": ("曲某德承包工地", 19, Decimal("31463"))},
        "assistance": {"hardship_helped": 43, "schooling": 23, "total": Decimal("360000")},
        "activities": {"trainings": (3, 387), "jobs_placed": 497, "party_hearings": 2, "guidance_visits": 30},
        "honours": [("郑州市示范乡镇工会", "municipal", 2023), ("郑州市职代会建设先进单位", "municipal", 2024)],
    },
    {
        "key": "jinchengwan", "county": "gaolan", "name": "金城湾镇", "kind": "town", "staff_name": "马晓燕",
        "administrative_villages": 8, "communities": 0, "natural_villages": 26, "population": 19200,
        "area_km2": Decimal("212"), "enterprises": 18, "eligible_employers": 19,
        "gdp_text": "6.8亿元", "fiscal_revenue_text": "1200万元",
        "overview": "金城湾镇位于皋兰县西北部，全镇现辖8个行政村、26个村民小组，4979户1.92万人，"
        "民营企业和外出务工人员较多。",
        "union": {
            "name": "金城湾镇总工会", "form": "federation", "chair_name": "张永福", "chair_full_time": True,
            "vice_chairs": "陈丽", "committee_members": 7, "full_time_staff": 1, "part_time_staff": 4,
            "has_mediation_committee": True, "office_area_m2": Decimal("36"), "workers_home_area_m2": Decimal("120"),
            "facilities": "图书室、活动室",
            "funding": [(2024, Decimal("30000")), (2025, Decimal("36000"))],
        },
        "unions": [("institution", 1, 96, 1.0, 1), ("enterprise", 18, 1320, 1.055, 1)],
        "quality": 0.95,
        "cases": {"count": 6, "recovered": Decimal("42600"), "headline": None},
        "assistance": {"hardship_helped": 12, "schooling": 6, "total": Decimal("58000")},
        "activities": {"trainings": (2, 96), "jobs_placed": 85, "party_hearings": 2, "guidance_visits": 19},
        "honours": [("兰州市模范职工之家", "municipal", 2024)],
    },
    {
        "key": "lianshui", "county": "xiangxiang", "name": "涟水街道", "kind": "subdistrict", "staff_name": "谭湘云",
        "administrative_villages": 3, "communities": 6, "natural_villages": None, "population": 36000,
        "area_km2": Decimal("18.5"), "enterprises": 52, "eligible_employers": 48,
        "gdp_text": "", "fiscal_revenue_text": "",
        "overview": "涟水街道办事处位于湘乡市城区北部，市直机关、各类大厂矿和企业坐落其中，是一个农村、城市兼有的行政区域。",
        "union": {
            "name": "涟水街道工会联合会", "form": "association", "chair_name": "彭志刚", "chair_full_time": False,
            "vice_chairs": "", "committee_members": 9, "full_time_staff": 1, "part_time_staff": 6,
            "has_mediation_committee": True, "office_area_m2": Decimal("45"), "workers_home_area_m2": Decimal("200"),
            "facilities": "职工活动室、阅览室、棋牌书画室",
            "funding": [(2024, Decimal("40000")), (2025, Decimal("45000"))],
        },
        "unions": [("enterprise", 38, 2650, 1.1, 1), ("community", 6, 380, 1.05, 1), ("village", 3, 170, 1.2, 0)],
        "quality": 0.85,
        "cases": {"count": 9, "recovered": Decimal("86000"), "headline": None},
        "assistance": {"hardship_helped": 18, "schooling": 15, "total": Decimal("45000")},
        "activities": {"trainings": (2, 120), "jobs_placed": 60, "party_hearings": 1, "guidance_visits": 12},
        "honours": [],
    },
    {
        "key": "liyuan", "county": "sangzhi", "name": "澧源乡", "kind": "township", "staff_name": "向春梅",
        "administrative_villages": 10, "communities": 0, "natural_villages": 58, "population": 4667,
        "area_km2": Decimal("119"), "enterprises": 3, "eligible_employers": 6,
        "gdp_text": "", "fiscal_revenue_text": "",
        "overview": "澧源乡位于桑植县西北部，距县城59公里，境内山大人稀、沟壑纵横，桑鹤公路及澧水河穿境而过，"
        "是连接湘鄂两省三县的交通枢纽。",
        "union": {
            "name": "澧源乡联合工会", "form": "association", "chair_name": "覃远山", "chair_full_time": False,
            "vice_chairs": "", "committee_members": 5, "full_time_staff": 1, "part_time_staff": 2,
            "has_mediation_committee": True, "office_area_m2": Decimal("24"), "workers_home_area_m2": Decimal("80"),
            "facilities": "活动室、图书角",
            "funding": [(2024, Decimal("12000")), (2025, Decimal("15000"))],
        },
        "unions": [("enterprise", 3, 92, 1.02, 1), ("institution", 3, 63, 1.0, 1)],
        "quality": 0.9,
        "cases": {"count": 2, "recovered": Decimal("180000"), "headline": None, "restructuring": True},
        "assistance": {"hardship_helped": 5, "schooling": 3, "total": Decimal("16000")},
        "activities": {"trainings": (1, 40), "jobs_placed": 30, "party_hearings": 2, "guidance_visits": 6},
        "honours": [("县级工会工作先进单位", "county", 2008), ("县级模范职工之家", "county", 2009)],
    },
    {
        "key": "zhenwei", "county": "xinzheng", "name": "溱洧镇", "kind": "town", "staff_name": "高文静",
        "administrative_villages": 22, "communities": 1, "natural_villages": 96, "population": 41000,
        "area_km2": Decimal("68"), "enterprises": 40, "eligible_employers": 36,
        "gdp_text": "12亿元", "fiscal_revenue_text": "2100万元",
        "overview": "溱洧镇位于新郑市东南部，溱水、洧水在此交汇，以食品加工和商贸物流为主要产业。",
        "union": {
            "name": "溱洧镇工会工作委员会", "form": "committee", "chair_name": "孙立新", "chair_full_time": False,
            "vice_chairs": "", "committee_members": 5, "full_time_staff": 1, "part_time_staff": 3,
            "has_mediation_committee": False, "office_area_m2": Decimal("20"), "workers_home_area_m2": Decimal("0"),
            "facilities": "",
            "funding": [(2025, Decimal("20000"))],
        },
        "unions": [("enterprise", 24, 1700, 1.3, 1), ("village", 5, 260, 1.3, 0)],
        "quality": 0.6,
        "cases": {"count": 5, "recovered": Decimal("23000"), "headline": None},
        "assistance": {"hardship_helped": 6, "schooling": 4, "total": Decimal("20000")},
        "activities": {"trainings": (1, 45), "jobs_placed": 20, "party_hearings": 1, "guidance_visits": 4},
        "honours": [],
    },
]

UNION_RULES = [
    "工会会员代表大会制度", "工会委员会议事制度", "工会经费收支管理制度", "经费审查制度",
    "困难职工帮扶制度", "劳动争议调解制度", "职工之家管理制度", "厂务公开指导制度",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强军磊勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文博亮成东海振"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂红梅兰英秀萍琳颖雪慧莉婷倩洁琴云凤春晓玉珍"
ENTERPRISE_WORDS = ["建材", "煤业", "服装", "化工", "机电", "食品", "耐火材料", "制瓦", "物流", "包装", "印务", "电力设备", "钢构", "纺织", "农产品"]
