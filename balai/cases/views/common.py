"""What the case pages share: the applicant-only decorator, the requirement rows of a case and
the access-checked attachment download."""

from __future__ import annotations

from functools import wraps
from typing import cast

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest

from balai.accounts.models import Role, User

from .. import selectors, services
from ..models import Attachment
from ..uploads import max_upload_bytes

DESK = (Role.OFFICER, Role.SUPERVISOR)


def _user(request: HttpRequest) -> User:
    """The authenticated user (the decorators let nothing else through)."""
    return cast(User, request.user)


def applicant_view(view):
    """A case page for its applicant: the citizen, or the officer who filed it at a counter
    (then with a verified second factor, like every staff page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, tracking_number: str, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff_role and not user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
            return redirect_to_login(request.get_full_path())
        app = selectors.access_application(user, tracking_number)
        if "applicant" not in services.actor_roles(user, app):
            raise Http404
        return view(request, app, *args, **kwargs)

    return wrapper

def _uploads_context(app) -> dict:
    selectors.case_detail(app)
    requirements = selectors.requirements_of(app.service_version)
    current = {}
    for attachment in app.attachments.all():
        if not attachment.superseded:
            current[attachment.requirement_id] = attachment
    by_id = {r.pk: r for r in requirements}
    rows = [{"req": r, "file": current.get(r.pk), "alt_of": by_id.get(r.alternative_of_id or 0)} for r in requirements]
    missing = services.missing_requirements(app, requirements, list(current.values()))
    return {"req_rows": rows, "missing": missing, "max_mb": max_upload_bytes() // (1024 * 1024)}

def _timeline(app) -> list[dict]:
    return selectors.timeline(app)

def attachment_response(app, attachment_id: int) -> FileResponse:
    attachment = Attachment.objects.filter(application=app, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=True,
                            filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
