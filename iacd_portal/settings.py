"""Settings of the IACD Cooperation Portal.

Every value that differs between machines comes from the environment (see the
README). With DJANGO_DEBUG off, the defaults are the safe ones and a missing
secret key is an error. Reference: https://docs.djangoproject.com/en/6.1/ref/settings/
"""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="insecure-development-key-never-use-in-production"
    )
else:
    # No default on purpose: production must never run on a known key.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "django_bootstrap5",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "accounts",
    "reference",
    "cooperation",
    "funds",
    "scholarships",
    "ministerials",
    "partnerships",
    "notifications",
    "reports",
    "security",
    # For its management commands (seed_demo), which span every area.
    "iacd_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "security.middleware.SecurityMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iacd_portal.urls"
WSGI_APPLICATION = "iacd_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.portal_access",
            ],
        },
    },
]

# Database ------------------------------------------------------------------
# A new PostgreSQL connection costs about eight one-row views of CPU, so
# connections are pooled (Django's pool, psycopg[pool]); see DESIGN.md.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default="postgres://127.0.0.1:5432/iacd_portal"
    )
}
DATABASES["default"].setdefault("OPTIONS", {})
if env.bool("DJANGO_DB_POOL", default=True):
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 8}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, Celery broker ------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("DJANGO_CACHE_PREFIX", default="iacd"),
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up within a second when Redis is down: the outbox row keeps
# the work and the sweeper queues it later, so no request waits on Redis.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# Accounts ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out login before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATION}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]

# Internationalisation: the four official languages of the OAS ---------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: Bootstrap and other front-end packages come from the npm
# registry into node_modules at install time (no CDN) and are collected here.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules/tom-select/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads live outside the web root and are served only through views that
# check permission.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")


# E-mail through Django's mail system (Django 6.1's MAILERS): console in
# development, SMTP from EMAIL_URL in production, e.g.
# smtp://user:password@mail.example.org:587/?tls=True
# https://docs.djangoproject.com/en/6.1/topics/email/
def _mailer_from_url(config: dict) -> dict:
    backend = config["EMAIL_BACKEND"]
    if not backend.endswith("smtp.EmailBackend"):
        return {"BACKEND": backend}
    query = {key.lower(): value for key, value in config.get("OPTIONS", {}).items()}
    options = {
        "host": config.get("EMAIL_HOST") or "localhost",
        "port": config.get("EMAIL_PORT") or 25,
        "username": config.get("EMAIL_HOST_USER") or "",
        "password": config.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": str(query.get("tls", "")).lower() in ("1", "true", "yes"),
        "use_ssl": str(query.get("ssl", "")).lower() in ("1", "true", "yes"),
        "timeout": 10,
    }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {
    "default": _mailer_from_url(
        env.email_url(
            "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
        )
    )
}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="portal@iacd.oas.org")
# Links in e-mails are absolute: the portal's address as users reach it.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Report files are deleted this many hours after they are made.
REPORT_FILE_HOURS = env.int("REPORT_FILE_HOURS", default=72)

# REST API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Per-user request rates (per address for anonymous callers), counted in
    # Redis. https://www.django-rest-framework.org/api-guide/throttling/
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("DJANGO_API_ANON_RATE", default="300/minute"),
        "user": env.str("DJANGO_API_USER_RATE", default="1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IACD Cooperation Portal API",
    "DESCRIPTION": "Work plan, CooperaNet, funds and partnerships of the OAS IACD.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc assets come with drf-spectacular-sidecar (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "SubRegionEnum": "accounts.models.SubRegion",
        "WorkingLanguageEnum": "cooperation.models.cooperanet.WorkingLanguage",
        "CooperationModalityEnum": "cooperation.models.cooperanet.Modality",
        "ActivityModalityEnum": "cooperation.models.activities.ActivityModality",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "security.schema.document_refusals",
    ],
}

# Security (docs/security.md) ---------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this much inactivity: security.middleware saves an active
# session again (moving its expiry forward) at most once a minute.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Django's own Content Security Policy: no inline script or style anywhere.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # The two-factor set-up page shows its QR code as a data: image.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Browser features the portal never uses (security.middleware sets the header).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Login, e-mail verification, two-factor authentication and the user's list of
# sessions come from django-allauth (account, mfa, usersessions).
# https://docs.allauth.org/en/latest/
ACCOUNT_ADAPTER = "security.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# django-axes alone locks an account after failed logins (below); allauth
# only slows down one address trying many accounts.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IACD Cooperation Portal"
USERSESSIONS_TRACK_ACTIVITY = False
# Roles that may not use the portal without a second factor (and superusers).
MFA_REQUIRED_ROLES = ["iacd_staff", "fund_manager", "administrator"]
MFA_ENFORCED = True  # test settings turn it off outside tests/security

# Brute-force protection: after AXES_FAILURE_LIMIT failed logins for one
# address from one IP, that pair is locked for AXES_COOLOFF_TIME hours, or
# until an administrator deletes the attempt in the admin ("Access attempts").
# https://django-axes.readthedocs.io/
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "security.adapters.login_identifier"
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Audit history (django-simple-history): the acting user comes from
# HistoryRequestMiddleware.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
    },
}
