"""A page waiting for a background task brings itself up to date in place (liuhao.js): no
<meta http-equiv=refresh> reloading it under the reader (axe: meta-refresh), and only what changed
is replaced; without JavaScript the refresh is still there (in <noscript>)."""
import pytest
from django.utils import timezone

from reviews.models import RoundArchive
from reviews.tests.factories import RoundFactory
from unions.tests.conftest import fast_password_hasher  # noqa: F401
from unions.tests.factories import TEST_PASSWORD, UserRoleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_archive_page_shows_the_download_when_packed_without_reloading(page, live_server, log_in):
    admin = UserRoleFactory(county_admin=True).user
    round_ = RoundFactory(county=admin.liuhao_role.county)
    archive = RoundArchive.objects.create(round=round_, requested_by=admin)
    log_in(admin.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/rounds/{round_.pk}/archives/{archive.pk}/")
    assert page.locator("#archive").is_visible() and not page.locator("#download-archive").count()
    assert page.locator("head meta[http-equiv=refresh]").count() == 0  # only inside <noscript>
    assert "http-equiv=\"refresh\"" in page.content()
    page.evaluate("window.notReloaded = true")

    RoundArchive.objects.filter(pk=archive.pk).update(finished_at=timezone.now(), total=3, done=3)
    page.wait_for_selector("#download-archive", timeout=10_000)
    assert page.evaluate("window.notReloaded") is True  # the same document: brought up to date in place
    assert page.get_attribute("main", "aria-live") == "polite"
