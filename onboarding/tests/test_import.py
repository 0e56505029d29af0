"""Townships and accounts in bulk from an .xlsx: check → preview → confirm, as the township's
imports; one bad row and nothing is written; the new accounts' one-time passwords are shown once
and downloadable once."""
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from onboarding import imports
from onboarding.services import Reason
from unions.models import ImportBatch, Township, UserRole
from unions.tests.factories import CountyFactory, TownshipFactory, TownshipStaffFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
TOWNSHIP_HEADERS = ["乡镇（街道）名称*", "类型*"]
ACCOUNT_HEADERS = ["用户名*", "姓名*", "角色*", "所属乡镇（街道）", "回避乡镇", "联系电话"]


def url(name, county, **kwargs):
    return reverse(f"onboarding:{name}", kwargs={"county_id": county.pk, **kwargs})


def workbook(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, county, kind, content):
    """Upload → the preview page (one redirect)."""
    response = client.post(url(f"{kind}_import", county), {"file": SimpleUploadedFile("名单.xlsx", content)})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url, client.get(response.url).content.decode()


def errors_of(page: str) -> list[tuple[str, str, str]]:
    table = page[page.index('id="import-errors"'):]
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", table)


def test_the_templates_have_the_columns_the_import_reads(admin_client, county):
    for kind, headers in (("township", TOWNSHIP_HEADERS), ("account", ACCOUNT_HEADERS)):
        response = admin_client.get(url(f"{kind}_import_template", county))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]] == headers
        # the template as downloaded: its example row is skipped, nothing else is there
        preview = upload(admin_client, county, kind, response.content)[1]
        assert "文件中没有数据行" in preview and 'id="import-errors"' not in preview


def test_townships_are_checked_previewed_then_created_and_the_same_file_again_changes_nothing(admin_client, county, admin):
    TownshipFactory(county=county, name="具茨山镇")
    content = workbook(TOWNSHIP_HEADERS, [["具茨山镇", "镇"], ["溱洧镇", "镇"], ["新华路街道", "街道"]])
    preview_url, page = upload(admin_client, county, "township", content)
    assert re.search(r'id="count-created">2<', page) and re.search(r'id="count-unchanged">1<', page)
    assert "溱洧镇" in page and "新华路街道" in page
    assert Township.objects.filter(county=county).count() == 1  # the check wrote nothing
    response = admin_client.post(preview_url)
    assert response.status_code == 302 and response.url == url("township_list", county)
    assert set(Township.objects.filter(county=county).values_list("name", "kind")) == {
        ("具茨山镇", "town"), ("溱洧镇", "town"), ("新华路街道", "subdistrict")}
    record = Township.history.get(name="溱洧镇")
    assert (record.history_user, record.history_change_reason) == (admin, Reason.TOWNSHIP_CREATED)
    page = upload(admin_client, county, "township", content)[1]
    assert 'id="import-nothing"' in page and re.search(r'id="count-unchanged">3<', page)


def test_a_township_file_with_bad_rows_writes_nothing(admin_client, county):
    content = workbook(TOWNSHIP_HEADERS, [["溱洧镇", "镇"], ["溱洧镇", "乡"], ["梨河镇", "区"], ["", "镇"], ["镇" * 61, "镇"]])
    preview_url, page = upload(admin_client, county, "township", content)
    assert errors_of(page) == [
        ("3", "乡镇（街道）名称", "与第2行重复。"),
        ("4", "类型", "不是可选值，应为：镇、乡、街道。"),
        ("5", "乡镇（街道）名称", "必填项未填写。"),
        ("6", "乡镇（街道）名称", "乡镇（街道）名称不能超过60个字。"),
    ]
    assert 'id="confirm-import"' not in page
    admin_client.post(preview_url)
    assert not Township.objects.filter(county=county).exists()


def test_an_account_file_with_bad_rows_writes_nothing_and_says_why_row_by_row(admin_client, county):
    TownshipFactory(county=county, name="具茨山镇")
    TownshipFactory(county=CountyFactory(), name="外县镇")
    TownshipStaffFactory(username="taken")
    content = workbook(ACCOUNT_HEADERS, [
        ["zhangwei", "张伟", "乡镇工会工作人员", "具茨山镇", "", "13800000000"],    # 2: good
        ["ZhangWei", "张伟2", "乡镇工会工作人员", "具茨山镇", "", ""],              # 3: the same username
        ["lisi", "李四", "乡镇工会工作人员", "外县镇", "", ""],                      # 4: not a township of the county
        ["wangwu", "王五", "乡镇工会工作人员", "具茨山镇", "", "138000"],            # 5: no phone number
        ["zhaoliu", "赵六", "乡镇工会工作人员", "具茨山镇", "", 3716234567],         # 6: a landline a spreadsheet made a number
        ["taken", "钱七", "县总工会评审", "", "", ""],                               # 7: another county's username
        ["sunba", "孙八", "站长", "", "", ""],                                       # 8: no such role
        ["zhoujiu", "周九", "乡镇工会工作人员", "", "", ""],                          # 9: staff without township
    ])
    preview_url, page = upload(admin_client, county, "account", content)
    assert errors_of(page) == [
        ("3", "用户名", "与第2行重复。"),
        ("4", "所属乡镇（街道）", "本县没有名为“外县镇”的乡镇（街道）。"),
        ("5", "联系电话", "电话号码格式不正确：手机号码为11位数字，固定电话如 0371-62345678。"),
        ("6", "联系电话", "电话号码被表格软件改成了数字，开头的0可能已丢失：请把该列设为文本后重新填写。"),
        ("7", "用户名", "用户名“taken”已被使用，请换一个。"),
        ("8", "角色", "不是可选值，应为：乡镇工会工作人员、县总工会评审、县总工会管理员。"),
        ("9", "所属乡镇（街道）", "乡镇工会工作人员须指定所属乡镇。"),
    ]
    assert re.search(r'id="count-rejected">7<', page) and 'id="confirm-import"' not in page
    before = User.objects.count()
    response = admin_client.post(preview_url, follow=True)
    assert "什么也没有写入" in response.content.decode()
    assert User.objects.count() == before and not User.objects.filter(username="zhangwei").exists()


