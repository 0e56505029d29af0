"""One of every page type, for every role the demo has, with the objects each page needs.

The accessibility sweep (test_accessibility.py) and the phone layout test (test_phone.py) walk the
same pages. The data is built with factories (about 2 s) rather than `load_demo` (about 20 s on
SQLite): the same roles — township staff, a county reviewer, a reviewer who lives in a township of
the county (回避, and who has submitted a review), a county admin, a site admin — over a township
whose report passes the pre-flight (reports/tests/conftest.py) and a neighbour of the same county.
"""
import datetime
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from reviews import services
from reviews.models import Round, RoundArchive
from reviews.tests.factories import RoundFactory, county_rubric
from reviews.tests.test_services import full_scores
from unions.imports import ImportResult, RowError
from unions.models import GrassrootsUnion, ImportBatch, Member, RightsCase, UserRole
from unions.tests.factories import (
    GrassrootsUnionFactory,
    MemberFactory,
    TownshipFactory,
    UserFactory,
    UserRoleFactory,
)

YEAR = 2025


@dataclass
class Scene:
    township: object
    neighbour: object
    users: dict = field(default_factory=dict)  # role → user
    pages: dict = field(default_factory=dict)  # role → [(page type, path)]
    member: object = None

    def session_cookie(self, role: str, live_server_url: str) -> dict:
        """A signed-in session of `role` as a Playwright cookie: signing in through the login page
        is tested elsewhere; here it would cost a page load per role and viewport."""
        client = Client()
        client.force_login(self.users[role])
        return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server_url}


