"""Recording licences, passports and M-Paspor bookings: the refusals REFERENCE §5 and the issue's
bad-input list name, the photo handling, the officer's review and the reminders."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from balai.core.errors import DomainError
from balai.mobility import notices, services
from balai.mobility.models import DrivingLicence, LicenceStatus
from balai.mobility.services import LicenceInput
from balai.notifications.models import Notification

from .factories import card_photo

pytestmark = pytest.mark.django_db


def _add(owner, **kw):
    data = LicenceInput(kw.pop("code", "A"), kw.pop("number", "1234-5678-9012"), kw.pop("issued", dt.date(2022, 2, 10)))
    return services.licence_add(owner=owner, data=data, photo=kw.pop("photo", card_photo()),
                                today=kw.pop("today", dt.date(2026, 1, 1)))


def test_a_licence_is_recorded_with_its_photo_reencoded_and_waits_for_an_officer(make_citizen):
    citizen = make_citizen()
    buffer = io.BytesIO()
    image = Image.new("RGB", (64, 40), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: must not survive the re-encoding
    image.save(buffer, "JPEG", exif=exif)
    licence = _add(citizen, photo=SimpleUploadedFile("kartu.jpg", buffer.getvalue(), content_type="image/jpeg"))
    assert licence.status == LicenceStatus.PENDING and licence.number == "123456789012"
    assert licence.expires_on == dt.date(2027, 2, 10)
    stored = licence.photo.read()
    assert stored != buffer.getvalue() and b"PhoneMaker" not in stored
    assert Image.open(io.BytesIO(stored)).size == (64, 40)


@pytest.mark.parametrize(("kw", "code", "status"), [
    ({"issued": dt.date(2026, 1, 2)}, "issue_date_in_future", 422),
    ({"code": "Z"}, "unknown_class", 422),
    ({"number": "12AB"}, "invalid_sim_number", 422),
])
def test_bad_licence_input_is_refused_with_422(make_citizen, kw, code, status):
    with pytest.raises(DomainError) as caught:
        _add(make_citizen(), **kw)
    assert (caught.value.code, caught.value.status_code) == (code, status)
    assert DrivingLicence.objects.count() == 0


def test_a_photo_that_is_not_an_image_is_refused(make_citizen):
    with pytest.raises(DomainError) as caught:
        _add(make_citizen(), photo=SimpleUploadedFile("sim.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg"))
    assert caught.value.status_code == 415


def test_the_same_licence_twice_is_a_conflict(make_citizen):
    citizen = make_citizen()
    _add(citizen)
    with pytest.raises(DomainError) as caught:
        _add(citizen, number="123456789012")
    assert caught.value.status_code == 409


def test_an_officer_of_the_holders_regency_confirms_and_the_holder_is_told(make_citizen, make_staff,
                                                                           django_capture_on_commit_callbacks):
    citizen = make_citizen()  # lives in Surabaya (3578)
    licence = _add(citizen)
    outsider = make_staff(username="malang", jurisdiction=("3507",))
    with pytest.raises(DomainError) as caught:
        services.licence_review(licence=licence, by=outsider, confirm=True)
    assert caught.value.status_code == 403
    officer = make_staff(username="sby", jurisdiction=("3578",))
    with pytest.raises(DomainError):
        services.licence_review(licence=licence, by=officer, confirm=False)  # a rejection needs a reason
    with django_capture_on_commit_callbacks(execute=True):
        services.licence_review(licence=licence, by=officer, confirm=True)
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.CONFIRMED and licence.reviewed_by == officer
    assert Notification.objects.filter(event=notices.LICENCE_REVIEWED, recipient=citizen).exists()
    with pytest.raises(DomainError) as again:
        services.licence_review(licence=licence, by=officer, confirm=False, note="x")
    assert again.value.status_code == 409


def test_passport_expiry_must_match_its_type(make_citizen):
    citizen = make_citizen()
    passport = services.passport_add(owner=citizen, kind="elektronik_10", number="x1234567",
                                     issued_on=dt.date(2023, 1, 12), expires_on=dt.date(2033, 1, 12))
    assert passport.number == "X1234567"
    with pytest.raises(DomainError) as caught:
        services.passport_add(owner=citizen, kind="biasa_5", number="B7654321", issued_on=dt.date(2023, 1, 12),
                              expires_on=dt.date(2033, 1, 12))
    assert caught.value.code == "expiry_not_plausible"


def test_an_mpaspor_booking_reminds_to_pay_within_two_hours(make_citizen, django_capture_on_commit_callbacks):
    citizen = make_citizen()
    with pytest.raises(DomainError):
        services.passport_booking_record(owner=citizen, office="Kanim Surabaya", visit_date=timezone.localdate(),
                                         billing_code="12345")
    at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.passport_booking_record(owner=citizen, office="Kantor Imigrasi Surabaya",
                                                   visit_date=timezone.localdate() + dt.timedelta(days=7),
                                                   billing_code="820241217000123", billing_at=at)
    note = Notification.objects.get(event=notices.PASSPORT_PAYMENT, recipient=citizen)
    assert booking.billing_code in str(note.__dict__)


def test_due_reminders_are_sent_once(make_citizen, django_capture_on_commit_callbacks, settings):
    settings.MOBILITY_SIM_REMINDER_DAYS = (90, 14)
    citizen = make_citizen()
    DrivingLicence.objects.create(owner=citizen, licence_class_id=_class_id("C"), number="111122223333",
                                  issued_on=dt.date(2022, 2, 10), status=LicenceStatus.CONFIRMED)
    services.passport_add(owner=citizen, kind="biasa_10", number="C1234567", issued_on=dt.date(2021, 7, 31),
                          expires_on=dt.date(2031, 7, 31), today=dt.date(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.send_due_reminders(today=dt.date(2026, 11, 12)) == 1  # 90 days before 10 Feb 2027
        assert notices.send_due_reminders(today=dt.date(2026, 11, 12)) == 1  # the same key: nothing new
        assert notices.send_due_reminders(today=dt.date(2030, 10, 31)) == 1  # 9 months before 31 Jul 2031
    assert Notification.objects.filter(event=notices.SIM_WINDOW, recipient=citizen).count() == 1
    assert Notification.objects.filter(event=notices.PASSPORT_EXPIRING, recipient=citizen).count() == 1


def _class_id(code: str) -> int:
    from balai.mobility.models import LicenceClass

    return LicenceClass.objects.get(code=code).pk
