"""The county overview (县总工会工作台): figures against hand-computed medians and totals, marks,
sorting, the .xlsx export, scores and who sees them, the trend, and its cost in queries."""
import csv
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from counties.selectors import columns, county_overview
from reviews.models import Application
from unions.models import Township
from unions.tests.factories import CountyReviewerFactory, MemberFactory, TownshipFactory, record_township_facts

from .conftest import scored_application, union

pytestmark = pytest.mark.django_db
RATES = ["formation_rate", "membership_rate", "collective_contract_rate", "conclusion_rate", "hardship_coverage_rate",
         "workers_home_rate"]


def overview_url(county) -> str:
    return reverse("counties:overview", kwargs={"county_id": county.pk})


def table(overview) -> dict[str, list[str]]:
    """Township name → its figures as shown, in the columns' order (rates, then funding)."""
    return {row.township.name: [row.cells[key].text for key in RATES + ["funding", "unions"]] for row in overview.rows}


def test_figures_medians_and_totals_are_the_hand_computed_ones(county, admin, round_):
    overview = county_overview(county, admin, year=2025)
    assert overview.year == 2025 and overview.round == round_
    assert table(overview) == {
        "甲镇": ["90%", "90%", "50%", "75%", "50%", "100%", "5万元", "2"],
        "乙乡": ["50%", "50%", "100%", "不适用", "不适用", "0%", "3万元", "1"],
        "丙街道": ["80%", "80%", "0%", "100%", "100%", "100%", "未填报", "1"],
        "丁镇": ["不适用", "30%", "100%", "0%", "不适用", "0%", "1万元", "1"],
    }
    assert [overview.median[key].text for key in RATES + ["funding", "unions"]] == [
        "80%", "65%", "75%", "75%", "75%", "50%", "3万元", "1"]
    # the county's rate is the ratio of the summed numerators and denominators, not a mean of the rates
    assert [overview.total[key].text for key in RATES + ["funding", "unions"]] == [
        "65.7%", "68%", "60%", "71.4%", "66.7%", "60%", "9万元", "5"]
    assert [overview.total[key].note for key in RATES] == ["23 / 35", "34 / 50", "3 / 5", "5 / 7", "2 / 3", "3 / 5"]
    assert overview.median["formation_rate"].note == "3 个乡镇可比"


def test_each_value_is_marked_against_the_median_and_the_rubric_threshold(county, admin, round_):
    rows = {row.township.name: row.cells for row in county_overview(county, admin, year=2025).rows}
    marks = {name: {key: (cells[key].standing.key if cells[key].standing else None,
                          cells[key].threshold.met if cells[key].threshold else None) for key in RATES + ["funding"]}
             for name, cells in rows.items()}
    # 组建率: full points at 90 % (B1 is a straight line 70 → 90); 入会率 at 90 % (B2); 集体合同 at 80 % (C1);
    # 办结率 at 95 % (C4); 帮扶覆盖 at 100 % (E2); 建家率 at 70 % (D3); 经费: funded and audited (A6)
    assert marks["甲镇"] == {"formation_rate": ("above", True), "membership_rate": ("above", True),
                            "collective_contract_rate": ("below", False), "conclusion_rate": ("level", False),
                            "hardship_coverage_rate": ("below", False), "workers_home_rate": ("above", True),
                            "funding": ("above", True)}
    assert marks["丙街道"]["formation_rate"] == ("level", False)
    assert marks["乙乡"]["conclusion_rate"] == (None, None)  # no cases: not applicable, neither mark
    assert marks["乙乡"]["funding"] == ("level", False)  # 3万元 is the median; not audited
    assert marks["丙街道"]["funding"] == (None, None)  # nothing recorded
    assert rows["甲镇"]["formation_rate"].threshold.title == "达标：达到 B1 满分门槛 90%"
    assert rows["乙乡"]["formation_rate"].threshold.title == "未达标：低于 B1 满分门槛 90%"
    header = next(column for column in county_overview(county, admin, year=2025).columns if column.key == "formation_rate")
    assert header.title.endswith("考核标准 B1“基层工会组建率≥90%（已建会单位/应建会单位）”：满分门槛 90%。")
    assert rows["甲镇"]["formation_rate"].standing_title == "高于中位数（全县中位数 80%）"


