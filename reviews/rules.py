"""Who may do what in a round: `rules` predicates, composed once here and asked everywhere through
`user.has_perm("reviews.<name>", obj)`. Objects outside a user's township or county are answered
404 by the views before any of these is asked, like the rest of liuhao.
"""
import rules

from unions.access import can_edit_township, user_role
from unions.models import UserRole

from .models import Application, Assignment, Round, Rubric
from .rubrics import edit_refusal


def _county_role(user, county_id, role: str) -> bool:
    found = user_role(user)
    return found is not None and found.role == role and found.county_id == county_id


def _round_of(obj) -> Round:
    return obj if isinstance(obj, Round) else obj.round


@rules.predicate
def is_township_staff(user, application: Application) -> bool:
    return can_edit_township(user, application.township)


@rules.predicate
def is_county_admin(user, obj) -> bool:
    return _county_role(user, _round_of(obj).county_id, UserRole.Role.COUNTY_ADMIN)


@rules.predicate
def is_assigned_reviewer(user, application: Application) -> bool:
    return Assignment.objects.filter(application=application, reviewer=user).exists()


@rules.predicate
def is_editable(user, application: Application) -> bool:
    return application.editable


@rules.predicate
def is_decided(user, application: Application) -> bool:
    return application.is_decided


@rules.predicate
def is_submitted(user, application: Application) -> bool:
    return application.submissions.exists()


rules.add_perm("reviews.view_application", is_township_staff | is_county_admin | is_assigned_reviewer)
rules.add_perm("reviews.submit_application", is_township_staff & is_editable)
# the submitted (frozen) report: reviewers read it, staff see what they sent
rules.add_perm("reviews.view_submission", is_submitted & (is_township_staff | is_county_admin | is_assigned_reviewer))
rules.add_perm("reviews.score_application", is_assigned_reviewer)
# staff learn the outcome only once it is decided; reviewers see others' scores after their own
rules.add_perm("reviews.view_results", is_county_admin | (is_township_staff & is_decided))
rules.add_perm("reviews.manage_round", is_county_admin)
rules.add_perm("reviews.decide_application", is_county_admin)


# the rubric: a county admin reads and copies their county's rubrics and the shared default, and
# changes their county's own while no round using it has a submission (reviews/rubrics.py)
@rules.predicate
def is_admin_of_rubric_county(user, rubric: Rubric) -> bool:
    return rubric.county_id is not None and _county_role(user, rubric.county_id, UserRole.Role.COUNTY_ADMIN)


@rules.predicate
def is_county_admin_of_shared(user, rubric: Rubric) -> bool:
    found = user_role(user)
    return rubric.county_id is None and found is not None and found.role == UserRole.Role.COUNTY_ADMIN


@rules.predicate
def is_changeable(user, rubric: Rubric) -> bool:
    return not edit_refusal(rubric)


rules.add_perm("reviews.view_rubric", is_admin_of_rubric_county | is_county_admin_of_shared)
rules.add_perm("reviews.copy_rubric", is_admin_of_rubric_county | is_county_admin_of_shared)
rules.add_perm("reviews.edit_rubric", is_admin_of_rubric_county & is_changeable)
