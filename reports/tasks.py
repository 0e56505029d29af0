"""Background work of the reports, run by `manage.py db_worker` from the database queue."""
from django_tasks import task

from unions.models import Township

from .documents import VOLUMES, volume_pdf


@task()
def prerender_report(township_id: int, year: int) -> None:
    """Renders both PDF volumes into the shared cache while staff read the report page, so the
    download that usually follows is served at once (a volume already rendered costs one query)."""
    township = Township.objects.select_related("county").get(pk=township_id)
    for volume in VOLUMES:
        volume_pdf(township, year, volume)
