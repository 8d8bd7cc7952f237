"""``GET /healthz``: is this worker up, which rule set does it serve, can it reach the database?

The answer::

    {"status": "ok" | "degraded",
     "ruleset": {"version": …, "digest": …, "rules": …, "refused_edit": {"at": …}},
     "database": {"status": "ok" | "down" | "unwritable" | "out_of_date", "dialect": "sqlite",
                  "revision": "0001", "needs": "0001"}}

A refused rule edit shows only when it was refused; which gate refused it,
its problems and the warnings of the last change that went live, which name
the server's files, show to signed-in staff alone (and on the staff page
``/staff/rules/status``).

**The status code stays 200 while the worker can screen people.** Assessing
needs only the rule set, never the database: with the database down, the
questionnaire, the result and the API all keep working, and only a contact
request cannot be stored (the patient is told so, and their answers are kept).
A database that answers but cannot store anything now ("unwritable": a SQLite
file another writer keeps locked, or a read-only PostgreSQL server) is
degraded in the same way. So a down database makes the overall ``status`` "degraded", for monitors to
alert on, but not a 503, which would make a load balancer take every worker
out of service and stop self-screening too. ``out_of_date`` (the schema is not
at this code's revision, as during a rolling upgrade; ``advisor serve`` refuses
to start on one) is reported under ``database`` but leaves the overall status
as it is.

**The database check is cached** for ``HEALTH_DATABASE_TTL`` seconds (2 by
default) per worker, so ``/healthz`` stays as cheap as before under load (it
is the denominator of ``bench/bench_http.py``). When the cached answer is
stale, one request runs the check (a connection of its own, ``SELECT 1``, the
schema revision) while the others answer with the last result. The check
connects with a short timeout (2 s for PostgreSQL, libpq's least), through an
engine without a pool, so it never holds a connection between checks.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from advisor.exceptions import DatabaseUnavailable
from advisor.extensions import live_rules

__all__ = ["DatabaseProbe", "bp", "init_app"]

bp = Blueprint("health", __name__)

_PROBE = "advisor.health"

#: Seconds a database check is reused for, per worker.
_DEFAULT_TTL = 2.0

#: Seconds to wait for the database to accept a connection (libpq's least is 2).
_CONNECT_TIMEOUT = 2


class DatabaseProbe:
    """Check the database at most once per ``ttl`` seconds; answer from the last check between."""

    def __init__(
        self,
        connect: Callable[[], Engine],
        head: Callable[[], str],
        ttl: float = _DEFAULT_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect = connect
        self._head = head
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._result: dict[str, Any] | None = None
        self._checked = 0.0
        self._engine: Engine | None = None
        self._needs: str | None = None

    def status(self) -> dict[str, Any]:
        """Return the database's state, checking it first if the last check is stale."""
        result = self._result
        if result is not None and self.clock() - self._checked < self.ttl:
            return result
        # One request checks; the others answer with the last result rather than queue.
        if not self._lock.acquire(blocking=result is None):
            return result  # type: ignore[return-value]  (not None: we would have blocked)
        try:
            if self._result is None or self.clock() - self._checked >= self.ttl:
                self._result = self.check()
                self._checked = self.clock()
            return self._result
        finally:
            self._lock.release()

    def check(self) -> dict[str, Any]:
        """Connect, ``SELECT 1`` and read the schema revision, now."""
        from alembic.runtime.migration import MigrationContext

        if self._engine is None:
            self._engine = self._connect()
        if self._needs is None:
            self._needs = self._head()
        found: dict[str, Any] = {"dialect": self._engine.dialect.name}
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                revision = MigrationContext.configure(connection).get_current_revision()
                unwritable = _cannot_write(connection)
        except SQLAlchemyError as exc:
            # The class only: a driver's message may name hosts and users, and this is public.
            reason = type(getattr(exc, "orig", None) or exc).__name__
            return {"status": "down", **found, "error": reason}
        if unwritable:
            return {"status": "unwritable", **found, "error": unwritable}
        state = "ok" if revision == self._needs else "out_of_date"
        return {"status": state, **found, "revision": revision, "needs": self._needs}


def _cannot_write(connection: Connection) -> str | None:
    """Return why nothing could be stored now ("locked", "read_only"), or None if it could.

    Reading works on a locked SQLite file (WAL) and on a read-only PostgreSQL
    server, so ``SELECT 1`` alone says "ok" while every contact request fails.
    """
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        try:
            # Takes the write lock (waiting at most the probe's timeout), then gives it back.
            raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            raw.execute("ROLLBACK")  # type: ignore[union-attr]
        except sqlite3.OperationalError as exc:
            return "locked" if "locked" in str(exc) else "read_only"
        return None
    read_only = connection.execute(text("SHOW transaction_read_only")).scalar()
    return "read_only" if read_only == "on" else None


def _probe_engine() -> Engine:
    """Return an engine on the app's database, without a pool and with a short connect timeout."""
    from advisor.storage import db

    url = db.engine.url
    arguments: dict[str, Any] = (
        {"timeout": 1}
        if url.get_backend_name() == "sqlite"
        else {"connect_timeout": _CONNECT_TIMEOUT}
    )
    return create_engine(url, poolclass=NullPool, connect_args=arguments)


def _head_revision() -> str:
    from advisor.storage import schema

    return schema.head_revision()


@bp.get("/healthz")
def healthz() -> Response:
    """Answer 200 while the worker can assess: rule set in use, refused edit, database state."""
    rules = live_rules()
    rules.current()
    database = current_app.extensions[_PROBE].status()
    overall = "degraded" if database["status"] in ("down", "unwritable") else "ok"
    # The problems of a refused edit name the server's files and paths: staff only.
    return jsonify(
        {"status": overall, "ruleset": rules.status(problems=_signed_in()), "database": database}
    )


def _signed_in() -> bool:
    """Is a member of staff asking? False, not a 500, while their account cannot be read."""
    if not request.cookies:
        return False
    try:
        return bool(current_user.is_authenticated)
    except (SQLAlchemyError, DatabaseUnavailable):
        return False


def init_app(app: Flask) -> None:
    app.extensions[_PROBE] = DatabaseProbe(
        _probe_engine,
        _head_revision,
        ttl=float(app.config.get("HEALTH_DATABASE_TTL", _DEFAULT_TTL)),
    )
    app.register_blueprint(bp)