def test_the_page_marks_with_an_icon_a_word_and_a_title_not_colour_alone(client, county, admin, round_):
    client.force_login(admin)
    page = client.get(overview_url(county), {"year": 2025}).content.decode()
    start = page.index(">甲镇</a>")
    jia = page[start:page.index("</tr>", start)]
    assert 'title="高于中位数（全县中位数 80%）"' in jia and '<i class="bi bi-arrow-up" aria-hidden="true"></i>' in jia
    assert '<span aria-hidden="true">高于</span><span class="visually-hidden">高于中位数（全县中位数 80%）</span>' in jia
    assert '<span aria-hidden="true">未达标</span>' in jia and "bi-exclamation-triangle" in jia
    # the headers say how the median and the total row are taken
    assert "合计：各乡镇分子之和除以分母之和（不是各乡镇比率的平均数）" in page
    assert 'id="median-row"' in page and 'id="total-row"' in page and "65.7%" in page
    # the old township list's information: type, number of unions, a link to each township
    for township in county.townships.all():
        assert f'href="{reverse("unions:dashboard", kwargs={"township_id": township.pk})}?year=2025">{township.name}</a>' in page
    assert "<td class=\"text-nowrap\">街道</td>" in page


def names(response) -> list[str]:
    body = response.content.decode()
    body = body[body.index('id="county-overview"'):body.index('id="median-row"')]
    return re.findall(r'\?year=2025">([^<]+)</a></th>', body)


def test_sorted_by_every_column_both_ways_without_javascript(client, county, admin, round_):
    scored_application(round_, county.townships.get(name="乙乡"), {admin: 70})
    client.force_login(admin)
    by_name = list(Township.objects.filter(county=county).order_by("name").values_list("name", flat=True))
    assert names(client.get(overview_url(county), {"year": 2025})) == by_name
    expected = {
        "membership_rate": ["丁镇", "乙乡", "丙街道", "甲镇"],
        "collective_contract_rate": ["丙街道", "甲镇", *[name for name in by_name if name in ("乙乡", "丁镇")]],
        "conclusion_rate": ["丁镇", "甲镇", "丙街道", "乙乡"],  # not applicable last
        "unions": [*[name for name in by_name if name != "甲镇"], "甲镇"],
        "funding": ["丁镇", "乙乡", "甲镇", "丙街道"],  # nothing recorded last
        "score": ["乙乡", *[name for name in by_name if name != "乙乡"]],  # the only one scored first, then by name
    }
    for key, ascending in expected.items():
        assert names(client.get(overview_url(county), {"year": 2025, "sort": key})) == ascending, key
    for column in columns():  # every column sorts, both ways, and says so
        for sort in (column.key, f"-{column.key}"):
            response = client.get(overview_url(county), {"year": 2025, "sort": sort})
            assert response.status_code == 200 and sorted(names(response)) == sorted(by_name), sort
            assert f'aria-sort="{"descending" if sort.startswith("-") else "ascending"}"' in response.content.decode()
    assert names(client.get(overview_url(county), {"year": 2025, "sort": "township__county__name"})) == by_name


def test_descending_order_is_the_reverse_with_missing_values_last(county, admin, round_):
    overview = county_overview(county, admin, year=2025, sort="-membership_rate")
    assert [row.township.name for row in overview.rows] == ["甲镇", "丙街道", "乙乡", "丁镇"]
    overview = county_overview(county, admin, year=2025, sort="-conclusion_rate")
    assert [row.township.name for row in overview.rows] == ["丙街道", "甲镇", "丁镇", "乙乡"]
    assert (overview.sort, overview.descending) == ("conclusion_rate", True)


def test_header_links_sort_numbers_highest_first_and_turn_the_current_column_round(client, county, admin, round_):
    client.force_login(admin)
    page = client.get(overview_url(county), {"year": 2025, "sort": "-membership_rate"}).content.decode()
    assert 'href="?year=2025&amp;sort=membership_rate"' in page  # the sorted column: the other way
    assert 'href="?year=2025&amp;sort=-formation_rate"' in page  # a number: highest first
    assert 'href="?year=2025&amp;sort=kind"' in page  # text: A → Z
    assert '<input type="hidden" name="sort" value="-membership_rate">' in page  # the year picker keeps the order


