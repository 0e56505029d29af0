"""In a real browser: staff open 2024, correct a union's employees, and the 2024 report changes
while 2025 stays as it was."""
import datetime

import pytest

from .factories import GrassrootsUnionFactory, MemberFactory, record_township_facts, record_union_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_correct_a_past_year_and_only_that_years_report_changes(page, live_server, log_in, staff_user_with_password):
    user, password = staff_user_with_password
    township = user.liuhao_role.township
    record_township_facts(township, 2024, eligible_employers=20)
    union = GrassrootsUnionFactory(township=township, name="老厂工会", founded_on=datetime.date(2015, 3, 1),
                                   facts_year=2024, employee_count=40, women_count=10, migrant_count=5)
    record_union_figures(union, 2025, employee_count=50, women_count=12, migrant_count=6)
    for _ in range(20):
        MemberFactory(union=union, joined_on=datetime.date(2020, 1, 1))

    log_in(user.username, password)
    page.wait_for_url(f"**/townships/{township.pk}/")

    page.click("nav >> text=基层工会")
    page.select_option("#id_year", "2024")
    page.click("text=筛选")
    assert "2024年度" in page.text_content("h1")
    assert "40" in page.locator("table tbody tr", has_text="老厂工会").inner_text()
    page.click("text=老厂工会")
    page.locator("#union-years tr", has_text="2024").locator("a").click()
    assert page.input_value("#id_employee_count") == "40"
    page.fill("#id_employee_count", "80")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=2024年度数据已保存")
    assert "80" in page.locator("#union-years tr", has_text="2024").inner_text()
    assert "职工人数：40 → 80" in page.locator(".history").inner_text()  # the correction is on record

    page.goto(f"{live_server.url}/townships/{township.pk}/report/?year=2024")
    report_2024 = page.locator("#report").inner_text() if page.locator("#report").count() else page.inner_text("main")
    assert "基层工会有职工80人，入会率达25%" in report_2024
    page.goto(f"{live_server.url}/townships/{township.pk}/report/?year=2025")
    report_2025 = page.inner_text("main")
    assert "基层工会有职工50人，入会率达40%" in report_2025
