"""恢复系统生成的文字 asks first, says what goes, and can be undone: every change of a section keeps
the wording it replaced (one step), and an undo can be undone in turn."""
import pytest
from django.urls import reverse

from reports.models import ReplacedSectionText, SectionText
from unions.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

MINE = "我镇工会坚持以职工为中心，入会率{{入会率}}。"


def section_url(township, section="rights", year=2025):
    return reverse("reports:section_edit", kwargs={"township_id": township.pk, "year": year, "section": section})


def wording(township, section="rights"):
    saved = SectionText.objects.filter(township=township, year=2025, section=section).first()
    return saved.text if saved else None  # None: the generated text


def test_restore_keeps_the_wording_and_undo_brings_it_back(staff_client, township, staff_user):
    url = section_url(township)
    page = staff_client.get(url).content.decode()
    assert 'id="restore-generated"' not in page and 'id="uses-generated"' in page  # nothing to restore yet
    assert 'id="previous-version"' not in page

    staff_client.post(url, {"text": MINE})
    assert wording(township) == MINE
    page = staff_client.get(url).content.decode()
    # the button asks first and says what will be lost: the saved wording, by whom and when, its length
    assert 'id="restore-generated"' in page and "data-confirm=" in page
    assert f"（{len(MINE)}字，{staff_user.username}于" in page and "可以在本页撤销" in page
    # the change from the generated text is itself kept
    assert ReplacedSectionText.objects.get().generated

    response = staff_client.post(url, {"reset": "1"})
    assert response.status_code == 302 and response["Location"] == url
    assert wording(township) is None
    kept = ReplacedSectionText.objects.get()
    assert (kept.generated, kept.text, kept.replaced_by) == (False, MINE, staff_user)
    page = staff_client.get(url).content.decode()
    assert "已恢复为系统生成的文字" in page and 'id="previous-version"' in page and "上一版本是改写的文字" in page
    assert 'id="undo-section"' in page and MINE in page  # the kept wording can be read before bringing it back

    staff_client.post(url, {"undo": "1"})
    assert wording(township) == MINE
    kept.refresh_from_db()
    assert kept.generated  # the generated text it replaced is now the step back: the undo is undone the same way
    page = staff_client.get(url).content.decode()
    assert "已撤销上一次修改" in page and "上一版本是系统生成的文字" in page

    staff_client.post(url, {"undo": "1"})
    assert wording(township) is None


def test_saving_over_a_wording_keeps_the_one_before(staff_client, township):
    url = section_url(township)
    staff_client.post(url, {"text": MINE})
    staff_client.post(url, {"text": "改写第二稿。"})
    assert ReplacedSectionText.objects.get().text == MINE
    staff_client.post(url, {"text": "改写第二稿。"})  # saving the same again changes nothing, keeps the step back
    assert ReplacedSectionText.objects.get().text == MINE
    staff_client.post(url, {"undo": "1"})
    assert wording(township) == MINE


def test_restoring_what_is_generated_already_or_undoing_nothing_changes_nothing(staff_client, township):
    url = section_url(township)
    staff_client.post(url, {"reset": "1"})
    staff_client.post(url, {"undo": "1"})
    assert wording(township) is None and not ReplacedSectionText.objects.exists()


def test_only_the_townships_staff_restore_or_undo(client, township):
    from unions.tests.factories import UserRoleFactory

    reviewer = UserRoleFactory(reviewer=True, county=township.county).user
    SectionText.objects.create(township=township, year=2025, section="rights", text=MINE)
    client.force_login(reviewer)
    assert client.post(section_url(township), {"reset": "1"}).status_code == 403
    assert client.post(section_url(township), {"undo": "1"}).status_code == 403
    assert wording(township) == MINE


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_restore_asks_first_and_is_undone_in_a_browser(page, live_server, log_in, township, staff_user):
    SectionText.objects.create(township=township, year=2025, section="rights", text=MINE)
    log_in(staff_user.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}{section_url(township)}")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("#restore-generated")
    assert f"{len(MINE)}字" in questions[0] and "尚未保存的修改也会丢失" in questions[0]
    assert wording(township) == MINE  # said no: nothing happened

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#restore-generated")
    assert wording(township) is None
    assert "已恢复为系统生成的文字" in page.locator(".alert-success").inner_text()
    assert page.input_value("#id_text") != MINE

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#undo-section")
    assert wording(township) == MINE
    assert page.input_value("#id_text") == MINE