def test_xlsx_export_holds_the_table_in_its_order_with_median_and_total(client, county, admin, round_):
    scored_application(round_, county.townships.get(name="甲镇"), {admin: 91})
    client.force_login(admin)
    response = client.get(reverse("counties:overview_export", kwargs={"county_id": county.pk}),
                          {"year": 2025, "sort": "-membership_rate"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:6] == ["乡镇（街道）", "类型", "基层工会数", "组建率", "组建率·与中位数", "组建率·考核门槛"]
    assert [row[0] for row in rows[1:5]] == ["甲镇", "丙街道", "乙乡", "丁镇"]
    jia = dict(zip(header, rows[1]))
    assert (jia["类型"], jia["基层工会数"], jia["组建率"], jia["组建率·与中位数"], jia["组建率·考核门槛"]) == (
        "镇", 2, 0.9, "高于中位数", "达标")
    assert sheet.cell(row=2, column=4).number_format == "0.0%"
    assert (jia["经费（元）"], jia["经费·经审"], jia["申报"], jia["得分"]) == (50000, "经审会已审查", "评审中", "91 · 先进")
    ding = dict(zip(header, rows[4]))
    assert ding["组建率"] == "不适用" and ding["组建率·与中位数"] is None
    median, total = dict(zip(header, rows[5])), dict(zip(header, rows[6]))
    # the median and total rows as numbers, formatted as the townships' above them
    assert (median["乡镇（街道）"], median["组建率"], median["入会率"], median["经费（元）"], median["基层工会数"], median["得分"]) == (
        "全县中位数", 0.8, 0.65, 30000, 1, 91)
    assert (total["乡镇（街道）"], total["组建率"], total["入会率"], total["基层工会数"], total["经费（元）"], total["申报"]) == (
        "全县合计", 0.657, 0.68, 5, 90000, "申报 1 / 4")
    assert sheet.cell(row=7, column=4).number_format == "0.0%" and sheet.cell(row=6, column=22).number_format == "#,##0.00"
    assert (median["维权办结率"], total["维权办结率"]) == (0.75, 0.714)
    assert any("不是各乡镇比率的平均数" in str(row[0]) for row in rows[7:])


@pytest.mark.libreoffice  # starts LibreOffice: several seconds
def test_the_xlsx_export_opens_in_libreoffice_with_its_numbers(client, county, admin, round_, tmp_path):
    client.force_login(admin)
    (tmp_path / "overview.xlsx").write_bytes(
        client.get(reverse("counties:overview_export", kwargs={"county_id": county.pk}), {"year": 2025}).content)
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-calc-nogui (make system-packages)"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--norestore",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
                    str(tmp_path / "overview.xlsx")],
                   env={**os.environ, "HOME": str(tmp_path)}, check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO((tmp_path / "overview.csv").read_text(encoding="utf-8"))))
    # as LibreOffice shows the cells: percentages and money in their number formats, marks as words
    assert rows[0][:4] == ["乡镇（街道）", "类型", "基层工会数", "组建率"]
    by_name = list(Township.objects.filter(county=county).order_by("name").values_list("name", flat=True))
    assert [row[0] for row in rows[1:7]] == [*by_name, "全县中位数", "全县合计"]
    jia = dict(zip(rows[0], rows[1 + by_name.index("甲镇")]))
    assert (jia["组建率"], jia["组建率·与中位数"], jia["组建率·考核门槛"], jia["经费（元）"]) == ("90.0%", "高于中位数", "达标", "50,000.00")
    median, total = dict(zip(rows[0], rows[5])), dict(zip(rows[0], rows[6]))
    assert (median["组建率"], median["入会率"], median["经费（元）"]) == ("80.0%", "65.0%", "30,000.00")
    assert (total["组建率"], total["维权办结率"], total["基层工会数"]) == ("65.7%", "71.4%", "5")


def test_scores_are_seen_by_admins_and_by_reviewers_who_submitted_theirs(client, county, admin, reviewer, round_):
    other = CountyReviewerFactory(county=county, username="other_reviewer")
    scored_application(round_, county.townships.get(name="甲镇"), {reviewer: 80, other: 90})
    scored_application(round_, county.townships.get(name="乙乡"), {other: 60})
    score = {user.username: {row.township.name: row.cells["score"].text for row in county_overview(county, user, year=2025).rows}
             for user in (admin, reviewer, other)}
    assert (score["county_admin"]["甲镇"], score["county_admin"]["乙乡"]) == ("85 · 达标", "60")
    assert (score["county_reviewer"]["甲镇"], score["county_reviewer"]["乙乡"]) == ("85 · 达标", "—")
    assert (score["other_reviewer"]["甲镇"], score["other_reviewer"]["乙乡"]) == ("85 · 达标", "60")
    # sorting by score never orders by a score the reader may not see
    overview = county_overview(county, reviewer, year=2025, sort="-score")
    assert overview.rows[0].township.name == "甲镇" and overview.median["score"].text == "85"
    statuses = {row.township.name: row.cells["status"].text for row in county_overview(county, admin, year=2025).rows}
    assert statuses == {"甲镇": "评审中", "乙乡": "评审中", "丙街道": "未申报", "丁镇": "未申报"}
    assert county_overview(county, admin, year=2025).total["status"].text == "申报 2 / 4"


def test_named_application_shows_its_grade(county, admin, round_):
    application = scored_application(round_, county.townships.get(name="丙街道"), {admin: 96})
    Application.objects.filter(pk=application.pk).update(status=Application.Status.NAMED, grade="模范")
    cells = {row.township.name: row.cells for row in county_overview(county, admin, year=2025).rows}
    assert (cells["丙街道"]["status"].text, cells["丙街道"]["score"].text) == ("命名 · 模范", "96 · 模范")


