"""Gunicorn settings for `make serve` and `make bench`, each overridable from the environment.

Sync workers: every page is a few short queries and a template, with no long polling, so a
process per core or two keeps the CPUs busy without threads.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number.") from None


bind = os.environ.get("BIND", f"127.0.0.1:{_int('PORT', 8000)}")
# Gunicorn's rule of thumb, two per core plus one; WEB_CONCURRENCY overrides it.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request that takes longer than this is stuck: its worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 2
# Workers are recycled now and then, so a slow leak can never grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 200000)
max_requests_jitter = max_requests // 10
# The app is imported once in the master, so the workers share its memory pages.
preload_app = True
# The workers' heartbeat files on tmpfs: a slow disk cannot make a busy worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Access lines to stdout only when asked (ACCESS_LOG=-): at match-day rates they cost.
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "terrace"
