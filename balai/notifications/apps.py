from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "balai.notifications"
    label = "notifications"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import selectors, tasks  # noqa: F401  (the outbox runs tasks by name)
        from .beat import register_beat
        from .demo import seed_notifications, seed_preferences
        from .providers import email, sandbox  # noqa: F401  (register the built-in providers)

        _register_shell()
        register_beat()
        register_demo_seeder("notifications-contacts", seed_preferences, order=1)
        register_demo_seeder("notifications", seed_notifications, order=900)
        register_exporter("notifications", selectors.personal_data)  # UU PDP right of access


def _register_shell() -> None:
    from balai.core import shell

    from .conf import demo_mode

    shell.register_menu("notifications:mine", _("Pemberitahuan"), roles={shell.CITIZEN}, order=60,
                        when=shell.has_citizen_profile)
    shell.register_staff_tool("notifications:staff_events", _("Pemberitahuan per peristiwa"),
                              _("Pengiriman e-mail, SMS, dan WhatsApp beserta statusnya; templat pesan."),
                              roles={shell.SUPERVISOR, shell.ADMIN}, order=80)
    shell.register_menu("notifications:sandbox", _("Kotak masuk sandbox"), roles=shell.EVERYONE - {shell.ANONYMOUS},
                        order=990, when=lambda user: demo_mode())
