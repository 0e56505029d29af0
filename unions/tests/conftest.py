import pytest

from .factories import TEST_PASSWORD, UserRoleFactory


@pytest.fixture
def staff_user(db):
    return UserRoleFactory().user


@pytest.fixture
def reviewer_user(db):
    return UserRoleFactory(reviewer=True).user


@pytest.fixture
def county_admin_user(db):
    return UserRoleFactory(county_admin=True).user


@pytest.fixture
def staff_user_with_password(staff_user):
    return staff_user, TEST_PASSWORD
