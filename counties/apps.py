from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountiesConfig(AppConfig):
    """The county federation's desk (县总工会工作台): every township of the county at a glance."""

    name = "counties"
    verbose_name = _("县总工会工作台")
