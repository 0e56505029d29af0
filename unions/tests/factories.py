"""factory_boy factories for the township's data; every object they build passes full_clean()."""
import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.urls import reverse

from unions.models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    County,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
    TownshipYear,
    UserRole,
)
from unions.validators import id_check_char

TEST_PASSWORD = "pass-1234-liuhao"
FACTS_YEAR = 2025  # the year whose facts a factory records unless told `facts_year=`


def _split_facts(model, kwargs: dict) -> dict:
    """The keyword arguments that are fields of the yearly `model`, taken out of `kwargs`."""
    names = {field.name for field in model._meta.concrete_fields} - {"id", "township", "union", "year"}
    return {name: kwargs.pop(name) for name in list(kwargs) if name in names}


def record_township_facts(township, year: int = FACTS_YEAR, **facts) -> TownshipYear:
    """The township's facts of `year`, created or updated with `facts`."""
    row = TownshipYear.objects.filter(township=township, year=year).first() or TownshipYear(township=township, year=year)
    for name, value in facts.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def valid_id_number(region: int, birth: datetime.date, sequence: int) -> str:
    """A 居民身份证号 with a correct GB 11643 check character."""
    first17 = f"{region:06d}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_char(first17)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    name = factory.Sequence(lambda n: f"测试县{n}")
    federation_name = factory.LazyAttribute(lambda county: f"{county.name}总工会")


class TownshipFactory(factory.django.DjangoModelFactory):
    """A township with its facts of `facts_year` (2025): 20 villages, 30 enterprises, 25 employers
    that should have a union; any TownshipYear field given goes to that year, `facts_year=None`
    records no year."""

    class Meta:
        model = Township

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"测试镇{n}")

    @classmethod
    def _create(cls, model_class, *args, facts_year=FACTS_YEAR, **kwargs):
        facts = {"administrative_villages": 20, "enterprises": 30, "eligible_employers": 25,
                 **_split_facts(TownshipYear, kwargs)}
        township = super()._create(model_class, *args, **kwargs)
        if facts_year is not None:
            record_township_facts(township, facts_year, **facts)
        return township


class TownshipUnionFactory(factory.django.DjangoModelFactory):
    """The township union; its 六有 fields (chair, committees …) go to the facts of `facts_year`."""

    class Meta:
        model = TownshipUnion

    township = factory.SubFactory(TownshipFactory)
    name = factory.LazyAttribute(lambda union: f"{union.township.name}工会工作委员会")

    @classmethod
    def _create(cls, model_class, *args, facts_year=FACTS_YEAR, **kwargs):
        facts = {"chair_name": "赵建国", "chair_elected": True, **_split_facts(TownshipYear, kwargs)}
        union = super()._create(model_class, *args, **kwargs)
        record_township_facts(union.township, facts_year, **facts)
        return union


class AnnualFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualFunding

    township = factory.SubFactory(TownshipFactory)
    year = 2025
    amount = Decimal("50000")


class GrassrootsUnionFactory(factory.django.DjangoModelFactory):
    """A grassroots union with its figures of `facts_year` (2025: 100 employees, 30 women, 40
    migrants); any GrassrootsUnionYear field given goes to that year, `facts_year=None` records none."""

    class Meta:
        model = GrassrootsUnion

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"第{n}机械厂工会")
    employer = factory.LazyAttribute(lambda union: union.name.removesuffix("工会"))

    @classmethod
    def _create(cls, model_class, *args, facts_year=FACTS_YEAR, **kwargs):
        facts = {"employee_count": 100, "women_count": 30, "migrant_count": 40,
                 **_split_facts(GrassrootsUnionYear, kwargs)}
        union = super()._create(model_class, *args, **kwargs)
        if facts_year is not None:
            record_union_figures(union, facts_year, **facts)
        return union


