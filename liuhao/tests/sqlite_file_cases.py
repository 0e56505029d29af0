"""Many people at once on the embedded SQLite database of `make run`, through the real views.

Not collected by the suite (the name does not start with test_): `test_sqlite_writers.py` runs it
in a fresh pytest process whose test database is a file, because the suite's in-memory database
has no locking between connections to prove anything about.
"""
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports.tests.conftest import township  # noqa: F401  (a township whose report passes the pre-flight)
from reviews import services
from reviews.models import Application, Review, Round
from reviews.scoring import RubricParts, assess, plain_points
from reviews.tests.conftest import application, round_  # noqa: F401
from unions.tests.conftest import fast_password_hasher, staff_user  # noqa: F401
from unions.tests.factories import UserRoleFactory

pytestmark = pytest.mark.django_db(transaction=True)
REVIEWERS = 20


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    from django.conf import settings
    settings.DATABASES["default"]["TEST"]["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "liuhao.sqlite3")


def at_once(requests: list) -> list:
    """Each (user, url, data) POSTed from its own thread and connection, all released together."""
    barrier, responses = threading.Barrier(len(requests)), [None] * len(requests)

    def post(index, user, url, data):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            response = client.post(url, data)
            responses[index] = (response.status_code, [str(message) for message in get_messages(response.wsgi_request)])
        except Exception as error:  # noqa: BLE001 — reported by the assertions
            responses[index] = (repr(error), [])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index, *request)) for index, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def full_score_form(application) -> dict:
    parts = RubricParts.load(application.round.rubric)
    data = {"overall_comment": "材料齐全", "submit": "1"}
    for line in assess(parts, application.submissions.first().evidence).lines:
        points = line.suggested if line.suggested is not None else line.indicator.points
        data[f"score_{line.indicator.pk}"] = plain_points(points)
    return data


def test_twenty_reviewers_submit_scores_at_the_same_moment(application, staff_user):  # noqa: F811
    reviewers = [UserRoleFactory(reviewer=True, county=application.township.county).user for _ in range(REVIEWERS)]
    services.submit_application(application, staff_user)
    for reviewer in reviewers:
        services.assign_reviewer(application, reviewer)
    services.advance_round(application.round, Round.Status.REVIEWING)
    application.refresh_from_db()
    url, data = reverse("reviews:review", args=[application.pk]), full_score_form(application)
    responses = at_once([(reviewer, url, data) for reviewer in reviewers])
    assert responses == [(302, ["评分已提交。"])] * REVIEWERS
    reviews = Review.objects.filter(submission__application=application, submitted_at__isnull=False)
    assert reviews.count() == REVIEWERS and all(review.scores.count() == 28 for review in reviews)


def test_double_clicks_give_one_result_and_no_error(application, staff_user):  # noqa: F811
    reviewer = UserRoleFactory(reviewer=True, county=application.township.county).user
    admin = UserRoleFactory(county_admin=True, county=application.township.county).user
    Round.objects.filter(pk=application.round_id).update(min_reviews=1)  # the county has this one reviewer
    submit = reverse("reviews:application_submit", args=[application.pk])
    assert at_once([(staff_user, submit, {})] * 2) == [(302, ["已提交第 1 版申报，数据已冻结。"])] * 2
    assert application.submissions.count() == 1

    services.assign_reviewer(application, reviewer)
    advance = reverse("reviews:round_advance", args=[application.round_id])
    assert [status for status, _messages in at_once([(admin, advance, {"to": Round.Status.REVIEWING})] * 2)] == [302, 302]
    application.round.refresh_from_db()
    assert application.round.status == Round.Status.REVIEWING

    application.refresh_from_db()
    review = reverse("reviews:review", args=[application.pk])
    assert at_once([(reviewer, review, full_score_form(application))] * 2) == [(302, ["评分已提交。"])] * 2
    assert Review.objects.get(reviewer=reviewer).scores.count() == 28

    decide = reverse("reviews:decide", args=[application.pk])
    named = {"decision": Application.Status.NAMED, "grade": "达标", "reasons": ""}
    assert at_once([(admin, decide, named)] * 2) == [(302, ["决定已保存，乡镇可以看到。"])] * 2
    application.refresh_from_db()
    assert application.status == Application.Status.NAMED and application.grade == "达标"
