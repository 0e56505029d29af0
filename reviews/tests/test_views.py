"""The pages of applications and review, through the Django test client."""
import io
import re
from decimal import Decimal

import lxml.html
import pdfplumber
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reviews import services
from reviews.models import Application, Assignment, Review, Round
from reviews.scoring import RubricParts, assess
from unions.models import Member

from .test_services import full_scores

pytestmark = pytest.mark.django_db


def test_staff_apply_see_self_assessment_and_submit(client, staff_user, township, round_):
    client.force_login(staff_user)
    page = client.get(reverse("reviews:township_applications", kwargs={"township_id": township.pk})).content.decode()
    assert str(round_) in page and "开始申报" in page
    response = client.post(reverse("reviews:township_applications", kwargs={"township_id": township.pk}), {"round": round_.pk})
    application = Application.objects.get(township=township, round=round_)
    assert response.url == reverse("reviews:application_detail", kwargs={"pk": application.pk})
    detail = client.get(response.url).content.decode()
    assert "导出前检查通过" in detail and "自评（按当前数据）" in detail and 'id="assessment-total"' in detail
    assert "评审得分" not in detail  # nothing of the review before a decision
    assert 'class="nav-link active" href="%s"' % reverse("reviews:township_applications", kwargs={"township_id": township.pk}) in detail  # the township menu stays
    client.post(reverse("reviews:application_submit", kwargs={"pk": application.pk}))
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    Member.objects.filter(township=township).delete()
    frozen = client.get(reverse("reviews:submission_report", kwargs={"pk": application.pk})).content.decode()
    assert "会员144人" in frozen.replace("，", "")
    pdf = client.get(reverse("reviews:submission_pdf", kwargs={"pk": application.pk}))
    text = "".join(page.extract_text() for page in pdfplumber.open(io.BytesIO(pdf.content)).pages).replace(" ", "").replace("\n", "")
    assert "会员144人" in text and "附件5：2025年帮扶台账" in text


def test_a_blocked_submission_keeps_the_draft_and_says_why(client, staff_user, township, application):
    from reports.models import SectionText

    SectionText.objects.create(township=township, year=2025, section="plans", text="xx乡工会将继续努力。")
    client.force_login(staff_user)
    detail = client.get(reverse("reviews:application_detail", kwargs={"pk": application.pk})).content.decode()
    assert "解决后才能提交" in detail and 'id="submit-application"' not in detail
    response = client.post(reverse("reviews:application_submit", kwargs={"pk": application.pk}), follow=True)
    assert "导出前检查还有 1 个问题" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_reviewer_scores_independently_then_sees_the_others(client, under_review, reviewers):
    first, second = reviewers
    services.save_review(under_review, second, scores=full_scores(under_review, adjust=Decimal("1"), comment="偏高"),
                         bonus={}, vetoes={}, submit=True)
    client.force_login(first)
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert "具茨山镇" in queue and "0/28" in queue
    url = reverse("reviews:review", kwargs={"pk": under_review.pk})
    page = client.get(url).content.decode()
    assert "乙评审" not in page and 'id="all-scores"' not in page  # the other's scores stay hidden
    parts = RubricParts.load(under_review.round.rubric)
    data = {"save": "1"}
    for line in assess(parts, under_review.submissions.first().evidence).lines:
        data[f"score_{line.indicator.pk}"] = str(line.suggested if line.suggested is not None else line.indicator.points)
    data[f"score_{parts.indicators[0].pk}"] = "9"  # out of range: refused, nothing lost
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "确保该值小于或等于3。" in page  # points as written on the rubric
    assert "有 1 处需要修改，已在下面标出。" in page  # said above the 28 rows too
    assert 'value="9"' in page  # what was typed stays
    empty = client.post(url, {"submit": "1"}).content.decode()
    assert "还有 28 项尚未评分：A1、A2" in empty and "A1 尚未评分" not in empty  # one line, not 28
    assert not Review.objects.filter(reviewer=first, scores__isnull=False).exists()
    data[f"score_{parts.indicators[0].pk}"] = "3"
    client.post(url, data)  # saved, not submitted
    assert client.get(reverse("reviews:queue")).content.decode().count("28/28") == 1
    data.pop("save")
    data["submit"] = "1"
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "您已于" in page and 'id="all-scores"' in page and "乙评审" in page