def record_union_figures(union, year: int = FACTS_YEAR, **figures) -> GrassrootsUnionYear:
    """A union's figures of `year`, created or updated with `figures`."""
    row = (GrassrootsUnionYear.objects.filter(union=union, year=year).first()
           or GrassrootsUnionYear(township=union.township, union=union, year=year))
    for name, value in figures.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(GrassrootsUnionFactory)
    township = factory.SelfAttribute("union.township")
    name = factory.Sequence(lambda n: f"会员{n}")
    gender = Member.Gender.MALE
    # Birth dates walk forward a day per member so numbers stay unique past 1 000 members.
    id_number = factory.Sequence(
        lambda n: valid_id_number(410184, datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 1000), n)
    )
    joined_on = datetime.date(2020, 3, 1)


class RightsCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RightsCase

    township = factory.SubFactory(TownshipFactory)
    case_type = RightsCase.CaseType.WAGE_ARREARS
    received_on = datetime.date(2025, 4, 1)
    workers_involved = 2
    amount_claimed = Decimal("10000")
    amount_recovered = Decimal("0")
    parties = factory.Sequence(lambda n: f"某企业{n}")


class AssistanceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistanceRecord

    township = factory.SubFactory(TownshipFactory)
    category = AssistanceRecord.Category.WINTER_WARMTH
    given_on = datetime.date(2025, 1, 15)
    recipient_name = factory.Sequence(lambda n: f"受助人{n}")
    amount = Decimal("500")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    township = factory.SubFactory(TownshipFactory)
    kind = Activity.Kind.TRAINING
    held_on = datetime.date(2025, 6, 1)
    title = factory.Sequence(lambda n: f"基层工会主席培训班第{n}期")
    participants = 30


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    township = factory.SubFactory(TownshipFactory)
    title = "市级模范职工之家"
    level = Honour.Level.MUNICIPAL
    year = 2024


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()


class UserRoleFactory(factory.django.DjangoModelFactory):
    """A user with a role; `user` of the result is the account to log in with."""

    class Meta:
        model = UserRole

    user = factory.SubFactory(UserFactory)
    role = UserRole.Role.TOWNSHIP_STAFF
    township = factory.SubFactory(TownshipFactory)
    county = None

    class Params:
        reviewer = factory.Trait(
            role=UserRole.Role.COUNTY_REVIEWER, township=None, county=factory.SubFactory(CountyFactory)
        )
        county_admin = factory.Trait(
            role=UserRole.Role.COUNTY_ADMIN, township=None, county=factory.SubFactory(CountyFactory)
        )


class _RoleUserFactory(UserFactory):
    """A user created together with its UserRole; the factory returns the user."""

    class Meta:
        abstract = True


class TownshipStaffFactory(_RoleUserFactory):
    """Staff of one township: `TownshipStaffFactory(township=t)`."""

    class Params:
        township = factory.SubFactory(TownshipFactory)

    liuhao_role = factory.RelatedFactory(
        UserRoleFactory, factory_related_name="user",
        role=UserRole.Role.TOWNSHIP_STAFF, township=factory.SelfAttribute("..township"), county=None,
    )


class CountyReviewerFactory(_RoleUserFactory):
    """Reviewer of one county's townships: `CountyReviewerFactory(county=c)`."""

    class Params:
        county = factory.SubFactory(CountyFactory)

    liuhao_role = factory.RelatedFactory(
        UserRoleFactory, factory_related_name="user",
        role=UserRole.Role.COUNTY_REVIEWER, township=None, county=factory.SelfAttribute("..county"),
    )


class CountyAdminFactory(_RoleUserFactory):
    """Admin of one county federation: `CountyAdminFactory(county=c)`."""

    class Params:
        county = factory.SubFactory(CountyFactory)

    liuhao_role = factory.RelatedFactory(
        UserRoleFactory, factory_related_name="user",
        role=UserRole.Role.COUNTY_ADMIN, township=None, county=factory.SelfAttribute("..county"),
    )


def township_url(name: str, township: Township, **kwargs) -> str:
    """The URL of a township page by its name in the unions namespace."""
    return reverse(f"unions:{name}", kwargs={"township_id": township.pk, **kwargs})
