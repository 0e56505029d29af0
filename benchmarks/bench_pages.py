"""Server time of the member list, the dashboard and the report page for a township with 20 000
members in 122 unions with five years (2021–2025) of yearly figures, and the queries of the
five-year trend.

Run with `make bench` (PostgreSQL database liuhao_bench, created when missing). Prints the median
of repeated requests through Django's test client, i.e. the server's own time without network;
each page is timed alternately with the bare logged-in /ping/ view, and the ratio to it is printed.
"""
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuhao.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import dj_database_url  # noqa: E402
import psycopg2  # noqa: E402

MEMBERS = 20_000
UNIONS = 122
YEARS = (2021, 2022, 2023, 2024, 2025)
REPEAT = 30


def ensure_database(url: str) -> None:
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    admin = psycopg2.connect(dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"] or 5432)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def build_township():
    from django.contrib.auth import get_user_model

    from unions.models import County, GrassrootsUnion, GrassrootsUnionYear, Member, Township, TownshipYear, UserRole
    from unions.validators import id_check_char

    county, _ = County.objects.get_or_create(name="基准县")
    township, created = Township.objects.get_or_create(county=county, name="基准镇")
    complete = (Member.objects.filter(township=township).count() == MEMBERS
                and GrassrootsUnionYear.objects.filter(township=township).count() == UNIONS * len(YEARS))
    if created or not complete:
        Member.objects.filter(township=township).delete()
        GrassrootsUnion.objects.filter(township=township).delete()
        unions = GrassrootsUnion.objects.bulk_create(
            GrassrootsUnion(township=township, name=f"基准企业{i}工会", founded_on=datetime.date(2015, 3, 1))
            for i in range(UNIONS)
        )
        GrassrootsUnionYear.objects.bulk_create(
            GrassrootsUnionYear(township=township, union=union, year=year, employee_count=200 + 10 * index,
                                women_count=80, migrant_count=90, legal_person=i % 3 != 0, has_workers_home=i % 2 == 0)
            for i, union in enumerate(unions) for index, year in enumerate(YEARS)
        )
        members = []
        for n in range(MEMBERS):
            first17 = f"999999{datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 500):%Y%m%d}{n % 500:03d}"
            members.append(Member(
                township=township, union=unions[n % UNIONS], name=f"会员{n}", gender="F" if n % 3 == 0 else "M",
                id_number=first17 + id_check_char(first17), joined_on=datetime.date(2020 + n % 6, 1, 1),
                is_migrant_worker=n % 4 == 0,
            ))
        Member.objects.bulk_create(members, batch_size=5000)
    for index, year in enumerate(YEARS):  # written every run: cheap, and a changed definition takes effect
        TownshipYear.objects.update_or_create(township=township, year=year, defaults=dict(
            enterprises=130 + 3 * index, eligible_employers=125 + 3 * index, population=76000 + 500 * index,
            chair_name="王力", full_time_staff=2))
    user, _ = get_user_model().objects.get_or_create(username="bench_staff")
    UserRole.objects.get_or_create(user=user, defaults={"role": UserRole.Role.TOWNSHIP_STAFF, "township": township})
    return township, user


def median_ms(client, url: str, params=None, baseline: str = "") -> tuple[float, float]:
    """The median server time of `url`, and of `baseline` requested alternately with it."""
    client.get(url, params)  # warm caches and connections
    timings, base = [], []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if baseline:
            start = time.perf_counter()
            client.get(baseline)
            base.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), statistics.median(base) if base else 0.0


def main():
    ensure_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    township, user = build_township()
    if connection.vendor == "postgresql":  # statistics as autovacuum keeps them on a running server
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    members_url = reverse("unions:member_list", kwargs={"township_id": township.pk})
    dashboard_url = reverse("unions:dashboard", kwargs={"township_id": township.pk})
    report_url = reverse("reports:report", kwargs={"township_id": township.pk})
    unions_url = reverse("unions:grassroots_union_list", kwargs={"township_id": township.pk})
    ping = reverse("ping")
    print(f"database: {connection.vendor}, township with {MEMBERS} members in {UNIONS} unions × {len(YEARS)} years, "
          f"median of {REPEAT}, each alternated with /ping/")
    rows = [
        ("member list, page 1", median_ms(client, members_url, baseline=ping), 50),
        ("member list, last page", median_ms(client, members_url, {"page": MEMBERS // 50}, baseline=ping), 50),
        ("member list, name search", median_ms(client, members_url, {"q": "会员1999"}, baseline=ping), 50),
        ("union list, 2023", median_ms(client, unions_url, {"year": 2023}, baseline=ping), 50),
        ("dashboard, 2025", median_ms(client, dashboard_url, {"year": 2025}, baseline=ping), 30),
        ("dashboard, 2022", median_ms(client, dashboard_url, {"year": 2022}, baseline=ping), 30),
        ("report page, 2025", median_ms(client, report_url, {"year": 2025}, baseline=ping), 30),
    ]
    for label, (value, base), target in rows:
        print(f"{label:<26} {value:7.1f} ms   (target ≤ {target} ms) {'ok' if value <= target else 'OVER'}"
              f"   /ping/ {base:5.1f} ms, ratio {value / base:4.1f}×")
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext
    from unions.selectors import rates_over_years
    with CaptureQueriesContext(db) as queries:
        trend = rates_over_years(township, list(YEARS))
    print(f"five-year trend            {len(queries)} queries (target ≤ 3): "
          + ", ".join(f"{year} {trend[year][0]}/{trend[year][1]}" for year in YEARS))


if __name__ == "__main__":
    main()
