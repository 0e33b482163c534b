"""Vehicle notices (balai.notifications): PKB due in 30 and 7 days and overdue, STNK expiring, and
the registration-deletion warnings of UU 22/2009 Art. 74 / Perpol 7/2021 Art. 84–85 (REFERENCE §3.7:
three warnings, 3, 2 and 1 months before deletion; they are required, nobody opts out). Sent by
``balai send_reminders`` from the reminder source below (reminders.notices)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from balai.notifications.registry import Text, register_event
from balai.notifications.reminders import register_reminder_source

from .reminders import notice_count, notices

_P = ("plate", "date", "url")

register_event("vehicles.pkb_due_30", _("PKB jatuh tempo dalam 30 hari"), category="vehicles", placeholders=_P,
               templates={"email": {"id": Text("Pajak kendaraan {plate} jatuh tempo pada {date}. Bayar dari rumah: {url}",
                                               subject="PKB {plate} jatuh tempo {date}"),
                                    "en": Text("The vehicle tax of {plate} is due on {date}. Pay from home: {url}",
                                               subject="Vehicle tax {plate} due {date}")},
                          "sms": {"id": "Balai: PKB {plate} jatuh tempo {date}. Bayar: {url}",
                                  "en": "Balai: vehicle tax {plate} due {date}. Pay: {url}"}})
register_event("vehicles.pkb_due_7", _("PKB jatuh tempo dalam 7 hari"), category="vehicles", placeholders=_P,
               templates={"email": {"id": Text("Tinggal 7 hari: pajak kendaraan {plate} jatuh tempo pada {date}. "
                                               "Bayar sebelum terkena denda: {url}", subject="PKB {plate}: 7 hari lagi"),
                                    "en": Text("7 days left: the vehicle tax of {plate} is due on {date}. "
                                               "Pay before a penalty applies: {url}", subject="Vehicle tax {plate}: 7 days left")},
                          "sms": {"id": "Balai: PKB {plate} jatuh tempo {date} (7 hari lagi). {url}",
                                  "en": "Balai: vehicle tax {plate} due {date} (7 days). {url}"}})
register_event("vehicles.pkb_overdue", _("PKB lewat jatuh tempo"), category="vehicles", placeholders=_P,
               templates={"email": {"id": Text("Pajak kendaraan {plate} lewat jatuh tempo ({date}); denda berjalan "
                                               "setiap bulan. Bayar: {url}", subject="PKB {plate} lewat jatuh tempo"),
                                    "en": Text("The vehicle tax of {plate} is overdue ({date}); a penalty accrues "
                                               "every month. Pay: {url}", subject="Vehicle tax {plate} overdue")},
                          "sms": {"id": "Balai: PKB {plate} lewat jatuh tempo {date}. Bayar: {url}",
                                  "en": "Balai: vehicle tax {plate} overdue since {date}. Pay: {url}"}})
register_event("vehicles.stnk_expiring", _("STNK segera habis (perpanjangan 5 tahunan)"), category="vehicles",
               placeholders=_P,
               templates={"email": {"id": Text("STNK {plate} berlaku sampai {date}. Perpanjangan 5 tahunan memerlukan "
                                               "cek fisik di Samsat. Rincian: {url}", subject="STNK {plate} habis {date}"),
                                    "en": Text("The STNK of {plate} is valid until {date}. The 5-year renewal needs a "
                                               "physical check at Samsat. Details: {url}",
                                               subject="STNK {plate} expires {date}")},
                          "sms": {"id": "Balai: STNK {plate} habis {date}; perpanjang dengan cek fisik di Samsat. {url}",
                                  "en": "Balai: STNK {plate} expires {date}; renew with a physical check at Samsat. {url}"}})
for _n, _months in ((1, 3), (2, 2), (3, 1)):
    register_event(
        f"vehicles.deletion_warning_{_n}",
        format_lazy(_("Peringatan ke-{n} penghapusan registrasi kendaraan ({months} bulan sebelumnya)"), n=_n,
                    months=_months), category="vehicles",
        placeholders=_P, required=True,
        templates={"email": {"id": Text(f"Peringatan ke-{_n}: registrasi {{plate}} dapat dihapus {_months} bulan lagi "
                                        "karena STNK tidak diperpanjang 2 tahun (UU 22/2009 Pasal 74). Kendaraan yang "
                                        "dihapus tidak dapat didaftarkan kembali. Rincian: {url}",
                                        subject=f"Peringatan ke-{_n}: registrasi {{plate}} dapat dihapus"),
                             "en": Text(f"Warning {_n}: the registration of {{plate}} may be deleted in {_months} "
                                        "month(s): its STNK was not renewed for 2 years (Law 22/2009 Art. 74). A "
                                        "deleted vehicle cannot be registered again. Details: {url}",
                                        subject=f"Warning {_n}: registration of {{plate}} may be deleted")},
                   "sms": {"id": f"Balai: peringatan ke-{_n}, registrasi {{plate}} dapat dihapus {_months} bln lagi "
                                 "(STNK mati 2 thn). {url}",
                           "en": f"Balai: warning {_n}, registration {{plate}} may be deleted in {_months} mo "
                                 "(STNK expired 2 yrs). {url}"}})
register_event("vehicles.deletion_due", _("Registrasi kendaraan dapat dihapus"), category="vehicles",
               placeholders=_P, required=True,
               templates={"email": {"id": Text("Registrasi {plate} dapat dihapus mulai {date} (UU 22/2009 Pasal 74). "
                                               "Segera datang ke Samsat. Rincian: {url}",
                                               subject="Registrasi {plate} dapat dihapus"),
                                    "en": Text("The registration of {plate} may be deleted from {date} (Law 22/2009 "
                                               "Art. 74). Visit Samsat now. Details: {url}",
                                               subject="Registration of {plate} may be deleted")}})

register_reminder_source("vehicles", notices, count=notice_count)
