"""The one place that decides which townships a user may see and edit.

Every view that touches a township's data resolves the township through
`township_for_user_or_404`, so a user outside its scope gets 404 (not 403: we do not confirm
that another township's object exists).
"""
from django.db.models import QuerySet
from django.http import Http404

from unions.models import Township, UserRole


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
