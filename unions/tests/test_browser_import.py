"""In a real browser: staff download the member template, upload a filled roster, check, confirm."""
import datetime

import pytest
from openpyxl import load_workbook

from unions.models import Member

from .factories import GrassrootsUnionFactory, valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_import_a_roster(page, live_server, log_in, staff_user_with_password, tmp_path):
    user, password = staff_user_with_password
    township = user.liuhao_role.township
    union = GrassrootsUnionFactory(township=township, name="具茨山建材厂工会")
    log_in(user.username, password)
    page.goto(f"{live_server.url}/townships/{township.pk}/members/")
    page.click("text=从 Excel 导入")

    with page.expect_download() as download_info:
        page.click("text=下载导入模板")
    template = tmp_path / "模板.xlsx"
    download_info.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    for row, seq in ((2, 1), (3, 2)):  # overwrite the example row, add one more
        values = ["张三" if row == 2 else "李四", "男", valid_id_number(410184, datetime.date(1990, 1, 1), seq * 2 + 1),
                  union.name, "", datetime.date(2022, 3, 1), None, "否"]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    roster = tmp_path / "会员名册.xlsx"
    workbook.save(roster)

    page.set_input_files("input[type=file]", str(roster))
    page.click("text=上传并检查")
    page.wait_for_selector("text=导入预览")
    assert page.text_content("#count-created") == "2"
    assert page.text_content("#count-rejected") == "0"
    assert not Member.objects.exists()
    page.click("text=确认导入")
    page.wait_for_selector("text=导入完成：新增 2 条")
    assert set(Member.objects.values_list("name", flat=True)) == {"张三", "李四"}
