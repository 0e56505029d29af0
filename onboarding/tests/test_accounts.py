"""A county admin creates accounts with a one-time password shown once; the account changes it at
its first login before anything else; the admin resets passwords, deactivates and reactivates
accounts; every step is in the audit trail."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from onboarding.services import Reason
from unions.models import UserRole
from unions.tests.factories import CountyAdminFactory, CountyFactory, TownshipFactory, TownshipStaffFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Gonghui-2026-juci"


def url(name, county, **kwargs):
    return reverse(f"onboarding:{name}", kwargs={"county_id": county.pk, **kwargs})


def issued_password(response) -> str:
    match = re.search(r'id="issued-password">([^<]+)<', response.content.decode())
    assert match, "no one-time password on the page"
    return match.group(1)


def create_staff(client, county, township, changes: dict | None = None):
    """The new-account form for 张伟, staff of `township`, with `changes` to its fields."""
    return client.post(url("account_create", county), {
        "username": "zhangwei", "full_name": "张伟", "role": "township_staff", "township": township.pk,
        "phone": "13800000000", **(changes or {})})


def log_in(client, username: str, password: str) -> bool:
    """Through the login page, as people do (axes wants the request)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def other_client():
    """A second browser: the account's own, beside the admin's."""
    return Client()


def test_a_new_account_gets_a_one_time_password_shown_once_and_stored_only_as_a_hash(admin_client, county, township, admin):
    response = create_staff(admin_client, county, township)
    assert response.status_code == 200
    password = issued_password(response)
    assert re.fullmatch(r"[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}", password)
    assert "no-store" in response["Cache-Control"]
    assert "只显示这一次" in response.content.decode()
    user = User.objects.get(username="zhangwei")
    assert user.first_name == "张伟" and user.check_password(password) and password not in user.password
    role = user.liuhao_role
    assert (role.role, role.township, role.county, role.phone, role.must_change_password) == (
        "township_staff", township, None, "13800000000", True)
    for page in (url("account_detail", county, account_id=user.pk), url("account_list", county), url("trail", county)):
        assert password not in admin_client.get(page).content.decode()  # never shown again
    creation = UserRole.history.get(user_id=user.pk)
    assert (creation.history_type, creation.history_user, creation.history_change_reason) == ("+", admin, Reason.ACCOUNT_CREATED)


def test_reviewers_and_admins_are_accounts_of_the_county(admin_client, county, township):
    response = admin_client.post(url("account_create", county), {
        "username": "pingshen", "full_name": "李评", "role": "county_reviewer", "home_township": township.pk})
    issued_password(response)
    role = User.objects.get(username="pingshen").liuhao_role
    assert (role.role, role.county, role.township, role.home_township) == ("county_reviewer", county, None, township)
    issued_password(admin_client.post(url("account_create", county), {"username": "guanli2", "full_name": "赵管", "role": "county_admin"}))
    assert User.objects.get(username="guanli2").liuhao_role.county == county


@pytest.mark.parametrize(("extra", "message"), [
    ({"username": "ZhangWei"}, "用户名“ZhangWei”已被使用，请换一个。"),  # case apart, the same name
    ({"username": "zhang wei"}, "请输入合法的用户名"),
    ({"phone": "138000"}, "电话号码格式不正确"),
    ({"phone": "12345678901"}, "电话号码格式不正确"),
    ({"township": ""}, "乡镇工会工作人员须指定所属乡镇。"),
    ({"role": "county_reviewer"}, "只有乡镇工会工作人员属于某个乡镇"),
    ({"full_name": ""}, "这个字段是必填项。"),
])
def test_a_wrong_account_is_refused_in_chinese_and_nothing_is_created(admin_client, county, township, extra, message):
    TownshipStaffFactory(username="zhangwei", township=township)
    before = User.objects.count()
    response = create_staff(admin_client, county, township, {"username": "lisi", **extra})
    page = response.content.decode()
    assert response.status_code == 200 and message in page and 'id="issued-password"' not in page
    assert User.objects.count() == before


def test_another_countys_township_cannot_be_given_to_an_account(admin_client, county):
    elsewhere = TownshipFactory(county=CountyFactory(), name="外县镇")
    page = create_staff(admin_client, county, elsewhere).content.decode()
    assert "选择一个有效的选项" in page and "外县镇" not in page
    assert not User.objects.filter(username="zhangwei").exists()


