"""Builds the demo counties, townships, records and accounts from the seed reports.

Running it again rebuilds the same demo (fixed random seed), so `make setup` can always call it.
"""
import datetime
import math
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from unions import demo_data
from unions.figures import format_people, format_yuan
from unions.models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    County,
    GrassrootsUnion,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
    UserRole,
)
from unions.selectors import township_figures
from unions.validators import id_check_char

YEAR = demo_data.MAIN_YEAR
MEMBER_BATCH = 2000


class Command(BaseCommand):
    help = "建立演示数据：种子汇报材料中的乡镇、基层工会、会员、案件、帮扶、活动和演示账号（可重复运行）。"

    def handle(self, *args, **options):
        with transaction.atomic():
            remove_demo()
            counties = {spec["key"]: create_county(spec) for spec in demo_data.COUNTIES}
            generator = DemoGenerator(random.Random(20251125))
            townships = [generator.township(spec, counties[spec["county"]]) for spec in demo_data.TOWNSHIPS]
            accounts = create_accounts(counties, townships)
        self.print_summary(townships, accounts)

    def print_summary(self, townships, accounts):
        for township in townships:
            figures = township_figures(township, YEAR)
            org, rights, aid = figures.organisation, figures.rights, figures.assistance
            self.stdout.write(
                f"{township.county.name}{township.name} {YEAR}: 基层工会{org.unions_total}家（"
                + "、".join(f"{k.label}{k.count}" for k in org.unions_by_kind if k.count)
                + f"），会员{format_people(org.members_active)}，组建率{org.formation_rate}，入会率{org.membership_rate}，"
                f"维权案件{rights.received}件挽回{format_yuan(rights.amount_recovered)}，"
                f"帮扶{aid.records}次{format_yuan(aid.amount)}"
            )
        self.stdout.write(f"\n演示账号（密码均为 {demo_data.DEMO_PASSWORD}）：")
        for username, description in accounts:
            self.stdout.write(f"  {username:<22} {description}")


def remove_demo():
    names = [spec["name"] for spec in demo_data.COUNTIES]
    Member.objects.filter(township__county__name__in=names).delete()
    Township.objects.filter(county__name__in=names).delete()
    County.objects.filter(name__in=names).delete()
    get_user_model().objects.filter(username__in=demo_usernames()).delete()


def demo_usernames() -> list[str]:
    names = ["siteadmin"]
    names += [f"staff_{spec['key']}" for spec in demo_data.TOWNSHIPS]
    for spec in demo_data.COUNTIES:
        names += [f"reviewer_{spec['key']}", f"admin_{spec['key']}"]
    return names


def create_county(spec) -> County:
    return saved(County(
        name=spec["name"], city=spec["city"], province=spec["province"], federation_name=f"{spec['name']}总工会"
    ))


def saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def split_total(total: int, parts: int, rng: random.Random, minimum: int = 1) -> list[int]:
    """`total` split into `parts` uneven whole numbers, each at least `minimum`, adding up exactly."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    spare = total - minimum * parts
    shares = [minimum + math.floor(spare * w / sum(weights)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


class DemoGenerator:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.id_numbers: set[str] = set()

    # --- people ------------------------------------------------------------------------------

    def person_name(self, female: bool) -> str:
        given = demo_data.GIVEN_FEMALE if female else demo_data.GIVEN_MALE
        length = self.rng.choice((1, 2, 2))
        return self.rng.choice(demo_data.SURNAMES) + "".join(self.rng.choice(given) for _ in range(length))

    def id_number(self, region: int, female: bool) -> str:
        """A unique 居民身份证号 whose sequence digit parity matches the gender, as GB 11643 requires."""
        while True:
            birth = random_date(self.rng, datetime.date(1966, 1, 1), datetime.date(2004, 12, 31))
            sequence = self.rng.randrange(0, 1000)
            if (sequence % 2 == 0) != female:
                sequence = (sequence + 1) % 1000
            first17 = f"{region:06d}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    # --- a township --------------------------------------------------------------------------

    def township(self, spec, county: County) -> Township:
        township = saved(Township(
            county=county, name=spec["name"], kind=spec["kind"],
            **{key: spec[key] for key in (
                "administrative_villages", "communities", "natural_villages", "population", "area_km2",
                "enterprises", "eligible_employers", "gdp_text", "fiscal_revenue_text", "overview",
            )},
        ))
        self.township_union(township, spec)
        region = next(c["region_code"] for c in demo_data.COUNTIES if c["key"] == spec["county"])
        unions = self.grassroots_unions(township, spec)
        hardship_members = self.members(unions, spec, region)
        self.rights_cases(township, unions, spec)
        self.assistance(township, hardship_members, spec)
        self.activities(township, unions, spec)
        for title, level, year in spec["honours"]:
            saved(Honour(township=township, title=title, level=level, year=year, awarded_by=f"{county.name}总工会"))
        return township

    def township_union(self, township, spec):
        facts = dict(spec["union"])
        funding = facts.pop("funding")
        saved(TownshipUnion(
            township=township, chair_elected=True, has_audit_committee=True, has_women_committee=True,
            legal_person_certified=True, legal_person_cert_number=f"工法证字第{self.rng.randint(10000, 99999)}号",
            has_seal=True, has_nameplate=True, has_workers_home=facts["workers_home_area_m2"] > 0,
            rules="\n".join(demo_data.UNION_RULES[: 4 + round(4 * spec["quality"])]), **facts,
        ))
        for year, amount in funding:
            saved(AnnualFunding(township=township, year=year, amount=amount, audited=True))

    def union_name(self, township, kind, index, spec) -> str:
        place = township.name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        if kind == "industry":
            return spec["industry_name"]
        if kind == "village":  # random: the caller draws again on a clash
            return f"{self.rng.choice(demo_data.SURNAMES)}{self.rng.choice('庄集营寨店湾岗坪河沟')}村工会联合会"
        if kind == "institution":
            return f"{township.name}{('机关', '中心学校', '卫生院', '农业服务中心')[index % 4]}工会"
        if kind == "community":
            return f"{place}{'东西南北中新'[index % 6]}城社区工会"
        words = demo_data.ENTERPRISE_WORDS
        brand = "宏兴华裕顺达金丰鑫源"[index // len(words) % 10]
        return f"{place}{brand}{words[index % len(words)]}有限公司工会"

    def grassroots_unions(self, township, spec) -> list[tuple[GrassrootsUnion, int]]:
        """The unions and how many members each will get."""
        quality, rng = spec["quality"], self.rng
        created, names = [], set()
        for kind, count, members_total, employees_per_member, covers in spec["unions"]:
            for index, members in enumerate(split_total(members_total, count, rng, minimum=3)):
                name = self.union_name(township, kind, index, spec)
                while name in names:
                    name = self.union_name(township, kind, index, spec)
                names.add(name)
                employees = math.ceil(members * employees_per_member)
                founded = random_date(rng, datetime.date(2005, 1, 1), datetime.date(2019, 12, 31))
                term = rng.choice((3, 5))
                in_term = rng.random() < quality
                elected = random_date(
                    rng, datetime.date(2025 - term + 1, 1, 1) if in_term else max(founded, datetime.date(2012, 1, 1)),
                    datetime.date(2025, 10, 31) if in_term else datetime.date(2025 - term - 1, 12, 31),
                )
                has_contract = rng.random() < quality
                union = GrassrootsUnion(
                    township=township, name=name, kind=kind, employers_covered=covers,
                    employer=name.removesuffix("工会") if kind == "enterprise" else "",
                    chair_name=self.person_name(rng.random() < 0.3),
                    chair_trained_on=random_date(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 11, 30))
                    if rng.random() < quality else None,
                    employee_count=employees,
                    women_count=math.ceil(employees * 0.36),
                    migrant_count=math.ceil(employees * (0.7 if kind in ("village", "industry") else 0.45)),
                    founded_on=founded, legal_person=rng.random() < quality + 0.08,
                    has_audit_committee=rng.random() < quality + 0.08, has_women_committee=rng.random() < quality + 0.08,
                    has_mediation_committee=rng.random() < quality - 0.1, has_workers_home=rng.random() < quality - 0.05,
                    last_election_on=max(elected, founded), term_years=term,
                    contract_signed_on=datetime.date(rng.choice((2023, 2024)), rng.randint(1, 12), 1) if has_contract else None,
                    contract_expires_on=datetime.date(rng.choice((2026, 2027)), rng.randint(1, 12), 1) if has_contract else None,
                    contract_workers_covered=math.floor(employees * 0.95) if has_contract else 0,
                    wage_agreement=has_contract and rng.random() < quality,
                    women_special_contract=has_contract and rng.random() < quality + 0.05,
                    workers_congress_last_held_on=random_date(rng, datetime.date(YEAR, 1, 10), datetime.date(YEAR, 10, 31))
                    if rng.random() < quality else random_date(rng, datetime.date(2022, 1, 10), datetime.date(2024, 10, 31)),
                    affairs_disclosure=rng.random() < quality + 0.05,
                )
                created.append((saved(union), members))
        return created

    def members(self, unions, spec, region) -> list[Member]:
        """Every union's members, bulk-inserted; returns the members with a hardship file."""
        rng, batch, hardship = self.rng, [], []
        wanted_hardship = spec["assistance"]["hardship_helped"] + (0 if spec["quality"] >= 0.9 else 3)
        hardship_chance = wanted_hardship / sum(count for _union, count in unions)
        reasons = [choice for choice, _label in Member.HardshipReason.choices]
        for union, count in unions:
            migrant_share = union.migrant_count / union.employee_count
            women_left = union.women_count
            for _ in range(count):
                female = women_left > 0 and rng.random() < 0.35
                women_left -= female
                member = Member(
                    township=union.township, union=union, name=self.person_name(female), gender="F" if female else "M",
                    id_number=self.id_number(region, female), phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                    joined_on=random_date(rng, max(union.founded_on, datetime.date(2010, 1, 1)), datetime.date(YEAR, 6, 30)),
                    is_migrant_worker=rng.random() < migrant_share * 0.9,
                )
                if len(hardship) < wanted_hardship and rng.random() < hardship_chance * 1.5:
                    member.hardship_reason = rng.choice(reasons)
                    member.hardship_filed_on = random_date(rng, member.joined_on, datetime.date(YEAR, 9, 30))
                    hardship.append(member)
                batch.append(member)
            batch[-count].full_clean()  # one member of each union through every model rule
        for start in range(0, len(batch), MEMBER_BATCH):
            Member.objects.bulk_create(batch[start:start + MEMBER_BATCH])
        return list(Member.objects.filter(id_number__in=[m.id_number for m in hardship]).order_by("id"))

    def rights_cases(self, township, unions, spec):
        rng, plan = self.rng, spec["cases"]
        count, remaining = plan["count"], plan["recovered"]
        cases = []
        if plan["headline"]:
            parties, migrants, amount = plan["headline"]
            cases.append(dict(case_type="wage_arrears", source="visit", received_on=datetime.date(YEAR, 8, 9),
                              workers_involved=migrants, migrant_workers_involved=migrants, amount_claimed=amount,
                              amount_recovered=amount, parties=parties, closed_on=datetime.date(YEAR, 8, 30),
                              summary=f"{migrants}名农民工反映承包商拖欠工资，经镇工会多方协调，追回工资{amount}元。"))
            remaining -= amount
        if plan.get("restructuring"):
            cases.append(dict(case_type="restructuring", source="referred", received_on=datetime.date(YEAR, 3, 2),
                              workers_involved=46, migrant_workers_involved=0, amount_claimed=Decimal("150000"),
                              amount_recovered=Decimal("150000"), parties="某水电站改制职工家属",
                              closed_on=datetime.date(YEAR, 6, 18),
                              summary="电站改制补偿争议，乡联合工会与调解委配合有关部门三轮联动调解，一次性兑现补偿金。"))
            remaining -= Decimal("150000")
        others = count - len(cases)
        amounts = split_total(int(remaining), others, rng, minimum=500) if others else []
        kinds = ["wage_arrears", "wage_arrears", "work_injury", "labour_contract", "social_insurance", "other"]
        for amount in amounts:
            received = random_date(rng, datetime.date(YEAR, 1, 5), datetime.date(YEAR, 10, 31))
            concluded = rng.random() < spec["quality"] + 0.1
            workers = rng.randint(1, 8)
            cases.append(dict(
                case_type=rng.choice(kinds), source=rng.choice(["visit", "phone", "hotline", "online", "referred"]),
                received_on=received, workers_involved=workers, migrant_workers_involved=rng.randint(0, workers),
                amount_claimed=Decimal(amount) * Decimal(rng.choice(("1", "1.1", "1.25"))), amount_recovered=Decimal(amount),
                parties=f"{rng.choice(unions)[0].name.removesuffix('工会')}", closed_on=received + datetime.timedelta(days=rng.randint(5, 40))
                if concluded else None, summary="经工会协调，依法维护了职工合法权益。" if concluded else "",
            ))
        for case in cases:
            closed_on = case.pop("closed_on")
            if closed_on and closed_on > datetime.date(YEAR, 12, 31):
                closed_on = datetime.date(YEAR, 12, 31)
            status = "closed" if closed_on else "mediating"
            saved(RightsCase(township=township, handler=township.union.chair_name, status=status, closed_on=closed_on, **case))
        for _ in range(max(1, count // 3)):  # the year before, for comparison
            received = random_date(rng, datetime.date(YEAR - 1, 1, 5), datetime.date(YEAR - 1, 11, 30))
            saved(RightsCase(
                township=township, case_type="wage_arrears", received_on=received, workers_involved=3,
                amount_claimed=Decimal("12000"), amount_recovered=Decimal("12000"), parties="某建筑工地",
                status="closed", closed_on=received + datetime.timedelta(days=20), handler=township.union.chair_name,
            ))

    def assistance(self, township, hardship_members, spec):
        rng, plan = self.rng, spec["assistance"]
        helped = hardship_members[: plan["hardship_helped"]]
        records = [
            dict(category="summer_cooling", given_on=datetime.date(YEAR, 7, 15), recipient_name="高温一线职工",
                 people=rng.randint(80, 300), amount=Decimal("6000"), funds_source="higher_union"),
            dict(category="spring_jobs", given_on=datetime.date(YEAR, 2, 20), recipient_name="返乡农民工",
                 people=rng.randint(30, 200), amount=Decimal("0"), funds_source="union_funds", note="春风行动招聘会"),
            dict(category="medical", given_on=datetime.date(YEAR, 5, 8), recipient_name=self.person_name(False),
                 people=1, amount=Decimal("2000"), funds_source="donation", note="施工中骨折致脊髓损伤"),
        ]
        for index in range(plan["schooling"]):
            records.append(dict(category="autumn_schooling", given_on=datetime.date(YEAR, 8, 25),
                                member=helped[index % len(helped)] if helped else None,
                                recipient_name="" if helped else self.person_name(True), people=1,
                                amount=Decimal("1000"), funds_source="donation", note="困难职工子女就学"))
        fixed = sum(record["amount"] for record in records)
        winter = split_total(int(plan["total"] - fixed), len(helped), rng, minimum=200) if helped else []
        for member, amount in zip(helped, winter):
            records.append(dict(category="winter_warmth", given_on=datetime.date(YEAR, 1, 18), member=member,
                                people=1, amount=Decimal(amount), funds_source="donation"))
        for record in records:
            saved(AssistanceRecord(township=township, **record))
        saved(AssistanceRecord(township=township, category="winter_warmth", given_on=datetime.date(YEAR - 1, 1, 25),
                               recipient_name="困难职工家庭", people=10, amount=Decimal("8000"), funds_source="higher_union"))

    def activities(self, township, unions, spec):
        rng, plan = self.rng, spec["activities"]
        trainings, trained = plan["trainings"]
        rows = [
            dict(kind="training", held_on=random_date(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 10, 31)),
                 title=f"{YEAR}年职工就业技能培训班第{i + 1}期", participants=people)
            for i, people in enumerate(split_total(trained, trainings, rng, minimum=10))
        ]
        rows += [
            dict(kind="employment_service", held_on=datetime.date(YEAR, 3, 15), title="农民工就业咨询与岗位推荐",
                 participants=plan["jobs_placed"] + 120, jobs_placed=plan["jobs_placed"], outcome="发布就业信息，安置待业人员"),
            dict(kind="ankang_cup", held_on=datetime.date(YEAR, 6, 10), title="“安康杯”安全生产知识竞赛",
                 participants=rng.randint(100, 400), outcome="检查企业安全隐患并督促整改"),
            dict(kind="skills_competition", held_on=datetime.date(YEAR, 9, 20), title="职工技术技能比武",
                 participants=rng.randint(40, 150), outcome="表彰技术能手"),
            dict(kind="culture_sports", held_on=datetime.date(YEAR, 5, 1), title="庆“五一”职工文艺汇演",
                 participants=rng.randint(150, 600)),
            dict(kind="workers_congress", held_on=datetime.date(YEAR, 5, 23), title=f"{township.name}职工代表大会",
                 participants=rng.randint(60, 120), outcome="收集合理化建议19件"),
            dict(kind="rationalisation", held_on=datetime.date(YEAR, 7, 1), title="“金点子”合理化建议征集",
                 participants=rng.randint(50, 200)),
        ]
        rows += [
            dict(kind="party_hearing", held_on=datetime.date(YEAR, 3 + 6 * i, 12), title="镇党委听取工会工作汇报",
                 participants=15)
            for i in range(plan["party_hearings"])
        ]
        for i in range(plan["guidance_visits"]):
            union = unions[i % len(unions)][0]
            rows.append(dict(kind="guidance_visit", held_on=random_date(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 11, 20)),
                             title=f"走访指导{union.name}", union=union, participants=3))
        rows.append(dict(kind="training", held_on=datetime.date(YEAR - 1, 6, 1), title=f"{YEAR - 1}年基层工会主席培训班",
                         participants=40))
        for row in rows:
            saved(Activity(township=township, **row))


