"""Settings for the co-production platform, read from the environment.

Safe defaults: SQLite and an embedded (filesystem) Celery broker when DATABASE_URL and
REDIS_URL are unset; DEBUG off unless DJANGO_DEBUG is set; production hardening when
DJANGO_PRODUCTION is set (see README, "Running in production").
"""

import ipaddress
import sys
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

TESTING = "pytest" in sys.modules or env.bool("DJANGO_TESTING", default=False)
PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no default: refuse to start without one
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-key-never-use-in-production-3f9a1c77e0b2")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The visitor's address behind a reverse proxy: the header the proxy writes it into (e.g. X-Real-IP), believed only
# from the proxy's own addresses, the same FORWARDED_ALLOW_IPS gunicorn reads (network/client_address.py).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_PROXY_HEADER", default="") or None
TRUSTED_PROXY_ADDRESSES = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
for _proxy in TRUSTED_PROXY_ADDRESSES:
    if _proxy != "*":
        ipaddress.ip_network(_proxy, strict=False)  # a mistyped address stops the start, not the first sign-in
# Absolute address used in emails and calendar feeds, where there is no request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
NETWORK_NAME = env.str("NETWORK_NAME", default="Together Co-production Network")
NETWORK_CONTACT_EMAIL = env.str("NETWORK_CONTACT_EMAIL", default="hello@together-network.example")

INSTALLED_APPS = [
    "coproduction.apps.NetworkAdminConfig",  # django.contrib.admin, every page asking the rules
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "network",
    "meetings",
    "notifications",
    "projects",
    "exports",
    "pledges",
    "involvement",
    "partnership",
    "support",
    "privacy",
    "front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coproduction.middleware.PrivateAnswersMiddleware",
    "coproduction.middleware.OddInputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "coproduction.middleware.AdminStylePolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "coproduction.urls"
WSGI_APPLICATION = "coproduction.wsgi.application"
ASGI_APPLICATION = "coproduction.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.context_processors.network",
                "network.context_processors.easy_read",
            ],
        },
    },
]

# The demo's own files (SQLite database, file cache, embedded broker, mail) live here.
VAR_DIR = Path(env.str("COPRODUCTION_VAR_DIR", default=str(BASE_DIR / "var")))

# Database: SQLite unless DATABASE_URL says otherwise.
if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet; SQLite will not make it
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file in the demo: wait for locks rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis (broker and cache) when REDIS_URL is set; otherwise embedded alternatives.
REDIS_URL = env.str("REDIS_URL", default="")

if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared between web, worker and beat processes, so rate limits hold across them.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    }

# Celery
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Retry delays and countdowns stay far below this (see network/tasks.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
elif TESTING:
    # Tests without Redis queue tasks in memory, never into the demo's broker folder.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long a sender keeps its claim on a batch of emails before another worker may take the batch over.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=300)

AUTH_USER_MODEL = "network.Member"
# Powers come only from the rules (django-rules); the sign-in backend grants nothing of its own.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "network.auth.SignInBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the sign-in name; verification is mandatory.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "network.forms.SignupDetailsForm"
# Sign-up never says an address is registered, in its words, its email or its timing (network/signup.py).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {
    "signup": "network.signup.SignupForm",
    **{
        name: f"network.account_forms.{form}"
        for name, form in [
            ("login", "LoginForm"),
            ("reset_password", "ResetPasswordForm"),
            ("request_login_code", "RequestLoginCodeForm"),
            ("confirm_login_code", "ConfirmLoginCodeForm"),
            ("add_email", "AddEmailForm"),
            ("reauthenticate", "ReauthenticateForm"),
            ("change_password", "ChangePasswordForm"),
            ("set_password", "SetPasswordForm"),
            ("reset_password_from_key", "ResetPasswordKeyForm"),
        ]
    },
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A member changing their own address, or their password, is told at the address they had.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# allauth's three minutes is too short for someone who reads slowly or needs help to find the email; three wrong
# tries still end the code.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
# A code that has not come can be sent again, twice, from the page that asks for it.
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{NETWORK_NAME}] "
ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Wrong passwords count against the account tried, never the address (network/adapters.py): five for one account
    # from one address in five minutes, or twenty from anywhere in an hour, then that account waits (a code by email
    # still signs its owner in). Nobody else on a shared address is refused.
    "login_failed_here": "5/300s/key",
    "login_failed": "20/h/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: readable in the terminal (or var/mail/) in development, locmem in tests, EMAIL_URL (smtp://…) in production.
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # One line per email in the terminal and its words (coproduction/dev_email.py), or the words in var/mail/.
    EMAIL_BACKEND = "coproduction.dev_email.ReadableEmailBackend"
    # In production without a mail server, never print an email's words (sign-in codes) to the logs: files only.
    if env.bool("EMAIL_TO_FILES", default=False) or PRODUCTION:
        EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{NETWORK_NAME} <{NETWORK_CONTACT_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: British English and London time unless told otherwise; Welsh for those who choose it
# (the switcher in every page's footer). Each language's name is written in itself, as people look for their own.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
try:
    # Bootstrap comes from the xstatic-bootstrap package on PyPI, served as our own static files.
    import xstatic.pkg.bootstrap as xstatic_bootstrap

    STATICFILES_DIRS.append(("bootstrap", xstatic_bootstrap.BASE_DIR))
except ImportError:  # pragma: no cover - installed by pyproject.toml
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded meeting papers live outside any public path and are served by a view that checks access.
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

# Security headers, on in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Sessions are kept in the database and read through the cache: a signed-in page does not ask the database for
# its session each time (Redis in production, the shared file cache in the demo).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CSP["upgrade-insecure-requests"] = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # "Not Found: /invitations/<token>/" and the like: secrets in a logged path become "…".
    "filters": {"private_paths": {"()": "coproduction.private_paths.PrivatePathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["private_paths"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Outside production, WhiteNoise serves static files straight from the finders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