def build_scene(township, staff) -> Scene:
    """`township` with its staff (the report-ready township of reports/tests/conftest.py), a
    neighbour township, a round in review with an application of each, and every role."""
    county = township.county
    neighbour = TownshipFactory(county=county, name="溱洧镇")
    GrassrootsUnionFactory(township=neighbour, name="溱洧镇中心小学工会")
    reviewer = UserRoleFactory(reviewer=True, county=county, user__first_name="赵评审").user
    # the demo's reviewer2_xinzheng: works in the neighbour township, so never assigned its application
    reviewer2 = UserRoleFactory(reviewer=True, county=county, home_township=neighbour, user__first_name="钱评审").user
    admin = UserRoleFactory(county_admin=True, county=county, user__first_name="刘主任").user
    siteadmin = UserFactory(username="siteadmin", first_name="系统管理员", is_staff=True, is_superuser=True)

    # many members, so that the list has pages; one with a hardship file and a phone number
    union = GrassrootsUnion.objects.filter(township=township).order_by("pk").first()
    member = MemberFactory(union=union, name="王秀兰", gender=Member.Gender.FEMALE, phone="13903710000",
                           hardship_reason="illness", hardship_filed_on=datetime.date(2024, 5, 1))
    RightsCase.objects.filter(township=township).update(is_typical=True)

    round_ = RoundFactory(county=county, year=YEAR)
    application = services.create_application(round_, township)
    services.submit_application(application, staff)
    draft = services.create_application(round_, neighbour)
    services.assign_reviewer(application, reviewer)
    services.assign_reviewer(application, reviewer2)
    services.advance_round(round_, Round.Status.REVIEWING)
    application.refresh_from_db()
    services.save_review(application, reviewer2, scores=full_scores(application), bonus={}, vetoes={},
                         overall_comment="材料翔实，数据完整。", submit=True)
    archive = RoundArchive.objects.create(round=round_, requested_by=admin)

    checked = ImportResult(created=3, updated=2, unchanged=140, error_count=1, rejected=1,
                           errors=[RowError(7, "居民身份证号", "身份证号校验码不对，请核对第18位。")])
    rejected = ImportBatch.objects.create(township=township, kind="member", file_name="会员名册.xlsx", content=b"x",
                                          uploaded_by=staff, check_result=checked.as_dict())
    other = Member.objects.filter(township=township).exclude(pk=member.pk).first()
    asking = ImportResult(created=1, updated=0, unchanged=144, duplicates=[{
        "row": 12, "name": other.name, "id_number": "410184199001010012", "choice": "",
        "candidates": [{"pk": other.pk, "name": other.name, "id_number": other.id_number, "union": str(other.union)}],
    }])
    duplicates = ImportBatch.objects.create(township=township, kind="member", file_name="会员名册（新）.xlsx",
                                            content=b"x", uploaded_by=staff, check_result=asking.as_dict())
    # the county's own rubric, editable (the round's shared default is read only), and the county
    # admin's imports of townships and accounts: one ready to confirm, one with rows refused
    rubric = county_rubric(county)
    township_file = onboarding_upload(admin, county, "township", [["梨河镇", "镇"], ["新华路街道", "街道"], [neighbour.name, "乡"]])
    account_file = onboarding_upload(admin, county, "account", [
        ["zhangwei", "张伟", "乡镇工会工作人员", township.name, "", "13800000000"],
        ["ZhangWei", "张伟2", "乡镇工会工作人员", township.name, "", ""],
        ["wangwu", "王五", "乡镇工会工作人员", township.name, "", "138000"],
    ])

    t = f"/townships/{township.pk}"
    case = RightsCase.objects.filter(township=township).first()
    staff_pages = [
        ("dashboard", f"{t}/"),
        ("profile", f"{t}/profile/"),
        ("profile form", f"{t}/profile/edit/"),
        ("year facts form", f"{t}/years/{YEAR}/facts/"),
        ("六有 form", f"{t}/years/{YEAR}/union/"),
        ("union list", f"{t}/unions/"),
        ("union detail", f"{t}/unions/{union.pk}/"),
        ("union form", f"{t}/unions/new/"),
        ("union year form", f"{t}/unions/{union.pk}/years/{YEAR}/"),
        ("member list", f"{t}/members/"),
        ("member list filtered", f"{t}/members/?q=会员&gender=M"),
        ("member list, a filter wrong", f"{t}/members/?gender=male"),
        ("member list, page 2", f"{t}/members/?page=2"),
        ("member detail", f"{t}/members/{member.pk}/"),
        ("member form", f"{t}/members/{member.pk}/edit/"),
        ("member delete", f"{t}/members/{member.pk}/delete/"),
        ("case list", f"{t}/cases/"),
        ("case form", f"{t}/cases/{case.pk}/edit/"),
        ("assistance list", f"{t}/assistance/"),
        ("assistance form", f"{t}/assistance/new/"),
        ("activity list", f"{t}/activities/"),
        ("honour list", f"{t}/honours/"),
        ("funding list", f"{t}/funding/"),
        ("import upload", f"{t}/members/import/"),
        ("import preview (rejected rows)", f"{t}/members/import/{rejected.pk}/"),
        ("import preview (duplicates)", f"{t}/members/import/{duplicates.pk}/"),
        ("report", f"{t}/report/?year={YEAR}"),
        ("report section form", f"{t}/report/{YEAR}/sections/rights/"),
        ("report settings", f"{t}/report/{YEAR}/settings/"),
        ("ledgers progress", f"{t}/report/ledgers/?year={YEAR}"),
        ("applications", f"{t}/applications/"),
        ("application", f"/applications/{application.pk}/"),
        ("submitted report", f"/applications/{application.pk}/submission/"),
        ("not found", f"/townships/{neighbour.pk}/"),
    ]
    n = f"/townships/{township.pk}"
    reviewer_pages = [
        ("county desk", f"/counties/{county.pk}/"),
        ("review queue", "/reviews/"),
        ("scoring", f"/applications/{application.pk}/review/"),
        ("application", f"/applications/{application.pk}/"),
        ("submitted report", f"/applications/{application.pk}/submission/"),
        ("township dashboard (read)", f"{n}/"),
        ("member list (read)", f"{n}/members/"),
        ("report (read)", f"{n}/report/?year={YEAR}"),
        ("forbidden", f"{n}/members/new/"),
    ]
    reviewer2_pages = [
        ("scoring, submitted", f"/applications/{application.pk}/review/"),
        ("review queue", "/reviews/"),
        ("county desk", "/county/"),
    ]
    admin_pages = [
        ("county desk", f"/counties/{county.pk}/"),
        ("rounds", "/rounds/"),
        ("round form", "/rounds/new/"),
        ("round", f"/rounds/{round_.pk}/"),
        ("round settings", f"/rounds/{round_.pk}/settings/"),
        ("application with scores", f"/applications/{application.pk}/"),
        ("draft application", f"/applications/{draft.pk}/"),
        ("decision form", f"/applications/{application.pk}/decide/"),
        ("history", f"/applications/{application.pk}/history/"),
        ("archive", f"/rounds/{round_.pk}/archives/{archive.pk}/"),
        ("neighbour's union list (read)", f"/townships/{neighbour.pk}/unions/"),
        # 考核标准
        ("rubrics", "/rubrics/"),
        ("rubric editor", f"/rubrics/{rubric.pk}/"),
        ("rubric (shared, read only)", f"/rubrics/{round_.rubric_id}/"),
        ("rubric history", f"/rubrics/{rubric.pk}/history/"),
        # 乡镇与账号
        ("townships", f"/counties/{county.pk}/townships/"),
        ("township form", f"/counties/{county.pk}/townships/new/"),
        ("township edit form", f"/counties/{county.pk}/townships/{neighbour.pk}/edit/"),
        ("township import", f"/counties/{county.pk}/townships/import/"),
        ("township import preview", township_file),
        ("accounts", f"/counties/{county.pk}/accounts/"),
        ("account form", f"/counties/{county.pk}/accounts/new/"),
        ("account", f"/counties/{county.pk}/accounts/{staff.pk}/"),
        ("deactivation confirmation", f"/counties/{county.pk}/accounts/{staff.pk}/deactivate/"),
        ("townships and accounts record", f"/counties/{county.pk}/accounts/record/"),
        ("account import", f"/counties/{county.pk}/accounts/import/"),
        ("account import preview (rejected rows)", account_file),
        ("password change", "/accounts/password_change/"),
        ("password changed", "/accounts/password_change/done/"),
    ]
    siteadmin_pages = [
        ("township list", "/townships/"),
        ("county desk", f"/counties/{county.pk}/"),
        ("dashboard (read)", f"{t}/"),
    ]
    return Scene(
        township=township, neighbour=neighbour, member=member,
        users={"staff": staff, "reviewer": reviewer, "reviewer2": reviewer2, "county_admin": admin, "siteadmin": siteadmin},
        pages={"staff": staff_pages, "reviewer": reviewer_pages, "reviewer2": reviewer2_pages,
               "county_admin": admin_pages, "siteadmin": siteadmin_pages},
    )


def onboarding_upload(admin, county, kind: str, rows: list[list]) -> str:
    """The county admin's .xlsx of townships or accounts, uploaded and checked: its preview's path."""
    book = Workbook()
    book.active.append(ONBOARDING_HEADERS[kind])
    for row in rows:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    client = Client()
    client.force_login(admin)
    response = client.post(f"/counties/{county.pk}/{kind}s/import/", {"file": SimpleUploadedFile("名单.xlsx", content.getvalue())})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


ONBOARDING_HEADERS = {"township": ["乡镇（街道）名称*", "类型*"],
                      "account": ["用户名*", "姓名*", "角色*", "所属乡镇（街道）", "回避乡镇", "联系电话"]}


def all_roles_present(scene: Scene) -> bool:
    """Every role of UserRole, and the site admin, has pages in the scene."""
    roles = {role.role for role in UserRole.objects.filter(user__in=scene.users.values())}
    return roles == set(UserRole.Role.values) and scene.users["siteadmin"].is_superuser
