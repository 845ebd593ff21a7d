from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def throttling_uses_a_shared_cache(app_configs, **kwargs):
    """Throttling counters must be shared by every worker: Redis, not a per-process cache."""
    if settings.DEBUG or settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set, so throttling counters live in each process's own memory "
            "and every worker counts separately.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0) in production.",
            id="accounts.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def email_is_configured(app_configs, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend":
        return []
    return [
        checks.Warning(
            "EMAIL_URL is not set, so password-reset emails are never sent.",
            hint="Set EMAIL_URL, for example smtp://user:password@mail.example.org:587/?tls=true.",
            id="accounts.W002",
        )
    ]
