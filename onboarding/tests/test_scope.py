"""乡镇与账号 is the county admin's alone, and only for their own county: township staff and
reviewers are refused (403), another county's admin finds nothing (404), even with their own
county in the URL and the other county's township, account or upload after it."""
import pytest
from django.urls import reverse

from onboarding.urls import urlpatterns
from unions.models import ImportBatch
from unions.tests.factories import (
    CountyAdminFactory, CountyFactory, CountyReviewerFactory, TownshipFactory, TownshipStaffFactory,
)

pytestmark = pytest.mark.django_db

# every page of the app, with the objects each names
PAGES = [
    ("township_list", {}), ("township_create", {}), ("township_update", {"township_id"}),
    ("township_import", {}), ("township_import_template", {}), ("township_import_preview", {"batch_id"}),
    ("account_list", {}), ("account_create", {}), ("trail", {}), ("account_detail", {"account_id"}),
    ("account_reset", {"account_id"}), ("account_deactivate", {"account_id"}), ("account_reactivate", {"account_id"}),
    ("account_import", {}), ("account_import_template", {}), ("account_import_preview", {"batch_id"}),
    ("account_passwords", {"batch_id"}),
]


def county_objects(county) -> dict:
    township = TownshipFactory(county=county)
    staff = TownshipStaffFactory(township=township)
    batches = {kind: ImportBatch.objects.create(county=county, kind=kind, file_name="x.xlsx", content=b"x") for kind in ("township", "account")}
    return {"county": county, "township": township, "staff": staff, "batches": batches,
            "admin": CountyAdminFactory(county=county), "reviewer": CountyReviewerFactory(county=county)}


def page_url(name, needs, url_county, objects) -> str:
    kwargs = {"county_id": url_county.pk}
    if "township_id" in needs:
        kwargs["township_id"] = objects["township"].pk
    if "account_id" in needs:
        kwargs["account_id"] = objects["staff"].pk
    if "batch_id" in needs:
        kwargs["batch_id"] = objects["batches"]["township" if name.startswith("township") else "account"].pk
    return reverse(f"onboarding:{name}", kwargs=kwargs)


@pytest.fixture
def two_counties(db):
    return county_objects(CountyFactory(name="新郑市")), county_objects(CountyFactory(name="皋兰县"))


def test_every_page_is_the_county_admins_own(client, two_counties):
    ours, theirs = two_counties
    assert {name for name, _needs in PAGES} == {pattern.name for pattern in urlpatterns}
    for name, needs in PAGES:
        own = page_url(name, needs, ours["county"], ours)
        client.force_login(ours["admin"])
        assert client.get(own).status_code in (200, 405), name  # the passwords download is POST only
        for who in ("staff", "reviewer"):
            client.force_login(ours[who])
            assert client.get(own).status_code == 403, (who, name)
            assert client.post(own).status_code == 403, (who, name)
        client.force_login(theirs["admin"])
        assert client.get(own).status_code == 404, name
        assert client.post(own).status_code == 404, name
        if needs:  # our county in the URL, their township, account or upload after it
            client.force_login(ours["admin"])
            mixed = page_url(name, needs, ours["county"], theirs)
            assert client.get(mixed).status_code == 404, name
            assert client.post(mixed).status_code == 404, name
        client.logout()
        response = client.get(own)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    theirs["staff"].refresh_from_db()
    assert theirs["staff"].is_active and theirs["staff"].check_password("pass-1234-liuhao")


def test_the_menu_entry_is_shown_to_county_admins_only(client, two_counties):
    ours, _theirs = two_counties
    for who, shown in (("admin", True), ("reviewer", False), ("staff", False)):
        client.force_login(ours[who])
        page = client.get(reverse("unions:dashboard", kwargs={"township_id": ours["township"].pk})).content.decode()
        assert ('id="nav-onboarding"' in page) is shown, who


def test_a_site_administrator_may_open_any_countys_pages(client, two_counties, django_user_model):
    ours, theirs = two_counties
    client.force_login(django_user_model.objects.create_superuser("root", password="x-long-password-1"))
    for objects in (ours, theirs):
        assert client.get(reverse("onboarding:account_list", kwargs={"county_id": objects["county"].pk})).status_code == 200
