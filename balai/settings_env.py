"""The ground every settings module stands on: where Balai keeps its files, how the environment is
read, the keys generated once into ``var/``, and the three modes (debug, production, demo).

Imported by ``balai/settings.py`` and ``balai/settings_services.py``; never by application code
(which reads ``django.conf.settings``).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("BALAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def key_from_env_or_file(env_name: str, file_name: str, *, nbytes: int = 32, urlsafe: bool = False) -> str:
    """The key in ``env_name``, else one generated once into ``var/<file_name>`` (mode 0600, never
    committed). Several processes may start at once: the first creates the file, the others read it."""
    if os.environ.get(env_name):
        return os.environ[env_name]
    path = VAR_DIR / file_name
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it a moment ago
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(nbytes) if urlsafe else secrets.token_hex(nbytes))
    return path.read_text().strip()


SECRET_KEY = key_from_env_or_file("SECRET_KEY", "secret_key", nbytes=50, urlsafe=True)
# Key of the permutation that makes reference numbers non-guessable. Kept apart from SECRET_KEY on
# purpose: rotating SECRET_KEY must not change how future numbers are drawn.
NUMBERS_KEY = key_from_env_or_file("NUMBERS_KEY", "numbers_key")

DEBUG = env_bool("BALAI_DEBUG")
PRODUCTION = env_bool("BALAI_PRODUCTION")
# Demo mode (`make run`, `make dev`): the doubles of outside parties run, above all the sandbox bank
# (payments/sandbox/), which makes a "paid" notification for any payment code anyone asks it to.
# Never without BALAI_DEMO=1, and never beside production settings: this raises before any process
# (gunicorn worker, Celery worker, management command) has started.
DEMO = env_bool("BALAI_DEMO")
if DEMO and PRODUCTION:
    raise ImproperlyConfigured(
        "BALAI_DEMO=1 with BALAI_PRODUCTION=1: demo mode runs the sandbox bank, which fakes payments; "
        "a production server does not start with it. Unset BALAI_DEMO (the sandbox bank, if a test "
        "environment needs one, runs as its own process with its own demo settings).")

# Public base URL, used in QR codes and e-mails (verification links must work off-site).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A broker means tasks run on workers; without one they run eagerly in the request's process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

# --- Logging: never a full NIK or KK number (balai.core.logging masks them) -----------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_identity": {"()": "balai.core.logging.MaskIdentityNumbers"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_identity"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "balai": {"level": os.environ.get("BALAI_LOG_LEVEL", "INFO"), "propagate": True},
        "django.request": {"level": "ERROR"},
        "pyhanko": {"level": "CRITICAL"},
        "fontTools": {"level": "ERROR"},
    },
}
