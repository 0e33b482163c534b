from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core import forms as core_forms

from .models import (
    ELEMENTS,
    SCALE,
    AgeGroup,
    ComplaintCategory,
    ComplaintSubject,
    Education,
    Occupation,
    Sex,
    SurveyChannel,
)

_BLANK = [("", _("Tidak diisi"))]


class SurveyForm(core_forms.Form):
    """The nine elements (required online; a paper sheet may leave one blank), the optional
    profile and a suggestion."""

    age_group = forms.ChoiceField(label=_("Usia"), choices=_BLANK + list(AgeGroup.choices), required=False)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=_BLANK + list(Sex.choices), required=False)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=_BLANK + list(Education.choices),
                                  required=False)
    occupation = forms.ChoiceField(label=_("Pekerjaan"), choices=_BLANK + list(Occupation.choices), required=False)
    suggestion = forms.CharField(label=_("Saran dan masukan (tidak wajib)"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in ELEMENTS:
            self.fields[code] = forms.TypedChoiceField(label=str(label), choices=[(str(v), t) for v, t in SCALE], coerce=int,
                                                       required=not paper, widget=forms.RadioSelect, empty_value=None)

    @property
    def element_fields(self):
        return [self[code] for code, _label in ELEMENTS]

    @property
    def profile_fields(self):
        return [self[name] for name in ("age_group", "sex", "education", "occupation")]

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(code) for code, _label in ELEMENTS}

    def profile(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in ("age_group", "sex", "education", "occupation")}


class PaperSurveyForm(SurveyForm):
    office = forms.TypedChoiceField(label=_("Kantor"), coerce=int)
    service = forms.TypedChoiceField(label=_("Layanan"), coerce=int)
    period = forms.DateField(label=_("Tanggal layanan"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Cara pengisian"),
                                choices=[(SurveyChannel.PAPER, SurveyChannel.PAPER.label),
                                         (SurveyChannel.KIOSK, SurveyChannel.KIOSK.label)])

    def __init__(self, *args, offices=(), services=(), **kwargs):
        super().__init__(*args, paper=True, **kwargs)
        self.fields["office"].choices = [(o.pk, o.name) for o in offices]
        self.fields["service"].choices = list(services)
        self.fields["period"].initial = timezone.localdate()


class ReportFilter(core_forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)
    month = forms.TypedChoiceField(label=_("Bulan"), coerce=int, required=False, empty_value=None)
    service = forms.TypedChoiceField(label=_("Layanan"), coerce=int, required=False, empty_value=None)
    show_011 = forms.BooleanField(label=_("Tampilkan juga nilai dengan bobot 0,11 (pembulatan peraturan)"),
                                  required=False)

    def __init__(self, *args, years=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["month"].choices = [("", _("Setahun penuh"))] + [(m, MONTHS[m - 1]) for m in range(1, 13)]
        self.fields["service"].choices = [("", _("Semua layanan"))] + list(services)


MONTHS = [_("Januari"), _("Februari"), _("Maret"), _("April"), _("Mei"), _("Juni"), _("Juli"), _("Agustus"),
          _("September"), _("Oktober"), _("November"), _("Desember")]


class ComplaintForm(core_forms.Form):
    subject_kind = forms.ChoiceField(label=_("Pengaduan tentang"), choices=ComplaintSubject.choices)
    subject_ref = forms.CharField(label=_("Nomor rujukan (nomor permohonan, nomor dokumen, kode bayar, atau kode titik layanan)"),
                                  required=False, max_length=40)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False,
                                help_text=_("Untuk pengaduan tanpa nomor rujukan: di mana layanan diterima."))
    category = forms.ChoiceField(label=_("Kategori"), choices=ComplaintCategory.choices)
    text = forms.CharField(label=_("Isi pengaduan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=_("Rahasiakan identitas saya dari petugas"), required=False)

    def __init__(self, *args, regencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [("", _("Pilih kabupaten/kota"))] + list(regencies)


class ReplyForm(core_forms.Form):
    text = forms.CharField(label=_("Tanggapan Anda"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class HandleForm(core_forms.Form):
    action = forms.ChoiceField(label=_("Tindakan"), choices=[
        ("progress", _("Tindak lanjuti")), ("extend", _("Perpanjang batas waktu")), ("answer", _("Kirim jawaban")),
        ("close", _("Tutup (selesai)")), ("forward", _("Bukan kewenangan: teruskan"))])
    text = forms.CharField(label=_("Pesan kepada pelapor"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    public_summary = forms.CharField(label=_("Ringkasan untuk daftar publik (tanpa data pribadi)"), max_length=1000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lapor_number = forms.CharField(label=_("Nomor tiket LAPOR! (jika pengaduan juga masuk lewat LAPOR!)"),
                                   max_length=30, required=False)


class PledgeForm(core_forms.Form):
    """Who signs a unit's maklumat pelayanan (its head); the text is the regulation's."""

    office = forms.TypedChoiceField(label=_("Unit"), coerce=int, choices=())
    head_name = forms.CharField(label=_("Nama kepala unit"), max_length=150)
    head_title = forms.CharField(label=_("Jabatan"), max_length=150,
                                 help_text=_("Misalnya: Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya"))
    head_nip = forms.CharField(label=_("NIP (tidak wajib)"), max_length=18, required=False)

    def __init__(self, *args, offices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = offices
