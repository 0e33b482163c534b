"""CSV import of ASN profiles (``balai import_asn FILE.csv``): one row per civil servant, the staff
account named by its username. Per-row errors go to the run's report; the run is resumable: a
file (by its SHA-256) already partly imported continues after its last finished row.

Columns: ``username,nip,jenis,jenis_jabatan,jenjang,nama_jabatan,pangkat,tmt_pangkat,tanggal_lahir,
pendidikan,skp_tahun_lalu,skp_dua_tahun_lalu`` (dates YYYY-MM-DD; codes as in the admin).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from balai.core.errors import DomainError

from .models import ImportRun
from .services import profile_save

COLUMNS = ["username", "nip", "jenis", "jenis_jabatan", "jenjang", "nama_jabatan", "pangkat", "tmt_pangkat",
           "tanggal_lahir", "pendidikan", "skp_tahun_lalu", "skp_dua_tahun_lalu"]
FIELD_OF = {"nip": "nip", "jenis": "kind", "jenis_jabatan": "position_type", "jenjang": "functional_level",
            "nama_jabatan": "position_name", "pangkat": "rank", "tmt_pangkat": "rank_tmt",
            "tanggal_lahir": "birth_date", "pendidikan": "education", "skp_tahun_lalu": "skp_last",
            "skp_dua_tahun_lalu": "skp_previous"}


@dataclass
class Summary:
    run_id: int
    imported: int
    failed: int
    skipped: int
    warnings: int
    already_done: bool = False


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _row_data(row: dict) -> dict:
    return {field: (row.get(column) or "").strip() for column, field in FIELD_OF.items()}


def _import_row(row: dict) -> tuple[str | None, int]:
    """One row → (error text or None, number of warnings)."""
    user = get_user_model().objects.filter(username=(row.get("username") or "").strip()).first()
    if user is None:
        return "username: akun petugas tidak ditemukan", 0
    try:
        saved = profile_save(user=user, data=_row_data(row))
    except DomainError as exc:
        fields = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in exc.fields.items())
        return fields or str(exc), 0
    except ValidationError as exc:
        return "; ".join(exc.messages), 0
    return None, len(saved.warnings)


def import_profiles(path: Path, *, on_progress: Callable[[int], None] = lambda n: None) -> Summary:
    digest = file_sha256(path)
    run, _created = ImportRun.objects.get_or_create(file_sha256=digest, defaults={"file_name": path.name[:200]})
    if run.finished_at is not None:
        return Summary(run.pk, run.imported, len(run.errors), run.rows_done, 0, already_done=True)
    skipped, imported, warnings = run.rows_done, 0, 0
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("username", "nip") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"missing columns: {', '.join(missing)}")
        for number, row in enumerate(reader, start=1):
            if number <= skipped:
                on_progress(1)
                continue
            with transaction.atomic():
                error, row_warnings = _import_row(row)
                run.rows_done = number
                if error:
                    run.errors = [*run.errors, {"row": number, "error": error}]
                else:
                    run.imported += 1
                    imported += 1
                run.save(update_fields=["rows_done", "imported", "errors"])
            warnings += row_warnings
            on_progress(1)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return Summary(run.pk, imported, len(run.errors), skipped, warnings)
