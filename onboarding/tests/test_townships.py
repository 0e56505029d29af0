"""A county admin creates and renames the county's townships in the app, not in Django admin."""
import pytest
from django.urls import reverse

from onboarding.services import Reason
from unions.models import Township
from unions.tests.factories import CountyFactory, TownshipFactory

pytestmark = pytest.mark.django_db


def url(name, county, **kwargs):
    return reverse(f"onboarding:{name}", kwargs={"county_id": county.pk, **kwargs})


def test_an_empty_county_says_what_to_do_first(admin_client, county):
    page = admin_client.get(url("township_list", county)).content.decode()
    assert 'id="empty-state"' in page and "本县还没有乡镇（街道）" in page
    assert "乡镇与账号" in page and url("township_list", county) in page  # the menu entry of county admins


def test_a_county_admin_creates_a_township(admin_client, county, admin):
    response = admin_client.post(url("township_create", county), {"name": " 具茨山镇 ", "kind": "town"})
    assert response.status_code == 302 and response.url == url("township_list", county)
    township = Township.objects.get(county=county)
    assert (township.name, township.kind) == ("具茨山镇", "town")
    record = township.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", admin, Reason.TOWNSHIP_CREATED)
    page = admin_client.get(response.url).content.decode()
    assert "已新建乡镇“具茨山镇”" in page and "具茨山镇" in page and 'id="empty-state"' not in page


def test_a_name_the_county_has_is_refused_and_another_countys_is_not(admin_client, county):
    TownshipFactory(county=county, name="具茨山镇")
    TownshipFactory(county=CountyFactory(), name="溱洧镇")
    page = admin_client.post(url("township_create", county), {"name": "具茨山镇", "kind": "town"}).content.decode()
    assert "本县已有名为“具茨山镇”的乡镇（街道）。" in page
    assert admin_client.post(url("township_create", county), {"name": "溱洧镇", "kind": "town"}).status_code == 302
    assert Township.objects.filter(county=county).count() == 2
    page = admin_client.post(url("township_create", county), {"name": "", "kind": "town"}).content.decode()
    assert "这个字段是必填项。" in page


def test_a_county_admin_renames_a_township_and_the_rename_is_on_record(admin_client, county, admin, township):
    TownshipFactory(county=county, name="溱洧镇")
    edit = url("township_update", county, township_id=township.pk)
    assert 'value="具茨山镇"' in admin_client.get(edit).content.decode()
    assert "本县已有名为“溱洧镇”的乡镇（街道）。" in admin_client.post(edit, {"name": "溱洧镇", "kind": "town"}).content.decode()
    assert admin_client.post(edit, {"name": "具茨山街道", "kind": "subdistrict"}).status_code == 302
    township.refresh_from_db()
    assert (township.name, township.kind) == ("具茨山街道", "subdistrict")
    trail = admin_client.get(url("trail", county)).content.decode()
    assert "修改乡镇" in trail and "具茨山镇 → 具茨山街道" in trail and "王管理" in trail


def test_the_township_list_is_paginated(admin_client, county, settings):
    for number in range(55):
        TownshipFactory(county=county, name=f"乡镇{number:02d}", facts_year=None)
    first = admin_client.get(url("township_list", county)).content.decode()
    assert "乡镇00" in first and "乡镇54" not in first and "1 / 2" in first
    assert "乡镇54" in admin_client.get(url("township_list", county), {"page": 2}).content.decode()
