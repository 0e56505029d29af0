"""Background work of the reports, run by `manage.py db_worker` from the database queue."""
from django.core.cache import cache
from django_tasks import task

from core.background import TaskState, task_state
from unions.models import Township

from . import pdf
from .builder import document_settings
from .documents import LEDGERS, VOLUMES, volume_pdf


@task()
def prerender_report(township_id: int, year: int) -> None:
    """Renders both PDF volumes into the shared cache while staff read the report page, so the
    download that usually follows is served at once (a volume already rendered costs one query)."""
    township = Township.objects.select_related("county").get(pk=township_id)
    with_ledgers = document_settings(township, year).include_ledgers
    for volume in VOLUMES:
        if volume is LEDGERS and not with_ledgers:
            continue  # not part of this report (文档设置), not offered for download
        volume_pdf(township, year, volume)


def _prerender_key(township_id: int, year: int) -> str:
    return f"report-prerender-task:{township_id}:{year}"


def queue_prerender(township_id: int, year: int) -> str:
    """Queues `prerender_report` and remembers it for the township's year, so that a page waiting
    for a volume waits for this task instead of queuing another."""
    task_id = str(prerender_report.enqueue(township_id, year).id)
    cache.set(_prerender_key(township_id, year), task_id, pdf.CACHE_SECONDS)
    return task_id


def prerender_state(township_id: int, year: int, *, retry: bool = False) -> TaskState:
    """The task a page waits for while a volume it needs is not rendered: the last one queued for
    the township's year while it waits, or when it failed (`retry`: then once more); a new one when
    there is none or the last one rendered an earlier state of the data."""
    task_id = cache.get(_prerender_key(township_id, year))
    state = task_state(task_id) if task_id else None
    if state is None or state.succeeded or (retry and state.failed):
        return task_state(queue_prerender(township_id, year))
    return state
