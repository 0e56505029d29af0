from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """乡镇与账号: a county admin creates the county's townships and accounts, issues one-time
    passwords and deactivates accounts, without the site administrator."""

    name = "onboarding"
    verbose_name = _("乡镇与账号")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import note_password_change_required

        user_logged_in.connect(note_password_change_required, dispatch_uid="onboarding.password_change_required")
