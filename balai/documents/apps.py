from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "balai.documents"
    label = "documents"
    verbose_name = "Dokumen"

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder

        from .demo import seed_documents

        register_demo_seeder("documents", seed_documents, order=50)
