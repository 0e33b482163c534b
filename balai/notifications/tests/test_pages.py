import pytest
from django.urls import reverse

from balai.notifications.callbacks import receive_sandbox
from balai.notifications.models import Preference, Template
from balai.notifications.providers.sandbox import signed_status
from balai.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_citizen_sees_own_log_and_saves_preferences(client, commit, make_citizen, daytime):
    user, other = make_citizen(), make_citizen()
    with commit():
        notify("tests.ping", recipient=user, context={"name": "Siti", "nik": "3578010101900001", "url": "/"}, key="1")
        notify("tests.ping", recipient=other, context={"name": "Budi", "nik": "-", "url": "/"}, key="1")
    client.force_login(user)
    page = client.get(reverse("notifications:mine")).content.decode()
    assert "Halo Siti" in page and "Budi" not in page and "3578010101900001" not in page
    response = client.post(reverse("notifications:preferences"),
                           {"channels": ["email"], "language": "en", "opted_out": ["applications"]})
    assert response.status_code == 302
    pref = Preference.objects.get(user=user)
    assert (pref.channels, pref.language, pref.opted_out) == (["email"], "en", ["applications"])


def test_phone_page_shows_a_field_error_for_a_foreign_number(client, make_citizen, demo):
    client.force_login(make_citizen())
    response = client.post(reverse("notifications:phone"), {"step": "send", "phone": "+1 650 253 0000",
                                                            "channel": "sms"})
    assert response.status_code == 200 and "Nomor HP tidak dikenali" in response.content.decode()


def test_admin_previews_and_saves_a_template_unknown_placeholder_refused(staff_client):
    client, _admin = staff_client("admin")
    url = reverse("notifications:template", args=["tests.ping", "sms", "id"])
    page = client.post(url, {"body": "Halo {nama}", "action": "save"}).content.decode()
    assert "Isian tidak dikenal" in page and not Template.objects.exists()
    page = client.post(url, {"body": "Halo {name} " + "x" * 170, "action": "preview"}).content.decode()
    assert "Halo [name]" in page and "2 bagian SMS" in page and not Template.objects.exists()
    assert client.post(url, {"body": "Halo {name}", "action": "save"}).status_code == 302
    assert Template.objects.get().version == 1


def test_staff_event_page_masks_addresses(staff_client, commit, make_citizen, daytime):
    user = make_citizen()
    with commit():
        notify("tests.ping", recipient=user, context={"name": "Siti", "nik": "-", "url": "/"}, key="1")
    client, _supervisor = staff_client("supervisor")
    page = client.get(reverse("notifications:staff_event", args=["tests.ping"])).content.decode()
    assert user.email not in page and user.email[:2] + "***@" in page


def test_sandbox_pages_exist_in_demo_mode_only(client, make_citizen, settings):
    client.force_login(make_citizen())
    settings.DEMO = False
    assert client.get(reverse("notifications:sandbox")).status_code == 404
    settings.DEMO = True
    page = client.get(reverse("notifications:sandbox")).content.decode()
    assert "SANDBOX" in page


def test_callback_refuses_a_bad_signature(client, demo):
    body, stamp, sig = signed_status("sbx-x", "delivered")
    url = reverse("notifications:sandbox-callback")
    bad = client.post(url, body, content_type="application/json", HTTP_X_SANDBOX_TIMESTAMP=stamp,
                      HTTP_X_SANDBOX_SIGNATURE="0" * 64)
    assert bad.status_code == 401
    good = client.post(url, body, content_type="application/json", HTTP_X_SANDBOX_TIMESTAMP=stamp,
                       HTTP_X_SANDBOX_SIGNATURE=sig)
    assert good.status_code == 200 and good.json() == {"applied": False}  # no such delivery
    assert receive_sandbox(body, stamp, sig) is False