def create_accounts(counties, townships) -> list[tuple[str, str]]:
    User = get_user_model()
    accounts = []

    def account(username, first_name, description, **role):
        user = User.objects.create_user(username, password=demo_data.DEMO_PASSWORD, first_name=first_name)
        if role:
            UserRole.objects.create(user=user, **role)
        accounts.append((username, description))
        return user

    for spec, township in zip(demo_data.TOWNSHIPS, townships):
        account(f"staff_{spec['key']}", spec["staff_name"], f"{township.county.name}{township.name} 工会工作人员",
                role=UserRole.Role.TOWNSHIP_STAFF, township=township)
    for spec in demo_data.COUNTIES:
        county = counties[spec["key"]]
        account(f"reviewer_{spec['key']}", f"{county.name}评审", f"{county.name}总工会 评审",
                role=UserRole.Role.COUNTY_REVIEWER, county=county)
        account(f"admin_{spec['key']}", f"{county.name}管理员", f"{county.name}总工会 管理员",
                role=UserRole.Role.COUNTY_ADMIN, county=county)
    User.objects.create_superuser("siteadmin", password=demo_data.DEMO_PASSWORD, first_name="系统管理员")
    accounts.append(("siteadmin", "系统管理员（全部数据、Django 管理后台）"))
    return accounts