def test_accounts_are_created_with_one_time_passwords_shown_once_and_downloadable_once(admin_client, county, admin):
    TownshipFactory(county=county, name="具茨山镇")
    content = workbook(ACCOUNT_HEADERS, [
        ["zhangwei", "张伟", "乡镇工会工作人员", "具茨山镇", "", "13800000000"],
        ["lipingshen", "李评", "县总工会评审", "", "具茨山镇", "0371-62345678"],
    ])
    preview_url, page = upload(admin_client, county, "account", content)
    assert re.search(r'id="count-created">2<', page) and "lipingshen" in page and 'id="confirm-import"' in page
    response = admin_client.post(preview_url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = dict(re.findall(r"<td><code>([a-z]+)</code></td>.*?<code class=\"fs-5 user-select-all\">([^<]+)</code>", page))
    assert set(shown) == {"zhangwei", "lipingshen"}
    for username, password in shown.items():
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.liuhao_role.must_change_password
        assert UserRole.history.get(user_id=user.pk).history_change_reason == Reason.ACCOUNT_CREATED
    reviewer = User.objects.get(username="lipingshen").liuhao_role
    assert (reviewer.role, reviewer.county, reviewer.home_township.name, reviewer.phone) == (
        "county_reviewer", county, "具茨山镇", "0371-62345678")
    batch = ImportBatch.objects.get(county=county, kind="account")
    assert batch.imported_at and bytes(batch.content) == b""
    assert not any(password in str(batch.check_result) for password in shown.values())  # nothing kept
    # the page is not shown again: the preview says it was imported, without passwords
    page = admin_client.get(preview_url).content.decode()
    assert 'id="import-done"' in page and not any(password in page for password in shown.values())
    assert admin_client.post(preview_url).status_code == 302  # confirming again issues nothing
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    download = url("account_passwords", county, batch_id=batch.pk)
    assert admin_client.get(download).status_code == 405
    first = admin_client.post(download, {"token": token})
    assert first["Content-Type"].startswith("application/vnd.openxmlformats") and "no-store" in first["Cache-Control"]
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(first.content)).active.iter_rows(min_row=2, max_row=3)]
    assert {(row[0], row[4]) for row in rows} == set(shown.items())
    second = admin_client.post(download, {"token": token}, follow=True)
    assert "已经下载过一次" in second.content.decode() and not second["Content-Type"].startswith("application/vnd")
    # the same file again: the accounts exist, nothing changes and no password is issued
    page = upload(admin_client, county, "account", content)[1]
    assert 'id="import-nothing"' in page and re.search(r'id="count-unchanged">2<', page)


def test_a_forged_or_someone_elses_password_download_is_refused(admin_client, county):
    batch = ImportBatch.objects.create(county=county, kind="account", file_name="x.xlsx", content=b"", check_result={})
    download = url("account_passwords", county, batch_id=batch.pk)
    for token in ("", "forged", "eyJiYXRjaCI6MX0:1:2"):
        response = admin_client.post(download, {"token": token}, follow=True)
        assert "下载链接已失效" in response.content.decode()
    batch.refresh_from_db()
    assert batch.passwords_downloaded_at is None


def test_an_account_of_the_county_listed_with_another_role_is_refused_not_changed(admin_client, county):
    township = TownshipFactory(county=county, name="具茨山镇")
    TownshipStaffFactory(username="zhangwei", township=township)
    content = workbook(ACCOUNT_HEADERS, [["zhangwei", "张伟", "县总工会评审", "", "", ""]])
    page = upload(admin_client, county, "account", content)[1]
    assert errors_of(page) == [("2", "用户名", "本县已有用户名为“zhangwei”的账号，角色或乡镇与本行不同；批量导入只新建账号，不修改已有账号。")]


def test_a_file_that_is_not_the_template_is_refused_before_its_rows_are_read(admin_client, county):
    page = upload(admin_client, county, "account", workbook(["姓名", "电话"], [["张伟", "13800000000"]]))[1]
    assert "缺少必填列：用户名、角色。请使用本系统下载的模板。" in page
    page = upload(admin_client, county, "township", b"not a workbook")[1]
    assert "无法读取该文件" in page


def test_a_file_of_more_rows_than_a_county_has_accounts_is_refused(admin_client, county, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    content = workbook(TOWNSHIP_HEADERS, [[f"乡镇{number}", "镇"] for number in range(5)])
    assert "一个文件最多 3 行" in upload(admin_client, county, "township", content)[1]
