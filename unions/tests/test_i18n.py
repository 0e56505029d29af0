"""Chinese by default, whatever the browser asks for; English when the user picks it."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from unions.figures import format_people, format_yuan

from .factories import GrassrootsUnionFactory, RightsCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue(django_db_blocker):
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)


def test_chinese_even_for_an_english_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page
    assert "Log in" not in page
    assert '<option value="en" lang="en">English</option>' in page  # each language offered in its own name


def test_english_when_chosen(client, staff_user):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
    login = client.get(reverse("login")).content.decode()
    assert "Log in" in login and '<option value="zh-hans" lang="zh-hans">简体中文</option>' in login
    client.force_login(staff_user)
    township = staff_user.liuhao_role.township
    page = client.get(reverse("unions:grassroots_union_list", kwargs={"township_id": township.pk})).content.decode()
    assert "Grassroots unions" in page and "New Grassroots union" in page
    assert "基层工会" not in page.replace(township.name, "")


def test_english_numbers_read_as_english():
    with translation.override("en"):
        assert format_yuan(Decimal("158000")) == "158,000 yuan"
        assert format_people(18000) == "18,000 people"
    assert format_yuan(Decimal("158000")) == "15.8万元"


def test_report_stays_chinese_in_the_english_interface(client, staff_user):
    township = staff_user.liuhao_role.township
    GrassrootsUnionFactory(township=township)
    RightsCaseFactory(township=township, amount_claimed=158000, amount_recovered=0)
    client.cookies["django_language"] = "en"
    client.force_login(staff_user)
    page = client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025}).content.decode()
    assert "Report" in page  # the interface around it
    assert "一、党委政府重视，组织保障有力" in page and "企业工会" in page and "Enterprise union" not in page
    pdf = client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert pdf.status_code == 200
