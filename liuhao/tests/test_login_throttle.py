"""Failed logins lock one account from one address after 5, and one address for every account after
30 (issue 12: the throttle was per username and address only, so one address could try passwords
across every account)."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from unions.tests.conftest import fast_password_hasher  # noqa: F401
from unions.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ADDRESS, ELSEWHERE = "203.0.113.7", "198.51.100.9"


def log_in(client, username, password="wrong-password", address=ADDRESS):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_one_address_failing_across_many_usernames_is_locked(client, settings):
    assert (settings.AXES_FAILURE_LIMIT, settings.LOGIN_ADDRESS_FAILURE_LIMIT) == (5, 30)
    user = UserFactory()
    for number in range(29):  # a different account each time: no account reaches its own 5
        assert log_in(client, f"staff_{number}").status_code == 200
    assert log_in(client, user.username, TEST_PASSWORD).status_code == 302  # 29 failures: not yet
    client.logout()
    response = log_in(client, "staff_29")
    assert response.status_code == 429
    page = response.content.decode()
    assert "从这个地址登录所有账号都已暂时锁定" in page and "输错密码已达 30 次" in page
    last_failure = AccessAttempt.objects.aggregate(last=Max("attempt_time"))["last"]
    retry_at = timezone.localtime(last_failure + datetime.timedelta(minutes=15))
    assert f"请在 {retry_at:%H:%M} 以后再试（约 15 分钟后）" in page
    assert log_in(client, user.username, TEST_PASSWORD).status_code == 429  # even the right password, from there
    assert log_in(client, user.username, TEST_PASSWORD, address=ELSEWHERE).status_code == 302  # the account is not locked


def test_one_account_is_locked_after_five_failures_from_one_address(client):
    user, colleague = UserFactory(), UserFactory()
    for _attempt in range(4):
        assert log_in(client, user.username).status_code == 200
    response = log_in(client, user.username)
    assert response.status_code == 429
    page = response.content.decode()
    assert "该账号从您所在的网络地址连续 5 次输错密码，已暂时锁定。" in page and "所有账号" not in page
    assert log_in(client, user.username, TEST_PASSWORD).status_code == 429
    assert log_in(client, colleague.username, TEST_PASSWORD).status_code == 302  # same office, other account
    client.logout()
    assert log_in(client, user.username, TEST_PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_known_password_does_not_clear_the_address_failures_on_other_accounts(client):
    insider = UserFactory()
    for number in range(20):
        log_in(client, f"staff_{number}")
    assert log_in(client, insider.username).status_code == 200
    assert log_in(client, insider.username, TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=insider.username).exists()  # the account's own failures are forgiven
    client.logout()
    for number in range(20, 29):
        assert log_in(client, f"staff_{number}").status_code == 200
    assert log_in(client, "staff_29").status_code == 429  # 30 failures on other accounts since, within 15 minutes
