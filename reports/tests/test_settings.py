"""文档设置: staff set the cover, title, 落款, annexes and double-sided printing of a year's report;
the page and the PDF follow, and nobody else can change them."""
import datetime
import io

import pdfplumber
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reports.builder import build_report
from reports.models import ReportSettings, SectionText
from unions.models import Honour, RightsCase
from unions.selectors import RECORD_TYPES
from unions.tests.factories import UserRoleFactory

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
TODAY = timezone.localdate()


def settings_url(township, year=2025):
    return reverse("reports:settings", kwargs={"township_id": township.pk, "year": year})


def report_page(client, township) -> str:
    return client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025}).content.decode()


def report_pdf(client, township) -> pdfplumber.PDF:
    response = client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert response["Content-Type"] == "application/pdf"
    return pdfplumber.open(io.BytesIO(response.content))


def plain(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "").replace("\n", "")


def pdf_text(document: pdfplumber.PDF) -> str:
    return plain("".join(page.extract_text() for page in document.pages))


def footer(page) -> str:
    return plain("".join(c["text"] for c in page.chars if c["top"] > page.height - 35 * MM))


def form_data(**changes) -> dict:
    """The settings form as the browser posts it with the defaults; unchecked boxes are left out."""
    data = {"type_line": "创建“六好”乡镇工会", "doc_kind": "汇报材料", "theme": "", "subtitle": "", "title": "", "issuer": "",
            "signed_on": "", "include_statistics": "on", "include_honours": "on", "include_ledgers": "on",
            "closing": "numbered", "problems": "", "plans": ""}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def save(client, township, **changes):
    response = client.post(settings_url(township), form_data(**changes))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


def test_looking_at_the_settings_page_creates_nothing(staff_client, township):
    response = staff_client.get(settings_url(township))
    assert response.status_code == 200
    page = response.content.decode()
    assert ReportSettings.objects.count() == 0
    assert 'value="创建“六好”乡镇工会"' in page and 'value="汇报材料"' in page
    assert 'placeholder="具茨山镇创建“六好”乡镇工会工作汇报"' in page  # what a blank title gives
    assert 'type="date"' in page and 'name="signed_on"' in page  # the project's date picker
    assert "落款日期" in page and "双面打印" in page and "存在问题" in page
    # the report page links to it
    assert f'href="{settings_url(township)}"' in report_page(staff_client, township)
    assert ReportSettings.objects.count() == 0


def test_saved_settings_are_on_the_page_and_in_the_pdf(staff_client, staff_user, township):
    cache.clear()
    response = save(staff_client, township, title="  具茨山镇工会工作汇报  ", theme="加强自身建设　充分发挥作用",
                    subtitle="积极探索新形势下工会工作新方法", issuer="具茨山镇总工会", signed_on="2025-12-20",
                    problems="  经费不足 \n\n 阵地偏小  ", plans="争取财政支持")
    assert response["Location"] == reverse("reports:report", kwargs={"township_id": township.pk}) + "?year=2025"
    saved = ReportSettings.objects.get(township=township, year=2025)
    assert saved.title == "具茨山镇工会工作汇报"  # stripped
    assert saved.problems == "经费不足\n阵地偏小"  # one item a line
    assert saved.updated_by == staff_user and saved.signed_on == datetime.date(2025, 12, 20)

    page = staff_client.get(response["Location"])
    assert "2025年汇报材料的文档设置已保存。" in [str(m) for m in page.context["messages"]]
    html = page.content.decode()
    assert '<h1 class="doc-title">具茨山镇工会工作汇报</h1>' in html
    assert '<div class="cover-kind">汇报材料</div>' in html  # spaced by CSS, not in the text
    for text in ("加强自身建设　充分发挥作用", "积极探索新形势下工会工作新方法", "具茨山镇总工会", "二〇二五年十二月二十日", "2025年12月20日"):
        assert text in html, text

    document = report_pdf(staff_client, township)
    cover, first = plain(document.pages[0].extract_text()), document.pages[1]
    assert cover.startswith("创建“六好”乡镇工会汇报材料加强自身建设充分发挥作用积极探索新形势下工会工作新方法")
    assert cover.endswith("具茨山镇总工会二〇二五年十二月二十日")
    assert plain(first.extract_text()).startswith("具茨山镇工会工作汇报具茨山镇总工会")
    assert "具茨山镇总工会2025年12月20日" in pdf_text(document)  # 落款
    assert ReportSettings.objects.count() == 1
    # saved again: the same row
    save(staff_client, township, title="第二稿")
    assert ReportSettings.objects.get().title == "第二稿"


