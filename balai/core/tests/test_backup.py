"""Backup and restore as documented in docs/operations.md: pg_dump → pg_restore into a new database
→ the audit chains verify there; a restored copy that was altered does not."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from balai.core import audit

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="backup/restore is a PostgreSQL procedure"),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[3]


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _balai(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "balai", *args], env=env, capture_output=True, text=True, cwd=ROOT)


def test_dump_restore_and_verify(tmp_path):
    for i in range(30):
        audit.record(action="backup.test", object_type="case", object_id=i % 7, data={"i": i})
    source = connection.settings_dict["NAME"]
    target = f"{source}_restored"
    dump = tmp_path / "balai.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _url(source)], check=True)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={_url(target)}", str(dump)], check=True)
        result = _balai(_url(target), "verify_audit", "-v0")
        assert result.returncode == 0, result.stderr
        assert "audit log intact" in result.stdout
        assert _balai(_url(target), "migrate", "--check").returncode == 0
        # an altered restore is caught
        subprocess.run(["psql", _url(target), "-qc", "UPDATE core_auditentry SET action='forged' "
                        "WHERE id = (SELECT min(id) FROM core_auditentry)"], check=True)
        broken = _balai(_url(target), "verify_audit", "-v0")
        assert broken.returncode != 0 and "audit chain broken" in broken.stderr
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
