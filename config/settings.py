"""Terrace settings, all read from the environment.

Each reader fails loudly on a value it does not understand, so a typo in production
is an error at start-up rather than a silently different setting.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=true to try Terrace locally)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "accounts",
    "matches",
    "ratings",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything reads a form body: one that is not UTF-8 is refused with a 400.
    "config.middleware.form_charset_guard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% partialdef %} everywhere, as it is built into Django 6.
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Last: a page rendered once for every visitor carries no one's CSRF token.
                "ratings.caching.shared_csrf_token",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the zero-setup default for trying the app; production sets DATABASE_URL
# to PostgreSQL. Connections are kept open and checked before reuse.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", default=600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server is a 503 page within seconds, not a request hanging on connect.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT", default=3
    )
    # A kept-open connection to a server that vanished (no reset, packets dropped) fails
    # once what we sent is unacknowledged for 10 s, rather than after TCP's many minutes.
    DATABASES["default"]["OPTIONS"]["tcp_user_timeout"] = 10_000
    # Parameters sent apart from the SQL, and statements run often prepared once per
    # connection (psycopg's server-side binding): a vote's save and a fan's page 10-15%
    # cheaper. Behind a pooler that cannot keep prepared statements, set it to false.
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = env_bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

# django-axes checks every log-in first, so a locked-out account or address is refused
# before its password is even tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.FanBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "matches:list"
LOGOUT_REDIRECT_URL = "matches:list"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves hashed, compressed files from STATIC_ROOT (run collectstatic first);
# development and tests read them straight from static/.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Usually the proxy redirects to HTTPS; set these once the whole site is served over TLS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# Content-Security-Policy: our own scripts, styles and images only, nothing inline, never
# framed. A view that must be embedded (say, an embed page) widens only its own response:
#   @csp_update({"frame-ancestors": EMBED_ALLOWED_ORIGINS}) and @xframe_options_exempt
# (csp.decorators, django.views.decorators.clickjacking).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page of ours uses, switched off for us and anything we might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
}

# Email: EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587 in production;
# the console backend under DEBUG when it is not set.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if not EMAIL_URL:
    EMAIL_URL = "console://" if DEBUG else "dummy://"
if EMAIL_URL.partition("://")[0] not in dj_email_url.SCHEMES:
    raise ImproperlyConfigured(
        f"EMAIL_URL={EMAIL_URL.partition('://')[0]}://... is not an email URL; use one of "
        + ", ".join(f"{scheme}://" for scheme in dj_email_url.SCHEMES)
        + "."
    )
try:
    _email = dj_email_url.parse(EMAIL_URL)
except ValueError as error:  # a port that is not a number, for example
    raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL ({error}).") from None
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Terrace <noreply@localhost>")

# One cache shared by every worker and server: Redis when REDIS_URL is set. Throttling
# counters live here and must increment atomically, which the database cache does not.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "config.cache.ReusedClientRedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Sessions are read from the shared cache, falling back to the database: a query less on
# every logged-in request, and the users' version read with them (accounts.sessions). Only
# with Redis: each worker's own memory cache would keep serving a session another worker
# had ended (a log-out).
SESSION_ENGINE = "accounts.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"

# Throttling. Limits are "count/period" (s, m, h or d), per the named key.
SIGNUP_RATE = os.environ.get("SIGNUP_RATE", "10/h")  # per address
PASSWORD_RESET_RATE = os.environ.get("PASSWORD_RESET_RATE", "5/h")  # per address and per email
# Per fan: a fan clicking through 29 players, changing their mind, is never stopped.
RATING_WRITE_RATE = os.environ.get("RATING_WRITE_RATE", "120/m")
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_IP_META_KEY = "accounts.throttling.client_ip"
# The client address comes from REMOTE_ADDR unless a trusted proxy sets this header
# (for example X-Forwarded-For: its last address is the one the proxy saw).
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "")
# Log-in lock-out, per account and per address, cleared by a successful log-in.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.locked_out"
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_VERBOSE = False

# The crowd's man of the match needs at least this many votes, so one fan cannot crown a sub.
CROWD_MOTM_MIN_VOTES = env_int("CROWD_MOTM_MIN_VOTES", default=3)
# A new match's fan rating window: from kick-off for this many hours, unless the editor sets it.
RATING_WINDOW_HOURS = env_int("RATING_WINDOW_HOURS", default=72)
# A crowd mark from fewer votes than this is shown as provisional: it can still swing.
PROVISIONAL_VOTES = env_int("PROVISIONAL_VOTES", default=10)
# No herding: while rating is open, a fan sees the marks only after rating the match.
HIDE_RESULTS_UNTIL_RATED = env_bool("HIDE_RESULTS_UNTIL_RATED", default=True)
# How often an open match's results (and its embed) refresh themselves, in seconds.
RESULTS_REFRESH_SECONDS = env_int("RESULTS_REFRESH_SECONDS", default=30)
# Visitors without a session get a match's results rendered once per vote count, from the
# cache; during a flood of votes a rendering may lag the newest vote by this many seconds.
RESULTS_STALE_SECONDS = env_int("RESULTS_STALE_SECONDS", default=2)
# And it is rendered afresh at least this often (an editor's change to a name, say).
RESULTS_CACHE_SECONDS = env_int("RESULTS_CACHE_SECONDS", default=60)
# Origins (https://news.example.com) allowed to frame /matches/<id>/embed/; no other page
# may be framed at all.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", default=[])

# One line per event on stdout (config/logs.py): tracebacks folded into their line, a
# refused request (oversized, too many fields, bad Host) one warning rather than an ERROR.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {
            "()": "config.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"refused_request": {"()": "config.logs.RefusedRequestFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "one_line",
            "filters": ["refused_request"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes reports every log-in at INFO; lock-outs still come through as warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Errors go to Sentry when SENTRY_DSN is set (its Django integration is enabled by default).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.logging import ignore_logger

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
    # Refused requests are logged as warnings (config/logs.py), not errors to chase.
    for name in ["DisallowedHost", "RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent"]:
        ignore_logger(f"django.security.{name}")
