"""Sign-in rate limits: attempts counted per account and per address, shared by every app server.

Each attempt is counted *before* its password is checked, so a burst of parallel
guesses cannot slip past the limit while the (slow, memory-hard) hash runs. A
successful sign-in then takes its attempt back: the account's count is cleared
and the address's count goes down by one, so only failures stay counted::

    attempt("ann@clinic.example", "192.0.2.7")  → refused?  (counts now 1 and 1)
    ... wrong password ...                       (counts stay: one failure each)
    succeeded("ann@clinic.example", "192.0.2.7") (account 0; address back to the failures)

A window starts at a key's first counted attempt and lasts ``LOGIN_WINDOW``
seconds; after it the count starts again. Limits (app config, defaults):
``LOGIN_ACCOUNT_LIMIT`` = 5 failures per account, ``LOGIN_ADDRESS_LIMIT`` = 20
per address, ``LOGIN_WINDOW`` = 900 seconds. Unknown accounts are counted too, so
the limit never tells whether an account exists.

The counters live where every app server sees them: in Redis when ``REDIS_URL``
is set, else in the database's ``login_throttle`` table. Either store being out
of reach raises ``DatabaseUnavailable``: nobody signs in unthrottled.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import redis
from flask import Flask, current_app
from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite

from advisor.exceptions import DatabaseUnavailable
from advisor.storage import db
from advisor.storage.models import LoginThrottle, utcnow
from advisor.storage.users import normalise_email

DEFAULTS = {"LOGIN_ACCOUNT_LIMIT": 5, "LOGIN_ADDRESS_LIMIT": 20, "LOGIN_WINDOW": 15 * 60}

_EXTENSION = "advisor.throttle"
_KEY_PREFIX = "advisor:login:"
_MAX_EMAIL = 254

# Take one attempt back, but never bring a key back to life after its window ended.
_TAKE_BACK = """
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
"""


class Counters(Protocol):
    """Where attempts are counted."""

    def add(self, keys: Sequence[str]) -> list[int]:
        """Count one attempt for each key; return the counts within the window, in order."""

    def take_back(self, account: str, address: str) -> None:
        """Clear the account's count and take one attempt off the address's."""


class DatabaseCounters:
    """Counters in the ``login_throttle`` table, each updated by one atomic upsert."""

    def __init__(self, window: int) -> None:
        self.window = datetime.timedelta(seconds=window)

    def add(self, keys: Sequence[str]) -> list[int]:
        now = utcnow()
        expired = LoginThrottle.window_start < now - self.window
        dialect = {"sqlite": sqlite, "postgresql": postgresql}[db.engine.dialect.name]
        statement = dialect.insert(LoginThrottle).values(
            [{"key": key, "window_start": now, "failures": 1} for key in keys]
        )
        statement = statement.on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
                "window_start": case((expired, now), else_=LoginThrottle.window_start),
            },
        ).returning(LoginThrottle.key, LoginThrottle.failures)
        counts = {key: failures for key, failures in db.session.execute(statement)}
        db.session.commit()
        return [counts[key] for key in keys]

    def take_back(self, account: str, address: str) -> None:
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == account))
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == address, LoginThrottle.failures > 0)
            .values(failures=LoginThrottle.failures - 1)
        )
        db.session.commit()


class RedisCounters:
    """Counters in Redis: a key per account or address that expires with its window."""

    def __init__(self, client: redis.Redis, window: int) -> None:
        self.client = client
        self.window = window
        self._take_back = client.register_script(_TAKE_BACK)

    def add(self, keys: Sequence[str]) -> list[int]:
        pipe = self.client.pipeline(transaction=True)
        for key in keys:
            pipe.set(_KEY_PREFIX + key, 0, ex=self.window, nx=True)
            pipe.incr(_KEY_PREFIX + key)
        results = self._run(pipe.execute)
        return [int(count) for count in results[1::2]]

    def take_back(self, account: str, address: str) -> None:
        self._run(self.client.delete, _KEY_PREFIX + account)
        self._run(self._take_back, keys=[_KEY_PREFIX + address])

    def close(self) -> None:
        self.client.close()

    @staticmethod
    def _run(call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise DatabaseUnavailable("the sign-in counters (Redis) cannot be reached") from exc


@dataclass(frozen=True, slots=True)
class Throttle:
    """The sign-in limits and the counters they are kept in."""

    counters: Counters
    account_limit: int
    address_limit: int

    def attempt(self, email: str, address: str | None) -> bool:
        """Count a sign-in attempt; return False if it goes over a limit and must be refused.

        :raises DatabaseUnavailable: if the counters cannot be reached.
        """
        account_count, address_count = self.counters.add(_keys(email, address))
        return account_count <= self.account_limit and address_count <= self.address_limit

    def succeeded(self, email: str, address: str | None) -> None:
        """Take back a successful attempt: clear the account's count, lower the address's."""
        self.counters.take_back(*_keys(email, address))


def init_app(app: Flask) -> None:
    """Keep the app's throttle: Redis counters if ``REDIS_URL`` is set, else the database's."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    window = int(app.config["LOGIN_WINDOW"])
    counters: Counters
    if app.config.get("REDIS_URL"):
        client = redis.Redis.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=3, socket_timeout=3
        )
        counters = RedisCounters(client, window)
    else:
        counters = DatabaseCounters(window)
    app.extensions[_EXTENSION] = Throttle(
        counters, int(app.config["LOGIN_ACCOUNT_LIMIT"]), int(app.config["LOGIN_ADDRESS_LIMIT"])
    )


def current_throttle() -> Throttle:
    """Return the current app's throttle."""
    return current_app.extensions[_EXTENSION]


def _keys(email: str, address: str | None) -> list[str]:
    return [f"account:{normalise_email(email)[:_MAX_EMAIL]}", f"address:{address or 'unknown'}"]
