"""The rubric in the app: a county admin copies the shared default (or a rubric of their county),
edits it on one page with every check, and cannot change it once a round using it has a
submission — on the page, in the service and in Django admin; another county never sees it."""
import re
from decimal import Decimal

import lxml.html
import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from reviews import services
from reviews.admin import RubricAdmin
from reviews.models import Application, BonusItem, Dimension, Grade, Indicator, Round, Rubric, Submission, VetoItem
from reviews.rubrics import editing_rubric, rubric_copy
from reviews.services import ProcessError
from unions.tests.factories import CountyFactory, TownshipFactory, UserFactory, UserRoleFactory

from .factories import RoundFactory, county_rubric, default_rubric

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return CountyFactory(name="新郑市")


@pytest.fixture
def admin_user(county):
    return UserRoleFactory(county_admin=True, county=county, user__first_name="刘主任").user


@pytest.fixture
def rubric(county):
    return county_rubric(county)


def edit_url(rubric) -> str:
    return reverse("reviews:rubric_edit", kwargs={"rubric_id": rubric.pk})


def page_form(client, rubric) -> dict:
    """What the edit page posts when nothing is changed, read from the page as a browser would."""
    page = lxml.html.fromstring(client.get(edit_url(rubric)).content.decode())
    return dict(page.get_element_by_id("rubric-editor").form_values())


def row(data: dict, part: str, pk: int) -> str:
    """The field prefix of an existing row: part "dimensions", "indicators", "grades", "bonus" or "veto"."""
    pattern = r"dimensions-\d+-indicators" if part == "indicators" else part
    return next(key[:-3] for key, value in data.items() if re.fullmatch(pattern + r"-\d+-id", key) and value == str(pk))


def indicator(rubric, code) -> Indicator:
    return Indicator.objects.get(dimension__rubric=rubric, code=code)


def dimension(rubric, name) -> Dimension:
    return Dimension.objects.get(rubric=rubric, name=name)


def snapshot(rubric) -> tuple:
    """Every stored value of the rubric and its parts."""
    return (
        Rubric.objects.filter(pk=rubric.pk).values().get(),
        *[list(model.objects.filter(**{lookup: rubric}).order_by("pk").values()) for model, lookup in (
            (Dimension, "rubric"), (Indicator, "dimension__rubric"), (Grade, "rubric"), (BonusItem, "rubric"), (VetoItem, "rubric"))],
    )


def lock(rubric, county) -> Submission:
    """A round of the county using the rubric, with one submitted application."""
    round_ = RoundFactory(county=county, rubric=rubric)
    staff = UserRoleFactory(township=TownshipFactory(county=county)).user
    application = Application.objects.create(round=round_, township=staff.liuhao_role.township, status=Application.Status.SUBMITTED)
    return Submission.objects.create(application=application, version=1, submitted_by=staff, narrative="x", document_html="<p>x</p>")


# copying -----------------------------------------------------------------------------------------

def test_copying_the_shared_default_makes_an_editable_rubric_of_the_county(client, county, admin_user):
    default = default_rubric()
    before = snapshot(default)
    client.force_login(admin_user)
    response = client.post(reverse("reviews:rubric_copy", kwargs={"rubric_id": default.pk}))
    copy = Rubric.objects.get(county=county)
    assert response.status_code == 302 and response.url == edit_url(copy)
    assert copy.name == "“六好”乡镇工会考核标准（默认）（副本）" and copy.based_on == default and copy.code != default.code
    assert copy.total_points == default.total_points and copy.note == default.note

    def parts(rubric):
        return ([(d.name, d.points, d.position) for d in rubric.dimensions.all()],
                [(i.dimension.name, i.code, i.text, i.points, i.evidence, i.rule, i.tiers, i.not_applicable_points, i.position)
                 for i in Indicator.objects.filter(dimension__rubric=rubric).select_related("dimension")],
                list(rubric.grades.values_list("name", "min_score")),
                list(rubric.bonus_items.values_list("code", "text", "points_each", "cap", "evidence")),
                list(rubric.veto_items.values_list("code", "text")))

    assert parts(copy) == parts(default) and len(parts(copy)[1]) == 28
    assert snapshot(default) == before  # the default is untouched
    assert copy.history.get().history_user == admin_user  # the audit trail says who made it
    assert Indicator.history.filter(dimension__rubric=copy, history_type="+").count() == 28
    page = client.get(response.url).content.decode()
    assert 'id="rubric-editor"' in page and "已复制为“‘六好’乡镇工会考核标准（默认）（副本）”，可以修改。" in page
    client.post(reverse("reviews:rubric_copy", kwargs={"rubric_id": default.pk}))
    client.post(reverse("reviews:rubric_copy", kwargs={"rubric_id": copy.pk}))  # a copy of the copy
    assert list(Rubric.objects.filter(county=county).order_by("pk").values_list("name", flat=True)) == [
        "“六好”乡镇工会考核标准（默认）（副本）", "“六好”乡镇工会考核标准（默认）（副本2）", "“六好”乡镇工会考核标准（默认）（副本3）"]


