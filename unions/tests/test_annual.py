"""Annual figures: year Y reads year Y only; a year starts as a copy of the last and is confirmed;
a past year is corrected with an audit record; unions are founded and dissolved; looking creates nothing."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.builder import build_report
from reports.preflight import preflight
from reviews.evidence import read_evidence
from unions.models import GrassrootsUnionYear, TownshipYear
from unions.selectors import rates_over_years, township_figures, year_choices
from unions.services import YearError, confirm_year, start_year
from unions.views import union_history, year_history

from .factories import (
    AnnualFundingFactory,
    GrassrootsUnionFactory,
    MemberFactory,
    TownshipFactory,
    TownshipStaffFactory,
    TownshipUnionFactory,
    record_township_facts,
    record_union_figures,
    township_url,
)

D = datetime.date


@pytest.fixture
def township(db):
    """Two years of facts: 2024 (8 employers to unionise, one union of 40) and 2025 (10, two unions)."""
    township = TownshipFactory(facts_year=2024, enterprises=9, eligible_employers=8, population=18000)
    record_township_facts(township, 2025, enterprises=12, eligible_employers=10, population=19200)
    TownshipUnionFactory(township=township, facts_year=2025, chair_name="王力", full_time_staff=2)
    old = GrassrootsUnionFactory(township=township, name="老厂工会", founded_on=D(2015, 3, 1), facts_year=2024,
                                 employee_count=40, women_count=10, migrant_count=5, employers_covered=4)
    record_union_figures(old, 2025, employee_count=50, women_count=12, migrant_count=6, employers_covered=4)
    new = GrassrootsUnionFactory(township=township, name="新厂工会", founded_on=D(2025, 5, 1), facts_year=2025,
                                 employee_count=30, women_count=10, migrant_count=20, employers_covered=3)
    for joined in (D(2020, 1, 1),) * 20 + (D(2025, 3, 1),) * 10:
        MemberFactory(union=old, joined_on=joined)
    for _ in range(15):
        MemberFactory(union=new, joined_on=D(2025, 6, 1))
    return township


def test_each_year_reads_its_own_facts(township):
    y2024, y2025 = township_figures(township, 2024), township_figures(township, 2025)
    assert (y2024.organisation.unions_total, y2024.organisation.eligible_employers, y2024.organisation.employees) == (1, 8, 40)
    assert (y2025.organisation.unions_total, y2025.organisation.eligible_employers, y2025.organisation.employees) == (2, 10, 80)
    assert str(y2024.organisation.formation_rate) == "50%" and str(y2025.organisation.formation_rate) == "70%"
    assert str(y2024.organisation.membership_rate) == "50%"  # 20 of 40
    assert str(y2025.organisation.membership_rate) == "56.3%"  # 45 of 80
    assert y2025.organisation.unions_founded == 1 and y2024.facts.chair_name == ""  # the 六有 were recorded for 2025 only


def test_editing_2025_changes_no_2024_figure_report_or_evidence(township):
    before = (township_figures(township, 2024).organisation, read_evidence(township_figures(township, 2024)),
              [section.rendered.text for section in build_report(township, 2024, with_charts=False).sections])
    row = GrassrootsUnionYear.objects.get(union__name="老厂工会", year=2025)
    row.employee_count, row.employers_covered = 500, 9
    row.save()
    facts = TownshipYear.objects.get(township=township, year=2025)
    facts.eligible_employers, facts.population = 30, 25000
    facts.save()
    after = (township_figures(township, 2024).organisation, read_evidence(township_figures(township, 2024)),
             [section.rendered.text for section in build_report(township, 2024, with_charts=False).sections])
    assert after == before
    assert township_figures(township, 2025).organisation.employees == 530


def test_a_year_without_facts_has_no_data_never_a_made_up_rate(township):
    figures = township_figures(township, 2021)
    assert figures.facts is None
    assert not figures.organisation.formation_rate.applicable and str(figures.organisation.membership_rate) == "不适用"
    kinds = {finding.kind for finding in preflight(build_report(township, 2021, with_charts=False))}
    assert "no_year_data" in kinds


def test_trend_and_comparison_use_the_real_yearly_values(township):
    with CaptureQueriesContext(connection) as queries:
        trend = rates_over_years(township, [2021, 2022, 2023, 2024, 2025])
    assert len(queries) <= 3
    assert [str(trend[year][0]) for year in (2021, 2024, 2025)] == ["不适用", "50%", "70%"]
    assert [str(trend[year][1]) for year in (2024, 2025)] == ["50%", "56.3%"]
    report = build_report(township, 2025, with_charts=False)
    assert report.tokens["组建率变化"] == "提高20个百分点" and report.tokens["入会率变化"] == "提高6.3个百分点"
    org_text = next(section for section in report.sections if section.key == "org_network").rendered.text
    assert "与2024年相比，新建基层工会1家，会员增加25人，组建率提高20个百分点，入会率提高6.3个百分点。" in org_text
    assert build_report(township, 2024, with_charts=False).tokens["入会率变化"] == ""  # no 2023 facts to compare with


def test_a_new_year_starts_as_a_copy_and_is_confirmed(township):
    dissolved = GrassrootsUnionFactory(township=township, name="关停厂工会", founded_on=D(2010, 1, 1),
                                       dissolution="deregistered", dissolved_on=D(2025, 9, 1), facts_year=2024)
    assert dissolved.exists_in(2024) and not dissolved.exists_in(2025)
    staff = TownshipStaffFactory(township=township)
    facts = start_year(township=township, year=2026, user=staff)
    assert facts.carried_forward and (facts.eligible_employers, facts.chair_name, facts.full_time_staff) == (10, "王力", 2)
    copied = dict(GrassrootsUnionYear.objects.filter(township=township, year=2026).values_list("union__name", "employee_count"))
    assert copied == {"老厂工会": 50, "新厂工会": 30}  # the dissolved union is not carried into 2026
    with pytest.raises(YearError):
        start_year(township=township, year=2026, user=staff)  # a double click starts one year
    assert TownshipYear.objects.filter(township=township, year=2026).count() == 1
    assert "unconfirmed_year" in {finding.kind for finding in preflight(build_report(township, 2026, with_charts=False))}
    confirm_year(township=township, year=2026, user=staff)
    assert not TownshipYear.objects.get(township=township, year=2026).carried_forward
    assert TownshipYear.history.filter(township=township, year=2026).latest().history_user == staff


def test_start_year_refuses_a_future_year(township):
    with pytest.raises(YearError):
        start_year(township=township, year=datetime.date.today().year + 1)


def test_dissolved_union_stays_in_history_and_leaves_the_counts(township):
    union = GrassrootsUnionYear.objects.get(union__name="老厂工会", year=2024).union
    record_union_figures(union, 2023, employee_count=35)
    record_township_facts(township, 2023, eligible_employers=8)
    union.dissolution, union.dissolved_on = "revoked", D(2024, 6, 30)
    union.full_clean()
    union.save()
    assert township_figures(township, 2023).organisation.unions_total == 1
    assert township_figures(township, 2024).organisation.unions_total == 0
    assert township_figures(township, 2024).organisation.members_active == 0  # its members left with it
    assert township_figures(township, 2025).organisation.unions_total == 1  # only 新厂工会
    assert GrassrootsUnionYear.objects.filter(union=union).count() == 3  # its years are kept


def test_year_choices_offer_years_with_data_and_the_next(township):
    assert year_choices(township) == [2026, 2025, 2024]


def test_correcting_a_past_year_through_the_page_is_audited(client, township):
    staff = TownshipStaffFactory(township=township)
    client.force_login(staff)
    union = GrassrootsUnionYear.objects.get(union__name="老厂工会", year=2024).union
    row_2024 = GrassrootsUnionYear.objects.get(union=union, year=2024)
    form = {f"{name}": value for name, value in (
        ("employers_covered", 4), ("employee_count", 44), ("women_count", 10), ("migrant_count", 5), ("term_years", 5),
        ("contract_workers_covered", 0),
    )}
    response = client.post(township_url("grassroots_union_year", township, pk=union.pk, year=2024), form)
    assert response.status_code == 302
    row_2024.refresh_from_db()
    assert row_2024.employee_count == 44
    assert GrassrootsUnionYear.objects.get(union=union, year=2025).employee_count == 50
    change = year_history(township, 2024)[0]
    assert change.who == (staff.get_full_name() or staff.username) and ("职工人数", "40", "44") in change.changes
    assert any(("职工人数", "40", "44") in event.changes for event in union_history(union))
    page = client.get(township_url("profile", township), {"year": 2024}).content.decode()
    assert "40 → 44" in page


def test_looking_at_a_year_creates_nothing(client, township):
    client.force_login(TownshipStaffFactory(township=township))
    before = (TownshipYear.objects.count(), GrassrootsUnionYear.objects.count())
    union = GrassrootsUnionYear.objects.get(union__name="新厂工会").union
    assert client.get(township_url("profile", township), {"year": 2026}).status_code == 200
    assert client.get(township_url("dashboard", township), {"year": 2026}).status_code == 200
    assert client.get(township_url("facts_edit", township, year=2026)).status_code == 404
    assert client.get(township_url("grassroots_union_year", township, pk=union.pk, year=2026)).status_code == 200
    assert client.get(township_url("grassroots_union_year", township, pk=union.pk, year=2024)).status_code == 404  # not yet founded
    assert client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2026}).status_code == 200
    assert client.get(township_url("year_start", township, year=2026)).status_code == 405  # GET never starts a year
    assert (TownshipYear.objects.count(), GrassrootsUnionYear.objects.count()) == before


def test_staff_start_and_confirm_a_year_on_the_profile_page(client, township):
    client.force_login(TownshipStaffFactory(township=township))
    page = client.get(township_url("profile", township), {"year": 2026}).content.decode()
    assert "开始2026年度（复制2025年度数据）" in page
    client.post(township_url("year_start", township, year=2026))
    page = client.get(township_url("profile", township), {"year": 2026}).content.decode()
    assert "尚未确认" in page and "确认2026年度数据" in page
    client.post(township_url("year_confirm", township, year=2026))
    assert "尚未确认" not in client.get(township_url("profile", township), {"year": 2026}).content.decode()


def test_other_townships_cannot_start_or_read_a_year(client, township):
    client.force_login(TownshipStaffFactory())
    assert client.post(township_url("year_start", township, year=2026)).status_code == 404
    assert client.get(township_url("profile", township), {"year": 2025}).status_code == 404
    assert not TownshipYear.objects.filter(township=township, year=2026).exists()


def test_union_year_refuses_dates_after_its_year(township):
    row = GrassrootsUnionYear.objects.get(union__name="老厂工会", year=2024)
    row.contract_signed_on, row.contract_expires_on = D(2025, 1, 1), D(2027, 12, 31)
    with pytest.raises(Exception) as error:
        row.full_clean()
    assert "2024年度的数据不能填写2024年以后的日期" in str(error.value)


def test_funding_amount_is_still_a_yearly_record(township):
    AnnualFundingFactory(township=township, year=2024, amount=Decimal("20000"))
    assert township_figures(township, 2024).funding_amount == Decimal("20000")
    assert township_figures(township, 2025).funding_amount == 0
