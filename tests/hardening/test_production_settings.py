"""Headers and production settings: CSP, Permissions-Policy, HSTS, check --deploy, Sentry."""

import gzip
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DEBUG": "false",
    "SECRET_KEY": "a-production-key-that-is-long-and-random-enough-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "ratings.example.com",
    "DATABASE_URL": "postgres://terrace@127.0.0.1:5432/terrace",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.com:587/?tls=true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    # A fresh clone has run no collectstatic; pages read static files from static/.
    "STATIC_MANIFEST": "false",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_check_deploy_prints_nothing_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    # Django's one line saying so, and not a single warning.
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_check_deploy_speaks_up_without_hsts_preload():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_PRELOAD="false")

    assert result.returncode == 1
    assert "security.W021" in result.stderr


def test_hsts_settings_come_from_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )

    on = _manage("shell", "-v", "0", "-c", script)
    off = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="no",
    )

    assert on.stdout.split() == ["31536000", "True", "True"]
    assert off.stdout.split() == ["31536000", "False", "False"]


@pytest.mark.parametrize("url", ["/", "/healthz", "/admin/login/", "/no-such-page/"])
def test_every_response_carries_a_strict_content_security_policy(client, db, url):
    response = client.get(url)

    policy = _policy(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_every_response_carries_a_permissions_policy(client, db):
    response = client.get(reverse("matches:list"))

    features = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
    assert features["camera"] == "()"
    assert features["geolocation"] == "()"
    assert features["microphone"] == "()"
    assert features["payment"] == "()"


def test_htmx_is_told_not_to_add_its_inline_indicator_styles(client, db):
    content = client.get(reverse("matches:list")).content.decode()

    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "timeout": 20000}\'>'
        in content
    )


class _Sentry(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        self.received.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_with_sentry_dsn_an_error_goes_to_sentry():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Sentry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = (
        "from django.test import Client; import sentry_sdk; "
        "c = Client(raise_request_exception=False, HTTP_HOST='ratings.example.com', "
        "HTTP_X_FORWARDED_PROTO='https'); "
        "print(c.get('/').status_code); sentry_sdk.flush(timeout=10)"
    )

    # Nothing listens on port 9: the page fails as it does when PostgreSQL is down.
    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        DATABASE_URL="postgres://terrace@127.0.0.1:9/terrace",
        SENTRY_DSN=f"http://public@127.0.0.1:{server.server_port}/1",
    )
    server.shutdown()

    assert result.stdout.split()[-1] == "503"
    envelopes = "".join(
        (gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body).decode(errors="replace")
        for body in _Sentry.received
    )
    assert "OperationalError" in envelopes


def test_postgresql_connections_give_up_after_a_few_seconds():
    script = "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'])"

    default = _manage("shell", "-v", "0", "-c", script)
    tuned = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        DATABASE_CONNECT_TIMEOUT="5",
        DATABASE_SERVER_SIDE_BINDING="false",
    )

    assert default.stdout.strip() == (
        "{'connect_timeout': 3, 'tcp_user_timeout': 10000, 'server_side_binding': True}"
    )
    assert tuned.stdout.strip() == (
        "{'connect_timeout': 5, 'tcp_user_timeout': 10000, 'server_side_binding': False}"
    )


def test_an_unreachable_database_is_a_503_not_a_hang():
    # A database that takes the connection and never answers: a loopback socket that listens
    # but never accepts, so only the connect timeout ends the wait.
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    script = (
        "from django.test import Client; "
        "c = Client(raise_request_exception=False, HTTP_HOST='ratings.example.com', "
        "HTTP_X_FORWARDED_PROTO='https'); "
        "print(c.get('/').status_code, c.get('/healthz').status_code)"
    )

    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        DATABASE_URL=f"postgres://terrace@127.0.0.1:{port}/terrace",
        DATABASE_CONNECT_TIMEOUT="1",
    )
    silent.close()

    assert result.stdout.split()[-2:] == ["503", "503"]
