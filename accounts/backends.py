"""Who is logged in, on every request, without a database query, and mostly without a
round trip of its own.

FanBackend is Django's ModelBackend, except that the user a session names is kept:

- in the shared cache (Redis when REDIS_URL is set) for USER_CACHE_SECONDS;
- and in each worker's memory, under the *users' version*: a token in the shared cache,
  replaced whenever a user is changed or deleted. The session store (accounts.sessions)
  reads the token in the same round trip as the session itself, so a worker hands out
  its copy only while no user has changed since it was taken; otherwise the user is read
  again from the cache or the database. Each request gets a copy of its own.

Every save or deletion of a user drops their cached entry and replaces the version, at
once and again when the transaction commits, so a changed password, a deactivated account
or a new club is seen on the next request. Two kinds of save leave the version alone: a
new user (no worker can hold a copy of them) and the log-in time being noted (nothing
here reads it). The time limit only bounds changes made behind the model's back (a bulk
UPDATE in SQL), which reach the workers when the version next changes.
"""

from __future__ import annotations

import copy
import secrets
import threading
from collections import OrderedDict
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache, caches
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save

USER_CACHE_SECONDS = 300
USERS_VERSION_KEY = "accounts:users-version"
# Users each worker keeps, the least recently seen dropped first (a few KB each).
KEPT_USERS = 4096

# The users' version read with this request's session (None: not read, or not set).
_version_seen: ContextVar[str | None] = ContextVar("users_version_seen", default=None)
_kept: OrderedDict[int, tuple[str, object]] = OrderedDict()
_kept_lock = threading.Lock()


def user_cache_key(user_id) -> str:
    return f"accounts:user:{user_id}"


def saw_users_version(version: str | None) -> None:
    """The session store reports the users' version it read with the session: the value
    at USERS_VERSION_KEY in the sessions' cache, or None when there was none. Then a first
    one is started, unless another worker has just started one (this request keeps none)."""
    if version is None:
        version = secrets.token_hex(8)
        if not _versions().add(USERS_VERSION_KEY, version, None):
            version = None
    _version_seen.set(version)


def _versions():
    """The users' version lives beside the sessions it is read with."""
    return caches[settings.SESSION_CACHE_ALIAS]


def forget_kept_users() -> None:
    with _kept_lock:
        _kept.clear()


class FanBackend(ModelBackend):
    def get_user(self, user_id):
        version = _version_seen.get()
        if version is not None:
            user = _kept_copy(user_id, version)
            if user is not None:
                return user
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            # None too for an inactive account (ModelBackend's rule), which is not kept.
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, USER_CACHE_SECONDS)
        if user is not None and version is not None:
            _keep(user_id, version, user)
        return user


def _kept_copy(user_id, version: str):
    with _kept_lock:
        found = _kept.get(user_id)
        if found is None or found[0] != version:
            return None
        _kept.move_to_end(user_id)
        # A copy: a view may change its user's fields without saving them.
        return copy.copy(found[1])


def _keep(user_id, version: str, user) -> None:
    with _kept_lock:
        _kept[user_id] = (version, copy.copy(user))
        _kept.move_to_end(user_id)
        while len(_kept) > KEPT_USERS:
            _kept.popitem(last=False)


def _new_users_version() -> None:
    _versions().set(USERS_VERSION_KEY, secrets.token_hex(8), None)


def forget_cached_user(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    key = user_cache_key(instance.pk)
    cache.delete(key)
    # A request reading the old row before this transaction commits may have cached it.
    transaction.on_commit(lambda: cache.delete(key))
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    _new_users_version()
    transaction.on_commit(_new_users_version)


def forget_users_version_seen(**kwargs) -> None:
    """At each request's start: no users' version read yet, so no kept user handed out."""
    _version_seen.set(None)


def connect_signals() -> None:
    user_model = get_user_model()
    post_save.connect(forget_cached_user, sender=user_model, dispatch_uid="forget-cached-user")
    post_delete.connect(forget_cached_user, sender=user_model, dispatch_uid="forget-user-gone")
    request_started.connect(forget_users_version_seen, dispatch_uid="forget-users-version-seen")
