"""A reviewer scores an application end to end in a real browser (Debian Chromium)."""
import pytest

from reviews.models import Review
from unions.tests.factories import TEST_PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_scores_an_application_in_the_browser(page, live_server, under_review, reviewers):
    reviewer = reviewers[0]
    reviewer.set_password(TEST_PASSWORD)
    reviewer.save()
    page.on("dialog", lambda dialog: dialog.accept())  # the "submit cannot be undone" confirmation
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.click("nav >> text=评审任务")
    assert page.locator("#queue").inner_text().count("具茨山镇") == 1
    page.click("#queue a.btn")
    page.click("text=以建议分为起点")  # suggestions prefilled; the judged ones are left to the reviewer
    for code, value in (("A1", "3"), ("E2", "6"), ("E5", "2"), ("F3", "2.5")):
        page.fill(f"#indicator-{code} input.score-input", value)
    page.fill("#indicator-B2 input.score-input", "4")  # departs from the suggestion without a reason
    page.click("#submit-review")
    assert "B2 的得分与建议分 6 不同，请说明理由" in page.locator(".alert-danger").inner_text()
    assert page.locator("#indicator-F3 input.score-input").input_value() == "2.5"  # nothing typed is lost
    page.fill("#indicator-B2 input[name^=comment]", "花名册与台账人数不一致")
    page.click("#submit-review")
    assert "您已于" in page.locator(".alert-success").last.inner_text()
    assert page.locator("#all-scores").is_visible()
    review = Review.objects.get(reviewer=reviewer)
    assert review.is_submitted and review.scores.count() == 28
    assert review.scores.get(indicator__code="B2").comment == "花名册与台账人数不一致"
