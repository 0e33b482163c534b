from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "balai.regions"
    label = "regions"
    verbose_name = "Wilayah"

    def ready(self) -> None:
        from balai.core.nik import register_region_directory

        from .directory import packaged_directory

        register_region_directory(packaged_directory())
