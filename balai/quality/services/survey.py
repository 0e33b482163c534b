"""Survey writes. A response and its "answered" mark are written in one transaction, and the
month's raw sums with them, so the staff figures never lag and never double count."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.cases.models import Application, Office, Service, State
from balai.core.text import clean_text

from ..errors import QualityError
from ..models import ELEMENT_CODES, SurveyAnswered, SurveyChannel, SurveyResponse, SurveyStat

PROFILE_FIELDS = ("age_group", "sex", "education", "occupation")


def month_of(day: date) -> date:
    return day.replace(day=1)


def _check_scores(scores: dict[str, int | None], *, all_required: bool) -> dict[str, int | None]:
    clean: dict[str, int | None] = {}
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if value in (None, ""):
            if all_required:
                raise QualityError("survey_incomplete", _("Semua sembilan unsur harus dinilai."),
                                   fields={code: [_("Pilih nilai 1–4.")]})
            clean[code] = None
            continue
        value = int(value)  # type: ignore[arg-type]
        if not 1 <= value <= 4:
            raise QualityError("survey_scale", _("Nilai harus 1 sampai 4."), fields={code: [_("Pilih nilai 1–4.")]})
        clean[code] = value
    if all(v is None for v in clean.values()):
        raise QualityError("survey_empty", _("Isi paling sedikit satu unsur."))
    return clean


def _add_to_stat(response: SurveyResponse, regency_code: str) -> None:
    stat, _created = SurveyStat.objects.get_or_create(period=response.period, office_id=response.office_id,
                                                      service_id=response.service_id, synthetic=False,
                                                      defaults={"regency_code": regency_code})
    stat = SurveyStat.objects.select_for_update().get(pk=stat.pk)
    stat.responses += 1
    for code in ELEMENT_CODES:
        value = getattr(response, code)
        if value is not None:
            stat.sums[code] = stat.sums.get(code, 0) + value
            stat.counts[code] = stat.counts.get(code, 0) + 1
    stat.save(update_fields=["responses", "sums", "counts"])


def _store(*, office: Office, service: Service, period: date, channel: str, scores: dict, profile: dict,
           suggestion: str) -> SurveyResponse:
    response = SurveyResponse(office=office, service=service, period=month_of(period), channel=channel,
                              suggestion=clean_text(suggestion or "", max_length=2000, multiline=True),
                              **scores, **{k: profile.get(k) or "" for k in PROFILE_FIELDS})
    response.full_clean()
    response.save(force_insert=True)
    _add_to_stat(response, office.regency_code)
    return response


def survey_submit(*, application: Application, by, scores: dict, profile: dict | None = None,
                  suggestion: str = "") -> None:
    """The applicant's one response for a completed application. Returns nothing: not even the
    caller learns which stored row is theirs."""
    if application.applicant_id != by.pk:
        raise QualityError("survey_not_yours", _("Survei hanya dapat diisi oleh pemohon."), status_code=403)
    if application.state != State.COMPLETED or application.closed_at is None:
        raise QualityError("survey_not_completed", _("Survei dapat diisi setelah layanan selesai."))
    clean = _check_scores(scores, all_required=True)
    try:
        with transaction.atomic():
            SurveyAnswered.objects.create(application=application)
            _store(office=application.office, service=application.service,
                   period=timezone.localdate(application.closed_at), channel=SurveyChannel.ONLINE, scores=clean,
                   profile=profile or {}, suggestion=suggestion)
    except IntegrityError:
        raise QualityError("survey_answered", _("Survei untuk permohonan ini sudah diisi. Terima kasih."),
                           status_code=409) from None


def survey_enter(*, office: Office, service: Service, period: date, channel: str, scores: dict,
                 profile: dict | None = None, suggestion: str = "", office_ids: tuple[int, ...]) -> None:
    """A paper or kiosk sheet typed in by staff of the office (``office_ids``: the staff's offices).
    Elements left blank on paper stay blank (NRR counts only those who answered)."""
    if office.pk not in office_ids:
        raise QualityError("survey_office_scope", _("Kantor ini di luar wilayah kerja Anda."), status_code=403)
    if channel not in (SurveyChannel.PAPER, SurveyChannel.KIOSK):
        raise QualityError("survey_channel", _("Pilih kuesioner kertas atau kios."))
    if period > timezone.localdate():
        raise QualityError("survey_future", _("Periode tidak boleh di masa depan."), fields={"period": [_("Periode tidak boleh di masa depan.")]})
    clean = _check_scores(scores, all_required=False)
    with transaction.atomic():
        _store(office=office, service=service, period=period, channel=channel, scores=clean, profile=profile or {},
               suggestion=suggestion)
