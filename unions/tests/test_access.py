"""unions.access: who sees and who edits which township."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from unions.access import (
    can_edit_township,
    can_see_full_id_numbers,
    township_for_user_or_404,
    user_role,
    visible_townships,
)
from unions.models import Township

from .factories import (
    CountyAdminFactory,
    CountyFactory,
    CountyReviewerFactory,
    TownshipFactory,
    TownshipStaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def geography():
    """Two counties: the first with three townships, the second with one."""
    county, other_county = CountyFactory(), CountyFactory()
    home, sibling, third = TownshipFactory.create_batch(3, county=county)
    far = TownshipFactory(county=other_county)
    return {"county": county, "other_county": other_county, "home": home, "sibling": sibling, "third": third, "far": far}


def test_staff_see_only_their_own_township(geography):
    staff = TownshipStaffFactory(township=geography["home"])
    assert list(visible_townships(staff)) == [geography["home"]]


@pytest.mark.parametrize("role_factory", [CountyReviewerFactory, CountyAdminFactory])
def test_county_users_see_their_whole_county_and_nothing_else(geography, role_factory):
    user = role_factory(county=geography["county"])
    assert set(visible_townships(user)) == {geography["home"], geography["sibling"], geography["third"]}
    assert geography["far"] not in visible_townships(user)
    other = role_factory(county=geography["other_county"])
    assert list(visible_townships(other)) == [geography["far"]]


def test_superuser_sees_every_township(geography):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert set(visible_townships(superuser)) == set(Township.objects.all())
    assert visible_townships(superuser).count() == 4


def test_users_without_a_role_see_nothing(geography):
    assert user_role(UserFactory()) is None
    assert list(visible_townships(UserFactory())) == []
    assert list(visible_townships(UserFactory(is_staff=True))) == []  # Django admin access is not a role
    assert list(visible_townships(AnonymousUser())) == []


def test_visible_townships_bring_their_county_in_the_same_query(geography, django_assert_num_queries):
    user = CountyReviewerFactory(county=geography["county"])
    user.liuhao_role  # the role itself is loaded once, with the user, in a real request
    with django_assert_num_queries(1):
        names = [township.county.name for township in visible_townships(user)]
    assert names == [geography["county"].name] * 3


def test_township_for_user_or_404_inside_scope(geography):
    staff = TownshipStaffFactory(township=geography["home"])
    assert township_for_user_or_404(staff, geography["home"].pk) == geography["home"]
    reviewer = CountyReviewerFactory(county=geography["county"])
    assert township_for_user_or_404(reviewer, geography["sibling"].pk) == geography["sibling"]
    superuser = UserFactory(is_superuser=True)
    assert township_for_user_or_404(superuser, geography["far"].pk) == geography["far"]


@pytest.mark.parametrize("target", ["sibling", "far"])
def test_township_for_user_or_404_outside_scope(geography, target):
    staff = TownshipStaffFactory(township=geography["home"])
    with pytest.raises(Http404):
        township_for_user_or_404(staff, geography[target].pk)


def test_township_for_user_or_404_for_county_users_and_strangers(geography):
    for user in (CountyReviewerFactory(county=geography["county"]), CountyAdminFactory(county=geography["county"])):
        with pytest.raises(Http404):
            township_for_user_or_404(user, geography["far"].pk)
    for user in (UserFactory(), AnonymousUser()):
        with pytest.raises(Http404):
            township_for_user_or_404(user, geography["home"].pk)
    missing = Township.objects.order_by("-pk").first().pk + 1000
    with pytest.raises(Http404):
        township_for_user_or_404(UserFactory(is_superuser=True), missing)


def test_only_the_townships_own_staff_edit_it(geography):
    home = geography["home"]
    assert can_edit_township(TownshipStaffFactory(township=home), home) is True
    assert can_edit_township(TownshipStaffFactory(township=geography["sibling"]), home) is False
    assert can_edit_township(CountyReviewerFactory(county=geography["county"]), home) is False
    assert can_edit_township(CountyAdminFactory(county=geography["county"]), home) is False
    assert can_edit_township(UserFactory(is_superuser=True, is_staff=True), home) is False  # edits in Django admin
    assert can_edit_township(UserFactory(), home) is False
    assert can_edit_township(AnonymousUser(), home) is False


def test_full_id_numbers_only_for_the_townships_own_staff(geography):
    home = geography["home"]
    assert can_see_full_id_numbers(TownshipStaffFactory(township=home), home) is True
    assert can_see_full_id_numbers(TownshipStaffFactory(township=geography["sibling"]), home) is False
    assert can_see_full_id_numbers(CountyAdminFactory(county=geography["county"]), home) is False
