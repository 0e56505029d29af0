"""Background work of the reports, run by `manage.py db_worker` from the database queue."""
from django_tasks import task

from unions.models import Township

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
