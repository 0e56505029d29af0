"""The security sweep: every URL of the URL conf, filled with real objects of every demo township,
requested by every demo role. Outside a user's township or county the answer is 404 or 403,
never the page; anonymous users are sent to the login page. And text typed into any free-text
field comes back inert in pages, exports and PDFs.
"""
import io

import pdfplumber
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat, Substr
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from unions.access import visible_townships
from reports.models import SectionText
from reports.tasks import prerender_report
from reviews import services
from reviews.models import Application, Dimension, Indicator, Round, RoundArchive, Rubric
from reviews.rubrics import rubric_copy
from unions.entities import ENTITIES
from unions.models import GrassrootsUnionYear, ImportBatch, Member, Township, TownshipYear, UserRole
from unions.spreadsheets import SHEETS
from unions.tests.conftest import fast_password_hasher  # noqa: F401
from unions.tests.test_views_access import OBJECT_FACTORIES

pytestmark = pytest.mark.django_db

# reachable without logging in: the login page, the language switch on it, and logging out (POST only)
PUBLIC = {"login", "set_language", "logout"}


def url_names() -> list[tuple[str, str]]:
    """(name with namespace, route) of every named URL of the app."""
    found = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django admin has its own login and staff check
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((namespace + pattern.name, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def demo(settings):
    """The demo, with one submitted application per township and a packed archive per round."""
    settings.DEBUG = True  # load_demo refuses a production server; pytest-django turns DEBUG off
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    for township in Township.objects.all():
        if Application.objects.filter(township=township).exists():  # the demo's county under review has its own
            continue
        staff = UserRole.objects.get(township=township).user
        application = services.create_application(Round.objects.get(county=township.county), township)
        services.submit_application(application, staff)
    for round_ in Round.objects.all():
        RoundArchive.objects.create(round=round_, requested_by=UserRole.objects.filter(county=round_.county).first().user)
        rubric_copy(rubric=Rubric.objects.get(county__isnull=True), county=round_.county)  # the county's own rubric
    return Township.objects.all()


def objects_of(township) -> dict[str, dict]:
    """kwargs for every URL, filled with this township's own objects."""
    entity_objects = {}
    for entity in ENTITIES:
        obj = entity.model.objects.filter(township=township).first()
        if obj is None and entity.model is Member:
            obj = Member.objects.filter(union__township=township).first()
        entity_objects[entity.key] = obj or OBJECT_FACTORIES[entity.key](township)  # a kind the demo leaves empty
    batches = {key: ImportBatch.objects.create(township=township, kind=key, file_name="x.xlsx", content=b"x") for key in SHEETS}
    # 乡镇与账号: the county's uploads of townships and accounts, and the township's staff account
    county_batches = {kind: ImportBatch.objects.create(county=township.county, kind=kind, file_name="x.xlsx", content=b"x")
                      for kind in ("township", "account")}
    staff_account = UserRole.objects.filter(township=township).values_list("user_id", flat=True).first()
    application = Application.objects.get(township=township)
    archive = RoundArchive.objects.get(round=application.round)
    kwargs = {}
    for name, route in url_names():
        short = name.split(":")[-1]
        values = {}
        if "<int:township_id>" in route:
            values["township_id"] = township.pk
        if "<int:county_id>" in route:  # the county desk: outside one's county 404, township staff 403
            values["county_id"] = township.county_id
        if "<int:pk>" in route:
            if name.startswith("unions:"):
                values["pk"] = entity_objects[short.rsplit("_", 1)[0]].pk
            elif "applications/" in route:
                values["pk"] = application.pk
            else:
                values["pk"] = application.round_id
        if "<int:batch_id>" in route:
            values["batch_id"] = (county_batches[short.split("_")[0]] if name.startswith("onboarding:")
                                  else batches[short.removesuffix("_import_preview")]).pk
        if "<int:account_id>" in route:  # 乡镇与账号: another county's accounts 404, other roles 403
            values["account_id"] = staff_account
        if "<int:archive_id>" in route:
            values["archive_id"] = archive.pk
        if "<int:rubric_id>" in route:  # the rubric pages: another county's rubric 404, other roles 403
            values["rubric_id"] = Rubric.objects.get(county=township.county).pk
        if "<int:year>" in route:
            values["year"] = 2025
        if "<str:section>" in route:
            values["section"] = "rights"
        if values:
            kwargs[name] = values
    return kwargs


def test_every_role_is_refused_outside_its_scope_and_anonymous_goes_to_login(client, demo):
    per_township = {township.pk: {name: reverse(name, kwargs=values) for name, values in objects_of(township).items()}
                    for township in demo}
    # every URL that names an object: a township's pages, its application, its round, its county's desk
    assert set(per_township[demo[0].pk]) == {name for name, route in url_names() if "<" in route}
    users = [role.user for role in UserRole.objects.select_related("user")]
    assert len(users) == 14
    checked = 0
    for user in users:
        client.force_login(user)
        mine = set(visible_townships(user).values_list("pk", flat=True))
        for township_id, urls in per_township.items():
            if township_id in mine:
                continue
            for name, url in urls.items():
                response = client.get(url)
                assert response.status_code in (403, 404), (user.username, name, response.status_code)
                checked += 1
        own = next(iter(mine))
        assert client.get(per_township[own]["unions:dashboard"]).status_code == 200  # the sweep's URLs are real
        county_user = user.liuhao_role.role != UserRole.Role.TOWNSHIP_STAFF
        assert client.get(per_township[own]["counties:overview"]).status_code == (200 if county_user else 403)
        county_admin = user.liuhao_role.role == UserRole.Role.COUNTY_ADMIN
        assert client.get(per_township[own]["reviews:rubric_edit"]).status_code == (200 if county_admin else 403)
        assert client.get(per_township[own]["onboarding:account_detail"]).status_code == (200 if county_admin else 403)
    client.logout()
    for name, route in url_names():
        if name in PUBLIC:
            continue
        url = per_township[demo[0].pk].get(name) or reverse(name)
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), (name, response.status_code)
    assert checked > 3000


def test_state_changes_are_post_only(client, demo):
    """A GET of any page, by the township's staff or the county admin, changes nothing (it shows a
    form or a confirmation, or is refused) and never fails."""
    staff = UserRole.objects.get(user__username="staff_jucishan").user
    admin = UserRole.objects.get(user__username="admin_xinzheng").user
    township = staff.liuhao_role.township
    application = Application.objects.get(township=township)
    before = (Application.objects.get(pk=application.pk).status, Round.objects.get(pk=application.round_id).status,
              Member.objects.count(), list(get_user_model().objects.order_by("pk").values_list("password", "is_active")))
    for user in (staff, admin):
        client.force_login(user)
        for name, values in objects_of(township).items():
            assert client.get(reverse(name, kwargs=values)).status_code < 500, name
    assert (Application.objects.get(pk=application.pk).status, Round.objects.get(pk=application.round_id).status,
            Member.objects.count(), list(get_user_model().objects.order_by("pk").values_list("password", "is_active"))) == before


def test_townships_and_accounts_are_managed_by_their_county_admins_alone(client, demo):
    """乡镇与账号, every URL × every demo role, with the objects of the user's own county (which the
    sweep above skips): its admins open every page, its reviewers and township staff are refused
    (403); and a county admin naming their own county in the URL but another county's township,
    account or upload after it finds nothing (404)."""
    names = [(name, route) for name, route in url_names() if name.startswith("onboarding:")]
    assert len(names) == 17
    by_county = {}
    for township in demo:
        by_county.setdefault(township.county_id, objects_of(township))
    checked = 0
    for role in UserRole.objects.select_related("user", "township"):
        county_id = role.county_id or role.township.county_id
        client.force_login(role.user)
        for name, _route in names:
            response = client.get(reverse(name, kwargs=by_county[county_id][name]))
            expected = (200, 405) if role.role == UserRole.Role.COUNTY_ADMIN else (403,)  # 405: the download is POST only
            assert response.status_code in expected, (role.user.username, name, response.status_code)
            if role.role == UserRole.Role.COUNTY_ADMIN and len(by_county[county_id][name]) > 1:
                for other_id, other in by_county.items():
                    if other_id != county_id:
                        mixed = reverse(name, kwargs={**other[name], "county_id": county_id})
                        assert client.get(mixed).status_code == 404, (role.user.username, name)
                        assert client.post(mixed).status_code == 404, (role.user.username, name)
            checked += 1
    assert checked == 14 * 17


def new_urls() -> list[tuple[str, str]]:
    """The county's own pages: its desk, 乡镇与账号, the rubric pages and a round's settings."""
    return [(name, route) for name, route in url_names()
            if name.startswith(("counties:", "onboarding:", "reviews:rubric_")) or name == "reviews:round_edit"]


def expected_get(who: str, name: str) -> int:
    """What a GET of one of new_urls(), filled with 新郑市's objects, answers each role. The desk
    is its county's reviewers' and admins' (any county's for a site admin); 乡镇与账号 its admins'
    (any county's for a site admin); the rubric pages and round settings its admins' alone (a site
    admin changes rubrics in Django admin). Another county's admin finds none of it (404)."""
    app = name.split(":")[0]
    if who == "anonymous":
        return 302
    if name == "counties:mine":  # to one's own desk; township staff have none
        return 403 if who == "staff" else 302
    if who == "other_admin":
        return 200 if name == "reviews:rubric_list" else 404  # their own list, without 新郑市's rubric
    allowed = {"staff": set(), "reviewer": {"counties"}, "admin": {"counties", "onboarding", "reviews"},
               "site_admin": {"counties", "onboarding"}}[who]
    if app not in allowed:
        return 403
    return 405 if name in ("onboarding:account_passwords", "reviews:rubric_copy") else 200  # POST only


def test_every_new_url_answers_every_role_as_its_scope_says_and_refused_posts_change_nothing(client, demo):
    """The county's own pages × township staff, reviewer, county admin, another county's admin,
    anonymous and site admin, GET and (for whoever may not change anything there) POST: exactly
    the status expected_get says, a POST refused as its GET (405 where the page is readable only),
    and afterwards every account, township, rubric and round as before."""
    User = get_user_model()
    township = Township.objects.get(name="具茨山镇")
    urls = {name: reverse(name, kwargs=objects_of(township).get(name, {})) for name, _route in new_urls()}
    assert {name.split(":")[0] for name in urls} == {"counties", "onboarding", "reviews"}
    assert {"reviews:rubric_list", "reviews:rubric_edit", "reviews:rubric_copy", "reviews:rubric_history",
            "reviews:round_edit", "counties:overview", "counties:overview_export", "counties:mine"} <= set(urls)
    users = {"staff": User.objects.get(username="staff_jucishan"), "reviewer": User.objects.get(username="reviewer_xinzheng"),
             "admin": User.objects.get(username="admin_xinzheng"), "other_admin": User.objects.get(username="admin_gaolan"),
             "site_admin": User.objects.filter(is_superuser=True).first()
             or User.objects.create_superuser("root", password="x-liuhao-site-admin-1")}
    rubric = Rubric.objects.get(county=township.county)

    def state():
        return (list(User.objects.order_by("pk").values_list("username", "password", "is_active")),
                list(UserRole.objects.order_by("pk").values_list("user_id", "role", "county_id", "township_id")),
                list(Township.objects.order_by("pk").values_list("name", "kind", "county_id")),
                list(Rubric.objects.order_by("pk").values_list("pk", "name", "note")),
                list(Indicator.objects.order_by("pk").values_list("pk", "text", "points", "rule", "tiers")),
                list(Round.objects.order_by("pk").values_list("pk", "title", "deadline", "min_reviews", "rubric_id", "status")))

    before = state()
    checked = 0
    for who in ("anonymous", "staff", "reviewer", "admin", "other_admin", "site_admin"):
        if who == "anonymous":
            client.logout()
        else:
            client.force_login(users[who])
        for name, url in urls.items():
            expected = expected_get(who, name)
            response = client.get(url)
            assert response.status_code == expected, (who, name, "GET", response.status_code)
            if who == "anonymous":
                assert response.url.startswith(reverse("login")), name
            if who == "other_admin" and name == "reviews:rubric_list":
                assert reverse("reviews:rubric_edit", kwargs={"rubric_id": rubric.pk}) not in response.content.decode()
            writes = who == "admin" or (who == "site_admin" and name.startswith("onboarding:"))
            if not writes:  # whoever may not change anything here: refused, or 405 where they may only read
                response = client.post(url)
                assert response.status_code == (expected if expected != 200 else 405), (who, name, "POST", response.status_code)
                if who == "anonymous":
                    assert response.url.startswith(reverse("login")), name
            checked += 1
    assert state() == before
    assert checked == 6 * len(urls)


PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def test_typed_markup_is_inert_in_pages_exports_and_pdfs(client, demo):
    staff = UserRole.objects.get(user__username="staff_jucishan").user
    township = staff.liuhao_role.township
    # every free-text field of every record of the township, written past the forms' checks
    for model in {entity.model for entity in ENTITIES} | {Township, TownshipYear, GrassrootsUnionYear}:
        text_fields = [field.name for field in model._meta.get_fields()
                       if isinstance(field, (models.CharField, models.TextField)) and not field.choices
                       and field.name not in ("id_number", "phone")]
        rows = model.objects.filter(pk=township.pk) if model is Township else (
            model.objects.filter(union__township=township) if model is Member else model.objects.filter(township=township))
        # the row's id first keeps names unique within a township
        rows.update(**{name: Substr(Concat(Cast("pk", models.CharField()), Value(PAYLOAD)), 1,
                                    model._meta.get_field(name).max_length or 10_000) for name in text_fields})
    SectionText.objects.create(township=township, year=2025, section="plans", text=PAYLOAD)
    client.force_login(staff)
    objects = objects_of(township)
    for name in [f"unions:{entity.key}_{action}" for entity in ENTITIES for action in ("list", "detail")] + [
            "unions:dashboard", "unions:profile", "reports:report", "reviews:township_applications"]:
        page = client.get(reverse(name, kwargs=objects[name]), {"year": 2025}).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page, name
    report = client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    for key in SHEETS:
        workbook = load_workbook(io.BytesIO(client.get(reverse(f"unions:{key}_export", kwargs={"township_id": township.pk}),
                                                       {"format": "xlsx"}).content))
        cells = [cell for row in workbook.active.iter_rows() for cell in row if isinstance(cell.value, str) and "<script" in cell.value]
        assert cells and all(cell.data_type == "s" for cell in cells), key  # text, never a formula
    for name in ("reports:report_pdf", "reports:ledgers_pdf"):
        response = client.get(reverse(name, kwargs={"township_id": township.pk}), {"year": 2025})
        if response.status_code == 302:  # ledgers too long for a request: the worker's task renders them
            prerender_report.call(township.pk, 2025)
            response = client.get(reverse(name, kwargs={"township_id": township.pk}), {"year": 2025})
        pdf = response.content
        text = "".join(page.extract_text() for page in pdfplumber.open(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")
        assert "<script>alert(1)</script>" in text, name  # printed as the text it is
    client.force_login(UserRole.objects.get(user__username="admin_xinzheng").user)
    rubric = Rubric.objects.get(county=township.county)  # what a county admin types into their rubric
    Rubric.objects.filter(pk=rubric.pk).update(name=PAYLOAD, note=PAYLOAD)
    Dimension.objects.filter(rubric=rubric).update(name=Substr(Concat(Cast("pk", models.CharField()), Value(PAYLOAD)), 1, 60))
    Indicator.objects.filter(dimension__rubric=rubric).update(text=PAYLOAD)
    for url in (reverse("reviews:rubric_edit", kwargs={"rubric_id": rubric.pk}), reverse("reviews:rubric_list")):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)" in page, url
    # the county desk names the township
    county = {"county_id": township.county_id}
    page = client.get(reverse("counties:overview", kwargs=county), {"year": 2025}).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)" in page
    workbook = load_workbook(io.BytesIO(client.get(reverse("counties:overview_export", kwargs=county), {"year": 2025}).content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if isinstance(cell.value, str) and "<script" in cell.value]
    assert cells and all(cell.data_type == "s" for cell in cells)
