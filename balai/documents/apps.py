from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DocumentsConfig(AppConfig):
    name = "balai.documents"
    label = "documents"
    verbose_name = gettext_lazy("Dokumen")  # the admin shows it in the page's language

    def ready(self) -> None:
        _register_shell()
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import selectors
        from .demo import seed_documents
        from .models import OWN_PREFIXES, DocType
        from .registry import register_doc_type

        for code, label in DocType.choices:  # documents' own; other apps register theirs
            register_doc_type(code, label, OWN_PREFIXES[code])

        register_demo_seeder("documents", seed_documents, order=50)
        selectors.register_staff_scope("demo", selectors.open_to_staff)  # no jurisdiction: the demo letter
        register_exporter("documents", selectors.personal_data)  # UU PDP right of access


def _register_shell() -> None:
    """What documents adds to the site shell (balai.core.shell)."""
    from django.utils.translation import gettext_lazy as _

    from balai.core import shell

    shell.register_menu("documents:mine", _("Dokumen saya"), roles={shell.CITIZEN}, order=30)
    shell.register_menu("documents:verify_upload", _("Verifikasi dokumen"), roles={shell.ANONYMOUS}, order=50)
    shell.register_home_card("documents:verify_upload", _("Verifikasi dokumen"),
                             _("Pindai kode QR pada dokumen untuk memastikan keasliannya — siapa pun bisa."),
                             order=60, keywords=("verifikasi", "keaslian", "asli", "palsu", "qr", "tte",
                                                 "tanda tangan elektronik", "verify", "verification",
                                                 "authenticity", "electronic signature", "document"))
    shell.register_public_page("documents:verify_upload", _("Verifikasi dokumen"), order=30)
