"""Django admin lists and add forms answer for every liuhao model, for site admins only."""
import pytest
from django.contrib import admin
from django.urls import reverse

from .factories import MemberFactory, RightsCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_site_admin_opens_every_model(client):
    MemberFactory()
    RightsCaseFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    models = [model for model in admin.site._registry if model._meta.app_label == "unions"]
    assert len(models) == 13
    for model in models:
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            assert client.get(url).status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url


def test_township_staff_cannot_enter_admin(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("admin:index")).status_code == 302
