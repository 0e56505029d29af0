"""What staff type into the report (issue 12): section texts and the 存在问题/下步打算 within their
limits, without the bidi controls that made "txt.exe" print as "exe.txt" in the PDF."""
import re

import pytest
from django.urls import reverse

from reports.models import ReportSettings, SectionText

from .test_settings import form_data, settings_url

pytestmark = pytest.mark.django_db
RLO = "\u202e"


def section_url(township, section="plans", year=2025):
    return reverse("reports:section_edit", kwargs={"township_id": township.pk, "year": year, "section": section})


def test_a_section_text_has_a_limit(staff_client, township):
    assert 'maxlength="5000"' in staff_client.get(section_url(township)).content.decode()
    response = staff_client.post(section_url(township), {"text": "工" * 5001})
    assert "最多5000个字，现有5001个字。" in response.content.decode()
    assert not SectionText.objects.exists()
    assert staff_client.post(section_url(township), {"text": "工" * 5000}).status_code == 302


def test_a_section_text_loses_bidi_controls(staff_client, township):
    staff_client.post(section_url(township), {"text": f"附件见 {RLO}txt.exe\r\n下一段"})
    assert SectionText.objects.get().text == "附件见 txt.exe\n下一段"


def test_problems_and_plans_have_a_limit_and_no_bidi_controls(staff_client, township):
    response = staff_client.post(settings_url(township), form_data(problems="问" * 2001))
    assert response.context["form"].errors["problems"] == ["最多2000个字，现有2001个字。"]
    assert not ReportSettings.objects.exists()
    staff_client.post(settings_url(township), form_data(problems=f"经费{RLO}不足", plans="\u200b争取列入预算"))
    saved = ReportSettings.objects.get()
    assert (saved.problems, saved.plans) == ("经费不足", "争取列入预算")


def test_the_signing_date_input_offers_the_days_the_form_accepts(staff_client, township):
    page = staff_client.get(settings_url(township)).content.decode()
    tag = re.search(r'<input[^>]*name="signed_on"[^>]*>', page).group(0)
    assert 'min="2025-01-01"' in tag and re.search(r'max="\d{4}-12-31"', tag)
