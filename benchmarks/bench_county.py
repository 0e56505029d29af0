"""Server time of the county overview (县总工会工作台) for a county of 30 townships × 20 000 members
(600 000 members, 122 unions each with five years of figures, cases, assistance, hardship files,
funding, and a 2025 round in which every township applied and two reviewers scored each), and of
a dashboard of that county with its county-median comparison; plus the overview's query count.

Run with `make bench` (PostgreSQL database liuhao_bench, created when missing; the county is built
once, about two minutes, and kept). Prints the median of repeated requests through Django's test
client, each alternated with the bare logged-in /ping/ view, and the ratio to it, like
bench_pages.py.
"""
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuhao.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

from bench_pages import REPEAT, ensure_database, median_ms  # noqa: E402

TOWNSHIPS = 30
MEMBERS = 20_000
UNIONS = 122
YEARS = (2021, 2022, 2023, 2024, 2025)
COUNTY = "基准市"


def build_county():
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from unions.models import County, Township

    county, _ = County.objects.get_or_create(name=COUNTY)
    complete = Township.objects.filter(county=county, name__startswith="基准市第").count() == TOWNSHIPS and all(
        township.members.count() == MEMBERS for township in Township.objects.filter(county=county))
    if not complete:
        print(f"building {TOWNSHIPS} townships × {MEMBERS} members (once) …", flush=True)
        with transaction.atomic():
            for number in range(TOWNSHIPS):
                build_township(county, number)
    admin = _user(get_user_model(), "bench_county_admin", "county_admin", county=county)
    build_round(county, admin)
    staff = _user(get_user_model(), "bench_county_staff", "township_staff",
                  township=Township.objects.filter(county=county).order_by("name").first())
    return county, admin, staff


def _user(user_model, username: str, role: str, **scope):
    from unions.models import UserRole

    user, _ = user_model.objects.get_or_create(username=username)
    UserRole.objects.get_or_create(user=user, defaults={"role": role, **scope})
    return user


def build_township(county, number: int):
    """A township whose rates differ from its neighbours' (so medians and marks mean something)."""
    from unions.models import (
        AnnualFunding,
        AssistanceRecord,
        GrassrootsUnion,
        GrassrootsUnionYear,
        Member,
        RightsCase,
        Township,
        TownshipYear,
    )
    from unions.validators import id_check_char

    township, _ = Township.objects.get_or_create(county=county, name=f"基准市第{number + 1:02d}镇")
    for model in (AssistanceRecord, RightsCase, AnnualFunding, TownshipYear, Member, GrassrootsUnion):
        model.objects.filter(township=township).delete()
    unions = GrassrootsUnion.objects.bulk_create(
        GrassrootsUnion(township=township, name=f"基准市{number}企业{i}工会", founded_on=datetime.date(2015, 3, 1))
        for i in range(UNIONS))
    GrassrootsUnionYear.objects.bulk_create(
        GrassrootsUnionYear(
            township=township, union=union, year=year, employee_count=180 + 10 * index + number, women_count=80,
            migrant_count=90, employers_covered=1, has_workers_home=(i + number) % 3 != 0,
            contract_signed_on=datetime.date(year - 1, 6, 1) if (i + number) % 4 else None,
            contract_expires_on=datetime.date(year + 2, 5, 31) if (i + number) % 4 else None)
        for i, union in enumerate(unions) for index, year in enumerate(YEARS))
    for index, year in enumerate(YEARS):
        TownshipYear.objects.create(township=township, year=year, enterprises=140, eligible_employers=125 + 2 * index + number,
                                    population=70000 + 500 * number, chair_name="王力", full_time_staff=2)
        AnnualFunding.objects.create(township=township, year=year, amount=Decimal(60000 + 1000 * number), audited=number % 2 == 0)
        RightsCase.objects.bulk_create(
            RightsCase(township=township, case_type="wage_arrears", received_on=datetime.date(year, 1 + n % 12, 5),
                       status="closed" if n % (3 + number % 5) else "received",
                       closed_on=datetime.date(year, 1 + n % 12, 20) if n % (3 + number % 5) else None,
                       parties=f"某企业{n}")
            for n in range(20))
    members = []
    region = 990000 + number
    for n in range(MEMBERS):
        first17 = f"{region:06d}{datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 500):%Y%m%d}{n % 500:03d}"
        hardship = n % 70 == 0  # about 285 hardship files a township
        members.append(Member(
            township=township, union=unions[n % UNIONS], name=f"会员{n}", gender="F" if n % 3 == 0 else "M",
            id_number=first17 + id_check_char(first17), joined_on=datetime.date(2020 + n % 6, 1, 1),
            is_migrant_worker=n % 4 == 0, hardship_reason="illness" if hardship else "",
            hardship_filed_on=datetime.date(2020 + n % 5, 3, 1) if hardship else None))
    created = Member.objects.bulk_create(members, batch_size=5000)
    filed = [member for member in created if member.hardship_filed_on]
    AssistanceRecord.objects.bulk_create(
        AssistanceRecord(township=township, category="winter_warmth", given_on=datetime.date(year, 1, 15), member=member,
                         amount=Decimal("500"))
        for year in YEARS for k, member in enumerate(filed) if (k + number) % 5 != 0)
    print(f"  {township.name}", flush=True)


