import io
import logging
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from config.logs import RefusedRequestFilter


@pytest.fixture
def log_lines():
    """log_lines(): what the app's console handler has printed so far, one string per line.

    The real handler from settings.LOGGING with its filter and formatter, pointed at a buffer:
    pytest's own log capture sees records before the handler's filter has judged them.
    """
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RefusedRequestFilter) for f in handler.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: buffer.getvalue().splitlines()
    handler.setStream(previous)


@contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL is stopped, until the block ends.

    Savepoint and rollback statements still pass, so the test's own transaction survives.
    """

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            return execute(sql, params, many, context)
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    with connection.execute_wrapper(refuse):
        yield
