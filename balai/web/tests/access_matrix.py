"""Who may open which route: the expected table for test_access_matrix.py.

Each entry: route name → (method used for the probe, policy). Policies name the roles allowed to
reach the view; everyone else must get 401/403/404 or the login page. "object" routes take an
identifier (tracking number, payment code, token…): probed with identifiers that exist for
nobody they answer 404 to all, and their object scope is tested by the cross-account tests.
"""

ROLES = ["anonymous", "citizen_a", "citizen_b", "officer_in", "officer_out", "supervisor", "agent_x", "agent_y",
         "admin"]
_CITIZENS = {"citizen_a", "citizen_b"}
_OFFICERS = {"officer_in", "officer_out", "supervisor", "admin"}
_AGENTS = {"agent_x", "agent_y"}
POLICIES = {
    "public": set(ROLES),
    "authenticated": set(ROLES) - {"anonymous"},
    "citizen": _CITIZENS,
    "staff": _OFFICERS | _AGENTS,
    "officer": _OFFICERS,
    "supervisor": {"supervisor", "admin"},
    # Case desks are for the officers who process cases and their supervisors; admins configure.
    "desk": {"officer_in", "officer_out", "supervisor"},
    "agent": _AGENTS,
    "admin": {"admin"},
    "object": set(),
    "nobody": set(),
}

# Values for path parameters; identifiers that exist for nobody.
SAMPLE_ARGS = {
    "<str:code>": "35",
    "<slug:code>": "layanan-tidak-ada",
    "<str:token>": "AAAAAAAAAAAAAAAAAAAAAA",
    "<int:pk>": "999999",
    "<str:payment_code>": "99999999999999",
    "<int:attempt_id>": "999999",
    "<int:token_id>": "999999",
    "<str:gateway>": "sandbox",
    "<str:tracking_number>": "ZZZZZZZZZ",
    "<int:attachment_id>": "999999",
    "<str:plate>": "L1234ZZ",
    "<uidb64>": "MTIzNDU2",
    "<token>": "set-password",
    "(?P<path>.*)": "",
    "<uuid:public_id>": "00000000-0000-4000-8000-000000000000",
    "<int:month>": "1",
    "<int:year>": "2026",
    "<int:number>": "999999",
    "<int:review_id>": "999999",
}

