"""`lang` and titles right in both languages (issue 15): the page says which language it is in,
its title is in that language, and the report — Chinese in either — says so."""
import re

import pytest
from django.test import Client

from reports.tests.conftest import staff_user, township  # noqa: F401  (a township whose report passes the pre-flight)
from unions.tests.conftest import fast_password_hasher  # noqa: F401

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def signed_in(user, language):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language, lang, skip", [("zh-hans", "zh-hans", "跳到主要内容"), ("en", "en", "Skip to main content")])
def test_lang_title_and_skip_link(staff_user, township, language, lang, skip):  # noqa: F811
    client = signed_in(staff_user, language)
    for path in (f"/townships/{township.pk}/", f"/townships/{township.pk}/members/", f"/townships/{township.pk}/report/?year=2025"):
        page = client.get(path).content.decode()
        assert f'<html lang="{lang}">' in page
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
        assert title and not title.startswith("·")
        if language == "en":  # the page's own words in English; only names (the township's) stay Chinese
            assert not CJK.search(title.replace(township.name, "")) and "Six-Good" in title, title
        assert f'href="#main">{skip}</a>' in page and '<main id="main"' in page
    # the report is Chinese whatever the interface language, and marked so for screen readers
    assert '<div class="gw-document" lang="zh-Hans">' in page


def test_login_error_is_announced(client, staff_user):  # noqa: F811
    page = client.post("/accounts/login/", {"username": staff_user.username, "password": "wrong"}).content.decode()
    assert 'role="alert"' in page and "用户名或密码不正确" in page
