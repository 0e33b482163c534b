from __future__ import annotations

from typing import Any

from balai.core.models import AuditEntry

from .models import User


def personal_data(user: User) -> dict[str, Any]:
    """What the accounts app holds about ``user`` as a data subject (full values: it is their own)."""
    data: dict[str, Any] = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }
    citizen = getattr(user, "citizen", None)
    if citizen is not None:
        village = citizen.village
        data["citizen_profile"] = {
            "nik": citizen.nik,
            "address": {"street": citizen.street, "rt": citizen.rt, "rw": citizen.rw,
                        "village": {"code": village.code, "name": village.name}},
            "identity": {
                "level": citizen.identity_level,
                "matched_at": citizen.matched_at.isoformat() if citizen.matched_at else None,
                "nik_released_at": citizen.nik_released_at.isoformat() if citizen.nik_released_at else None,
                "events": [{"at": e.created_at.isoformat(), "kind": e.kind, "method": e.method}
                           for e in citizen.identity_events.order_by("created_at")],
                "activation_letters": [{"requested_at": x.requested_at.isoformat(), "status": x.status,
                                        "printed_at": x.printed_at.isoformat() if x.printed_at else None}
                                       for x in citizen.activation_letters.order_by("requested_at")],
            },
        }
    data["api_tokens"] = [
        {"prefix": t.prefix, "created_at": t.created_at.isoformat(),
         "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
        for t in user.api_tokens.order_by("created_at")
    ]
    data["activity_log"] = [
        {"at": e.created_at.isoformat(), "action": e.action, "object": f"{e.object_type}:{e.object_id}"}
        for e in AuditEntry.objects.filter(actor=user).order_by("created_at")[:1000]
    ]
    return data
