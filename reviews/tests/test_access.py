"""Every review URL (read from the URL conf), requested by users outside the application's
township or county, or without the role it needs: 404 or 403, never 200; anonymous → login."""
import pytest
from django.urls import get_resolver, reverse

from reviews.models import RoundArchive, Rubric
from reviews.tests.factories import county_rubric
from unions.tests.factories import TownshipFactory, UserRoleFactory

pytestmark = pytest.mark.django_db


def review_urls(application) -> dict[str, str]:
    urls = {}
    for name, patterns in get_resolver().namespace_dict["reviews"][1].reverse_dict.items():
        if not isinstance(name, str):
            continue
        pattern = str(patterns)
        if "township_id" in pattern:
            kwargs = {"township_id": application.township_id}
        elif "applications/" in pattern:
            kwargs = {"pk": application.pk}
        elif "rubric_id" in pattern:  # a rubric of the application's county
            county = application.township.county
            kwargs = {"rubric_id": (Rubric.objects.filter(county=county).first() or county_rubric(county)).pk}
        elif "archive_id" in pattern:
            archive = RoundArchive.objects.get_or_create(round=application.round, requested_by=application.submissions.first().submitted_by)[0]
            kwargs = {"pk": application.round_id, "archive_id": archive.pk}
        elif "pk" in pattern:
            kwargs = {"pk": application.round_id}
        else:
            kwargs = {}
        urls[name] = reverse(f"reviews:{name}", kwargs=kwargs)
    return urls


def test_every_review_page_is_in_the_sweep(under_review):
    assert set(review_urls(under_review)) == {
        "township_applications", "application_detail", "application_submit", "submission_report", "submission_pdf", "review",
        "decide", "history", "scoresheet_pdf", "queue", "round_list", "round_create", "round_detail", "round_advance",
        "round_assign", "round_export", "round_archive_create", "round_archive", "round_archive_download", "round_edit",
        "rubric_list", "rubric_edit", "rubric_copy", "rubric_history"}


def test_outsiders_never_get_the_application(client, under_review, township):
    outsiders = {
        "staff of a sibling township": UserRoleFactory(township=TownshipFactory(county=township.county)).user,
        "reviewer of another county": UserRoleFactory(reviewer=True).user,
        "admin of another county": UserRoleFactory(county_admin=True).user,
        "unassigned reviewer of the county": UserRoleFactory(reviewer=True, county=township.county).user,
    }
    open_to_any_role = {"queue", "round_list", "round_create", "rubric_list"}  # pages of the user's own county, not this one's
    for who, user in outsiders.items():
        client.force_login(user)
        for name, url in review_urls(under_review).items():
            if name in open_to_any_role:
                continue
            if who == "unassigned reviewer of the county" and name == "township_applications":
                continue  # county users read every township of their county
            for response in (client.get(url), client.post(url, {"round": under_review.round_id, "to": "decided"})):
                assert response.status_code in (403, 404), (who, name, response.status_code)


def test_role_pages_refuse_other_roles(client, staff_user, reviewers, county_admin):
    client.force_login(staff_user)
    for name in ("queue", "round_list", "round_create", "rubric_list"):
        assert client.get(reverse(f"reviews:{name}")).status_code == 403
    client.force_login(reviewers[0])
    assert client.get(reverse("reviews:round_list")).status_code == 403
    assert client.get(reverse("reviews:rubric_list")).status_code == 403
    client.force_login(county_admin)
    assert client.get(reverse("reviews:queue")).status_code == 403


def test_anonymous_is_sent_to_login(client, under_review):
    for url in review_urls(under_review).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_reviewer_reads_the_submission_but_changes_nothing_else(client, under_review, reviewers):
    client.force_login(reviewers[0])
    urls = review_urls(under_review)
    for name in ("application_detail", "submission_report", "review", "queue"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("application_submit", "decide", "history", "round_detail", "round_advance", "round_assign", "round_export",
                 "round_archive_create", "round_archive_download", "round_edit", "rubric_edit", "rubric_copy"):
        assert client.post(urls[name], {}).status_code in (403, 404), name