def test_unassigned_reviewer_and_other_counties_are_refused(client, under_review, township):
    from unions.tests.factories import UserRoleFactory

    unassigned = UserRoleFactory(reviewer=True, county=township.county).user
    client.force_login(unassigned)
    assert client.get(reverse("reviews:application_detail", kwargs={"pk": under_review.pk})).status_code == 403
    assert client.get(reverse("reviews:review", kwargs={"pk": under_review.pk})).status_code == 403
    client.force_login(UserRoleFactory(county_admin=True).user)  # admin of another county
    for name in ("application_detail", "decide", "history", "scoresheet_pdf", "submission_pdf"):
        assert client.get(reverse(f"reviews:{name}", kwargs={"pk": under_review.pk})).status_code == 404, name
    assert client.get(reverse("reviews:round_detail", kwargs={"pk": under_review.round_id})).status_code == 404


def test_staff_see_no_review_until_the_decision(client, staff_user, under_review, reviewers, county_admin):
    for reviewer in reviewers:  # the round's minimum of two
        services.save_review(under_review, reviewer, scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    client.force_login(staff_user)
    for name in ("review", "decide", "history", "scoresheet_pdf"):
        assert client.get(reverse(f"reviews:{name}", kwargs={"pk": under_review.pk})).status_code == 403, name
    services.decide(under_review, county_admin, decision=Application.Status.RETURNED, reasons="补充帮扶台账")
    detail = client.get(reverse("reviews:application_detail", kwargs={"pk": under_review.pk})).content.decode()
    assert "退回整改" in detail and "补充帮扶台账" in detail and "重新提交" in detail
    sheet = client.get(reverse("reviews:scoresheet_pdf", kwargs={"pk": under_review.pk}))
    assert sheet.status_code == 200
    text = "".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(sheet.content)).pages)
    assert "评审1" in text and "甲评审" not in text  # staff read the sheet without reviewers' names


def test_county_admin_runs_the_round(client, county_admin, township, staff_user, reviewers):
    client.force_login(county_admin)
    assert "还没有评选" in client.get(reverse("reviews:round_list")).content.decode()
    response = client.post(reverse("reviews:round_create"), {"year": "2025", "deadline": "2000-01-01", "rubric": "1",
                                                             "aggregate": "mean", "spread_threshold": "10"})
    assert "截止日期不能早于今天" in response.content.decode() and not Round.objects.exists()
    from reviews.tests.factories import default_rubric

    deadline = "2099-12-31"
    response = client.post(reverse("reviews:round_create"), {"year": "2025", "deadline": deadline, "rubric": default_rubric().pk,
                                                             "aggregate": "median", "spread_threshold": "8", "min_reviews": "2"})
    round_ = Round.objects.get(county=township.county)
    assert round_.min_reviews == 2
    application = services.create_application(round_, township)
    services.submit_application(application, staff_user)
    url = reverse("reviews:round_detail", kwargs={"pk": round_.pk})
    page = client.get(url).content.decode()
    assert township.name in page and "甲评审" in page
    for reviewer in reviewers:
        client.post(reverse("reviews:round_assign", kwargs={"pk": round_.pk}), {"application": application.pk, "reviewer": reviewer.pk})
    assert Assignment.objects.filter(application=application).count() == 2
    client.post(reverse("reviews:round_advance", kwargs={"pk": round_.pk}), {"to": "reviewing"})
    round_.refresh_from_db()
    assert round_.status == Round.Status.REVIEWING
    application.refresh_from_db()
    services.save_review(application, reviewers[0], scores=full_scores(application), bonus={}, vetoes={}, submit=True)
    services.save_review(application, reviewers[1], scores=full_scores(application, adjust=Decimal("3"), comment="台账不全"),
                         bonus={}, vetoes={}, submit=True)
    page = client.get(url).content.decode()
    assert "分歧较大" in page  # 20+ points apart with a threshold of 8
    workbook = load_workbook(io.BytesIO(client.get(reverse("reviews:round_export", kwargs={"pk": round_.pk})).content))
    rows = list(workbook.active.values)
    assert rows[0][0] == "排名" and rows[1][1] == township.name and rows[1][3] == "2/2" and rows[1][-5] == "是"
    response = client.post(reverse("reviews:decide", kwargs={"pk": application.pk}), {"decision": "named", "grade": ""})
    assert "命名须选择等次" in response.content.decode()
    client.post(reverse("reviews:decide", kwargs={"pk": application.pk}), {"decision": "named", "grade": "达标"})
    application.refresh_from_db()
    assert application.status == Application.Status.NAMED and application.grade == "达标"
    history = client.get(reverse("reviews:history", kwargs={"pk": application.pk})).content.decode()
    assert "提交第 1 版" in history and "命名" in history and "评审分配" in history and "得分" in history
    decider = county_admin.get_full_name() or county_admin.username
    assert f"决定人：— → {decider}" in history  # a name, not a user id
    assert "+00:00" not in history  # times in local time, to the minute
    assert "说明：— → 台账不全" in history  # a new score shows what it said
    sheet = client.get(reverse("reviews:scoresheet_pdf", kwargs={"pk": application.pk}))
    text = "".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(sheet.content)).pages).replace(" ", "")
    for expected in ("考核评分表", "B2", "甲评审", "乙评审", "总分", "台账不全", "命名：达标"):
        assert expected in text, expected
    client.post(reverse("reviews:round_advance", kwargs={"pk": round_.pk}), {"to": "decided"})
    round_.refresh_from_db()
    assert round_.status == Round.Status.DECIDED


