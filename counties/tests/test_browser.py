"""The county desk in Chromium, as a county admin uses it: log in, land on it, sort by a column
(twice), download the table; no Content Security Policy violation on the way."""
import io

import pytest
from openpyxl import load_workbook

from unions.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_admin_lands_on_the_desk_sorts_and_exports(page, log_in, county, admin, round_):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    log_in(admin.username, TEST_PASSWORD)
    assert page.url.endswith(f"/counties/{county.pk}/")
    assert page.locator("h1").inner_text().startswith("测试市总工会工作台")

    def first_column() -> list[str]:
        return page.locator("#county-overview tbody th[scope=row]").all_inner_texts()

    page.click("#county-overview thead >> text=入会率")
    assert "sort=-membership_rate" in page.url and first_column() == ["甲镇", "丙街道", "乙乡", "丁镇"]
    assert page.locator("#county-overview th[aria-sort=descending]").inner_text().startswith("入会率")
    page.click("#county-overview thead >> text=入会率")
    assert first_column() == ["丁镇", "乙乡", "丙街道", "甲镇"]
    assert page.locator("#median-row").inner_text().split()[:3] == ["全县中位数", "1", "80%"]

    with page.expect_download() as download:
        page.click("#export-overview")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2, max_row=5)] == ["丁镇", "乙乡", "丙街道", "甲镇"]
    assert not violations
