"""Factories of the review side. The default rubric comes from fixtures/rubric_default.json."""
import datetime

import factory
from django.core.management import call_command
from django.utils import timezone

from reviews.models import Round, Rubric

DEFAULT_RUBRIC = "liuhao-township-union-v1"


def default_rubric() -> Rubric:
    """The default rubric; reinstalled from the fixture when a transactional test flushed it."""
    rubric = Rubric.objects.filter(code=DEFAULT_RUBRIC).first()
    if rubric is None:
        call_command("loaddata", "rubric_default", verbosity=0)
        rubric = Rubric.objects.get(code=DEFAULT_RUBRIC)
    return rubric


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    county = factory.SubFactory("unions.tests.factories.CountyFactory")
    year = 2025
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    rubric = factory.LazyFunction(default_rubric)


def county_rubric(county) -> Rubric:
    """An editable copy of the default rubric for the county, as its admin makes one with 复制."""
    from reviews.rubrics import rubric_copy

    return rubric_copy(rubric=default_rubric(), county=county)
