import pytest
from django.core.management import call_command

from reports import checks

pytestmark = pytest.mark.django_db


def test_check_warns_without_cjk_font_harfbuzz_subset_or_document_fonts(monkeypatch, capsys, settings, tmp_path):
    assert checks.installed_cjk_families() & set(checks.CJK_FAMILIES)  # make setup installed them here
    assert checks.report_fonts(None) == []
    monkeypatch.setattr(checks, "installed_cjk_families", lambda: set())
    monkeypatch.setattr(checks.ctypes.util, "find_library", lambda name: None)
    settings.DOCUMENT_FONT_DIR = tmp_path
    ids = [problem.id for problem in checks.report_fonts(None)]
    assert ids == ["reports.W001", "reports.W002", "reports.W003"]
    call_command("check")
    assert "reports.W001" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_page_and_pdf_download_in_a_browser(page, live_server, township, staff_user, tmp_path):
    from unions.tests.factories import TEST_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.click("text=汇报材料")
    page.select_option("#year-picker", "2025")
    page.click("text=查看")
    assert page.locator("text=导出前检查通过").is_visible()
    assert page.locator(".gw-document h1").text_content() == "具茨山镇创建“六好”乡镇工会工作汇报"
    with page.expect_download() as download:
        page.click("#download-pdf")
    target = tmp_path / "report.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename == "具茨山镇2025年创建六好乡镇工会汇报材料.pdf"
    with page.expect_download() as download:
        page.click("#download-ledgers-pdf")
    assert download.value.suggested_filename == "具茨山镇2025年创建六好乡镇工会汇报材料台账（另册）.pdf"
