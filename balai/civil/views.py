"""HTML pages of the register: officers' search, person and family-card pages with history, the
duplicate queue; the citizen's own family card. Thin: parse, one selector or service, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from balai.accounts.decorators import citizen_required, staff_required
from balai.accounts.models import Role
from balai.core import forms as core_forms
from balai.core.errors import error_message
from balai.core.masking import mask_name, mask_nik

from . import selectors, services
from .api import REGISTER_ROLES

REVEAL_REASONS = [
    ("service", gettext_lazy("Memproses permohonan layanan")),
    ("verification", gettext_lazy("Verifikasi data atas permintaan penduduk")),
    ("correction", gettext_lazy("Perbaikan data")),
    ("legal", gettext_lazy("Permintaan aparat penegak hukum (dengan surat)")),
]


class SearchForm(core_forms.Form):
    nik = forms.CharField(label=gettext_lazy("NIK"), required=False, max_length=16,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kk_number = forms.CharField(label=gettext_lazy("Nomor KK"), required=False, max_length=16,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=gettext_lazy("Nama"), required=False, max_length=150)
    birth_date = forms.DateField(label=gettext_lazy("Tanggal lahir"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if not (data.get("nik") or data.get("kk_number") or (data.get("name") and data.get("birth_date"))):
            raise forms.ValidationError(_("Cari dengan NIK, nomor KK, atau nama dan tanggal lahir."))
        return data


class RevealForm(core_forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Alasan membuka data lengkap"), choices=REVEAL_REASONS)
    detail = forms.CharField(label=gettext_lazy("Keterangan (nomor permohonan/surat)"), max_length=200,
                             min_length=3)


class FullReadFilterForm(core_forms.Form):
    since = forms.DateField(label=gettext_lazy("Dari tanggal"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("Sampai tanggal"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    officer = forms.CharField(label=gettext_lazy("Petugas (nama pengguna)"), required=False, max_length=150)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class DecisionForm(core_forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Keputusan"), widget=forms.RadioSelect, choices=[
        ("not_duplicate", gettext_lazy("Bukan data ganda: aktifkan")),
        ("duplicate", gettext_lazy("Data ganda: tolak data baru"))])
    note = forms.CharField(label=gettext_lazy("Catatan"), max_length=500, required=False)


staff_only = staff_required(REGISTER_ROLES)


@staff_only
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    # POST: a NIK in a query string would end up in access logs and browser history.
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = list(selectors.person_search(user=request.user, **form.cleaned_data))
    return render(request, "civil/search.html", {"form": form, "results": results})


def _reveal(request: HttpRequest, object_type: str, obj) -> bool:
    """POST with a valid reason = an audited full read for this response only."""
    if request.method != "POST":
        return False
    form = RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih alasan dan isi keterangan untuk membuka data lengkap."))
        return False
    reason = f"{form.cleaned_data['reason']}: {form.cleaned_data['detail']}"
    selectors.record_full_read(user=request.user, object_type=object_type, obj=obj, reason=reason)
    return True


@staff_only
@require_http_methods(["GET", "POST"])
def person_page(request: HttpRequest, public_id) -> HttpResponse:
    person = selectors.access_person(request.user, public_id)
    full = _reveal(request, "person", person)
    return render(request, "civil/person.html", {
        "person": person, "full": full, "membership": selectors.active_membership(person),
        "reveal_form": RevealForm(), "ktp": services.ktp_eligibility(person)})


@staff_only
@require_http_methods(["GET", "POST"])
def family_card_page(request: HttpRequest, public_id) -> HttpResponse:
    card = selectors.access_family_card(request.user, public_id)
    full = _reveal(request, "family_card", card)
    return render(request, "civil/family_card.html", {
        "card": card, "full": full, "members": selectors.card_members(card), "versions": card.versions.all(),
        "reveal_form": RevealForm()})


@staff_only
def family_card_version(request: HttpRequest, public_id, number: int) -> HttpResponse:
    card = selectors.access_family_card(request.user, public_id)
    version = card.versions.filter(number=number).first()
    if version is None:
        raise Http404
    snapshot = version.snapshot
    previous = card.versions.filter(number=number - 1).first()
    before = {m["nik"] for m in previous.snapshot["members"]} if previous else set()
    from .models import Relationship

    relationships = dict(Relationship.choices)  # the snapshot keeps the code; the page shows words
    members = [{**m, "nik": mask_nik(m["nik"]), "is_new": bool(previous) and m["nik"] not in before,
                "relationship": relationships.get(m.get("relationship", ""), m.get("relationship", ""))}
               for m in snapshot["members"]]
    return render(request, "civil/version.html", {"card": card, "version": version, "members": members,
                                                  "address": snapshot["address"]})


@staff_required({Role.SUPERVISOR, Role.ADMIN})
def full_reads(request: HttpRequest) -> HttpResponse:
    """Who opened which full NIK/KK in this jurisdiction, and why (the audited reveals)."""
    from django.core.paginator import Paginator

    form = FullReadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.full_reads_for_supervisor(request.user, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = selectors.full_read_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "civil/full_reads.html", {"form": form, "page": page, "rows": rows,
                                                     "query": query.urlencode()})


@staff_only
def duplicates(request: HttpRequest) -> HttpResponse:
    reviews = selectors.duplicate_reviews_for_staff(request.user)[:100]
    return render(request, "civil/duplicates.html", {"reviews": reviews, "form": DecisionForm()})


@staff_only
@require_POST
def duplicate_decide(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.duplicate_reviews_for_staff(request.user).filter(pk=review_id).first()
    if review is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.duplicate_decide(review=review, is_duplicate=form.cleaned_data["decision"] == "duplicate",
                                      by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Keputusan dicatat."))
        except services.RegisterError as exc:
            error_message(request, exc)
    else:
        messages.error(request, _("Pilih keputusan."))
    return redirect("civil:duplicates")


@citizen_required
def my_family_card(request: HttpRequest) -> HttpResponse:
    """The citizen's family card at their identity level: nothing when the NIK is only claimed,
    masked when matched, in full when verified (ARCHITECTURE invariant 8)."""
    person = selectors.person_for_citizen(request.user)
    membership = selectors.active_membership(person) if person else None
    context: dict[str, object] = {"person": person, "membership": membership,
                                  "full_view": selectors.citizen_view_is_full(request.user)}
    if person and membership:  # a membership is only looked up for a person
        card = membership.family_card
        members = selectors.card_members(card)
        context.update({"card": card, "members": members, "versions": card.versions.all()[:10],
                        "eligible_ktp": services.ktp_eligibility(person)})
        if not context["full_view"]:  # matched: the others' names and NIKs masked, no address line
            context.update({"members": [], "versions": [], "masked_members": [
                (m.person.full_name if m.person_id == person.pk else mask_name(m.person.full_name),
                 m.person.nik if m.person_id == person.pk else m.person.nik_masked, m.get_relationship_display())
                for m in members]})
    return render(request, "civil/my_family_card.html", context)

