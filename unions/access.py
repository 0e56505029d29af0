"""The one place that decides which townships a user may see and edit.

Every view that touches a township's data resolves the township through
`township_for_user_or_404`, so a user outside its scope gets 404 (not 403: we do not confirm
that another township's object exists).
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import County, Township, UserRole


def user_role(user) -> UserRole | None:
    if not user.is_authenticated:
        return None
    try:
        return user.liuhao_role
    except UserRole.DoesNotExist:
        return None


def visible_townships(user) -> QuerySet[Township]:
    """Townships whose data the user may read: their own, or every one of their county."""
    townships = Township.objects.select_related("county")
    if user.is_superuser:
        return townships
    role = user_role(user)
    if role is None:
        return townships.none()
    if role.role == UserRole.Role.TOWNSHIP_STAFF:
        return townships.filter(pk=role.township_id)
    return townships.filter(county_id=role.county_id)


def can_edit_township(user, township: Township) -> bool:
    """Only the township's own staff keep its data; county users and site admins read it here
    (site admins still edit everything in Django admin)."""
    role = user_role(user)
    return role is not None and role.role == UserRole.Role.TOWNSHIP_STAFF and role.township_id == township.pk


def can_see_full_id_numbers(user, township: Township) -> bool:
    """Full 身份证号 only to the staff who keep that township's roster."""
    return can_edit_township(user, township)


def township_for_user_or_404(user, township_id: int) -> Township:
    try:
        return visible_townships(user).get(pk=township_id)
    except Township.DoesNotExist:
        raise Http404("No township in this user's scope") from None


def county_for_user_or_404(user, county_id: int) -> County:
    """The county whose desk (县总工会工作台) the user opens: their own county for its reviewers and
    admins, any for site admins; another county is 404, and township staff are refused it (403)."""
    return _own_county_or_404(user, county_id, (UserRole.Role.COUNTY_REVIEWER, UserRole.Role.COUNTY_ADMIN),
                              _("只有县总工会的评审和管理员可以打开县总工会工作台。"))


def managed_county_or_404(user, county_id: int) -> County:
    """The county whose townships and accounts (乡镇与账号) the user manages: a county admin's own,
    any for site admins; another county is 404, and township staff and reviewers are refused (403)."""
    return _own_county_or_404(user, county_id, (UserRole.Role.COUNTY_ADMIN,), _("只有县总工会管理员可以管理乡镇与账号。"))


def _own_county_or_404(user, county_id: int, roles, refusal: str) -> County:
    """`county_id` when it is the user's county and their role is one of `roles` (any county for a
    site admin); another county is 404 (its existence is not told), any other role 403 with `refusal`."""
    role = user_role(user)
    if not user.is_superuser and (role is None or role.role not in roles):
        raise PermissionDenied(refusal)
    if not user.is_superuser and role.county_id != county_id:
        raise Http404("No county in this user's scope")
    try:
        return County.objects.get(pk=county_id)
    except County.DoesNotExist:
        raise Http404("No such county") from None


def county_accounts(county: County) -> QuerySet:
    """The accounts a county admin manages: the county's reviewers and admins and its townships'
    staff. Never a site administrator or a Django admin user, whatever role they also hold: whoever
    resets a password learns the new one."""
    return get_user_model().objects.filter(
        Q(liuhao_role__county=county) | Q(liuhao_role__township__county=county), is_superuser=False, is_staff=False)


def county_account_or_404(county: County, account_id: int):
    try:
        return county_accounts(county).select_related("liuhao_role").get(pk=account_id)
    except get_user_model().DoesNotExist:
        raise Http404("No account in this county") from None


def county_township_or_404(county: County, township_id: int) -> Township:
    try:
        return Township.objects.select_related("county").get(county=county, pk=township_id)
    except Township.DoesNotExist:
        raise Http404("No township in this county") from None