def test_year_is_chosen_from_the_picker_and_defaults_to_the_rounds(client, county, admin, round_):
    overview = county_overview(county, admin)
    assert overview.year == 2025 and overview.year_choices == [2026, 2025, 2024]
    assert county_overview(county, admin, year="2024").year == 2024
    assert county_overview(county, admin, year="1999").year == 2025
    last = county_overview(county, admin, year=2024)
    assert last.round is None and last.rubric == round_.rubric  # the county's latest round's thresholds
    assert {row.township.name: row.cells["status"].text for row in last.rows}["甲镇"] == "—"
    client.force_login(admin)
    page = client.get(overview_url(county), {"year": 2024}).content.decode()
    assert "本年度没有评选。" in page and '<option value="2024" selected>' in page


def test_without_a_round_the_year_is_the_latest_with_data_and_thresholds_come_from_the_installed_rubric(county, admin):
    overview = county_overview(county, admin)
    assert overview.year == 2025 and overview.year_choices == [2026, 2025, 2024]  # not the empty year after
    assert overview.round is None and overview.rubric is not None and overview.thresholds["membership_rate"].full_at == 90
    assert {row.township.name: row.cells["status"].text for row in overview.rows}["甲镇"] == "—"


def test_trend_of_the_county_and_of_each_township(client, county, admin, round_):
    overview = county_overview(county, admin, year=2025)
    assert overview.years == [2021, 2022, 2023, 2024, 2025]
    # 2024: facts (10 + 20 + 5 employers to unionise) but no union figures; 2021–2023: nothing
    assert overview.county_trend["formation_rate"] == [None, None, None, Decimal("0.0"), Decimal("65.7")]
    jia = next(row for row in overview.rows if row.township.name == "甲镇")
    assert jia.trend["membership_rate"] == [None, None, None, None, Decimal("90.0")]
    client.force_login(admin)
    page = client.get(overview_url(county), {"year": 2025}).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3 + 4 * 6  # three county charts, 4 × 6 small multiples
    assert 'aria-label="全县组建率与入会率"' in page
    assert "甲镇 入会率：2021 不适用，2022 不适用，2023 不适用，2024 不适用，2025 90%" in page


def test_query_count_does_not_grow_with_townships(client, county, admin, round_, django_assert_max_num_queries):
    scored_application(round_, county.townships.get(name="甲镇"), {admin: 80})
    client.force_login(admin)
    with CaptureQueriesContext(connection) as cold:  # the county's figures computed and cached
        assert client.get(overview_url(county), {"year": 2025}).status_code == 200
    with CaptureQueriesContext(connection) as warm:  # the county's figures from the cache
        assert client.get(overview_url(county), {"year": 2025}).status_code == 200
    for n in range(8):
        township = TownshipFactory(county=county, name=f"新增镇{n}", eligible_employers=5)
        record_township_facts(township, 2024, eligible_employers=5)
        union(township, employees=10, covered=3, members=4, home=True, hardship=(1, 1))
        scored_application(round_, township, {admin: 50 + n})
    with django_assert_max_num_queries(len(cold)):  # a township added since: computed again
        page = client.get(overview_url(county), {"year": 2025}).content.decode()
        assert "新增镇7" in page
    with django_assert_max_num_queries(len(warm)):
        assert client.get(overview_url(county), {"year": 2025}).status_code == 200
    with django_assert_max_num_queries(len(warm)):
        assert client.get(reverse("counties:overview_export", kwargs={"county_id": county.pk}), {"year": 2025}).status_code == 200
    # session, user, role, county, townships, rounds, the years and the figures from the cache, rubric (5),
    # results (6); computing adds the years' query and the figures' seven, and six cache writes of five queries
    assert len(warm) <= 20 and len(cold) <= len(warm) + 40


def test_figures_are_cached_for_ten_minutes_and_refreshed_on_request(client, county, admin, round_):
    def membership(**kwargs) -> str:
        rows = county_overview(county, admin, year=2025, **kwargs).rows
        return next(row for row in rows if row.township.name == "丙街道").cells["membership_rate"].text

    assert membership() == "80%"  # 8 of 10
    MemberFactory(union=county.townships.get(name="丙街道").grassroots_unions.first())
    assert membership() == "80%"  # from the cache
    assert membership(refresh=True) == "90%" and membership() == "90%"
    client.force_login(admin)
    page = client.get(overview_url(county), {"year": 2025}).content.decode()
    assert "各乡镇数据计算于" in page and 'href="?year=2025&amp;sort=name&amp;refresh=1"' in page
    assert client.get(overview_url(county), {"year": 2025, "refresh": 1}).status_code == 200
