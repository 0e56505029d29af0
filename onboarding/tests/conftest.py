import pytest

from unions.tests.conftest import fast_password_hasher  # noqa: F401 (autouse)
from unions.tests.factories import CountyAdminFactory, CountyFactory, TownshipFactory


@pytest.fixture
def county(db):
    return CountyFactory(name="新郑市", federation_name="新郑市总工会")


@pytest.fixture
def admin(county):
    """The county's admin (县总工会管理员), who onboards its townships and accounts."""
    return CountyAdminFactory(county=county, username="admin_xz", first_name="王管理")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def township(county):
    return TownshipFactory(county=county, name="具茨山镇")
