"""Chinese by default, whatever the browser asks for; English when the user picks it."""
import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue(django_db_blocker):
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)


def test_chinese_even_for_an_english_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page
    assert "Log in" not in page


def test_english_when_chosen(client, staff_user):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
    assert "Log in" in client.get(reverse("login")).content.decode()
    client.force_login(staff_user)
    township = staff_user.liuhao_role.township
    page = client.get(reverse("unions:grassroots_union_list", kwargs={"township_id": township.pk})).content.decode()
    assert "Grassroots unions" in page and "New Grassroots union" in page
    assert "基层工会" not in page.replace(township.name, "")