def test_duplicate_text_is_shown_to_reviewers(client, under_review, reviewers, staff_user, township):
    from unions.tests.factories import TownshipFactory

    copy = TownshipFactory(county=township.county, name="抄袭镇")
    other = Application.objects.create(round=under_review.round, township=copy, status=Application.Status.SUBMITTED)
    first = under_review.submissions.first()
    other.submissions.create(version=1, submitted_by=staff_user, narrative=first.narrative, document_html="<p>x</p>")
    client.force_login(reviewers[0])
    page = client.get(reverse("reviews:review", kwargs={"pk": under_review.pk})).content.decode()
    # liuhao's own generated phrasing is not counted; the rest of a copied narrative is
    assert re.search(r"文字重复：[1-9]\d*%", page) and "抄袭镇（2025年）" in page


def _warning(page: str, element_id: str) -> str:
    """The text of the element with this id (a warning on the decision page), without spaces; "" when absent."""
    found = lxml.html.fromstring(page).get_element_by_id(element_id, None)
    return "".join(found.text_content().split()) if found is not None else ""


def test_decision_page_names_the_reviewers_missing_below_the_minimum(client, county_admin, under_review, reviewers):
    """Round.min_reviews is 2: the page says so before the admin tries, names who has not submitted,
    offers no button to press, and a POST is refused with the same rule."""
    client.force_login(county_admin)
    url = reverse("reviews:decide", kwargs={"pk": under_review.pk})
    page = client.get(url).content.decode()
    warning = _warning(page, "reviews-below-minimum")
    assert "至少2位评审提交评分后才能作出决定，目前只有0位" in warning
    assert "尚未提交评分：甲评审、乙评审" in warning
    assert re.search(r'<button class="btn btn-danger" type="submit"[^>]* disabled>', page)
    services.save_review(under_review, reviewers[0], scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    warning = _warning(client.get(url).content.decode(), "reviews-below-minimum")
    assert "目前只有1位" in warning and "尚未提交评分：乙评审" in warning and "甲评审" not in warning
    response = client.post(url, {"decision": "rejected", "reasons": "材料不实"})
    assert "至少 2 位评审提交评分后才能作出决定，目前只有 1 位" in response.content.decode()
    under_review.refresh_from_db()
    assert under_review.status == Application.Status.SUBMITTED
    services.save_review(under_review, reviewers[1], scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    page = client.get(url).content.decode()
    assert 'id="reviews-below-minimum"' not in page and 'id="reviews-missing"' not in page
    assert not re.search(r'type="submit"[^>]* disabled>', page)


def test_decision_page_above_the_minimum_still_names_who_has_not_scored(client, county_admin, under_review, reviewers):
    Round.objects.filter(pk=under_review.round_id).update(min_reviews=1)
    services.save_review(under_review, reviewers[1], scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    client.force_login(county_admin)
    page = client.get(reverse("reviews:decide", kwargs={"pk": under_review.pk})).content.decode()
    assert 'id="reviews-below-minimum"' not in page
    assert "尚未提交评分：甲评审。现在作出的决定只依据已提交的评分" in _warning(page, "reviews-missing")


def test_decision_page_says_when_too_few_reviewers_are_assigned(client, county_admin, under_review, reviewers):
    services.unassign_reviewer(under_review, reviewers[1])
    client.force_login(county_admin)
    warning = _warning(client.get(reverse("reviews:decide", kwargs={"pk": under_review.pk})).content.decode(),
                       "reviews-below-minimum")
    assert "尚未提交评分：甲评审" in warning and "已分配的评审只有1位" in warning
