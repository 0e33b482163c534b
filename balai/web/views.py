from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from balai.accounts.decorators import staff_required

# The services Balai brings online, in the order citizens ask for them (home page cards).
SERVICES = [
    {"icon": "kk", "title": _("Kartu Keluarga"),
     "text": _("Perubahan data, keluarga baru, atau penggantian KK yang hilang/rusak — tanpa datang ke kantor.")},
    {"icon": "ktp", "title": _("KTP-el"),
     "text": _("Pengajuan cetak pertama, penggantian, dan perubahan data; pilih jadwal perekaman bila perlu.")},
    {"icon": "akta", "title": _("Akta Kelahiran"),
     "text": _("Daftarkan kelahiran; akta, NIK anak, dan KK baru terbit bersama sebagai dokumen bertanda tangan elektronik.")},
    {"icon": "pkb", "title": _("Pajak Kendaraan (PKB)"),
     "text": _("Cek rincian pajak tahunan dan bayar lewat bank, QRIS, atau di Samsat OPOP pesantren.")},
    {"icon": "sim", "title": _("SIM dan Paspor"),
     "text": _("Perpanjangan SIM dan antrean paspor: pesan jadwal dan lacak status.")},
    {"icon": "verif", "title": _("Verifikasi dokumen"),
     "text": _("Pindai kode QR pada dokumen untuk memastikan keasliannya — siapa pun bisa.")},
]


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"services": SERVICES})


@staff_required()
def staff_home(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "staff", None)
    jurisdiction = list(staff.jurisdiction.order_by("code")) if staff else []
    return render(request, "web/staff_home.html", {"staff": staff, "jurisdiction": jurisdiction})


def _api_error(request: HttpRequest, status: int, code: str, message: str | Promise) -> HttpResponse | None:
    """Errors raised outside DRF (no matching URL, CSRF, a crash) keep the API's JSON format."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)
    return None


_TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    """Bad requests caught by Django before any view (a body beyond DATA_UPLOAD_MAX_MEMORY_SIZE,
    too many fields or files): 413 for the size limits, 400 otherwise; JSON under /api/."""
    if isinstance(exception, _TOO_LARGE):
        return (_api_error(request, 413, "payload_too_large", _("Data yang dikirim terlalu besar."))
                or render(request, "400.html", {"too_large": True}, status=413))
    return (_api_error(request, 400, "bad_request", _("Permintaan tidak valid."))
            or render(request, "400.html", status=400))


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return (_api_error(request, 403, "permission_denied", _("Akses ditolak."))
            or render(request, "403.html", status=403))


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return (_api_error(request, 404, "not_found", _("Tidak ditemukan."))
            or render(request, "404.html", status=404))


def error_500(request: HttpRequest) -> HttpResponse:
    return (_api_error(request, 500, "server_error", _("Terjadi kesalahan pada server."))
            or render(request, "500.html", status=500))
