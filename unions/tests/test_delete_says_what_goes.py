"""A record's delete page says what goes with it and what stops it, before anything is deleted."""
import pytest
from django.urls import reverse

from unions.models import GrassrootsUnion

from .factories import GrassrootsUnionFactory, MemberFactory, record_union_figures

pytestmark = pytest.mark.django_db


def delete_url(township, union):
    return reverse("unions:grassroots_union_delete", kwargs={"township_id": township.pk, "pk": union.pk})


def test_the_union_years_that_go_with_it_are_counted(client, staff_user, township):
    union = GrassrootsUnionFactory(township=township, name="老厂工会")  # with its 2025 figures
    record_union_figures(union, 2024, employee_count=80)
    client.force_login(staff_user)
    page = client.get(delete_url(township, union)).content.decode()
    assert "删除后不能恢复" in page and "将一并删除：" in page and "基层工会年度数据 2 条" in page
    assert "确认删除</button>" in page
    assert GrassrootsUnion.objects.filter(pk=union.pk).exists()


def test_a_union_with_members_says_so_and_offers_no_delete(client, staff_user, township):
    union = GrassrootsUnionFactory(township=township)
    MemberFactory.create_batch(3, union=union)
    client.force_login(staff_user)
    page = client.get(delete_url(township, union)).content.decode()
    assert 'id="delete-blocked"' in page and "会员 3 条" in page and "确认删除</button>" not in page
