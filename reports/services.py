"""Changing a section's wording: save, restore the generated text, undo. Every change keeps what it
replaced (`ReplacedSectionText`), so the last change of a section can be undone — and an undo too."""
from django.db import transaction

from .models import ReplacedSectionText, SectionText


def replaced_section_text(*, township, year: int, section: str) -> ReplacedSectionText | None:
    """What the section said before its last change, if it changed since the undo was kept."""
    return ReplacedSectionText.objects.filter(township=township, year=year, section=section).select_related(
        "replaced_by").first()


@transaction.atomic
def _replace(*, township, year: int, section: str, text: str | None, user) -> bool:
    """Sets the section's wording (None: the generated text) and keeps the wording it replaces.
    False when nothing changes (then the kept wording stays as it was)."""
    current = SectionText.objects.select_for_update().filter(township=township, year=year, section=section).first()
    before = current.text if current else None
    if before == text:
        return False
    kept, _created = ReplacedSectionText.objects.select_for_update().get_or_create(
        township=township, year=year, section=section)
    kept.generated, kept.text, kept.replaced_by = current is None, before or "", user
    kept.full_clean()
    kept.save()
    if text is None:
        current.delete()
    else:
        current = current or SectionText(township=township, year=year, section=section)
        current.text, current.updated_by = text, user
        current.full_clean(exclude=["text"])  # checked by the form; may be empty (a section left blank)
        current.save()
    return True


def section_text_save(*, township, year: int, section: str, text: str, user) -> bool:
    """Staff's own wording of the section."""
    return _replace(township=township, year=year, section=section, text=text, user=user)


def section_text_restore_generated(*, township, year: int, section: str, user) -> bool:
    """Back to the text written from the data; staff's wording is kept for an undo."""
    return _replace(township=township, year=year, section=section, text=None, user=user)


@transaction.atomic
def section_text_undo(*, township, year: int, section: str, user) -> bool:
    """The wording before the last change comes back; the wording it replaces is kept in turn."""
    kept = ReplacedSectionText.objects.select_for_update().filter(township=township, year=year, section=section).first()
    if kept is None:
        return False
    return _replace(township=township, year=year, section=section, text=None if kept.generated else kept.text, user=user)
