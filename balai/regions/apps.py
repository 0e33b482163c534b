from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RegionsConfig(AppConfig):
    name = "balai.regions"
    label = "regions"
    verbose_name = gettext_lazy("Wilayah")  # the admin shows it in the page's language

    def ready(self) -> None:
        from balai.core.nik import register_region_directory

        from .directory import packaged_directory

        register_region_directory(packaged_directory())
