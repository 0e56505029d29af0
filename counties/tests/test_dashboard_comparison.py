"""A township's dashboard shows where it stands against its county's median for the compared
rates, naming no other township."""
import re

import pytest
from django.core.cache import cache

from unions.tests.factories import TownshipFactory, TownshipStaffFactory, township_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_medians():
    cache.clear()  # the medians are cached for ten minutes by county and year


def comparison(page: str) -> str:
    return page[page.index('id="county-comparison"'):page.index("</section>", page.index('id="county-comparison"'))]


def test_dashboard_compares_with_the_county_median_and_names_no_other_township(client, townships):
    jia = townships["甲镇"]
    client.force_login(TownshipStaffFactory(township=jia))
    page = client.get(township_url("dashboard", jia), {"year": 2025}).content.decode()
    table = comparison(page)
    rows = re.findall(r'<th scope="row" class="fw-normal">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>'
                      r'\s*<td>(?:<span[^>]*><i[^>]*></i> )?([^<]+)', table)
    assert rows == [
        ("组建率", "90%", "80%", "高于中位数"), ("入会率", "90%", "65%", "高于中位数"),
        ("集体合同覆盖率", "50%", "75%", "低于中位数"), ("维权办结率", "75%", "75%", "等于中位数"),
        ("困难职工帮扶覆盖率", "50%", "75%", "低于中位数"), ("职工之家建家率", "100%", "50%", "高于中位数"),
    ]
    assert "全县4个乡镇（街道）" in table
    for other in ("乙乡", "丙街道", "丁镇"):
        assert other not in page


def test_a_county_of_one_township_has_nothing_to_compare(client):
    alone = TownshipFactory()
    client.force_login(TownshipStaffFactory(township=alone))
    assert 'id="county-comparison"' not in client.get(township_url("dashboard", alone), {"year": 2025}).content.decode()


def test_county_reviewers_see_the_comparison_on_a_townships_dashboard(client, townships, reviewer):
    client.force_login(reviewer)
    page = client.get(township_url("dashboard", townships["乙乡"]), {"year": 2025}).content.decode()
    assert "低于中位数" in comparison(page) and "不适用" in comparison(page)


def test_a_new_township_is_told_what_to_enter_instead_of_six_lines_it_cannot_compare(client, county, townships):
    new = TownshipFactory(county=county, name="新建镇", eligible_employers=0)
    client.force_login(TownshipStaffFactory(township=new))
    section = comparison(client.get(township_url("dashboard", new), {"year": 2025}).content.decode())
    assert 'id="comparison-empty"' in section and "无法比较" not in section and "<table" not in section
