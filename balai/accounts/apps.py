from django.apps import AppConfig
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Akun")  # the admin shows it in the page's language

    def ready(self) -> None:
        _register_shell()
        from balai.core.personal_data import register_exporter

        from .selectors import personal_data

        register_exporter("account", personal_data)


def _register_shell() -> None:
    """What accounts adds to the site shell (balai.core.shell)."""
    from balai.core import shell

    shell.register_menu("accounts:profile", _("Profil"), roles={shell.CITIZEN}, order=90,
                        when=shell.has_citizen_profile)
    shell.register_staff_tool("accounts:staff_identity", _("Verifikasi identitas tatap muka"),
                              _("Warga menunjukkan KTP-el asli: verifikasi akunnya (tercatat atas nama Anda)."),
                              roles=shell.STAFF, order=20)
    # citizens reach it from their profile; staff (and agents' devices) from the desk
    shell.register_staff_tool("accounts:tokens", _("Token API saya"),
                              _("Aplikasi dan perangkat yang masuk dengan akun Anda; cabut yang tidak Anda kenali."),
                              roles=shell.STAFF, order=95)
