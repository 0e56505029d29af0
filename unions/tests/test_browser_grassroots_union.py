"""In a real browser: staff log in and add a grassroots union through the form."""
import pytest

from unions.models import GrassrootsUnion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_creates_a_grassroots_union(page, live_server, staff_user_with_password):
    user, password = staff_user_with_password
    township = user.liuhao_role.township
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/townships/{township.pk}/")
    assert "工会工作台" in page.text_content("h1")

    page.click("text=基层工会")
    page.click("text=新增基层工会")
    page.fill("#id_name", "具茨山镇机制瓦行业工会联合会")
    page.select_option("#id_kind", label="行业工会联合会")
    page.fill("#id_figures-employers_covered", "28")
    page.fill("#id_figures-employee_count", "900")
    page.fill("#id_figures-women_count", "950")  # more women than employees: refused first
    page.click("main form button[type=submit]")
    # beside the field, and in the summary at the top, which has the focus
    assert page.locator(".invalid-feedback", has_text="女职工人数不能超过职工人数。").is_visible()
    assert "女职工人数不能超过职工人数。" in page.locator("#form-errors").inner_text()
    assert page.input_value("#id_name") == "具茨山镇机制瓦行业工会联合会"  # nothing typed is lost

    page.fill("#id_figures-women_count", "210")
    page.fill("#id_founded_on", "2007-10-20")
    page.check("#id_figures-legal_person")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=已保存")
    assert page.text_content("h1") == "具茨山镇机制瓦行业工会联合会"

    union = GrassrootsUnion.objects.get(name="具茨山镇机制瓦行业工会联合会")
    assert union.township == township
    figures = union.years.get()
    assert (union.kind, figures.employee_count, figures.women_count, figures.legal_person) == ("industry", 900, 210, True)
    assert str(union.founded_on) == "2007-10-20"
