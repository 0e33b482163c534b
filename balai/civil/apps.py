from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilConfig(AppConfig):
    name = "balai.civil"
    label = "civil"
    verbose_name = _("Administrasi kependudukan")

    def ready(self) -> None:
        _register_shell()
        from balai.documents.registry import register_doc_type

        register_doc_type("kk", _("Kartu Keluarga"), "KK")
        register_doc_type("akta_kelahiran", _("Akta Kelahiran"), "AKL")
        register_doc_type("ktp_el_receipt", _("Surat Keterangan/Tanda Terima KTP-el"), "KTP")
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import handlers, selectors
        from .demo import seed_demo_family

        handlers.register()
        from balai.cases.catalogue_text import register_form_english

        from .form_english import FORM_ENGLISH

        register_form_english(FORM_ENGLISH)  # English of the forms in handlers.py
        register_demo_seeder("civil", seed_demo_family, order=40)
        register_exporter("civil_register", selectors.personal_data)  # UU PDP right of access
        from balai.accounts.identity import set_register_source

        from .demo import seed_demo_identities
        from .identity import PopulationRegister

        set_register_source(PopulationRegister())  # accounts matches NIKs and addresses letters here
        register_demo_seeder("identities", seed_demo_identities, order=45)  # after the demo family


def _register_shell() -> None:
    """What civil registration adds to the site shell (balai.core.shell)."""
    from balai.core import shell

    register_roles = {shell.OFFICER, shell.SUPERVISOR, shell.ADMIN}
    shell.register_menu("civil:my_family_card", _("KK saya"), roles={shell.CITIZEN}, order=40,
                        when=shell.has_citizen_profile)
    shell.register_home_card("cases:catalogue", _("Kartu Keluarga"),
                             _("Perubahan data, keluarga baru, atau penggantian KK yang hilang/rusak — tanpa datang ke kantor."),
                             order=10, query={"q": "Kartu Keluarga"}, keywords=("kk", "family card"))
    shell.register_home_card("cases:catalogue", _("KTP-el"),
                             _("Pengajuan cetak pertama, penggantian, dan perubahan data; pilih jadwal perekaman bila perlu."),
                             order=20, query={"q": "KTP-el"}, keywords=("ktp", "e-ktp", "identity card", "id card"))
    shell.register_home_card("cases:service", _("Akta Kelahiran"),
                             _("Daftarkan kelahiran; akta, NIK anak, dan KK baru terbit bersama sebagai dokumen bertanda tangan elektronik."),
                             order=30, args=("akta-kelahiran",), keywords=("akta", "kelahiran", "lahir", "birth"))
    shell.register_staff_tool("civil:search", _("Cari data penduduk"),
                              _("Data kependudukan di wilayah kerja Anda (NIK tersamar; membuka data lengkap tercatat)."),
                              roles=register_roles, order=30)
    shell.register_staff_tool("civil:duplicates", _("Data ganda"),
                              _("Pemeriksaan data penduduk yang mungkin ganda."), roles=register_roles, order=35)
    shell.register_staff_tool("civil:full_reads", _("Pembacaan data lengkap (audit)"),
                              _("Siapa membuka NIK/KK lengkap, kapan, dan dengan alasan apa."),
                              roles={shell.SUPERVISOR, shell.ADMIN}, order=40)
