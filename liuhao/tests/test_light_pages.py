"""Lighter pages (issue 15): the icon font cut down to the icons used, pages sent gzipped with
Django's defence against BREACH, files that are compressed already sent as they are."""
import gzip

import pytest
from django.conf import settings
from django.test import Client
from fontTools.ttLib import TTFont

from liuhao import icons
from unions.tests.conftest import fast_password_hasher, staff_user, township  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_icon_subset_has_every_icon_used_and_no_more():
    known = icons.codepoints()
    used = icons.used_icons(known)
    in_css = icons.ICON_RULE.findall(icons.SUBSET_CSS.read_text())
    assert sorted(name for name, _code in in_css) == used, "an icon was added or removed: run `manage.py build_icons`"
    cmap = TTFont(str(icons.SUBSET_FONT)).getBestCmap()
    assert {known[name] for name in used} <= set(cmap)
    assert icons.SUBSET_FONT.stat().st_size < 12_000 and icons.SUBSET_CSS.stat().st_size < 6_000
    # pages load the subset, never the full 134 KB font
    base = (settings.BASE_DIR / "templates" / "base.html").read_text()
    assert "liuhao-icons.css" in base and "bootstrap-icons.min.css" not in base


def test_pages_are_gzipped_with_a_random_length(staff_user, township):  # noqa: F811
    client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    client.force_login(staff_user)
    url = f"/townships/{township.pk}/"
    lengths = set()
    for _ in range(6):
        response = client.get(url)
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)
        lengths.add(len(response.content))
    # the same page, each time another length: 0-99 random bytes in the gzip header (BREACH)
    assert len(lengths) > 1
    assert len(response.content) < len(gzip.decompress(response.content)) / 3
    # without Accept-Encoding: as before
    plain = Client()
    plain.force_login(staff_user)
    assert "Content-Encoding" not in plain.get(url)


def test_files_compressed_already_are_sent_as_they_are(staff_user, township):  # noqa: F811
    from unions.tests.factories import GrassrootsUnionFactory, MemberFactory

    MemberFactory.create_batch(20, union=GrassrootsUnionFactory(township=township))
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(staff_user)
    xlsx = client.get(f"/townships/{township.pk}/members/export/?format=xlsx")
    assert xlsx.status_code == 200 and "Content-Encoding" not in xlsx
    csv = client.get(f"/townships/{township.pk}/members/export/?format=csv")
    assert csv["Content-Encoding"] == "gzip"  # text: compressed
