""""Ready to renew?" (SIM) and "Ready to apply?" (passport): what Balai can tell a citizen before
they travel, from Balai's own records (REFERENCE §5, §9). Reads only.

Passport: the immigration office compares name, place and date of birth on the KTP-el, the KK and
the birth certificate (or the marriage certificate); a difference is the commonest reason an
application is refused. The root document is the certificate (the akta): the KTP-el and the KK
are corrected to match it; without one, the KK is compared with the KTP-el. Each difference names
the Adminduk service in Balai that fixes it, and the check turns green by itself once the register
prints the corrected document (an approved case re-issues it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts.models import IdentityLevel
from balai.cases.models import FINAL_STATES
from balai.cases.selectors import applications_for_citizen
from balai.civil import selectors as civil
from balai.civil.dedup import normalise_name
from balai.core.formatting import format_date_ui
from balai.core.masking import mask_name

from . import fees, rules
from .conf import conf
from .models import DrivingLicence, FeeKind, HeldCertificate, LicenceStatus

# The Adminduk service that corrects a name, place or date of birth (civil's catalogue code): the
# KK data change, for the KTP-el too — the card prints the same register record as the KK, and
# the KTP-el data change only knows marital status, education and occupation.
FIX_SERVICE = "kk-perubahan-data"
NEW_SERVICE = {"ktp_el": "ktp-el-baru", "kk": "kk-baru"}
DOC_LABELS = {"ktp_el": gettext_lazy("KTP-el"), "kk": gettext_lazy("Kartu Keluarga"),
              "akta_kelahiran": gettext_lazy("Akta kelahiran"),
              "akta_perkawinan": gettext_lazy("Akta perkawinan / buku nikah")}
FIELD_LABELS = {"full_name": gettext_lazy("Nama"), "birth_place": gettext_lazy("Tempat lahir"),
                "birth_date": gettext_lazy("Tanggal lahir")}


@dataclass
class Check:
    code: str
    ok: bool
    title: str
    detail: str = ""
    fix_service: str = ""  # a cases service code
    pending: list[str] = field(default_factory=list)  # tracking numbers of open cases of fix_service


@dataclass
class Document:
    code: str
    label: str
    present: bool
    values: dict[str, str]
    source: str  # "register" | "typed"


@dataclass
class PassportReadiness:
    level: str  # "claimed" | "matched" | "verified"
    documents: list[Document] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.level != IdentityLevel.CLAIMED

    @property
    def ready(self) -> bool:
        return self.available and all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def _same(name: str, a: object, b: object) -> bool:
    if name == "birth_date":
        return a == b
    return normalise_name(str(a or "")) == normalise_name(str(b or ""))


def _shown(name: str, value: object, full: bool) -> str:
    if value in (None, ""):
        return "—"
    if name == "birth_date":
        return format_date_ui(value) if full else "••"  # type: ignore[arg-type]
    return str(value) if full else mask_name(str(value))


def _open_cases(user, service_code: str) -> list[str]:
    return list(applications_for_citizen(user).filter(service__code=service_code).exclude(state__in=FINAL_STATES)
                .values_list("tracking_number", flat=True))


def _facts(user, person) -> dict[str, dict]:
    printed = civil.printed_identities(person)
    facts: dict[str, dict] = {}
    for code in ("ktp_el", "kk", "akta_kelahiran"):
        p = printed[code]
        facts[code] = {"present": p.present, "full_name": p.full_name, "birth_place": p.birth_place,
                       "birth_date": p.birth_date, "source": "register"}
    if not printed["akta_kelahiran"].present:
        held = HeldCertificate.objects.filter(owner=user).first()
        facts.pop("akta_kelahiran")
        if held is not None:
            facts[held.kind] = {"present": True, "full_name": held.full_name, "birth_place": held.birth_place,
                                "birth_date": held.birth_date, "source": "typed"}
        else:
            facts["akta_kelahiran"] = {"present": False, "source": "typed"}
    return facts


def _presence_checks(user, facts: dict[str, dict]) -> list[Check]:
    checks = []
    for code in ("ktp_el", "kk"):
        present = facts[code]["present"]
        service = "" if present else NEW_SERVICE[code]
        checks.append(Check(f"{code}_present", present, _("%(doc)s tercatat") % {"doc": DOC_LABELS[code]},
                            "" if present else _("Balai belum mencatat %(doc)s Anda.") % {"doc": DOC_LABELS[code]},
                            service, _open_cases(user, service) if service else []))
    cert = next((c for c in ("akta_kelahiran", "akta_perkawinan") if c in facts), "akta_kelahiran")
    present = facts[cert]["present"]
    checks.append(Check("certificate_present", present, _("Akta kelahiran atau akta perkawinan tersedia"),
                        "" if present else _("Register Balai tidak memuat akta kelahiran Anda. Isi data yang "
                                             "tertulis di akta Anda agar dapat dibandingkan.")))
    return checks


def _consistency_checks(user, facts: dict[str, dict]) -> list[Check]:
    root = next((c for c in ("akta_kelahiran", "akta_perkawinan") if facts.get(c, {}).get("present")), "ktp_el")
    if not facts[root]["present"]:
        return []
    checks = []
    for code in ("ktp_el", "kk"):
        if code == root or not facts[code]["present"]:
            continue
        for name in ("full_name", "birth_place", "birth_date"):
            ok = _same(name, facts[code][name], facts[root][name])
            words = {"field": FIELD_LABELS[name], "doc": _in_sentence(code), "root": _in_sentence(root)}
            title = (_("%(field)s di %(doc)s sama dengan %(root)s") if ok
                     else _("%(field)s di %(doc)s berbeda dengan %(root)s")) % words
            service = "" if ok else FIX_SERVICE
            pending = _open_cases(user, service) if service else []
            # Once applied for, the template names the open case instead of how to apply.
            detail = "" if ok or pending else _fix_detail(code, root, words)
            checks.append(Check(f"{code}_{name}", ok, title, detail, service, pending))
    return checks


def _in_sentence(code: str) -> str:
    """A document's name inside a sentence: "akta kelahiran" in lower case; KTP-el and Kartu
    Keluarga are names and keep theirs."""
    label = str(DOC_LABELS[code])
    return label[:1].lower() + label[1:] if code.startswith("akta") else label


def _fix_detail(code: str, root: str, words: dict) -> str:
    """How to fix one difference. The apply form cannot be opened with the element chosen, so the
    text names the choice to make and the document to upload."""
    evidence = _in_sentence(root if root != "ktp_el" else "akta_kelahiran")
    words = {**words, "evidence": evidence}
    if code == "kk":
        return _("Ajukan perubahan data KK: pilih “%(field)s” sebagai data yang berubah dan unggah %(evidence)s "
                 "sebagai dokumen pendukung. KK dicetak ulang sesuai %(root)s.") % words
    return _("KTP-el memuat data kependudukan yang sama dengan KK: ajukan perubahan data KK, pilih “%(field)s” "
             "sebagai data yang berubah dan unggah %(evidence)s sebagai dokumen pendukung.") % words


def passport_readiness(user) -> PassportReadiness:
    """The check for ``user``'s own records, at the identity level the account reached
    (ARCHITECTURE invariant 8: claimed → nothing; matched → values masked; verified → full)."""
    person = civil.person_for_citizen(user, level=IdentityLevel.MATCHED)
    if person is None:
        return PassportReadiness(level=IdentityLevel.CLAIMED)
    full = civil.citizen_view_is_full(user)
    facts = _facts(user, person)
    documents = [Document(code, str(DOC_LABELS[code]), f["present"],
                          {n: _shown(n, f.get(n), full) for n in FIELD_LABELS} if f["present"] else {},
                          f["source"]) for code, f in facts.items()]
    checks = _presence_checks(user, facts) + _consistency_checks(user, facts)
    return PassportReadiness(level=IdentityLevel.VERIFIED if full else IdentityLevel.MATCHED,
                             documents=documents, checks=checks)


# --- SIM ------------------------------------------------------------------------------------

ONLINE, IN_PERSON, NEW_SIM, WAIT = "online", "in_person", "new_sim", "wait"
REQUIREMENT_STEPS = (
    ("e_rikkes", gettext_lazy("e-Rikkes: pemeriksaan kesehatan oleh dokter yang diakui Polri, hasilnya diunggah "
                              "secara elektronik.")),
    ("e_ppsi", gettext_lazy("e-PPsi: tes psikologi daring yang diakreditasi Polri (satu kali ulang bila belum "
                            "lulus).")),
    ("photo", gettext_lazy("Pas foto berlatar biru.")),
    ("signature", gettext_lazy("Foto tanda tangan.")),
)


@dataclass
class SimReadiness:
    licence: DrivingLicence
    phase: rules.SimPhase
    expires_on: dt.date
    window_opens: dt.date
    route: str
    checks: list[Check]
    fee: object  # SimFee | None: the PNBP of the route (renewal, or a new SIM once expired)

    @property
    def ready(self) -> bool:
        return all(c.ok for c in self.checks)


def sim_readiness(user, licence: DrivingLicence, *, today: dt.date) -> SimReadiness:
    window = int(conf.MOBILITY_SIM_RENEWAL_WINDOW_DAYS)
    years = licence.licence_class.validity_years
    expires = rules.sim_expiry(licence.issued_on, years)
    opens = rules.renewal_opens(expires, window)
    phase = rules.sim_phase(licence.issued_on, today, window, years)
    person = civil.person_for_citizen(user, level=IdentityLevel.MATCHED)
    ktp = person is not None and person.ktp_issued_at is not None
    checks = [
        Check("confirmed", licence.status == LicenceStatus.CONFIRMED, _("Data SIM sudah diperiksa petugas"),
              "" if licence.status == LicenceStatus.CONFIRMED else str(licence.get_status_display())),
        Check("ktp_el", ktp, _("KTP-el tercatat di register kependudukan"),
              "" if ktp else (_("Cocokkan atau verifikasi identitas Anda dulu.") if person is None
                              else _("Register belum mencatat KTP-el Anda."))),
        Check("not_expired", phase != rules.SimPhase.EXPIRED,
              _("SIM belum habis berlaku (berlaku sampai %(d)s)") % {"d": format_date_ui(expires)},
              "" if phase != rules.SimPhase.EXPIRED else _("SIM yang habis berlaku tidak dapat diperpanjang: "
                                                           "ajukan SIM baru dengan ujian teori dan praktik.")),
        Check("window", phase != rules.SimPhase.VALID,
              _("Masa perpanjangan sudah dibuka (mulai %(d)s)") % {"d": format_date_ui(opens)},
              "" if phase != rules.SimPhase.VALID else _("Perpanjangan dapat diajukan mulai %(d)s.")
              % {"d": format_date_ui(opens)}),
    ]
    if phase == rules.SimPhase.EXPIRED:
        route, kind = NEW_SIM, FeeKind.NEW
    elif phase == rules.SimPhase.VALID or not ktp:
        route, kind = WAIT, FeeKind.RENEWAL
    else:
        route, kind = (ONLINE if licence.licence_class.online_renewal else IN_PERSON), FeeKind.RENEWAL
    return SimReadiness(licence, phase, expires, opens, route, checks,
                        fees.sim_fee(licence.licence_class, kind, today))
