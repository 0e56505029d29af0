"""Background work of the review, run by `manage.py db_worker` from the database queue."""
import io
import zipfile

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from core.background import TaskState, task_state

from .documents import submission_file_name, submission_pdf
from .models import RoundArchive, Submission
from .selectors import latest_submission_ids


@task()
def build_round_archive(archive_id: int) -> None:
    """The latest submitted version of every application of the round, as PDFs in one zip; the
    count of finished PDFs is saved as it goes, for the progress page."""
    archive = RoundArchive.objects.select_related("round").get(pk=archive_id)
    submissions = list(Submission.objects.filter(pk__in=latest_submission_ids(application__round=archive.round).values())
                       .select_related("application__township", "application__round").order_by("application__township__name"))
    archive.total = len(submissions)
    archive.save(update_fields=["total"])
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive_zip:  # PDFs are compressed already
            for done, submission in enumerate(submissions, start=1):
                archive_zip.writestr(submission_file_name(submission), submission_pdf(submission))
                RoundArchive.objects.filter(pk=archive.pk).update(done=done)
    except Exception as error:
        RoundArchive.objects.filter(pk=archive.pk).update(failure=str(error)[:300], finished_at=timezone.now())
        raise
    RoundArchive.objects.filter(pk=archive.pk).update(content=buffer.getvalue(), finished_at=timezone.now())


def archive_task_state(archive: RoundArchive) -> TaskState | None:
    """The packing task of an unfinished or failed archive (None when finished or not queued yet):
    its own failure as the task's reason, a worker that died handled on the way."""
    if archive.failure:
        return TaskState(TaskResultStatus.FAILED, archive.failure)
    if archive.finished_at or not archive.task_id:
        return None
    return task_state(archive.task_id)


def retry_round_archive(archive_id: int) -> bool:
    """Packs a failed archive again from the start; not while it is queued or being packed (a second
    click). True if queued now."""
    with transaction.atomic():
        archive = RoundArchive.objects.select_for_update().defer("content").get(pk=archive_id)
        state = archive_task_state(archive)
        if state is None or not state.failed:
            return False
        archive.task_id = str(build_round_archive.enqueue(archive.pk).id)
        archive.total = archive.done = 0
        archive.failure, archive.finished_at = "", None
        archive.save(update_fields=["task_id", "total", "done", "failure", "finished_at"])
        return True
