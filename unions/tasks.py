"""Background work of the township's data, run by `manage.py db_worker` from the database queue."""
from django.db import transaction
from django_tasks import task

from core.background import task_state

from .imports import confirm_import
from .models import ImportBatch


@task()
def import_batch(batch_id: int) -> None:
    """A large checked upload, written all or nothing while its page shows that it is under way.
    Run again (its worker died, see core/background.py), it writes the rows once or finds them
    written (`confirm_import`)."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:  # not forgotten as a stale upload meanwhile
        confirm_import(batch)


def queue_import(batch_id: int) -> bool:
    """Queues the batch's import unless it is imported, queued or being written (a second click,
    a second tab): only a first confirmation or one after a failure queues it. True if queued now."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.imported_at or (batch.task_id and not task_state(batch.task_id).failed):
            return False
        batch.task_id = str(import_batch.enqueue(batch.pk).id)
        batch.save(update_fields=["task_id"])
        return True
