"""Sessions read from the shared cache, with the users' version in the same round trip.

Django's cached_db session store (the cache in front of the database), except that
loading a session also fetches the users' version (accounts.backends) in one MGET: the
logged-in user can then come from the worker's own memory without a round trip of its
own. SESSION_ENGINE names this module when REDIS_URL is set.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from accounts.backends import USERS_VERSION_KEY, saw_users_version


class SessionStore(CachedDBStore):
    def load(self):
        try:
            found = self._cache.get_many([self.cache_key, USERS_VERSION_KEY])
        except Exception:  # as cached_db: a cache that refuses the key reads the database
            found = {}
        saw_users_version(found.get(USERS_VERSION_KEY))
        data = found.get(self.cache_key)
        if data is None:
            return super().load()
        return data
