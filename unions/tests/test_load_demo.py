"""The demo reproduces the seed reports' figures and can be loaded again without change."""
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from unions.demo_data import DEMO_PASSWORD, MAIN_YEAR
from unions.models import Member, RightsCase, Township, UserRole
from unions.selectors import township_figures

pytestmark = pytest.mark.django_db


def load():
    call_command("load_demo", stdout=StringIO())


def test_seed_one_figures_and_accounts():
    load()
    figures = township_figures(Township.objects.get(name="具茨山镇"), MAIN_YEAR)
    org, rights = figures.organisation, figures.rights
    kinds = {kind.key: kind.count for kind in org.unions_by_kind}
    assert (kinds["enterprise"], kinds["industry"], kinds["village"]) == (92, 1, 29)
    assert org.enterprises == 106
    assert str(org.formation_rate) == "86.8%"
    assert 17_500 <= org.members_active <= 18_500
    assert org.membership_rate.value <= 1
    assert (rights.received, rights.amount_recovered) == (22, Decimal("158000"))
    headline = RightsCase.objects.get(township__name="具茨山镇", migrant_workers_involved=19)
    assert headline.amount_recovered == Decimal("31463")
    assert figures.assistance.hardship_members_assisted == 43

    for township in Township.objects.all():
        org = township_figures(township, MAIN_YEAR).organisation
        for ratio in (org.formation_rate, org.membership_rate, org.collective_contract_rate, org.re_election_rate):
            assert ratio.value is None or ratio.value <= 1, township.name

    staff = authenticate(username="staff_jucishan", password=DEMO_PASSWORD)
    assert staff.liuhao_role.township.name == "具茨山镇"
    assert authenticate(username="reviewer_xinzheng", password=DEMO_PASSWORD).liuhao_role.role == UserRole.Role.COUNTY_REVIEWER
    assert authenticate(username="siteadmin", password=DEMO_PASSWORD).is_superuser


def test_loading_twice_gives_the_same_demo():
    load()
    first = set(Member.objects.values_list("id_number", flat=True))
    load()
    assert set(Member.objects.values_list("id_number", flat=True)) == first
    assert Township.objects.count() == 5
