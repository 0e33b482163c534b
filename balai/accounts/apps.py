from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from balai.core.personal_data import register_exporter

        from .selectors import personal_data

        register_exporter("account", personal_data)