def test_the_shared_default_is_read_only_for_everyone(client, admin_user):
    default = default_rubric()
    before = snapshot(default)
    client.force_login(admin_user)
    page = client.get(edit_url(default)).content.decode()
    assert "这是各县共用的默认考核标准，只读；如需修改，请复制一份。" in page
    assert 'id="rubric-editor"' not in page and 'id="copy-rubric"' in page
    assert "≥90% 得 6 分；≥85% 得 4 分；≥80% 得 2 分" in page  # B2's rule, as people read it
    response = client.post(edit_url(default), {"rubric-name": "改名", "rubric-total_points": "100"}, follow=True)
    assert "只读" in response.content.decode() and snapshot(default) == before
    assert not admin_user.has_perm("reviews.edit_rubric", default)
    with pytest.raises(ProcessError, match="只读"):
        with editing_rubric(default):
            pass


# editing -----------------------------------------------------------------------------------------

def test_posting_the_page_unchanged_changes_nothing(client, admin_user, rubric):
    before = snapshot(rubric)
    client.force_login(admin_user)
    response = client.post(edit_url(rubric), page_form(client, rubric), follow=True)
    assert "考核标准已保存。" in response.content.decode()
    assert snapshot(rubric) == before


def test_points_rules_texts_grades_bonus_and_veto_items_are_edited_on_one_page(client, admin_user, rubric):
    client.force_login(admin_user)
    data = page_form(client, rubric)
    a1, a2, b2 = indicator(rubric, "A1"), indicator(rubric, "A2"), indicator(rubric, "B2")
    data["rubric-name"] = "新郑市“六好”乡镇工会考核标准（2025）"
    data[row(data, "indicators", a1.pk) + "-points"] = "2.5"  # 3 → 2.5 and 3 → 3.5: the dimension still adds up
    data[row(data, "indicators", a2.pk) + "-points"] = "3.5"
    data[row(data, "indicators", a2.pk) + "-tiers"] = "2→3.5；≥1得1.5分"  # as people write tiers
    data[row(data, "indicators", b2.pk) + "-rule"] = "linear"
    data[row(data, "indicators", b2.pk) + "-tiers"] = "[[70, 0], [90, 6]]"  # as the rubric stores them
    data[row(data, "indicators", b2.pk) + "-text"] = "职工入会率"
    data[row(data, "grades", rubric.grades.get(name="达标").pk) + "-min_score"] = "75"
    data[row(data, "bonus", rubric.bonus_items.get(code="J1").pk) + "-cap"] = "4"
    data[row(data, "veto", rubric.veto_items.get(code="V3").pk) + "-DELETE"] = "on"
    data.update({"veto-3-code": "V4", "veto-3-text": "发生安全生产重大责任事故"})  # the empty row
    response = client.post(edit_url(rubric), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rubric.refresh_from_db()
    a1.refresh_from_db()
    a2.refresh_from_db()
    b2.refresh_from_db()
    assert rubric.name == "新郑市“六好”乡镇工会考核标准（2025）"
    assert (a1.points, a2.points, a2.tiers) == (Decimal("2.5"), Decimal("3.5"), [[2, 3.5], [1, 1.5]])
    assert (b2.rule, b2.tiers, b2.text) == ("linear", [[70, 0], [90, 6]], "职工入会率")
    assert 'value="2→3.5；1→1.5"' in client.get(edit_url(rubric)).content.decode()  # shown as written
    assert rubric.grades.get(name="达标").min_score == 75 and rubric.bonus_items.get(code="J1").cap == 4
    assert list(rubric.veto_items.values_list("code", flat=True)) == ["V1", "V2", "V4"]
    # the audit trail: who changed what, before and after
    history = client.get(reverse("reviews:rubric_history", kwargs={"rubric_id": rubric.pk})).content.decode()
    assert "考核指标：A1" in history and "分值：3 → 2.5" in history and "刘主任" in history
    assert "否决事项：V3" in history and "删除" in history and "等次：达标" in history and "最低分：80 → 75" in history


def test_a_dimension_is_deleted_and_a_new_one_added_with_its_indicators(client, admin_user, rubric):
    client.force_login(admin_user)
    data = page_form(client, rubric)
    center = dimension(rubric, "围绕中心开展工作好")  # 10 points, F1–F3
    data[row(data, "dimensions", center.pk) + "-DELETE"] = "on"
    new = "dimensions-6"  # the empty dimension row, and its indicators: one empty row, one more as "添加指标" adds it
    data.update({f"{new}-name": "创新工作好", f"{new}-points": "10", f"{new}-position": "7",
                 f"{new}-indicators-TOTAL_FORMS": "2",
                 f"{new}-indicators-0-code": "G1", f"{new}-indicators-0-text": "工作创新有特色", f"{new}-indicators-0-points": "6",
                 f"{new}-indicators-0-rule": "manual", f"{new}-indicators-0-tiers": "[]", f"{new}-indicators-0-position": "1",
                 f"{new}-indicators-1-code": "G2", f"{new}-indicators-1-text": "经验被推广", f"{new}-indicators-1-points": "4",
                 f"{new}-indicators-1-rule": "manual", f"{new}-indicators-1-tiers": "", f"{new}-indicators-1-position": "2"})
    response = client.post(edit_url(rubric), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(rubric.dimensions.values_list("name", flat=True)) == [
        "党委政府支持好", "组织网络健全好", "履行基本职责好", "指导帮助基层好", "服务职工群众好", "创新工作好"]
    added = dimension(rubric, "创新工作好")
    assert list(added.indicators.values_list("code", "points", "tiers")) == [("G1", 6, []), ("G2", 4, [])]
    assert not Indicator.objects.filter(dimension__rubric=rubric, code__startswith="F").exists()
    assert len(set(rubric.dimensions.values_list("key", flat=True))) == 6


def test_indicators_without_their_new_dimension_are_refused(client, admin_user, rubric):
    before = snapshot(rubric)
    client.force_login(admin_user)
    data = page_form(client, rubric)
    data.update({"dimensions-6-indicators-0-code": "G1", "dimensions-6-indicators-0-text": "x", "dimensions-6-indicators-0-points": "0"})
    page = client.post(edit_url(rubric), data).content.decode()
    assert "新增指标须先填写所属考核项目的名称和分值。" in page and snapshot(rubric) == before


def set_points(code, value):
    return lambda data, rubric: data.__setitem__(row(data, "indicators", indicator(rubric, code).pk) + "-points", value)


def set_indicator(which, /, **fields):
    def change(data, rubric):
        for name, value in fields.items():
            data[row(data, "indicators", indicator(rubric, which).pk) + f"-{name}"] = value
    return change


def set_field(part, pick, field, value):
    return lambda data, rubric: data.__setitem__(row(data, part, pick(rubric).pk) + f"-{field}", value)


def both(*changes):
    def change(data, rubric):
        for one in changes:
            one(data, rubric)
    return change


INVALID = {
    "points off the half-point grid": (both(set_points("A1", "2.3"), set_points("A2", "3.7")), "须以0.5分为单位"),
    "full-width digits": (set_points("A1", "３"), "请用半角阿拉伯数字填写"),
    "negative points": (both(set_points("A1", "-1"), set_points("A2", "7")), "确保该值大于或等于0。"),
    "indicators not adding up to their dimension": (set_points("A1", "4"), "“党委政府支持好”各指标分值合计 16 分，与项目分值 15 分不符。"),
    "dimensions not adding up to the total": (
        both(set_points("A1", "4"), set_field("dimensions", lambda r: dimension(r, "党委政府支持好"), "points", "16")),
        "各考核项目分值合计 101 分，与总分 100 分不符。"),
    "a total the dimensions do not make": (lambda data, rubric: data.__setitem__("rubric-total_points", "120"),
                                           "各考核项目分值合计 100 分，与总分 120 分不符。"),
    "tiers written neither way": (set_indicator("B2", tiers="90分以上6分"), "分档请写成“门槛→得分”，多档用分号隔开，如 90→6；85→4。"),
    "JSON that does not parse": (set_indicator("B2", tiers="[[90, 6], [85, 4]"), "分档请写成“门槛→得分”，多档用分号隔开，如 90→6；85→4。"),
    "a tier that is not a pair": (set_indicator("B2", tiers="[[90, 6], [85]]"), "分档须写成 [[门槛, 得分], …]，如 [[90, 6], [85, 4]]。"),
    "a tier that is not a number": (set_indicator("B2", tiers="[[NaN, 6]]"), "分档须写成 [[门槛, 得分], …]，如 [[90, 6], [85, 4]]。"),
    "a tier above the indicator's points": (set_indicator("B2", tiers="[[90, 7]]"), "分档得分须在 0 到指标分值之间。"),
    "a tier off the grid": (set_indicator("B2", tiers="[[90, 5.2]]"), "分档得分须以0.5分为单位。"),
    "a line whose points are in the wrong order": (set_indicator("B1", tiers="[[90, 6], [70, 0]]"), "线性计分须给出两点，且前一点的门槛较低。"),
    "tiers without any tier": (set_indicator("B2", tiers="[]"), "分档计分至少需要一档。"),
    "a rule on no figure": (set_indicator("B2", evidence=""), "按数据计分的指标须指定依据数据。"),
    "not-applicable points above the indicator's": (set_indicator("C4", not_applicable_points="5"), "不适用时得分不能超过指标分值。"),
    "an indicator code twice": (set_indicator("B1", code="A1"), "指标编号“A1”重复。"),
    "a dimension name twice": (set_field("dimensions", lambda r: dimension(r, "组织网络健全好"), "name", "党委政府支持好"),
                               "考核项目名称“党委政府支持好”重复。"),
    "a grade twice": (set_field("grades", lambda r: r.grades.get(name="先进"), "name", "模范"), "等次“模范”重复。"),
    "no grade at all": (both(*[set_field("grades", lambda r, name=name: r.grades.get(name=name), "DELETE", "on")
                               for name in ("模范", "先进", "达标")]), "至少需要一个等次。"),
    "a grade above the total": (set_field("grades", lambda r: r.grades.get(name="模范"), "min_score", "101"), "等次的最低分不能超过总分 100 分。"),
    "a bonus code twice": (set_field("bonus", lambda r: r.bonus_items.get(code="J2"), "code", "J1"), "加分事项编号“J1”重复。"),
    "a bonus cap below one item": (set_field("bonus", lambda r: r.bonus_items.get(code="J1"), "cap", "0.5"), "加分上限不能小于每项加分。"),
    "a veto code twice": (set_field("veto", lambda r: r.veto_items.get(code="V2"), "code", "V1"), "否决事项编号“V1”重复。"),
    "a name another rubric has": (lambda data, rubric: data.__setitem__("rubric-name", default_rubric().name), "已有名为"),
    "no name": (lambda data, rubric: data.__setitem__("rubric-name", ""), "这个字段是必填项。"),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_every_check_is_shown_in_chinese_and_nothing_is_saved(client, admin_user, rubric, case):
    change, message = INVALID[case]
    before = snapshot(rubric)
    client.force_login(admin_user)
    data = page_form(client, rubric)
    change(data, rubric)
    response = client.post(edit_url(rubric), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="form-errors"' in page
    assert message in page, case
    assert snapshot(rubric) == before


# the lock ----------------------------------------------------------------------------------------

def test_a_submission_in_a_round_using_it_locks_the_rubric(client, county, admin_user, rubric):
    client.force_login(admin_user)
    round_ = RoundFactory(county=county, rubric=rubric)
    data = page_form(client, rubric)  # a round without submissions: still editable
    assert client.post(edit_url(rubric), data).status_code == 302
    staff = UserRoleFactory(township=TownshipFactory(county=county)).user
    application = Application.objects.create(round=round_, township=staff.liuhao_role.township)
    assert client.post(edit_url(rubric), data).status_code == 302  # a draft application does not lock it
    Submission.objects.create(application=application, version=1, submitted_by=staff, narrative="x", document_html="x")
    before = snapshot(rubric)

    page = client.get(edit_url(rubric)).content.decode()
    assert f"评选“{round_}”已有申报提交，考核标准已锁定，不能再修改；如需修改，请复制一份。" in page
    assert 'id="rubric-editor"' not in page and 'id="copy-rubric"' in page
    data[row(data, "indicators", indicator(rubric, "A1").pk) + "-text"] = "改过的内容"
    response = client.post(edit_url(rubric), data, follow=True)
    assert "考核标准已锁定" in response.content.decode() and snapshot(rubric) == before
    with pytest.raises(ProcessError, match="已锁定"):  # the service refuses it too
        with editing_rubric(rubric):
            Indicator.objects.filter(dimension__rubric=rubric).update(text="改过的内容")
    assert snapshot(rubric) == before
    assert not admin_user.has_perm("reviews.edit_rubric", rubric) and admin_user.has_perm("reviews.copy_rubric", rubric)
    # changing it means copying it
    response = client.post(reverse("reviews:rubric_copy", kwargs={"rubric_id": rubric.pk}))
    copy = Rubric.objects.get(county=county, based_on=rubric)
    assert copy.name == f"{rubric.name.removesuffix('（副本）')}（副本2）"
    assert 'id="rubric-editor"' in client.get(response.url).content.decode()


def test_the_real_first_submission_locks_the_rubric(township, staff_user, rubric_of_township):
    round_ = RoundFactory(county=township.county, rubric=rubric_of_township)
    application = services.create_application(round_, township)
    with editing_rubric(rubric_of_township):
        pass  # editable while the application is a draft
    services.submit_application(application, staff_user)
    with pytest.raises(ProcessError, match="已锁定"):
        with editing_rubric(rubric_of_township):
            pass


@pytest.fixture
def rubric_of_township(township):
    return county_rubric(township.county)


def test_django_admin_shows_a_shared_or_locked_rubric_read_only(client, county, rubric):
    siteadmin = UserFactory(username="siteadmin", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = siteadmin
    model_admin = RubricAdmin(Rubric, admin.site)
    assert model_admin.has_change_permission(request, rubric)
    assert not model_admin.has_change_permission(request, default_rubric())
    inline = model_admin.get_inline_instances(request, rubric)[0]
    assert inline.has_add_permission(request, rubric) and inline.has_change_permission(request, rubric)
    lock(rubric, county)
    assert not model_admin.has_change_permission(request, rubric) and not model_admin.has_delete_permission(request, rubric)
    inline = model_admin.get_inline_instances(request, rubric)[0]
    assert not inline.has_add_permission(request, rubric) and not inline.has_change_permission(request, rubric)
    client.force_login(siteadmin)
    url = reverse("admin:reviews_rubric_change", args=[rubric.pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page and rubric.name in page  # a view, not a form
    assert client.post(url, {"name": "改名", "code": rubric.code, "total_points": "100"}).status_code == 403
    dimension_url = reverse("admin:reviews_dimension_change", args=[rubric.dimensions.first().pk])
    assert 'name="_save"' not in client.get(dimension_url).content.decode()
    rubric.refresh_from_db()
    assert rubric.name != "改名"


# scope -------------------------------------------------------------------------------------------

def test_another_countys_admin_never_sees_the_rubric(client, county, rubric):
    other_admin = UserRoleFactory(county_admin=True).user
    before = Rubric.objects.count()
    client.force_login(other_admin)
    for name in ("rubric_edit", "rubric_history"):
        assert client.get(reverse(f"reviews:{name}", kwargs={"rubric_id": rubric.pk})).status_code == 404, name
    for name in ("rubric_edit", "rubric_copy"):
        assert client.post(reverse(f"reviews:{name}", kwargs={"rubric_id": rubric.pk}), {}).status_code == 404, name
    assert Rubric.objects.count() == before
    listing = client.get(reverse("reviews:rubric_list")).content.decode()
    assert rubric.name not in listing and default_rubric().name in listing
    assert client.get(edit_url(default_rubric())).status_code == 200  # the shared default: every county reads it


def test_only_county_admins_open_the_rubric_pages(client, county, rubric):
    reviewer = UserRoleFactory(reviewer=True, county=county).user
    staff = UserRoleFactory(township=TownshipFactory(county=county)).user
    urls = [reverse("reviews:rubric_list")] + [reverse(f"reviews:{name}", kwargs={"rubric_id": rubric.pk})
                                               for name in ("rubric_edit", "rubric_copy", "rubric_history")]
    for user in (reviewer, staff):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, {}).status_code == 403, (user, url)
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_round_offers_the_countys_rubrics_and_the_shared_default_only(client, county, admin_user, rubric):
    other = county_rubric(CountyFactory())
    client.force_login(admin_user)
    page = client.get(reverse("reviews:round_create")).content.decode()
    assert rubric.name in page and default_rubric().name in page and f'value="{other.pk}"' not in page
    response = client.post(reverse("reviews:round_create"), {"year": "2025", "deadline": "2099-12-31", "rubric": other.pk,
                                                             "aggregate": "mean", "spread_threshold": "10", "min_reviews": "2"})
    assert response.status_code == 200 and not Round.objects.exists()


def test_rubric_list_says_which_rubric_may_still_change(client, county, admin_user, rubric):
    locked = rubric_copy(rubric=rubric, county=county)
    lock(locked, county)
    client.force_login(admin_user)
    page = lxml.html.fromstring(client.get(reverse("reviews:rubric_list")).content.decode())

    def state(r):
        return "".join(page.get_element_by_id(f"rubric-{r.pk}").text_content().split())

    assert "各县共用" in state(default_rubric()) and "只读" in state(default_rubric())
    assert "可修改" in state(rubric) and "已锁定" in state(locked)
