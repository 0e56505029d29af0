import pytest

from reports.tests.conftest import staff_client, township  # noqa: F401  (a township whose report passes the pre-flight)
from reviews import services
from reviews.models import Round
from unions.tests.conftest import fast_password_hasher, staff_user  # noqa: F401
from unions.tests.factories import UserRoleFactory

from .factories import RoundFactory


@pytest.fixture
def round_(township):
    return RoundFactory(county=township.county)


@pytest.fixture
def county_admin(township):
    return UserRoleFactory(county_admin=True, county=township.county).user


@pytest.fixture
def reviewers(township):
    return [UserRoleFactory(reviewer=True, county=township.county, user__first_name=name).user for name in ("甲评审", "乙评审")]


@pytest.fixture
def application(round_, township):
    return services.create_application(round_, township)


@pytest.fixture
def under_review(application, staff_user, reviewers):
    """Submitted, both reviewers assigned, round in review."""
    services.submit_application(application, staff_user)
    for reviewer in reviewers:
        services.assign_reviewer(application, reviewer)
    services.advance_round(application.round, Round.Status.REVIEWING)
    application.refresh_from_db()
    application.round.refresh_from_db()
    return application


@pytest.fixture
def reviewed(under_review, reviewers):
    """Under review, and both assigned reviewers have submitted their scores: the round's minimum
    (Round.min_reviews, 2 by default) is met."""
    from .test_services import full_scores

    for reviewer in reviewers:
        services.save_review(under_review, reviewer, scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    return under_review
