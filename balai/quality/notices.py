"""Notification events of the quality app (balai.notifications registry)."""

from django.utils.translation import gettext_lazy as _

from balai.notifications.registry import Text, register_event

SURVEY_INVITATION = "quality.survey_invitation"

register_event(
    SURVEY_INVITATION,
    _("Undangan survei kepuasan"),
    category="surveys",
    placeholders=("service", "url"),
    templates={
        "email": {
            "id": Text("Layanan {service} Anda sudah selesai. Bantu kami memperbaiki layanan: isi survei kepuasan "
                       "(sembilan pertanyaan, tanpa nama): {url}", subject="Survei kepuasan: {service}"),
            "en": Text("Your {service} service is complete. Help us improve: answer the satisfaction survey "
                       "(nine questions, anonymous): {url}", subject="Satisfaction survey: {service}"),
        },
        "sms": {"id": "Balai: {service} selesai. Isi survei kepuasan (anonim): {url}",
                "en": "Balai: {service} complete. Answer the satisfaction survey (anonymous): {url}"},
    },
)
