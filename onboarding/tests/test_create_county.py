"""The site administrator starts a county from the command line (and in Django admin); the first
admin logs in with the one-time password printed once and must change it first."""
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from onboarding import passwords
from unions.models import County, UserRole
from unions.tests.factories import CountyFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def create_county(*args) -> str:
    out = io.StringIO()
    call_command("create_county", *args, stdout=out)
    return out.getvalue()


def test_create_county_makes_the_county_and_its_first_admin_and_prints_the_password_once():
    output = create_county("新郑市总工会", "--admin", "admin_xz", "--admin-name", "王管理", "--city", "郑州市", "--province", "河南省")
    county = County.objects.get(name="新郑市")
    assert (county.federation_name, county.city, county.province) == ("新郑市总工会", "郑州市", "河南省")
    password = re.search(r"一次性密码：(\S+)", output).group(1)
    admin = User.objects.get(username="admin_xz")
    assert admin.first_name == "王管理" and admin.check_password(password) and not admin.is_staff
    role = admin.liuhao_role
    assert (role.role, role.county, role.must_change_password) == (UserRole.Role.COUNTY_ADMIN, county, True)
    client = Client()
    client.post(reverse("login"), {"username": "admin_xz", "password": password})
    assert client.get(reverse("onboarding:township_list", kwargs={"county_id": county.pk})).url == reverse("password_change")


def test_create_county_adds_an_admin_to_a_county_that_exists_and_refuses_a_taken_username():
    create_county("新郑市", "--admin", "admin_xz")
    output = create_county("新郑市", "--admin", "admin_xz2")
    assert "已有县（市、区）：新郑市（新郑市总工会）" in output
    assert County.objects.count() == 1 and User.objects.get(username="admin_xz2").liuhao_role.county.name == "新郑市"
    with pytest.raises(CommandError, match="用户名“Admin_XZ”已被使用"):
        create_county("皋兰县", "--admin", "Admin_XZ")
    assert not County.objects.filter(name="皋兰县").exists()  # all or nothing


def test_one_time_passwords_are_random_and_hashed_by_their_own_hasher_until_the_first_login(settings, rf):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "onboarding.passwords.OneTimePasswordHasher"]
    drawn = {passwords.generate() for _ in range(200)}
    assert len(drawn) == 200 and all(re.fullmatch(r"[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){2}", p) for p in drawn)
    password = drawn.pop()
    user = UserFactory()
    user.password = passwords.hashed(password)
    user.save()
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256_onetime"
    assert user.check_password(password)  # and, as at a login, re-hashed with the site's first hasher
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "md5"


def test_the_site_administrator_gives_a_user_a_role_in_django_admin(client):
    county = CountyFactory()
    client.force_login(User.objects.create_superuser("root", password="x-long-password-1"))
    assert client.get(reverse("admin:auth_user_add")).status_code == 200
    user = UserFactory(username="admin_gl")
    form = {"username": "admin_gl", "first_name": "", "last_name": "", "email": "", "is_active": "on",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
            "liuhao_role-TOTAL_FORMS": "1", "liuhao_role-INITIAL_FORMS": "0", "liuhao_role-MIN_NUM_FORMS": "0",
            "liuhao_role-MAX_NUM_FORMS": "1", "liuhao_role-0-role": "county_admin", "liuhao_role-0-county": county.pk,
            "liuhao_role-0-must_change_password": "on", "liuhao_role-0-phone": ""}
    response = client.post(reverse("admin:auth_user_change", args=[user.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    role = UserRole.objects.get(user=user)
    assert (role.role, role.county, role.must_change_password) == ("county_admin", county, True)
    assert client.get(reverse("admin:auth_user_history", args=[user.pk])).status_code == 200
