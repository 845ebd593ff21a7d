"""Who is logged in, on every request, without a database query.

FanBackend is Django's ModelBackend, except that the user a session names is kept in the
shared cache (Redis when REDIS_URL is set) for USER_CACHE_SECONDS. Every save or deletion
of a user drops their entry at once and again when the transaction commits, so a changed
password, a deactivated account or a new club is seen on the next request; the time limit
only bounds changes made behind the model's back (a bulk UPDATE in SQL).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

USER_CACHE_SECONDS = 300


def user_cache_key(user_id) -> str:
    return f"accounts:user:{user_id}"


class FanBackend(ModelBackend):
    def get_user(self, user_id):
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            # None too for an inactive account (ModelBackend's rule), which is not kept.
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, USER_CACHE_SECONDS)
        return user


def forget_cached_user(sender, instance, **kwargs) -> None:
    key = user_cache_key(instance.pk)
    cache.delete(key)
    # A request reading the old row before this transaction commits may have cached it.
    transaction.on_commit(lambda: cache.delete(key))


def connect_signals() -> None:
    user_model = get_user_model()
    post_save.connect(forget_cached_user, sender=user_model, dispatch_uid="forget-cached-user")
    post_delete.connect(forget_cached_user, sender=user_model, dispatch_uid="forget-user-gone")
