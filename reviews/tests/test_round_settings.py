"""评选设置: a county admin changes a round's settings after opening it — the minimum of submitted
reviews among them — while the year and rubric stay as the first submission found them."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Round
from unions.tests.factories import UserRoleFactory

from .factories import RoundFactory, county_rubric

pytestmark = pytest.mark.django_db


def settings_url(round_) -> str:
    return reverse("reviews:round_edit", kwargs={"pk": round_.pk})


def posted(round_, **changes) -> dict:
    data = {"year": round_.year, "title": round_.title, "deadline": round_.deadline.isoformat(), "rubric": round_.rubric_id,
            "aggregate": round_.aggregate, "spread_threshold": round_.spread_threshold, "min_reviews": round_.min_reviews}
    return {**data, **changes}


def test_the_admin_sets_the_minimum_and_it_is_recorded(client, county_admin, round_):
    client.force_login(county_admin)
    page = client.get(settings_url(round_)).content.decode()
    assert "最少评审人数" in page and 'name="min_reviews" value="2"' in page
    response = client.post(settings_url(round_), posted(round_, min_reviews=3))
    assert response.status_code == 302 and response.url == reverse("reviews:round_detail", kwargs={"pk": round_.pk})
    round_.refresh_from_db()
    assert round_.min_reviews == 3
    assert [record.min_reviews for record in round_.history.order_by("history_date")] == [2, 3]
    assert round_.history.latest().history_user == county_admin
    assert "至少 3 位评审提交后决定" in client.get(response.url).content.decode()
    page = client.post(settings_url(round_), posted(round_, min_reviews=0)).content.decode()
    assert "确保该值大于或等于1。" in page
    round_.refresh_from_db()
    assert round_.min_reviews == 3


def test_a_past_deadline_kept_as_it_was_does_not_stop_the_settings(client, county_admin, under_review):
    """In review the deadline has often passed; lowering the minimum must still be possible."""
    Round.objects.filter(pk=under_review.round_id).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    round_ = Round.objects.get(pk=under_review.round_id)
    client.force_login(county_admin)
    assert client.post(settings_url(round_), posted(round_, min_reviews=1)).status_code == 302
    round_.refresh_from_db()
    assert round_.min_reviews == 1
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert "截止日期不能早于今天" in client.post(settings_url(round_), posted(round_, deadline=yesterday)).content.decode()


def test_year_and_rubric_stay_once_a_township_has_submitted(client, county_admin, township, round_, application, staff_user):
    other = county_rubric(township.county)
    client.force_login(county_admin)
    assert client.post(settings_url(round_), posted(round_, rubric=other.pk)).status_code == 302  # a draft only: it may change
    round_.refresh_from_db()
    assert round_.rubric == other
    services.submit_application(application, staff_user)
    page = client.get(settings_url(round_)).content.decode()
    assert "已有乡镇提交申报，不能再改。" in page
    default = other.based_on
    client.post(settings_url(round_), posted(round_, rubric=default.pk, year=2024, min_reviews=1))
    round_.refresh_from_db()
    assert (round_.rubric, round_.year, round_.min_reviews) == (other, 2025, 1)  # the disabled fields kept, the rest saved


def test_a_round_that_is_over_keeps_its_settings(client, county_admin, round_):
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.DECIDED)
    client.force_login(county_admin)
    assert 'disabled' in client.get(settings_url(round_)).content.decode()
    response = client.post(settings_url(round_), posted(round_, min_reviews=5), follow=True)
    assert "评选已结束，设置不能再改。" in response.content.decode()
    round_.refresh_from_db()
    assert round_.min_reviews == 2


def test_only_the_countys_admin_opens_the_settings(client, round_, township):
    for user, status in ((UserRoleFactory(county_admin=True).user, 404),
                         (UserRoleFactory(reviewer=True, county=township.county).user, 403)):
        client.force_login(user)
        assert client.get(settings_url(round_)).status_code == status
        assert client.post(settings_url(round_), posted(round_, min_reviews=1)).status_code == status
    round_.refresh_from_db()
    assert round_.min_reviews == 2


def test_rounds_opened_before_the_minimum_existed_keep_deciding_on_one_review():
    """Migration 0005 sets 1 on existing rounds; new rounds get the default of 2."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("reviews.migrations.0005_rubric_county_history_min_reviews")
    round_ = RoundFactory()
    migration.keep_running_rounds_as_they_were(apps, None)
    round_.refresh_from_db()
    assert round_.min_reviews == 1 and RoundFactory(year=2026).min_reviews == 2
