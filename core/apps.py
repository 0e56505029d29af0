from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of liuhao uses and none owns: cleaned text, background task state, history
    events, pagination, source digests. It depends on no other app of liuhao."""

    name = "core"
    verbose_name = "liuhao core"