EXPECTED: dict[str, tuple[str, str]] = {
    "web:home": ("GET", "public"),
    "web:staff_home": ("GET", "staff"),
    "core:healthz": ("GET", "public"),
    "core:api-nik-parse": ("POST", "public"),
    "accounts:login": ("GET", "public"),
    "accounts:otp": ("GET", "object"),
    "accounts:totp_enrol": ("GET", "object"),
    "accounts:unlock": ("GET", "public"),  # the staff TOTP unlock form: anyone may see it
    "accounts:logout": ("GET", "public"),
    "accounts:signup": ("GET", "public"),
    "accounts:profile": ("GET", "citizen"),
    "accounts:email_verify": ("GET", "public"),  # the signed link is the key: a page saying what it does
    "accounts:email_resend": ("POST", "citizen"),
    "accounts:my_data": ("GET", "citizen"),
    "accounts:identity": ("GET", "citizen"),
    # IKD verification is offered only when IDENTITY_IKD_ADAPTER names an adapter (none by default)
    "accounts:identity_ikd": ("POST", "nobody"),
    "accounts:identity_ikd_return": ("GET", "nobody"),
    "accounts:staff_identity": ("GET", "staff"),
    "accounts:password_reset": ("GET", "public"),
    "accounts:password_reset_done": ("GET", "public"),
    "accounts:password_reset_confirm": ("GET", "public"),
    "accounts:password_reset_complete": ("GET", "public"),
    "accounts:api-token": ("POST", "public"),
    "accounts:api-token-revoke": ("GET", "object"),
    "accounts:api-me": ("GET", "authenticated"),
    "accounts:tokens": ("GET", "authenticated"),
    "accounts:token_revoke": ("POST", "object"),
    "accounts:api-tokens": ("GET", "authenticated"),
    "accounts:api-tokens-revoke": ("POST", "object"),
    "regions:options": ("GET", "public"),
    "regions:api-detail": ("GET", "public"),
    "regions:api-children": ("GET", "public"),
    "documents:verify_upload": ("GET", "public"),
    "documents:verify": ("GET", "object"),
    "documents:mine": ("GET", "authenticated"),
    "documents:download": ("GET", "object"),
    "documents:api-verify": ("GET", "object"),
    "documents:api-verify-file": ("POST", "public"),
    "payments:api-bill": ("GET", "object"),
    "payments:api-payment-start": ("POST", "authenticated"),
    "payments:api-bill-cancel": ("POST", "supervisor"),
    "payments:api-payment-create": ("POST", "supervisor"),
    "payments:webhook": ("POST", "object"),
    "payments:lookup": ("GET", "public"),
    "payments:bill": ("GET", "object"),
    "payments:status": ("GET", "object"),
    "payments:start": ("POST", "object"),
    "payments:instructions": ("GET", "object"),
    "payments:returned": ("GET", "object"),
    "payments:documents_link": ("GET", "object"),  # a signed link: a made-up token opens nothing (404)
    "payments:documents_link_download": ("GET", "object"),
    "payments:report": ("GET", "supervisor"),
    "payments:tasks": ("GET", "supervisor"),
    "payments:sandbox-bank": ("GET", "nobody"),  # demo mode only (BALAI_DEMO=1), off here: not routed
    # SNAP services for banks (payments.snap): signed by a registered bank, refused (401) to everyone else
    "payments:snap-token": ("POST", "object"),
    "payments:snap-va-inquiry": ("POST", "object"),
    "payments:snap-va-payment": ("POST", "object"),
    "payments:snap-va-status": ("POST", "object"),
    "cases:catalogue": ("GET", "public"),
    "cases:service": ("GET", "object"),
    "cases:apply_start": ("POST", "object"),
    "cases:mine": ("GET", "citizen"),
    "cases:application": ("GET", "object"),
    "cases:apply_data": ("GET", "object"),
    "cases:apply_uploads": ("GET", "object"),
    "cases:apply_review": ("GET", "object"),
    "cases:cancel": ("POST", "object"),
    "cases:receipt": ("GET", "object"),
    "cases:draft_delete": ("GET", "object"),
    "cases:attachment": ("GET", "object"),
    "cases:track": ("GET", "public"),
    "cases:desk_queue": ("GET", "desk"),
    "cases:desk_counter": ("GET", "desk"),
    "cases:notices_read": ("POST", "desk"),
    "cases:desk_case": ("GET", "object"),
    "cases:desk_action": ("POST", "object"),
    "cases:desk_review": ("POST", "object"),
    "cases:api-services": ("GET", "public"),
    "cases:api-applications": ("GET", "authenticated"),
    "cases:api-application": ("GET", "object"),
    "cases:api-attachments": ("POST", "object"),
    "cases:api-attachment-file": ("GET", "object"),
    "cases:api-attachment-review": ("POST", "object"),
    "cases:api-actions": ("POST", "object"),
    "cases:api-desk-queue": ("GET", "desk"),
    "cases:api-track": ("GET", "object"),
    "vehicles:api-simulate": ("POST", "public"),
    "vehicles:api-bbnkb-simulate": ("POST", "public"),
    "vehicles:api-assessment": ("GET", "object"),
    "vehicles:api-bills": ("POST", "public"),
    "vehicles:find": ("GET", "public"),
    "vehicles:simulator": ("GET", "public"),
    "vehicles:mine": ("GET", "citizen"),
    "vehicles:link": ("GET", "citizen"),
    "vehicles:vehicle": ("GET", "object"),
    "vehicles:pay": ("POST", "object"),
    "vehicles:staff_search": ("GET", "officer"),
    "vehicles:staff_vehicle": ("GET", "object"),
    "civil:api-persons": ("GET", "officer"),
    "civil:api-person": ("GET", "object"),
    "civil:api-person-reveal": ("POST", "officer"),
    "civil:api-family-cards": ("GET", "officer"),
    "civil:api-family-card": ("GET", "object"),
    "civil:api-family-card-reveal": ("POST", "officer"),
    "civil:api-duplicates": ("GET", "officer"),
    "civil:api-duplicate-decide": ("POST", "officer"),
    "civil:search": ("GET", "officer"),
    "civil:person": ("GET", "object"),
    "civil:family_card": ("GET", "object"),
    "civil:family_card_version": ("GET", "object"),
    "civil:duplicates": ("GET", "officer"),
    "civil:full_reads": ("GET", "supervisor"),
    "civil:duplicate_decide": ("POST", "object"),
    "civil:my_family_card": ("GET", "citizen"),
    "partners:desk": ("GET", "agent"),
    "partners:bill": ("GET", "agent"),
    "partners:vehicle": ("POST", "agent"),
    "partners:collect": ("POST", "agent"),
    "partners:receipt": ("GET", "object"),
    "partners:receipt-qr": ("GET", "object"),
    "partners:receipt-pdf": ("GET", "object"),
    "partners:void": ("POST", "object"),
    "partners:close-day": ("GET", "agent"),
    "partners:closing": ("GET", "object"),
    "partners:closing-slip": ("GET", "object"),
    "partners:dashboard": ("GET", "supervisor"),
    "partners:point-new": ("GET", "supervisor"),
    "partners:point": ("GET", "object"),
    "partners:point-status": ("POST", "object"),
    "partners:agent-new": ("POST", "object"),
    "partners:commission-csv": ("GET", "object"),
    "partners:commission-pdf": ("GET", "object"),
    "partners:agent-status": ("POST", "object"),
    "partners:void-decide": ("POST", "object"),
    "partners:reconcile": ("GET", "supervisor"),
    "partners:resolve": ("POST", "object"),
    "partners:supervisor-slip": ("GET", "object"),
    "partners:api-collections": ("GET", "agent"),
    "set_language": ("GET", "public"),
    "api-schema": ("GET", "public"),
    "api-docs": ("GET", "public"),
}


def app_tables():
    """Each app's own rows (``balai/<app>/tests/access.py``), so a new app adds its routes beside its
    code instead of in this shared file."""
    import importlib
    import importlib.util

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.tests.access"
        if config.name.startswith("balai.") and importlib.util.find_spec(f"{config.name}.tests") \
                and importlib.util.find_spec(name):
            yield importlib.import_module(name)


def _merge() -> None:
    for module in app_tables():
        for key, value in getattr(module, "EXPECTED", {}).items():
            assert key not in EXPECTED, f"{module.__name__} repeats {key}"
            EXPECTED[key] = value
        SAMPLE_ARGS.update(getattr(module, "SAMPLE_ARGS", {}))


_merge()
