"""The first thing an account does with a password the county issued (一次性密码) is replace it.

Whether it must is read once, at login, into the session (`note_password_change_required`): the
middleware then costs no query. A reset by the county changes the password, which ends every
session of the account, so the next login reads it again; changing one's password clears it.
"""
from django.shortcuts import redirect
from django.urls import reverse

from unions.access import user_role

SESSION_KEY = "liuhao_must_change_password"
# What a user who must change their password may still open: the change itself, logging out and
# the language switch. Everything else is sent to the change.
ALLOWED = ("password_change", "password_change_done", "logout", "set_language")


def note_password_change_required(sender, request, user, **kwargs):
    """user_logged_in: remember in the session that this account must change its password."""
    role = user_role(user)
    if role is not None and role.must_change_password:
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def password_change_done(request) -> None:
    request.session.pop(SESSION_KEY, None)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and request.user.is_authenticated and not self._allowed(request):
            return redirect("password_change")  # the page says why (registration/password_change_form.html)
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        return any(request.path == reverse(name) for name in ALLOWED)
