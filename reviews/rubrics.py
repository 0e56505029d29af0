"""The rubric as a county keeps it: whether it may still be changed, copying it, and the one
transaction an edit is saved in.

A rubric is locked from the moment a round using it has a submission: the township's self-assessment
and every reviewer's score from then on are read against it, so changing it means copying it. The
shared default (no county) is read-only for everyone; counties copy it.
"""
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from unions.models import County

from .models import Round, Rubric
from .services import ProcessError

COPY_SUFFIX = re.compile(r"（副本\d*）$")


def rubrics_of_county(county_id: int) -> QuerySet[Rubric]:
    """The rubrics a county may use and copy: its own and the shared default(s)."""
    return Rubric.objects.filter(Q(county_id=county_id) | Q(county__isnull=True))


def locking_round(rubric: Rubric) -> Round | None:
    """The first round using the rubric that has a submission, which locks it; None while editable."""
    return (Round.objects.filter(rubric=rubric, applications__submissions__isnull=False)
            .select_related("county").order_by("year", "pk").first())


def edit_refusal(rubric: Rubric) -> str:
    """Why the rubric cannot be changed ("" when it can): shared, or locked by a round's submission."""
    if rubric.county_id is None:
        return _("这是各县共用的默认考核标准，只读；如需修改，请复制一份。")
    round_ = locking_round(rubric)
    if round_ is not None:
        return _("评选“%(round)s”已有申报提交，考核标准已锁定，不能再修改；如需修改，请复制一份。") % {"round": round_}
    return ""


@contextmanager
def editing_rubric(rubric: Rubric) -> Iterator[Rubric]:
    """The transaction an edit of the rubric is written in, refused (ProcessError) when the rubric
    is shared or locked. The rubric's row is held until the edit is saved, and a township's
    submission takes the same row first (services.submit_application), so none slips in between
    the check and the writes."""
    with transaction.atomic():
        held = Rubric.objects.select_for_update().get(pk=rubric.pk)
        refusal = edit_refusal(held)
        if refusal:
            raise ProcessError(refusal)
        yield held


def copy_name(name: str, county_id: int) -> str:
    """"…（副本）", or "…（副本2）" and on when that name is taken among the county's rubrics."""
    base = COPY_SUFFIX.sub("", name)
    taken = set(rubrics_of_county(county_id).values_list("name", flat=True))
    number = 1
    while True:
        suffix = "（副本）" if number == 1 else f"（副本{number}）"
        candidate = base[:Rubric._meta.get_field("name").max_length - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _clone(obj, **changes):
    """A new row with the object's fields and `changes` (saved one by one, so the history records it)."""
    obj.pk = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def rubric_copy(*, rubric: Rubric, county: County) -> Rubric:
    """An editable copy of the rubric for the county: every grade, dimension, indicator, bonus and
    veto item, named "…（副本）"."""
    with transaction.atomic():
        source = Rubric.objects.get(pk=rubric.pk)
        grades, veto_items, bonus_items = list(source.grades.all()), list(source.veto_items.all()), list(source.bonus_items.all())
        dimensions = [(dimension, list(dimension.indicators.all())) for dimension in source.dimensions.all()]
        copy = _clone(source, county=county, based_on=rubric, name=copy_name(source.name, county.pk),
                      code=f"county-{county.pk}-{uuid.uuid4().hex[:12]}")
        for items in (grades, veto_items, bonus_items):
            for item in items:
                _clone(item, rubric=copy)
        for dimension, indicators in dimensions:
            new_dimension = _clone(dimension, rubric=copy)
            for indicator in indicators:
                _clone(indicator, dimension=new_dimension)
    return copy