def build_round(county, admin):
    """The 2025 round, every township applied, two submitted reviews each (written once)."""
    from django.utils import timezone

    from reviews.models import Application, Assignment, Indicator, Review, Round, Rubric, Score, Submission
    from unions.models import Township

    rubric = Rubric.objects.order_by("pk").first()
    round_, _ = Round.objects.get_or_create(county=county, year=2025, defaults={
        "deadline": datetime.date(2025, 12, 31), "rubric": rubric, "status": Round.Status.REVIEWING})
    if round_.applications.count() == TOWNSHIPS:
        return
    from django.contrib.auth import get_user_model
    reviewers = [_user(get_user_model(), f"bench_county_reviewer{n}", "county_reviewer", county=county) for n in (1, 2)]
    indicators = list(Indicator.objects.filter(dimension__rubric=rubric))
    for number, township in enumerate(Township.objects.filter(county=county).order_by("name")):
        application, _ = Application.objects.get_or_create(round=round_, township=township,
                                                            defaults={"status": Application.Status.SUBMITTED})
        submission, _ = Submission.objects.get_or_create(application=application, version=1, defaults={
            "submitted_by": admin, "narrative": "正文", "document_html": "<p>正文</p>"})
        for reviewer in reviewers:
            Assignment.objects.get_or_create(application=application, reviewer=reviewer)
            review, created = Review.objects.get_or_create(submission=submission, reviewer=reviewer,
                                                           defaults={"submitted_at": timezone.now()})
            if created:
                Score.objects.bulk_create(Score(review=review, indicator=indicator,
                                                value=indicator.points if (indicator.pk + number) % 4 else 0)
                                          for indicator in indicators)


def main():
    ensure_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    county, admin, staff = build_county()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(admin)
    overview = reverse("counties:overview", kwargs={"county_id": county.pk})
    export = reverse("counties:overview_export", kwargs={"county_id": county.pk})
    ping = reverse("ping")
    print(f"database: {connection.vendor}, county of {TOWNSHIPS} townships × {MEMBERS} members, "
          f"median of {REPEAT}, each alternated with /ping/")
    cache.clear()  # the overview as the first look after the cache expired (every ten minutes) sees it
    started = time.perf_counter()
    client.get(overview, {"year": 2025})
    cold_overview = (time.perf_counter() - started) * 1000
    rows = [
        ("county overview, 2025", median_ms(client, overview, {"year": 2025}, baseline=ping), 150),
        ("  sorted by 入会率", median_ms(client, overview, {"year": 2025, "sort": "-membership_rate"}, baseline=ping), 150),
        ("  as .xlsx", median_ms(client, export, {"year": 2025}, baseline=ping), 150),
    ]
    staff_client = Client()
    staff_client.force_login(staff)
    dashboard = reverse("unions:dashboard", kwargs={"township_id": staff.liuhao_role.township_id})
    cache.clear()
    started = time.perf_counter()
    staff_client.get(dashboard, {"year": 2025})
    cold = (time.perf_counter() - started) * 1000
    rows.append(("dashboard in this county", median_ms(staff_client, dashboard, {"year": 2025}, baseline=ping), 30))
    for label, (value, base), target in rows:
        print(f"{label:<26} {value:7.1f} ms   (target ≤ {target} ms) {'ok' if value <= target else 'OVER'}"
              f"   /ping/ {base:5.1f} ms, ratio {value / base:4.1f}×")
    print(f"  (its first view, the county's medians computed and cached: {cold:.0f} ms)")
    print(f"county overview, first view after the cache expired (figures computed): {cold_overview:.0f} ms")
    client.get(overview, {"year": 2025})  # the dashboard above cached 2025 alone: the trend's years again first
    with CaptureQueriesContext(connection) as queries:
        client.get(overview, {"year": 2025})
    print(f"county overview            {len(queries)} queries (the same for 4 townships: counties/tests)")


if __name__ == "__main__":
    main()
