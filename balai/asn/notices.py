"""The ASN workspace's notification events (balai.notifications registry). Practice never calls
``notify`` (ARCHITECTURE invariant 10): only real retirement files and promotion proposals do."""

from django.utils.translation import gettext_lazy as _

from balai.notifications.registry import Text, register_event

register_event(
    "asn.retirement_opened", _("Berkas pensiun dibuka"), category="work", audience="staff",
    placeholders=("name", "tmt", "url"),
    templates={
        "email": {"id": Text("Berkas pensiun {name} dengan TMT {tmt} telah dibuka. Lengkapi daftar periksanya: {url}",
                             subject="Berkas pensiun {name}"),
                  "en": Text("The retirement file of {name}, effective {tmt}, has been opened. Complete its "
                             "checklist: {url}", subject="Retirement file of {name}")},
        "sms": {"id": "Balai: berkas pensiun {name} (TMT {tmt}) dibuka. {url}",
                "en": "Balai: retirement file of {name} (effective {tmt}) opened. {url}"},
    },
)
register_event(
    "asn.promotion_proposed", _("Usul kenaikan pangkat diajukan"), category="work", audience="staff",
    placeholders=("name", "period", "url"),
    templates={
        "email": {"id": Text("Usul kenaikan pangkat {name} untuk periode {period} menunggu pemeriksaan: {url}",
                             subject="Usul kenaikan pangkat {name}"),
                  "en": Text("The promotion proposal of {name} for the period {period} awaits review: {url}",
                             subject="Promotion proposal of {name}")},
        "sms": {"id": "Balai: usul kenaikan pangkat {name} periode {period} menunggu. {url}",
                "en": "Balai: promotion proposal of {name} for {period} awaits review. {url}"},
    },
)
register_event(
    "asn.retirement_reminder", _("Pengingat berkas pensiun"), category="work", audience="staff",
    placeholders=("name", "tmt", "url"),
    templates={
        "email": {"id": Text("Berkas pensiun {name} (TMT {tmt}) belum diajukan. Unggah dokumennya dan ajukan: {url}",
                             subject="Pengingat: berkas pensiun {name}"),
                  "en": Text("The retirement file of {name} (effective {tmt}) has not been submitted yet. Upload "
                             "its documents and submit it: {url}", subject="Reminder: retirement file of {name}")},
        "sms": {"id": "Balai: berkas pensiun {name} (TMT {tmt}) belum diajukan. {url}",
                "en": "Balai: retirement file of {name} (effective {tmt}) not submitted yet. {url}"},
    },
)
