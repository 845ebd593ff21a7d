import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told it is safe (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import make_editor, make_fan, make_match  # noqa: E402


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each run gets its own PostgreSQL test database, so two runs on one server never collide."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "postgresql" in database["ENGINE"]:
        database.setdefault("TEST", {})["NAME"] = f"test_terrace_{os.getpid()}"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttling counters and kept pages live in the cache: each test starts with none."""
    from django.core.cache import cache

    from accounts.backends import forget_kept_users
    from matches.sheets import forget_local_copies

    cache.clear()
    forget_local_copies()
    forget_kept_users()
    yield
    cache.clear()
    forget_local_copies()
    forget_kept_users()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests make fans by the dozen; PBKDF2 costs most of a second per password on CI.
    # The live server thread of the browser tests shares these settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def match(db):
    """An open match with two short line-ups (see factories.make_match)."""
    return make_match()


@pytest.fixture
def fan(db):
    return make_fan("fan")


@pytest.fixture
def fan_client(client, fan):
    client.force_login(fan)
    return client


@pytest.fixture
def editor_client(client, db):
    """A client logged in as a staff user in the Editors group (the match desk)."""
    client.force_login(make_editor())
    return client


@pytest.fixture
def htmx_headers():
    return {"HX-Request": "true"}
