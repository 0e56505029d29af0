"""The ids-first paginator gives exactly the pages Django's paginator gives."""
import pytest
from django.core.paginator import Paginator

from core.pagination import IdsFirstPaginator
from unions.models import County
from unions.tests.factories import CountyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("per_page, orphans", [(3, 0), (3, 1), (50, 0)])
def test_same_pages_as_an_offset(per_page, orphans):
    for name in ("新郑市", "登封市", "中牟县", "荥阳市", "新密市", "巩义市", "上街区"):
        CountyFactory(name=name)
    counties = County.objects.order_by("-name", "id")
    plain, ids_first = Paginator(counties, per_page, orphans=orphans), IdsFirstPaginator(counties, per_page, orphans=orphans)
    assert ids_first.num_pages == plain.num_pages
    for number in plain.page_range:
        assert list(ids_first.page(number)) == list(plain.page(number)), number
        assert ids_first.page(number).has_next() == plain.page(number).has_next()