def test_a_new_account_must_change_its_password_before_anything_else_and_then_uses_the_app(other_client, admin_client, county, township):
    password = issued_password(create_staff(admin_client, county, township))
    dashboard = reverse("unions:dashboard", kwargs={"township_id": township.pk})
    other_client.logout()
    response = other_client.post(reverse("login"), {"username": "zhangwei", "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    page = response.content.decode()
    assert "请设置您自己的密码" in page and "您正在使用县总工会发放的一次性密码" in page
    assert 'class="alert alert-info' not in page  # said once, on the page, not again in a message above it
    for blocked in (dashboard, reverse("home"), reverse("unions:member_list", kwargs={"township_id": township.pk})):
        response = other_client.get(blocked)
        assert response.status_code == 302 and response.url == reverse("password_change"), blocked
    assert other_client.post(dashboard).url == reverse("password_change")  # writes too
    change = reverse("password_change")
    # Django's checks, in Chinese: the old password, the two new ones, the password validators
    page = other_client.post(change, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).content.decode()
    assert "你的旧密码不正确。请重新输入。" in page
    page = other_client.post(change, {"old_password": password, "new_password1": "12345678", "new_password2": "12345678"}).content.decode()
    assert "这个密码太常见了。" in page and "密码只包含数字。" in page
    page = other_client.post(change, {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}).content.decode()
    assert "输入的两个密码不一致。" in page
    page = other_client.post(change, {"old_password": password, "new_password1": password, "new_password2": password}).content.decode()
    assert "新密码不能与原密码相同。" in page
    assert other_client.get(dashboard).status_code == 302  # still nothing else
    response = other_client.post(change, {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == dashboard and "密码已修改" in response.content.decode()
    assert other_client.get(dashboard).status_code == 200
    user = User.objects.get(username="zhangwei")
    assert user.check_password(NEW_PASSWORD) and not user.liuhao_role.must_change_password
    other_client.logout()
    assert log_in(other_client, "zhangwei", NEW_PASSWORD)
    assert other_client.get(dashboard).status_code == 200  # the next login is an ordinary one
    record = UserRole.history.filter(user_id=user.pk).latest("history_date")
    assert (record.history_user, record.history_change_reason) == (user, Reason.PASSWORD_CHANGED)


def test_an_account_without_a_one_time_password_is_never_held_up(other_client, township):
    staff = TownshipStaffFactory(township=township)
    other_client.force_login(staff)
    assert other_client.get(reverse("unions:dashboard", kwargs={"township_id": township.pk})).status_code == 200


def test_a_password_reset_replaces_the_password_ends_the_sessions_and_requires_a_change_again(other_client, admin_client, county, township, admin):
    staff = TownshipStaffFactory(username="zhangwei", township=township)
    other_client.force_login(staff)
    dashboard = reverse("unions:dashboard", kwargs={"township_id": township.pk})
    assert other_client.get(dashboard).status_code == 200
    confirm = url("account_reset", county, account_id=staff.pk)
    page = admin_client.get(confirm).content.decode()
    assert "原密码立即失效" in page and 'id="issued-password"' not in page
    staff.refresh_from_db()
    assert staff.check_password("pass-1234-liuhao")  # looking at the confirmation changes nothing
    response = admin_client.post(confirm)
    password = issued_password(response)
    assert "no-store" in response["Cache-Control"]
    staff.refresh_from_db()
    assert staff.check_password(password) and not staff.check_password("pass-1234-liuhao")
    assert staff.liuhao_role.must_change_password
    assert other_client.get(dashboard).url.startswith(reverse("login"))  # the session open before has ended
    assert log_in(other_client, "zhangwei", password)
    assert other_client.get(dashboard).url == reverse("password_change")
    record = UserRole.history.filter(user_id=staff.pk).latest("history_date")
    assert (record.history_user, record.history_change_reason) == (admin, Reason.PASSWORD_RESET)


def test_deactivating_asks_first_and_says_what_it_means_then_the_account_cannot_log_in(other_client, admin_client, county, township, admin):
    staff = TownshipStaffFactory(username="zhangwei", township=township)
    other_client.force_login(staff)
    confirm = url("account_deactivate", county, account_id=staff.pk)
    page = admin_client.get(confirm).content.decode()
    assert "停用后，该账号不能再登录" in page and "账号不会被删除" in page and "可以随时重新启用" in page
    staff.refresh_from_db()
    assert staff.is_active
    response = admin_client.post(confirm, follow=True)
    assert "账号“zhangwei”已停用" in response.content.decode()
    staff.refresh_from_db()
    assert not staff.is_active
    dashboard = reverse("unions:dashboard", kwargs={"township_id": township.pk})
    assert other_client.get(dashboard).url.startswith(reverse("login"))  # its open session ends
    assert not log_in(other_client, "zhangwei", "pass-1234-liuhao")
    assert "已停用" in admin_client.get(url("account_list", county)).content.decode()
    admin_client.post(url("account_reactivate", county, account_id=staff.pk))
    staff.refresh_from_db()
    assert staff.is_active and log_in(other_client, "zhangwei", "pass-1234-liuhao")
    reasons = list(User.history.filter(id=staff.pk).order_by("history_date").values_list("history_change_reason", "history_user"))
    assert reasons[-2:] == [(Reason.DEACTIVATED, admin.pk), (Reason.REACTIVATED, admin.pk)]


def test_an_admin_cannot_reset_or_deactivate_their_own_account_here(admin_client, county, admin):
    for name in ("account_reset", "account_deactivate"):
        response = admin_client.post(url(name, county, account_id=admin.pk), follow=True)
        assert "不能在这里重置或停用自己的账号" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.check_password("pass-1234-liuhao")


def test_the_account_record_says_who_did_what_and_when(admin_client, other_client, county, township, admin):
    password = issued_password(create_staff(admin_client, county, township))
    staff = User.objects.get(username="zhangwei")
    log_in(other_client, "zhangwei", password)
    other_client.post(reverse("password_change"), {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    issued_password(admin_client.post(url("account_reset", county, account_id=staff.pk)))
    admin_client.post(url("account_deactivate", county, account_id=staff.pk))
    admin_client.post(url("account_reactivate", county, account_id=staff.pk))
    page = admin_client.get(url("account_detail", county, account_id=staff.pk)).content.decode()
    history = page[page.index('id="history"'):]
    rows = re.findall(r"<tr><td[^>]*>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", history)
    assert [(who, action) for _when, who, _subject, action in rows] == [
        ("王管理", "启用账号"), ("王管理", "停用账号"), ("王管理", "重置密码"), ("张伟", "本人修改密码"), ("王管理", "创建账号")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when) for when, *_rest in rows)
    assert "账号：zhangwei（张伟）" in history and "乡镇工会工作人员" in history and "有效：是 → 否" in history
    trail = admin_client.get(url("trail", county)).content.decode()
    assert trail.count("账号：zhangwei（张伟）") == 5


def test_site_administrators_and_django_staff_are_never_a_county_admins_to_manage(admin_client, county):
    for flags in ({"is_superuser": True, "is_staff": True}, {"is_staff": True}):
        other = CountyAdminFactory(county=county, **flags)
        for name in ("account_detail", "account_reset", "account_deactivate"):
            assert admin_client.get(url(name, county, account_id=other.pk)).status_code == 404
            assert admin_client.post(url(name, county, account_id=other.pk)).status_code == 404
        other.refresh_from_db()
        assert other.is_active and other.check_password("pass-1234-liuhao")
        assert other.username not in admin_client.get(url("account_list", county)).content.decode()


def test_the_account_list_filters_and_pages(admin_client, county, township):
    for number in range(55):
        TownshipStaffFactory(username=f"staff{number:02d}", township=township)
    inactive = TownshipStaffFactory(username="gone", township=township, is_active=False)
    page = admin_client.get(url("account_list", county)).content.decode()
    assert "共 57 个账号" in page and "1 / 2" in page
    page = admin_client.get(url("account_list", county), {"status": "inactive"}).content.decode()
    assert "共 1 个账号" in page and inactive.username in page
    page = admin_client.get(url("account_list", county), {"q": "nobody"}).content.decode()
    assert "没有符合筛选条件的账号。" in page
    page = admin_client.get(url("account_list", county), {"role": "county_admin"}).content.decode()
    assert "共 1 个账号" in page and "admin_xz" in page
