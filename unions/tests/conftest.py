import pytest

from .factories import TEST_PASSWORD, UserRoleFactory


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Every factory user gets a password; PBKDF2's deliberate slowness would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def township(staff_user):
    """The staff user's own township."""
    return staff_user.liuhao_role.township
