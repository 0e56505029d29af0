"""Background work of the review, run by `manage.py db_worker` from the database queue."""
import io
import zipfile

from django.utils import timezone
from django_tasks import task

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
