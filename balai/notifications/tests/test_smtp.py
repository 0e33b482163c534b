"""E-mail through Django's SMTP backend to a real SMTP server (aiosmtpd) on a local port."""

import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from balai.notifications.models import Delivery
from balai.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self, refuse: str = ""):
        self.messages: list[email.message.Message] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd hook)
        if self.refuse and address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    def start(refuse: str = ""):
        inbox = Inbox(refuse)
        port = _free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        return inbox

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def test_the_smtp_server_receives_the_message_once(smtp, make_citizen, daytime):
    inbox = smtp()
    user = make_citizen()
    inbox.messages.clear()
    for _ in range(2):
        with transaction.atomic():
            notify("tests.ping", recipient=user, context={"name": "Siti", "nik": "3578010101900001", "url": "/x/"},
                   key="once")
    [message] = [m for m in inbox.messages if m["Subject"] == "Uji Siti"]
    assert message["To"] == user.email and message["Message-ID"].startswith("<balai-n")
    body = message.get_payload(decode=True).decode()
    assert "3578010101900001" not in body and "/x/" in body
    assert Delivery.objects.get().status == "sent"


def test_a_refused_address_fails_with_the_reason(smtp, make_citizen, daytime):
    user = make_citizen()
    smtp(refuse=user.email)
    with transaction.atomic():
        notify("tests.ping", recipient=user, context={"name": "Siti", "nik": "-", "url": "/"}, key="refused")
    d = Delivery.objects.get()
    assert d.status == "failed" and "ditolak" in d.reason


def test_a_server_that_does_not_answer_is_retried_later(settings, make_citizen, daytime):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    user = make_citizen()
    with transaction.atomic():
        notify("tests.ping", recipient=user, context={"name": "Siti", "nik": "-", "url": "/"}, key="down")
    d = Delivery.objects.get()
    assert d.status == "queued" and d.attempts == 1 and d.next_attempt_at > daytime and d.reason
