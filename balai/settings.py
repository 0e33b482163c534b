"""Balai settings: everything from the environment, with safe embedded defaults.

Embedded default (no environment at all): SQLite in ``var/``, tasks eager in-process, e-mail to
the console, files on local disk, DEBUG off. Production sets at least ``DATABASE_URL``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``CELERY_BROKER_URL``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .settings_env import *  # noqa: F403  (paths, environment helpers, keys, modes)
from .settings_env import (
    CELERY_BROKER_URL,
    DEBUG,
    PACKAGE_DIR,
    PRODUCTION,
    TESTING,
    VAR_DIR,
    env_bool,
    env_list,
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "balai.core",
    "balai.regions",
    "balai.accounts",
    "balai.documents",
    "balai.notifications",
    "balai.payments",
    "balai.appointments",
    "balai.cases",
    "balai.vehicles",
    "balai.civil",
    "balai.mobility",
    "balai.asn",
    "balai.partners",
    "balai.quality",
    "balai.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "balai.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "balai.accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "balai.core.errors.DomainErrorMiddleware",  # a refusal no view caught: its message, not a 500
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "balai.urls"
WSGI_APPLICATION = "balai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balai.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'balai.sqlite3'}",
        # A new PostgreSQL connection per request costs ~6x throughput here (STACK-NOTES §7).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use SQLite's shared in-memory database (live_server threads included).
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # One test database per process, so test runs side by side on one server (parallel sessions,
    # a developer beside CI) never drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, tracking PIN lock); shared by every process -------------------------
# Rate limits count here (balai.core.throttling), so every gunicorn worker and every host must see
# the same cache: with a per-process cache "30/min" is 30 per worker.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
CACHES: dict[str, dict]
if TESTING:
    # Each test starts from an empty cache of its own (conftest clears it; a shared Redis would be
    # flushed under other processes). core/tests/test_shared_limits.py runs the real settings in
    # separate processes to show that they share the count.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "")}}
else:
    # Embedded default: a table in the database every process already shares (gunicorn's workers, a
    # second host on the same PostgreSQL). Not FileBasedCache: files are one host's only, and a file
    # can only be read and rewritten whole, so two workers counting at once lose a count; a row is
    # incremented inside a transaction that holds it (balai.core.cache.DatabaseCache.incr). The
    # table comes from migration core.0005, so `migrate` (make run, tests, CI) creates it.
    CACHES = {"default": {"BACKEND": "balai.core.cache.DatabaseCache", "LOCATION": "balai_cache",
                          # counters expire within the hour; culling only has to bound a flood of new keys
                          "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4}}}

# --- Accounts and authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 costs ~200 ms per hash; tests create hundreds of users. Production is unaffected.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Lockout (django-axes + balai.accounts.lockout). A lock must not be a weapon: five wrong passwords
# typed by a stranger must not shut an officer out. So failures count per (username, client
# address): after AXES_FAILURE_LIMIT of them that client waits LOCKOUT_FIRST_DELAY seconds, doubling
# with every further failure up to LOCKOUT_MAX_DELAY; the right client is never held up. Not per
# address alone: Indonesian carriers put a village behind one CGNAT address. The account itself is
# locked only when failures come from many clients at once (a distributed guess): at least
# ACCOUNT_LOCK_FAILURES from ACCOUNT_LOCK_CLIENTS addresses within ACCOUNT_LOCK_WINDOW seconds.
# Staff lift either lock themselves with password + TOTP (/masuk/buka-kunci/), citizens by a
# password reset; a successful login also ends them.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOCKOUT_FIRST_DELAY = int(os.environ.get("LOCKOUT_FIRST_DELAY", "60"))
LOCKOUT_MAX_DELAY = int(os.environ.get("LOCKOUT_MAX_DELAY", "1800"))
ACCOUNT_LOCK_FAILURES = int(os.environ.get("ACCOUNT_LOCK_FAILURES", "20"))
ACCOUNT_LOCK_CLIENTS = int(os.environ.get("ACCOUNT_LOCK_CLIENTS", "5"))
ACCOUNT_LOCK_WINDOW = int(os.environ.get("ACCOUNT_LOCK_WINDOW", "3600"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "balai.accounts.lockout.LockoutHandler"
# How long a client's failures are remembered (the delays above grow within it); axes forgets older
# records. A callable cool-off would not do: axes also uses it to delete *every* client's records.
AXES_COOLOFF_TIME = timedelta(hours=float(os.environ.get("LOCKOUT_MEMORY_HOURS", "24")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused try is not checked, so not counted
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure: the account lock counts clients in it
AXES_FAILURE_LOG_DAYS = int(os.environ.get("AXES_FAILURE_LOG_DAYS", "30"))  # then pruned per username
AXES_CLIENT_IP_CALLABLE = "balai.core.throttling.client_address"  # NUM_PROXIES, as the API throttles
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "balai.accounts.lockout.locked_response"
AXES_VERBOSE = False

# Identity assurance of citizen accounts (balai/accounts/identity.py, docs/identity.md): matching
# with the register locks after 5 failures of an account (10 on one NIK by any accounts) for 24 h;
# an activation letter's code is valid 30 days from printing and allows 5 wrong tries.
IDENTITY_MATCH_MAX_FAILURES = int(os.environ.get("IDENTITY_MATCH_MAX_FAILURES", "5"))
IDENTITY_MATCH_MAX_FAILURES_PER_NIK = int(os.environ.get("IDENTITY_MATCH_MAX_FAILURES_PER_NIK", "10"))
IDENTITY_MATCH_LOCK_HOURS = int(os.environ.get("IDENTITY_MATCH_LOCK_HOURS", "24"))
IDENTITY_LETTER_VALID_DAYS = int(os.environ.get("IDENTITY_LETTER_VALID_DAYS", "30"))
IDENTITY_LETTER_MAX_CODE_ATTEMPTS = int(os.environ.get("IDENTITY_LETTER_MAX_CODE_ATTEMPTS", "5"))
IDENTITY_LETTER_DIR = Path(os.environ.get("IDENTITY_LETTER_DIR", VAR_DIR / "activation-letters"))
# IKD / Dukcapil verification: dotted path of a balai.accounts.identity.IkdAdapter subclass.
# Empty (the default): the option is not offered. Balai ships no implementation.
IDENTITY_IKD_ADAPTER = os.environ.get("IDENTITY_IKD_ADAPTER", "")

OTP_TOTP_ISSUER = "Balai Jatim"
OTP_TOTP_THROTTLE_FACTOR = 1

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
CSRF_FAILURE_VIEW = "balai.web.csrf.csrf_failure"  # Balai's page (not Django's, which mentions DEBUG)
# Staff sessions end after this many idle seconds (citizens keep the default two weeks).
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", "1800"))
# API bearer tokens (balai.accounts.tokens): a staff token ends after as long idle as a staff
# session, and one working day after it was issued at the latest; a citizen's after 30 days.
API_TOKEN_STAFF_IDLE_SECONDS = int(os.environ.get("API_TOKEN_STAFF_IDLE_SECONDS", str(STAFF_IDLE_TIMEOUT)))
API_TOKEN_STAFF_MAX_AGE_SECONDS = int(os.environ.get("API_TOKEN_STAFF_MAX_AGE_SECONDS", str(12 * 3600)))
API_TOKEN_CITIZEN_MAX_AGE_SECONDS = int(os.environ.get("API_TOKEN_CITIZEN_MAX_AGE_SECONDS", str(30 * 86400)))

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Media is never served publicly: uploads and documents go out only through access-checked views.
# No URL pattern serves this prefix (only Django's test live server would; tests do not rely on it).
MEDIA_URL = "/_private-media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(MEDIA_ROOT)}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if TESTING or DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# --- E-mail ----------------------------------------------------------------------------------
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Balai Jatim <noreply@balai.jatimprov.go.id>")
# The link mailed at sign-up (and after an e-mail change) to confirm a citizen's address: days valid.
EMAIL_VERIFICATION_DAYS = int(os.environ.get("EMAIL_VERIFICATION_DAYS", "3"))

# --- Celery ----------------------------------------------------------------------------------
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# The transactional outbox (core/outbox.py): documents and case outputs asked for by committed
# changes, run on a worker; several workers share it (SKIP LOCKED).
OUTBOX_DRAIN_SECONDS = float(os.environ.get("OUTBOX_DRAIN_SECONDS", "2"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
# Rows a worker claims per transaction (core/outbox.drain); 1 = a commit per row.
OUTBOX_DRAIN_BATCH = int(os.environ.get("OUTBOX_DRAIN_BATCH", "20"))
CELERY_BEAT_SCHEDULE["core-drain-outbox"] = {"task": "balai.core.tasks.drain_outbox",
                                             "schedule": OUTBOX_DRAIN_SECONDS}
# Cases (balai.cases): mark overdue cases and tell the unit's supervisors; idempotent.
CELERY_BEAT_SCHEDULE["cases-escalate-overdue"] = {
    "task": "balai.cases.tasks.escalate_overdue",
    "schedule": float(os.environ.get("CASES_ESCALATION_EVERY_SECONDS", "3600")),
}
# payments: status queries for quiet payments + overdue bills; key and replay-cache purge.
# Receipts go through the transactional outbox (core/outbox.py, drained by drain_outbox).
CELERY_BEAT_SCHEDULE["payments-reconcile-pending"] = {"task": "balai.payments.tasks.reconcile_pending",
                                                      "schedule": 300.0}
CELERY_BEAT_SCHEDULE["payments-purge-keys"] = {"task": "balai.payments.tasks.purge_payment_keys",
                                               "schedule": 3600.0}

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "balai.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "balai.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [  # DRF's defaults, with the JSON parser that refuses deep nesting cleanly
        "balai.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [  # DRF's defaults, with JSON that survives a stored lone surrogate
        "balai.core.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "nik_parse": os.environ.get("THROTTLE_NIK_PARSE", "60/min"),
        "auth_token": os.environ.get("THROTTLE_AUTH_TOKEN", "20/min"),
        "public": os.environ.get("THROTTLE_PUBLIC", "120/min"),
        # Public case tracking by number + 6-digit PIN (balai.cases): tight, against PIN guessing.
        "tracking": os.environ.get("THROTTLE_TRACKING", "30/min"),
        # Validating an uploaded PDF costs CPU: a tighter per-IP rate than plain public reads.
        "document_verify_file": os.environ.get("THROTTLE_DOCUMENT_VERIFY_FILE", "20/min"),
        # Wrong PINs per tracking number, from anyone (balai.cases.tracking_guard): then it locks.
        "tracking_pin": os.environ.get("THROTTLE_TRACKING_PIN", "10/hour"),
        # Per client address, HTML forms (balai.core.throttling.limit_posts): sign-in, sign-up,
        # password reset (also per e-mail address typed), the staff TOTP unlock.
        "login": os.environ.get("THROTTLE_LOGIN", "20/min"),
        "signup": os.environ.get("THROTTLE_SIGNUP", "20/hour"),
        "password_reset": os.environ.get("THROTTLE_PASSWORD_RESET", "10/hour"),
        "password_reset_address": os.environ.get("THROTTLE_PASSWORD_RESET_ADDRESS", "3/hour"),
        "unlock": os.environ.get("THROTTLE_UNLOCK", "10/hour"),
        # Re-sending the e-mail verification link (balai.accounts.email_verification): per account, per address.
        "email_verify_resend": os.environ.get("THROTTLE_EMAIL_VERIFY_RESEND", "3/hour"),
        "email_verify_resend_address": os.environ.get("THROTTLE_EMAIL_VERIFY_RESEND_ADDRESS", "10/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Per-IP rates key on the connecting address, never on the raw X-Forwarded-For (any client can
    # send one). Behind N trusted proxies (production assumes the TLS proxy: 1), on the address the
    # nearest proxy put in X-Forwarded-For.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "1" if PRODUCTION else "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Balai API",
    "DESCRIPTION": "Public services of Provinsi Jawa Timur without a face-to-face visit.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "balai.core.api.add_standard_error_responses",
    ],
}

# --- Services: payments, vehicles, cases, audit, signed documents (balai/settings_services.py) --
from .settings_services import *  # noqa: E402, F403

# --- Security (production) -------------------------------------------------------------------
# Content-Security-Policy without 'unsafe-inline': no inline <script>, no style="" attributes.
# data: images are the QR codes (SVG data URIs) on receipts and the TOTP enrolment page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
