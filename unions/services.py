"""Writes of a township's yearly facts: starting a year from the last one, and confirming it.

A year is only ever created here (or by an import or a form that staff submit), never by a page
that shows it.
"""
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import GrassrootsUnion, GrassrootsUnionYear, Township, TownshipYear
from .selectors import existing_in

FIRST_YEAR = 2000
# What a copy leaves out: identity and bookkeeping, not facts.
NOT_COPIED = {"id", "township", "union", "year", "carried_forward", "updated_at"}


class YearError(Exception):
    """A year that cannot be started or confirmed; the message is shown to staff."""


def _facts(model, obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields
            if field.name not in NOT_COPIED}


def start_year(*, township: Township, year: int, user=None) -> TownshipYear:
    """Year `year` as a copy of the latest earlier year: the 镇情 and 六有, and the figures of every
    union that still exists in `year`. The copy is marked for staff to confirm; a year with no
    earlier one starts empty."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise YearError(_("只能填报%(first)s年至%(this)s年的数据。") % {"first": FIRST_YEAR, "this": this_year})
    with transaction.atomic():
        Township.objects.select_for_update().filter(pk=township.pk).first()  # two clicks start one year
        if TownshipYear.objects.filter(township=township, year=year).exists():
            raise YearError(_("%(year)s年度数据已经存在。") % {"year": year})
        source_year = TownshipYear.objects.filter(township=township, year__lt=year).aggregate(last=Max("year"))["last"]
        source = TownshipYear.objects.filter(township=township, year=source_year).first() if source_year else None
        facts = TownshipYear(township=township, year=year, carried_forward=source is not None,
                             **(_facts(TownshipYear, source) if source else {}))
        facts._history_user = user
        try:
            facts.save()
        except IntegrityError:
            raise YearError(_("%(year)s年度数据已经存在。") % {"year": year}) from None
        if source is not None:
            existing = GrassrootsUnion.objects.filter(township=township).filter(existing_in(year)).values("pk")
            rows = GrassrootsUnionYear.objects.filter(township=township, year=source_year, union__in=existing)
            already = set(GrassrootsUnionYear.objects.filter(township=township, year=year).values_list("union_id", flat=True))
            copies = [GrassrootsUnionYear(township=township, union_id=row.union_id, year=year, **_facts(GrassrootsUnionYear, row))
                      for row in rows if row.union_id not in already]
            bulk_create_with_history(copies, GrassrootsUnionYear, default_user=user)
    return facts


def confirm_year(*, township: Township, year: int, user=None) -> TownshipYear:
    """Staff have checked a copied year: it is no longer flagged."""
    facts = TownshipYear.objects.filter(township=township, year=year).first()
    if facts is None:
        raise YearError(_("%(year)s年度还没有数据。") % {"year": year})
    if facts.carried_forward:
        facts.carried_forward = False
        facts._history_user = user
        facts.save(update_fields=["carried_forward", "updated_at"])
    return facts
