"""Every township URL, requested by a user outside that township, answers 404 — never the data.

The URL list is read from the URL conf, so a page added later is covered without editing this test.
"""
import pytest
from django.urls import get_resolver, resolve, reverse

from unions.entities import ENTITIES
from unions.models import ImportBatch
from unions.spreadsheets import SHEETS

from .factories import (
    ActivityFactory,
    AnnualFundingFactory,
    AssistanceRecordFactory,
    GrassrootsUnionFactory,
    HonourFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
)

pytestmark = pytest.mark.django_db

OBJECT_FACTORIES = {
    "grassroots_union": lambda township: GrassrootsUnionFactory(township=township),
    "member": lambda township: MemberFactory(union=GrassrootsUnionFactory(township=township)),
    "rights_case": lambda township: RightsCaseFactory(township=township),
    "assistance_record": lambda township: AssistanceRecordFactory(township=township),
    "activity": lambda township: ActivityFactory(township=township),
    "honour": lambda township: HonourFactory(township=township),
    "annual_funding": lambda township: AnnualFundingFactory(township=township),
}


NAMESPACES = ("unions", "reports", "reviews")


def township_url_names() -> list[str]:
    """namespace:name of every URL that takes a township id."""
    resolver = get_resolver()
    names = []
    for namespace in NAMESPACES:
        for name, patterns in resolver.namespace_dict[namespace][1].reverse_dict.items():
            if isinstance(name, str) and "township_id" in str(patterns):
                names.append(f"{namespace}:{name}")
    return sorted(set(names))


YEAR = 2025  # the year of the yearly pages; the factories record the township's facts and the union's figures for it


def post_only(url: str) -> bool:
    """Whether the view behind `url` takes only POST (starting or confirming a year)."""
    view_class = getattr(resolve(url).func, "view_class", None)
    return view_class is not None and set(view_class.http_method_names) <= {"post", "options"}


def urls_of_township(township) -> list[str]:
    """Every unions URL that names a township, filled in with `township`'s own objects (and its
    2025 facts, for the pages of a year)."""
    objects = {entity.key: OBJECT_FACTORIES[entity.key](township) for entity in ENTITIES}
    batches = {key: ImportBatch.objects.create(township=township, kind=key, file_name="x.xlsx", content=b"x") for key in SHEETS}
    urls = []
    for full_name in township_url_names():
        name = full_name.split(":")[1]
        kwargs = {"township_id": township.pk}
        if name.endswith(("_detail", "_update", "_delete", "_year")):
            kwargs["pk"] = objects[name.rsplit("_", 1)[0]].pk
        if name.endswith("_year") or name in ("facts_edit", "union_facts_edit", "year_start", "year_confirm", "settings"):
            kwargs["year"] = YEAR
        if name.endswith("_import_preview"):
            kwargs["batch_id"] = batches[name.removesuffix("_import_preview")].pk
        if name == "section_edit":
            kwargs.update(year=2025, section="rights")
        urls.append(reverse(full_name, kwargs=kwargs))
    return urls


def test_every_township_entity_has_a_factory_here():
    assert set(OBJECT_FACTORIES) == {entity.key for entity in ENTITIES}


def test_url_list_covers_every_page():
    names = {name.split(":")[1] for name in township_url_names()}
    assert {"dashboard", "profile", "profile_edit", "union_edit", "report", "report_pdf", "section_edit",
            "facts_edit", "union_facts_edit", "year_start", "year_confirm", "grassroots_union_year"} <= names
    for entity in ENTITIES:
        for action in ("list", "create", "detail", "update", "delete"):
            assert f"{entity.key}_{action}" in names
    for key in SHEETS:
        for action in ("export", "import", "import_template", "import_preview"):
            assert f"{key}_{action}" in names


def test_staff_of_another_township_gets_404_everywhere(client, staff_user):
    other = TownshipFactory(county=staff_user.liuhao_role.township.county)
    client.force_login(staff_user)
    for url in urls_of_township(other):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url


def test_county_users_of_another_county_get_404_everywhere(client, reviewer_user, county_admin_user):
    elsewhere = TownshipFactory()
    urls = urls_of_township(elsewhere)
    for user in (reviewer_user, county_admin_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url


def test_reviewer_reads_own_county_but_cannot_change_it(client, reviewer_user):
    township = TownshipFactory(county=reviewer_user.liuhao_role.county)
    client.force_login(reviewer_user)
    for url in urls_of_township(township):
        response = client.get(url)
        if (url.endswith(("/new/", "/edit/", "/delete/")) or ("/import/" in url and "/template/" not in url)
                or "/sections/" in url or "/years/" in url or url.endswith("/settings/")):
            assert response.status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
        else:
            assert response.status_code == 200, url


def test_own_staff_reach_every_page(client, staff_user):
    client.force_login(staff_user)
    for url in urls_of_township(staff_user.liuhao_role.township):
        if post_only(url):  # a button of the profile page, not a page
            assert client.get(url).status_code == 405, url
            assert client.post(url).status_code == 302, url
        else:
            assert client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_login(client):
    township = TownshipFactory()
    for url in urls_of_township(township) + [reverse("unions:township_list"), reverse("home")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_refusals_and_errors_are_pages_in_the_site_layout(client, reviewer_user, staff_user, rf):
    from django.views.defaults import server_error

    township = TownshipFactory(county=reviewer_user.liuhao_role.county)
    client.force_login(reviewer_user)
    refused = client.get(reverse("unions:profile_edit", kwargs={"township_id": township.pk}))
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "没有权限" in page and "只有本乡镇工会工作人员可以修改这些数据。" in page and "navbar" in page
    client.force_login(staff_user)
    missing = client.get(reverse("unions:dashboard", kwargs={"township_id": township.pk}))
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    failure = server_error(rf.get("/"))
    assert failure.status_code == 500 and "系统出错" in failure.content.decode()
