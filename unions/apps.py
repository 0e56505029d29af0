from django.apps import AppConfig


class UnionsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'unions'
