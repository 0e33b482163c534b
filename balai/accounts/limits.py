"""Per-client limits on the account forms, shared by every worker (balai.core.throttling).
Rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] in settings (env THROTTLE_LOGIN, …)."""

from __future__ import annotations

from django.http import HttpRequest

from balai.core.throttling import by_address, limit_posts


def _signup_client(request: HttpRequest) -> str | None:
    # the no-JS region selects re-post the form to refill themselves: that is not a sign-up attempt
    return None if "_cascade" in request.POST else by_address(request)


def _typed_email(request: HttpRequest) -> str | None:
    # Counted whether or not an account has the address, so the limit tells nothing about accounts;
    # it keeps anyone from filling a citizen's mailbox with reset links.
    email = (request.POST.get("email") or "").strip().lower()
    return email or None


login = limit_posts(("login", by_address))
signup = limit_posts(("signup", _signup_client))
password_reset = limit_posts(("password_reset", by_address), ("password_reset_address", _typed_email))
unlock = limit_posts(("unlock", by_address))


def _account(request: HttpRequest) -> str | None:
    return f"user:{request.user.pk}" if request.user.is_authenticated else None


# Re-sending the e-mail verification link: per account (one mailbox is not flooded) and per address.
email_verify_resend = limit_posts(("email_verify_resend", _account), ("email_verify_resend_address", by_address))
