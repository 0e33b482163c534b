from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "balai.documents"
    label = "documents"
    verbose_name = "Dokumen"

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import selectors
        from .demo import seed_documents

        register_demo_seeder("documents", seed_documents, order=50)
        selectors.register_staff_scope("demo", selectors.open_to_staff)  # no jurisdiction: the demo letter
        register_exporter("documents", selectors.personal_data)  # UU PDP right of access