@pytest.mark.parametrize("changes, field, message", [
    ({"signed_on": "2024-12-31"}, "signed_on", "落款日期不能早于2025年1月1日：这是2025年度的汇报材料。"),
    ({"signed_on": f"{TODAY.year + 2}-01-01"}, "signed_on", f"落款日期不能晚于{TODAY.year + 1}年12月31日，请检查年份。"),
    ({"type_line": "   "}, "type_line", "请填写封面第一行，如：创建“六好”乡镇工会。"),
    ({"doc_kind": ""}, "doc_kind", "请填写材料名称，如：汇报材料。"),
])
def test_wrong_settings_are_refused_with_a_reason(staff_client, township, changes, field, message):
    response = staff_client.post(settings_url(township), form_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert ReportSettings.objects.count() == 0


def test_a_date_ahead_within_next_year_is_accepted(staff_client, township):
    save(staff_client, township, signed_on=f"{TODAY.year + 1}-12-31")
    assert ReportSettings.objects.get().signed_on == datetime.date(TODAY.year + 1, 12, 31)


def test_default_signing_date_is_the_day_of_the_last_change(staff_client, township):
    cache.clear()
    day = datetime.date(2025, 11, 3)
    moment = timezone.make_aware(datetime.datetime(2025, 11, 3, 16, 30))
    for model in RECORD_TYPES:
        model.objects.filter(township=township).update(updated_at=moment)
    assert day != TODAY
    assert build_report(township, 2025, with_charts=False).date == day
    document = report_pdf(staff_client, township)
    assert plain(document.pages[0].extract_text()).endswith("二〇二五年十一月三日")
    assert "具茨山镇工会工作委员会2025年11月3日" in pdf_text(document)
    assert "目前为2025年11月3日" in staff_client.get(settings_url(township)).content.decode()
    # a text edited later dates the report that day
    SectionText.objects.create(township=township, year=2025, section="plans", text="下一步，我们将继续努力。")
    SectionText.objects.update(updated_at=timezone.make_aware(datetime.datetime(2025, 12, 1, 9)))
    assert build_report(township, 2025, with_charts=False).date == datetime.date(2025, 12, 1)


def test_annexes_chosen_off_or_empty_are_left_out_and_the_rest_numbered(staff_client, township):
    cache.clear()
    report = build_report(township, 2025, with_charts=False)
    assert [(a.number, a.key) for a in report.annexes] == [
        (1, "statistics"), (2, "honours"), (3, "unions"), (4, "cases"), (5, "assistance")]

    # statistics chosen off, no honours, no cases: 附件1 is the union register
    Honour.objects.filter(township=township).delete()
    RightsCase.objects.filter(township=township).delete()
    save(staff_client, township, include_statistics=None)
    page = report_page(staff_client, township)
    assert "附件“所获荣誉”没有记录，已不附。" in page and "附件“维权案件台账”没有记录，已不附。" in page
    assert "基本情况统计表" not in page and "附件2：所获荣誉" not in page and 'id="annex-statistics"' not in page
    assert "台账 PDF（附件1—2）" in page
    text = pdf_text(report_pdf(staff_client, township))
    assert "附件：1.基层工会名册（另册）2.2025年帮扶台账（另册）具茨山镇工会工作委员会" in text
    assert "基本情况统计表" not in text and "所获荣誉" not in text and "维权案件台账" not in text

    # ledgers chosen off: no ledgers in the list, the page or for download; the statistics back as 附件1
    save(staff_client, township, include_ledgers=None)
    page = report_page(staff_client, township)
    assert "建材0厂工会" not in page and "download-ledgers-pdf" not in page
    text = pdf_text(report_pdf(staff_client, township))
    assert "附件：1.基本情况统计表具茨山镇工会工作委员会" in text and "附件1：基本情况统计表（2025年）" in text
    assert "另册" not in text
    ledgers = staff_client.get(reverse("reports:ledgers_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert ledgers.status_code == 404

    # nothing attached: no 附件说明 at all
    save(staff_client, township, include_statistics=None, include_ledgers=None)
    text = pdf_text(report_pdf(staff_client, township))
    assert "附件" not in text


def test_honours_annex_follows_the_statistics_numbering(staff_client, township):
    cache.clear()
    save(staff_client, township, include_statistics=None)
    text = pdf_text(report_pdf(staff_client, township))
    assert "附件：1.所获荣誉2.基层工会名册（另册）3.2025年维权案件台账（另册）4.2025年帮扶台账（另册）" in text
    assert "附件1：所获荣誉" in text and "郑州市示范乡镇工会" in text


@pytest.mark.parametrize("duplex", [False, True])
def test_page_numbers_start_at_1_on_the_text_with_or_without_a_blank_back(staff_client, township, duplex):
    cache.clear()
    single = report_pdf(staff_client, township)
    if duplex:
        save(staff_client, township, duplex="on")
    document = report_pdf(staff_client, township) if duplex else single
    first_text = 2 if duplex else 1
    assert len(document.pages) == len(single.pages) + (1 if duplex else 0)
    assert all(footer(page) == "" for page in document.pages[:first_text])  # cover (and its blank back) unnumbered
    if duplex:
        assert document.pages[1].chars == []  # the back of the cover is blank
    assert plain(document.pages[first_text].extract_text()).startswith("具茨山镇创建“六好”乡镇工会工作汇报")
    for number, page in enumerate(document.pages[first_text:], start=1):
        assert footer(page) == f"—{number}—"
        numbers = [c for c in page.chars if c["top"] > page.height - 35 * MM]
        centre = sum(c["x0"] for c in numbers) / len(numbers)
        assert (centre > page.width / 2) == (number % 2 == 1), number  # odd right, even left


def test_closing_as_an_unnumbered_paragraph_and_subheadings(staff_client, township):
    cache.clear()
    SectionText.objects.create(township=township, year=2025, section="services",
                               text="（一）开展送温暖活动\n春节前走访困难职工。")
    save(staff_client, township, closing="paragraph")
    page = report_page(staff_client, township)
    assert '<h3 class="h-level2">（一）开展送温暖活动</h3><p>春节前走访困难职工。</p>' in page
    assert "七、存在问题和下步打算" not in page
    text = pdf_text(report_pdf(staff_client, township))
    assert "（一）开展送温暖活动春节前走访困难职工。" in text and "七、存在问题和下步打算" not in text


def test_staff_of_another_township_get_404(client, township):
    other = UserRoleFactory().user
    client.force_login(other)
    assert client.get(settings_url(township)).status_code == 404
    assert client.post(settings_url(township), form_data(title="别人的标题")).status_code == 404
    assert ReportSettings.objects.count() == 0


def test_a_county_reviewer_reads_the_report_but_cannot_change_its_settings(client, township):
    reviewer = UserRoleFactory(reviewer=True, county=township.county).user
    client.force_login(reviewer)
    page = report_page(client, township)
    assert "具茨山镇创建“六好”乡镇工会工作汇报" in page and "文档设置" not in page
    assert client.get(settings_url(township)).status_code == 403
    assert client.post(settings_url(township), form_data(title="评审改的标题")).status_code == 403
    assert ReportSettings.objects.count() == 0


def test_no_settings_for_a_year_without_reports(staff_client, township):
    assert staff_client.get(settings_url(township, 1999)).status_code == 404
    assert staff_client.get(settings_url(township, TODAY.year + 1)).status_code == 404
