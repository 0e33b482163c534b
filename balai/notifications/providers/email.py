"""E-mail through Django's e-mail backend (SMTP in production, the console in the embedded
default, a real SMTP server in tests). The reference is the Message-ID, derived from the delivery
reference so a resend carries the same id (receiving systems drop a duplicate Message-ID)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from . import OutgoingMessage, PermanentFailure, TemporaryFailure, register_provider


class DjangoEmailProvider:
    code = "email"

    def send(self, message: OutgoingMessage) -> str:
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "balai.local"
        message_id = f"<{message.ref}@{domain}>"
        email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to],
                             headers={"Message-ID": message_id})
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure("alamat e-mail ditolak server penerima") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(f"server e-mail tidak menjawab ({type(exc).__name__})") from exc
        return message_id


register_provider("email", DjangoEmailProvider)
