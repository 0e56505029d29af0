"""PDFs rendered by the worker while staff read the report page, so the download is served at once."""
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports.documents import LEDGERS, REPORT
from reports.pdf import report_cache_key
from unions.tests.factories import MemberFactory


def is_rendered(township, year, volume) -> bool:
    return cache.get(report_cache_key(township, year, volume.template_name)) is not None


def page(client, township):
    return client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025})


# The worker commits and closes its connection as in production: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_both_volumes_after_the_page_was_rebuilt(staff_client, township):
    cache.clear()
    assert page(staff_client, township).status_code == 200
    assert DBTaskResult.objects.count() == 1
    assert not is_rendered(township, 2025, REPORT) and not is_rendered(township, 2025, LEDGERS)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert is_rendered(township, 2025, REPORT) and is_rendered(township, 2025, LEDGERS)
    response = staff_client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert response.content.startswith(b"%PDF")

    page(staff_client, township)  # nothing changed: the page and the PDFs come from the cache, no new task
    assert DBTaskResult.objects.count() == 1
    MemberFactory(township=township, union=township.grassroots_unions.first())
    assert not is_rendered(township, 2025, REPORT)  # a new member makes both volumes stale
    page(staff_client, township)
    assert DBTaskResult.objects.count() == 2
