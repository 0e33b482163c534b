"""`balai check --deploy` is clean with production settings (HSTS, secure cookies, SSL redirect)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_in_production(tmp_path):
    env = {**os.environ, "BALAI_PRODUCTION": "1", "SECRET_KEY": secrets.token_urlsafe(60),
           "ALLOWED_HOSTS": "balai.jatimprov.go.id", "BALAI_VAR_DIR": str(tmp_path), "BALAI_DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only; a deploy must not have it
    result = subprocess.run([sys.executable, "-m", "balai", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[3])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_values(tmp_path):
    env = {**os.environ, "BALAI_PRODUCTION": "1", "SECRET_KEY": "x" * 60, "BALAI_VAR_DIR": str(tmp_path)}
    code = ("from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
            "'unsafe-inline' in str(s.CONTENT_SECURITY_POLICY))")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            env={**env, "DJANGO_SETTINGS_MODULE": "balai.settings"}, capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[3])
    assert result.stdout.split() == ["31536000", "True", "True", "True", "False"], result.stderr
