from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installed only so that Django finds ``core/locale`` (the order status names and messages)."""

    name = "core"
    verbose_name = "Core"
