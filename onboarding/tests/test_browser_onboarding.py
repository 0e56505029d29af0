"""In a real browser: a county admin creates a township and its staff account, the staff logs in
with the one-time password, is made to change it, and then sees the township's empty dashboard."""
import pytest

from unions.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "Juci-shan-2026!"


def test_a_county_admin_onboards_a_township_whose_staff_then_starts_work(page, live_server, log_in, admin):
    log_in(admin.username, TEST_PASSWORD)
    page.click("#nav-onboarding")
    assert "本县还没有乡镇" in page.inner_text("#empty-state")

    page.click("#township-create")
    page.fill("#id_name", "梨河镇")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=已新建乡镇“梨河镇”")
    page.locator("#townships tr", has_text="梨河镇").get_by_role("link", name="创建工作人员账号").click()

    assert page.input_value("#id_role") == "township_staff"
    assert page.locator("#id_township option:checked").inner_text() == "梨河镇"
    page.fill("#id_username", "lihe_staff")
    page.fill("#id_full_name", "陈晓梅")
    page.fill("#id_phone", "13912345678")
    page.click("main form button[type=submit]")
    assert page.inner_text("#issued-username") == "lihe_staff"
    one_time_password = page.inner_text("#issued-password")
    assert "只显示这一次" in page.inner_text("main")
    page.click("#done")  # the account's page: its record, never the password again
    assert one_time_password not in page.content() and "创建账号" in page.inner_text("#history")
    page.click("nav form button[type=submit]")  # 退出

    log_in("lihe_staff", one_time_password)
    page.wait_for_url("**/accounts/password_change/")
    assert "您正在使用县总工会发放的一次性密码" in page.inner_text("#password-change-required")
    page.goto(f"{live_server.url}/")  # nothing else opens until the password is changed
    page.wait_for_url("**/accounts/password_change/")
    page.fill("#id_old_password", one_time_password)
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.click("main form button[type=submit]")
    assert "这个密码太常见了。" in page.inner_text("main")
    page.fill("#id_old_password", one_time_password)
    page.fill("#id_new_password1", STAFF_PASSWORD)
    page.fill("#id_new_password2", STAFF_PASSWORD)
    page.click("main form button[type=submit]")

    page.wait_for_url("**/townships/*/")
    main = page.inner_text("main")
    assert "密码已修改" in main and "梨河镇" in page.title()
    assert "还没有镇情和“六有”数据" in main and "受理0件" in main  # the new township's empty dashboard
    page.click("nav form button[type=submit]")
    log_in("lihe_staff", STAFF_PASSWORD)  # the next login goes straight to the dashboard
    page.wait_for_url("**/townships/*/")
