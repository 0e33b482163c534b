"""Demo accounts, one per role (idempotent).

Passwords and TOTP secrets are random, generated once and kept in ``var/demo-accounts.json``;
re-running reuses them, so a running demo never loses its logins. Demo accounts exist only
where this command ran. Other apps add their demo data through ``DEMO_SEEDERS``.
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from rich.console import Console
from rich.table import Table

from balai.accounts.email_verification import mark_verified
from balai.accounts.models import CitizenProfile, Role, User
from balai.accounts.services import Address, citizen_register, staff_create
from balai.regions.models import Region

# (role, username, full name, unit, jurisdiction). Surabaya is the demo regency.
DEMO_STAFF = [
    (Role.OFFICER, "petugas", "Rina Wulandari", "Dispendukcapil Kota Surabaya", ["3578"]),
    (Role.OFFICER, "petugas.malang", "Agus Santoso", "Dispendukcapil Kabupaten Malang", ["3507"]),
    (Role.SUPERVISOR, "supervisor", "Hendra Kusuma", "UPT PPD Surabaya Timur", ["3578"]),
    (Role.AGENT, "agen", "Muhammad Faiz", "Koppontren Pondok Pesantren Al-Hikmah", ["3578"]),
    (Role.ADMIN, "admin", "Admin Balai", "Diskominfo Provinsi Jawa Timur", []),
]
# (username, full name, NIK, village) — Gubeng, Surabaya; a single name is normal.
DEMO_CITIZENS = [
    ("warga", "Siti Aminah", "3578084512990001", "3578081001"),
    ("warga2", "Sutrisno", "3578081708850002", "3578081002"),
]


def demo_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


class Command(BaseCommand):
    help = "Create one demo account per role and write var/demo-accounts.json (idempotent)."

    def handle(self, *args, **options):
        if not Region.objects.filter(code="3578081001").exists():
            raise CommandError("Regions are not loaded: run `balai load_regions` first.")
        path = demo_file()
        known = {a["username"]: a for a in json.loads(path.read_text())} if path.exists() else {}
        accounts = []
        with transaction.atomic():
            for role, username, name, unit, jurisdiction in DEMO_STAFF:
                accounts.append(self._staff(known.get(username), role, username, name, unit, jurisdiction))
            for username, name, nik, village in DEMO_CITIZENS:
                accounts.append(self._citizen(known.get(username), username, name, nik, village))
        path.write_text(json.dumps(accounts, indent=2))
        path.chmod(0o600)

        from balai.core.demo import run_demo_seeders

        for line in run_demo_seeders(accounts):
            self.stdout.write(line)
        self._print(accounts)

    def _password(self, known: dict | None) -> str:
        return known["password"] if known else secrets.token_urlsafe(9)

    def _staff(self, known, role, username, name, unit, jurisdiction) -> dict:
        password = self._password(known)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = staff_create(username=username, password=password, full_name=name, role=role, unit=unit,
                                email=f"{username}@demo.balai.local", jurisdiction=jurisdiction)
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        secret = known.get("totp_secret") if known else None
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        key_hex = base64.b32decode(secret).hex() if secret else secrets.token_hex(20)
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="demo", key=key_hex, confirmed=True)
        elif device.key != key_hex:
            device.key = key_hex
            device.save(update_fields=["key"])
        return {"role": role.value, "username": username, "password": password,
                "totp_secret": base64.b32encode(bytes.fromhex(device.key)).decode()}

    def _citizen(self, known, username, name, nik, village) -> dict:
        password = self._password(known)
        user = User.objects.filter(username=username).first()
        if user is None:
            if CitizenProfile.objects.filter(nik=nik, identity_level="verified").exists():
                raise CommandError(f"NIK of demo user {username} is already verified on another account")
            user = citizen_register(username=username, password=password, full_name=name, nik=nik,
                                    email=f"{username}@demo.balai.local", phone="081234567890",
                                    address=Address(village, "Jl. Raya Gubeng No. 12", "3", "5"))
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        mark_verified(user)  # demo mailboxes do not exist: the address counts as verified
        return {"role": Role.CITIZEN.value, "username": username, "password": password}

    def _print(self, accounts: list[dict]) -> None:
        table = Table(title="Balai demo logins (also in var/demo-accounts.json)")
        for column in ("role", "username", "password", "TOTP secret (staff)", "identity (citizens)"):
            table.add_column(column)
        levels = dict(CitizenProfile.objects.filter(user__username__in=[a["username"] for a in accounts])
                      .values_list("user__username", "identity_level"))
        for a in accounts:
            table.add_row(a["role"], a["username"], a["password"], a.get("totp_secret", "—"),
                          levels.get(a["username"], "—"))
        Console(width=140).print(table)
        self.stdout.write("Staff log in with a TOTP code: add the secret to an authenticator app, "
                          "or print the current code with `.venv/bin/balai demo_totp USERNAME`.")
