"""The calls Balai makes to the authorities behind SIM (Polri: SINAR, Satpas, SIM Keliling) and
passports (Imigrasi: M-Paspor), behind one interface each (REFERENCE §5, §9).

There is no public API for either (REFERENCE §5.1, §5.2). The local implementation answers from
what Balai holds — the citizen's own records, the SIM Keliling visits staff entered, the
bookings Balai made — and every answer carries ``source`` so each page says whose data it shows.
A deployment that later reaches the national service bus (Perpres 82/2023) replaces the
implementation, not the pages. In demo mode a sandbox double plays status changes; its answers
are labelled "sandbox" wherever they show. Nothing here pretends to talk to SINAR or M-Paspor.
"""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.formatting import format_date_ui

from .conf import sandbox_enabled
from .models import DrivingLicence, PassportBooking

LOCAL, SANDBOX = "local", "sandbox"
SOURCE_LABELS = {
    LOCAL: gettext_lazy("Data yang dicatat di Balai (bukan dari sistem Polri atau Imigrasi)."),
    SANDBOX: gettext_lazy("SANDBOX: status contoh untuk demo, bukan dari sistem Polri atau Imigrasi."),
}


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    source: str

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])


class SimAuthority(abc.ABC):
    source = LOCAL

    @abc.abstractmethod
    def renewal_status(self, licence: DrivingLicence, *, today: dt.date) -> Status:
        """Where the holder's renewal stands."""


class PassportAuthority(abc.ABC):
    source = LOCAL

    @abc.abstractmethod
    def application_status(self, booking: PassportBooking, *, now: dt.datetime) -> Status:
        """Where an M-Paspor application stands."""


class LocalSimAuthority(SimAuthority):
    def renewal_status(self, licence: DrivingLicence, *, today: dt.date) -> Status:
        if licence.renewal_started_on is None:
            return Status("not_started", _("Belum ada perpanjangan yang dicatat."), self.source)
        return Status("recorded", _("Anda mencatat mulai perpanjangan lewat SINAR pada %(d)s. Balai tidak melihat "
                                    "status di SINAR: pantau di aplikasi Digital Korlantas POLRI.")
                      % {"d": format_date_ui(licence.renewal_started_on)}, self.source)


class LocalPassportAuthority(PassportAuthority):
    def application_status(self, booking: PassportBooking, *, now: dt.datetime) -> Status:
        if booking.paid_at is None:
            return Status("billing", _("Kode billing dicatat, belum ditandai dibayar."), self.source)
        return Status("paid", _("Ditandai dibayar. Datang sesuai jadwal dengan dokumen asli."), self.source)


# The sandbox plays a renewal forward one step per day since the holder said it started.
SIM_SANDBOX_STEPS = (
    ("submitted", gettext_lazy("Permohonan diterima (sandbox)")),
    ("verified", gettext_lazy("e-Rikkes dan e-PPsi terverifikasi (sandbox)")),
    ("paid", gettext_lazy("PNBP dibayar (sandbox)")),
    ("printed", gettext_lazy("SIM dicetak (sandbox)")),
    ("sent", gettext_lazy("SIM dikirim lewat Pos Indonesia (sandbox)")),
)
PASSPORT_SANDBOX_STEPS = (
    ("billing", gettext_lazy("Menunggu pembayaran (sandbox)")),
    ("paid", gettext_lazy("Pembayaran diterima (sandbox)")),
    ("interviewed", gettext_lazy("Wawancara dan foto selesai (sandbox)")),
    ("ready", gettext_lazy("Paspor siap diambil (sandbox)")),
)


class SandboxSimAuthority(SimAuthority):
    source = SANDBOX

    def renewal_status(self, licence: DrivingLicence, *, today: dt.date) -> Status:
        if licence.renewal_started_on is None:
            return Status("not_started", _("Belum ada perpanjangan (sandbox)."), self.source)
        step = min((today - licence.renewal_started_on).days, len(SIM_SANDBOX_STEPS) - 1)
        code, label = SIM_SANDBOX_STEPS[max(step, 0)]
        return Status(code, str(label), self.source)


class SandboxPassportAuthority(PassportAuthority):
    source = SANDBOX

    def application_status(self, booking: PassportBooking, *, now: dt.datetime) -> Status:
        if booking.paid_at is None:
            step = 0
        elif now.date() < booking.visit_date:
            step = 1
        else:
            step = 2 + min((now.date() - booking.visit_date).days // 4, 1)  # ~4 working days (§5.2)
        code, label = PASSPORT_SANDBOX_STEPS[step]
        return Status(code, str(label), self.source)


def sim_authority() -> SimAuthority:
    return SandboxSimAuthority() if sandbox_enabled() else LocalSimAuthority()


def passport_authority() -> PassportAuthority:
    return SandboxPassportAuthority() if sandbox_enabled() else LocalPassportAuthority()
