from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "balai.quality"
    label = "quality"
    verbose_name = _("Kualitas layanan")

    def ready(self) -> None:
        from django.conf import settings

        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import (
            notices,  # noqa: F401 - registers the survey invitation
            selectors,
        )
        from .demo import seed_demo_quality

        _register_shell()
        from balai.cases.page_links import register_application_link

        register_application_link(_("Isi survei kepuasan"), _survey_link)
        from balai.cases.page_links import register_service_link

        register_service_link(_("Sampaikan pengaduan tentang layanan ini"), _complaint_link)
        from balai.documents.registry import register_doc_type

        from .services.pledge import DOC_TYPE

        register_doc_type(DOC_TYPE, _("Maklumat Pelayanan"), "MKL")
        register_demo_seeder("quality", seed_demo_quality, order=90)
        register_exporter("quality", selectors.personal_data)  # UU PDP right of access (survey answers stay anonymous)
        # The dashboard's summary tables follow the case log (services/refresh.py).
        from balai.core.periodic import register_periodic

        register_periodic("quality-refresh-dashboard", "balai.quality.tasks.refresh_dashboard",
                          float(getattr(settings, "QUALITY_REFRESH_EVERY_SECONDS", 300)))
        register_periodic("quality-refresh-fluency", "balai.quality.tasks.refresh_fluency",
                          float(getattr(settings, "QUALITY_FLUENCY_REFRESH_SECONDS", 3600)))


def _survey_link(application) -> str | None:
    """The satisfaction survey, on a completed application's page."""
    from django.urls import reverse

    if application.state != "completed":
        return None
    return reverse("quality:survey", args=[application.tracking_number])


def _complaint_link(version) -> str:
    """The complaint form, from component 6 (complaint handling) of a service's standard."""
    from django.urls import reverse

    return reverse("quality:complaint_new")


def _register_shell() -> None:
    """What quality adds to the shell: the public dashboard and complaint pages (footer), the
    citizen's surveys and complaints (menu), the units' SKM report and complaint desk, and the
    supervisors' view."""
    from balai.core import shell

    desk = {shell.OFFICER, shell.SUPERVISOR}
    shell.register_public_page("quality:dashboard", _("Dasbor layanan publik"),
                               _("Kinerja layanan per bulan: permohonan, ketepatan waktu, kepuasan, pengaduan, PKB."),
                               order=70, keywords=("dasbor", "statistik", "kinerja", "ikm", "skm", "kepuasan",
                                                   "dashboard", "statistics", "performance", "satisfaction"))
    shell.register_public_page("quality:complaint_new", _("Sampaikan pengaduan"),
                               _("Keluhan tentang permohonan, dokumen, pembayaran, atau titik layanan."), order=75,
                               keywords=("pengaduan", "keluhan", "lapor", "complaint", "report a problem"))
    shell.register_public_page("quality:complaint_register", _("Pengaduan yang sudah selesai"), order=76,
                               keywords=("pengaduan", "complaints", "register"))
    shell.register_public_page("quality:units", _("Unit layanan dan maklumat pelayanan"),
                               _("Janji layanan setiap unit, bertanda tangan elektronik, dan standar pelayanannya."),
                               order=77, keywords=("maklumat", "unit", "kantor", "janji layanan", "service pledge",
                                                   "offices"))
    shell.register_menu("quality:surveys", _("Survei kepuasan"), roles={shell.CITIZEN}, order=40,
                        when=shell.has_citizen_profile)
    shell.register_menu("quality:complaints_mine", _("Pengaduan"), roles={shell.CITIZEN}, order=45,
                        when=shell.has_citizen_profile)
    shell.register_staff_tool("quality:skm_report", _("Survei kepuasan (SKM/IKM)"),
                              _("Nilai per unsur, IKM dan mutu pelayanan; input kuesioner kertas."), roles=desk,
                              order=60)
    shell.register_staff_tool("quality:desk_complaints", _("Pengaduan masuk"),
                              _("Pengaduan untuk unit Anda, urut batas waktu jawaban."), roles=desk, order=65)
    shell.register_staff_tool("quality:pledge_desk", _("Maklumat pelayanan"),
                              _("Terbitkan atau perbarui maklumat pelayanan unit (dokumen bertanda tangan)."),
                              roles={shell.SUPERVISOR}, order=66)
    shell.register_staff_tool("quality:supervision", _("Pengawasan layanan"),
                              _("Kinerja wilayah kerja, berkas terlambat dan siapa yang memegangnya, pengaduan."),
                              roles={shell.SUPERVISOR, shell.ADMIN}, order=25)
