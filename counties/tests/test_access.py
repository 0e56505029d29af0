"""Who opens the county desk: the county's reviewers and admins their own county only (404 for
another), township staff never (403), anonymous users are sent to log in; it is where county
users land, and their menu's entry."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from unions.tests.factories import TownshipStaffFactory

pytestmark = pytest.mark.django_db


def urls(county) -> list[str]:
    return [reverse("counties:overview", kwargs={"county_id": county.pk}),
            reverse("counties:overview_export", kwargs={"county_id": county.pk})]


@pytest.mark.parametrize("who", ["admin", "reviewer"])
def test_county_users_see_their_county_only(client, request, county, neighbour, who):
    client.force_login(request.getfixturevalue(who))
    for url in urls(county):
        assert client.get(url).status_code == 200
    page = client.get(urls(county)[0]).content.decode()
    assert all(township.name in page for township in county.townships.all())
    assert neighbour.name not in page
    for url in urls(neighbour.county):
        assert client.get(url).status_code == 404
    assert client.get(reverse("counties:overview", kwargs={"county_id": 999999})).status_code == 404


def test_township_staff_are_refused_the_desk(client, townships, neighbour):
    client.force_login(TownshipStaffFactory(township=townships["甲镇"]))
    for url in urls(townships["甲镇"].county) + urls(neighbour.county) + [reverse("counties:mine")]:
        assert client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_log_in(client, county):
    for url in urls(county) + [reverse("counties:mine")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_site_admins_open_any_county(client, county, neighbour):
    client.force_login(get_user_model().objects.create_superuser("root", password="x-liuhao-1234"))
    for url in urls(county) + urls(neighbour.county):
        assert client.get(url).status_code == 200
    assert client.get(reverse("counties:mine")).status_code == 302
    assert f'href="{urls(county)[0]}"' in client.get(reverse("unions:township_list")).content.decode()


def test_county_users_land_on_their_desk_and_find_it_in_the_menu(client, county, admin, reviewer, townships):
    for user in (admin, reviewer):
        client.force_login(user)
        response = client.get(reverse("home"), follow=True)
        assert response.redirect_chain[-1][0] == urls(county)[0]
        assert f'<a class="nav-link" href="{reverse("counties:mine")}">乡镇总览</a>' in response.content.decode()
        assert client.get(reverse("counties:mine")).url == urls(county)[0]
    staff = TownshipStaffFactory(township=townships["甲镇"])
    client.force_login(staff)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("unions:dashboard", kwargs={"township_id": townships["甲镇"].pk})
    assert "乡镇总览" not in response.content.decode() and "乡镇列表" in response.content.decode()
