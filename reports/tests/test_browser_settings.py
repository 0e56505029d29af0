"""In a real browser: staff set the report's title and 落款日期 under 文档设置 and find both in the
PDF and in the Word file they download."""
import io

import docx
import pdfplumber
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_set_title_and_date_and_download_pdf_and_docx(page, live_server, log_in, township, staff_user, tmp_path):
    from unions.tests.factories import TEST_PASSWORD

    log_in(staff_user.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/townships/{township.pk}/report/?year=2025")

    page.click("#report-settings")
    assert page.locator("h1").text_content() == "2025年汇报材料的文档设置"
    page.fill("#id_title", "具茨山镇创建六好乡镇工会工作情况汇报")
    page.fill("#id_signed_on", "2025-12-18")  # the native date picker takes ISO dates
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=2025年汇报材料的文档设置已保存。")
    assert page.locator(".gw-document h1").text_content() == "具茨山镇创建六好乡镇工会工作情况汇报"

    with page.expect_download() as download:
        page.click("#download-pdf")
    target = tmp_path / "report.pdf"
    download.value.save_as(target)
    assert download.value.suggested_filename == "具茨山镇2025年创建六好乡镇工会汇报材料.pdf"
    document = pdfplumber.open(io.BytesIO(target.read_bytes()))
    text = "".join(p.extract_text() for p in document.pages).replace(" ", "").replace("\n", "")
    assert "具茨山镇创建六好乡镇工会工作情况汇报" in text
    assert "二〇二五年十二月十八日" in text and "2025年12月18日" in text  # cover and 落款

    with page.expect_download() as download:
        page.click("#download-docx")
    target = tmp_path / "report.docx"
    download.value.save_as(target)
    assert download.value.suggested_filename == "具茨山镇2025年创建六好乡镇工会汇报材料.docx"
    paragraphs = [paragraph.text for paragraph in docx.Document(str(target)).paragraphs]
    assert "具茨山镇创建六好乡镇工会工作情况汇报" in paragraphs
    assert "二〇二五年十二月十八日" in paragraphs and "2025年12月18日" in paragraphs
