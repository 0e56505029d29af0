"""Background work of the township's data, run by `manage.py db_worker` from the database queue."""
from django_tasks import task

from .imports import confirm_import
from .models import ImportBatch


@task()
def import_batch(batch_id: int) -> None:
    """A large checked upload, written all or nothing while its page shows that it is under way."""
    batch = ImportBatch.objects.select_related("township").filter(pk=batch_id, imported_at__isnull=True).first()
    if batch is not None:
        confirm_import(batch)
