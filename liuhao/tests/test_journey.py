"""The whole journey in a real browser (Debian Chromium): staff enter data, fix what the pre-flight
check finds and submit; a reviewer scores; the county admin decides; staff download the PDF."""
import pytest

from reports.models import SectionText
from reports.tests.conftest import staff_user, township  # noqa: F401  (a township ready to apply)
from reviews.models import Application, Review
from reviews.tests.factories import RoundFactory
from unions.models import Activity
from unions.tests.conftest import fast_password_hasher  # noqa: F401
from unions.tests.factories import TEST_PASSWORD, UserRoleFactory

BROWSER_ARGS = {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


CSP_VIOLATIONS = []


def log_in(browser, live_server, user):
    page = browser.new_context(**BROWSER_ARGS).new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "confirm?" before irreversible steps
    page.on("console", lambda message: "Content Security Policy" in message.text and CSP_VIOLATIONS.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_review_decide_download(browser, live_server, township, staff_user, tmp_path):  # noqa: F811
    round_ = RoundFactory(county=township.county, min_reviews=1)  # the county has this one reviewer
    reviewer = UserRoleFactory(reviewer=True, county=township.county, user__first_name="赵评审").user
    admin = UserRoleFactory(county_admin=True, county=township.county, user__first_name="刘主任").user
    for user in (staff_user, reviewer, admin):
        user.set_password(TEST_PASSWORD)
        user.save()
    SectionText.objects.create(township=township, year=2025, section="plans", text="下一步，**镇工会将继续努力。")

    # Staff: record an activity, find the placeholder in the pre-flight check, fix it, submit.
    staff = log_in(browser, live_server, staff_user)
    staff.click("aside >> text=活动")
    staff.click("text=新增活动")
    staff.select_option("#id_kind", "labour_competition")
    staff.fill("#id_held_on", "2025-09-20")
    staff.fill("#id_title", "建材行业劳动竞赛")
    staff.fill("#id_participants", "260")
    staff.click("main button[type=submit]")
    assert Activity.objects.filter(township=township, title="建材行业劳动竞赛").exists()
    staff.click("aside >> text=申报")
    staff.click("text=开始申报")
    assert "解决后才能提交" in staff.locator("#preflight").inner_text()
    staff.locator("#preflight a").first.click()  # the finding's own link to fix it
    staff.fill("#id_text", "下一步，具茨山镇工会将继续扩大组织覆盖面。")
    staff.click("main button[type=submit]:has-text('保存')")
    staff.click("aside >> text=申报")
    staff.click(f"text={round_}")
    staff.click("#submit-application")
    assert "已提交第 1 版申报" in staff.locator(".alert-success").inner_text()
    application = Application.objects.get(township=township)
    assert application.status == Application.Status.SUBMITTED

    # County admin: assign the reviewer, close applications.
    county = log_in(browser, live_server, admin)
    county.click("nav >> text=评选")
    county.click(f"text={round_}")
    county.locator(f"#application-{application.pk} button:has-text('分配')").click()
    county.click("#advance-round")
    assert "评审中" in county.locator(".alert-success").inner_text()

    # Reviewer: score from the suggestions, judge the rest, submit.
    review = log_in(browser, live_server, reviewer)
    review.click("nav >> text=评审任务")
    review.click("#queue a.btn")
    review.click("text=以建议分为起点")
    for row in review.locator("tr[id^=indicator-]").all():
        score = row.locator("input.score-input")
        if not score.input_value():
            score.fill("2")
    review.click("#submit-review")
    assert "您已于" in review.locator(".alert-success").last.inner_text()
    assert Review.objects.get(reviewer=reviewer).is_submitted

    # County admin: name it at the grade the score implies.
    county.reload()
    county.locator(f"#application-{application.pk} a:has-text('决定')").click()
    county.check("input[name=decision][value=named]")
    county.select_option("#id_grade", "达标")
    county.click("main button[type=submit]")
    application.refresh_from_db()
    assert application.status == Application.Status.NAMED and application.grade == "达标"

    # Staff: the decision, and the submitted material as PDF.
    staff.reload()
    assert "命名（达标）" in staff.locator("#decision").inner_text()
    with staff.expect_download() as download:
        staff.click("a:has-text('PDF')")
    target = tmp_path / "submitted.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename == "具茨山镇2025年六好申报材料（第1版）.pdf"
    assert CSP_VIOLATIONS == []  # every page of the journey satisfies the Content Security Policy
