"""Sign-in limits that stop guessing without locking the owner out, shared by every app server.

Each sign-in attempt is counted three ways, each count in a window of ``LOGIN_WINDOW``
seconds that starts at the key's first counted attempt:

=======  ===================================  =============================================
key      what it stops                        limit (app config, default)
=======  ===================================  =============================================
pair     one address guessing one account     ``LOGIN_PAIR_FREE`` (5) failures, then a wait
address  one address guessing many accounts   ``LOGIN_ADDRESS_FREE`` (20) failures, then a wait
account  many addresses guessing one account  ``LOGIN_ACCOUNT_CEILING`` (50) failures, then
                                              none until the window (an hour) ends
=======  ===================================  =============================================

The wait after the free failures is ``LOGIN_FIRST_DELAY`` (30 seconds) from the last
attempt, and doubles with each further failure up to ``LOGIN_MAX_DELAY`` (15 minutes).
So an address that guesses as fast as it is let makes about a dozen failures on an
account in an hour, far below the ceiling: nobody at one address can keep the owner,
elsewhere, from signing in. Only many addresses together reach the ceiling.

An attempt turned away by a limit is not counted, so hammering during a wait neither
lengthens it nor uses anything up; the answer (429) says how long to wait. An attempt
let through is counted *before* its password is checked, in one atomic step with the
check of the limits, so a burst of parallel guesses cannot slip past them while the
(slow, memory-hard) hash runs. A successful sign-in then takes its attempt back: the
pair's count is cleared, the address's and the account's go down by one, so only
failures stay counted::

    attempt("ann@clinic.example", "192.0.2.7")  → 0: go on (pair, address, account +1)
    ... wrong password ...                       (the counts stay: one failure each)
    succeeded("ann@clinic.example", "192.0.2.7") (pair 0; address, account back by one)

Unknown accounts are counted too, so the limits never tell whether an account exists.
The counters live where every app server sees them: in Redis when ``REDIS_URL`` is set,
else in the database's ``login_throttle`` table. Either store being out of reach raises
``DatabaseUnavailable``: nobody signs in unthrottled.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import redis
from flask import Flask, current_app
from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite

from advisor.exceptions import DatabaseUnavailable
from advisor.storage import db
from advisor.storage.models import LoginThrottle
from advisor.storage.users import normalise_email

__all__ = [
    "DEFAULTS",
    "Count",
    "Counters",
    "DatabaseCounters",
    "Decide",
    "Limits",
    "RedisCounters",
    "Throttle",
    "current_throttle",
    "init_app",
]

DEFAULTS = {
    "LOGIN_PAIR_FREE": 5,
    "LOGIN_ADDRESS_FREE": 20,
    "LOGIN_ACCOUNT_CEILING": 50,
    "LOGIN_FIRST_DELAY": 30,
    "LOGIN_MAX_DELAY": 15 * 60,
    "LOGIN_WINDOW": 60 * 60,
}

_EXTENSION = "advisor.throttle"
_KEY_PREFIX = "advisor:login:"
_MAX_EMAIL = 254
_MAX_ADDRESS = 45

# Take one attempt back from each key, but never bring a key back to life after its window.
_TAKE_BACK = """
for _, key in ipairs(KEYS) do
  local failures = tonumber(redis.call('HGET', key, 'failures'))
  if failures and failures > 0 then
    redis.call('HINCRBY', key, 'failures', -1)
  end
end
return 0
"""


@dataclass(frozen=True, slots=True)
class Count:
    """One key's attempts in its window: how many, when the window began, the last one (epoch s)."""

    failures: int
    window_start: float
    last_at: float


#: Given the keys' counts (None for a key with none in a current window), say how many
#: seconds the attempt must wait; 0 lets it through.
Decide = Callable[[Sequence[Count | None]], float]


class Counters(Protocol):
    """Where attempts are counted."""

    def count(self, keys: Sequence[str], now: float, decide: Decide) -> float:
        """Atomically read the keys' counts and, if ``decide`` returns 0, count one attempt on each.

        Return what ``decide`` returned.
        """

    def take_back(self, clear: str, lower: Sequence[str], now: float) -> None:
        """Delete the ``clear`` key's count and take one attempt off each of ``lower``'s."""


class DatabaseCounters:
    """Counters in the ``login_throttle`` table.

    An attempt first upserts its keys' rows without changing them, which locks them
    (a row lock in PostgreSQL, the write lock in SQLite) until the transaction ends;
    so reading the counts, deciding and counting happen as one step. Keys are locked
    in sorted order, so two attempts never wait for each other in a circle.
    """

    def __init__(self, window: float) -> None:
        self.window = window

    def count(self, keys: Sequence[str], now: float, decide: Decide) -> float:
        stamp = _datetime(now)
        dialect = {"sqlite": sqlite, "postgresql": postgresql}[db.engine.dialect.name]
        locked = dialect.insert(LoginThrottle).values(
            [
                {"key": key, "window_start": stamp, "failures": 0, "last_at": stamp}
                for key in sorted(keys)
            ]
        )
        locked = locked.on_conflict_do_update(
            index_elements=[LoginThrottle.key], set_={"failures": LoginThrottle.failures}
        ).returning(
            LoginThrottle.key,
            LoginThrottle.failures,
            LoginThrottle.window_start,
            LoginThrottle.last_at,
        )
        found = {
            key: Count(failures, _epoch(start), _epoch(last))
            for key, failures, start, last in db.session.execute(locked)
        }
        counts = [_current(found[key], now, self.window) for key in keys]
        wait = decide(counts)
        if wait == 0:
            for key, current in zip(keys, counts, strict=True):
                db.session.execute(
                    update(LoginThrottle)
                    .where(LoginThrottle.key == key)
                    .values(_counted(current, stamp))
                )
        db.session.commit()
        return wait

    def take_back(self, clear: str, lower: Sequence[str], now: float) -> None:
        finished = _datetime(now - self.window)
        db.session.execute(
            delete(LoginThrottle).where(
                (LoginThrottle.key == clear) | (LoginThrottle.window_start < finished)
            )
        )
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key.in_(lower), LoginThrottle.failures > 0)
            .values(failures=LoginThrottle.failures - 1)
        )
        db.session.commit()


class RedisCounters:
    """Counters in Redis: a hash per key that expires with its window.

    An attempt WATCHes its keys, reads and decides, then counts in a MULTI block,
    which Redis runs only if no other attempt changed a key meanwhile (else it is
    tried again).
    """

    def __init__(self, client: redis.Redis, window: float) -> None:
        self.client = client
        self.window = window
        self._take_back = client.register_script(_TAKE_BACK)

    def count(self, keys: Sequence[str], now: float, decide: Decide) -> float:
        names = [_KEY_PREFIX + key for key in keys]

        def attempt(pipe: Any) -> float:
            counts = [_current(_parse(pipe.hgetall(name)), now, self.window) for name in names]
            wait = decide(counts)
            if wait == 0:
                pipe.multi()
                for name, current in zip(names, counts, strict=True):
                    if current is None:
                        pipe.delete(name)
                        pipe.hset(
                            name, mapping={"failures": 1, "window_start": now, "last_at": now}
                        )
                        pipe.expire(name, max(1, round(self.window)))
                    else:
                        pipe.hincrby(name, "failures", 1)
                        pipe.hset(name, "last_at", now)
            return wait

        return self._run(self.client.transaction, attempt, *names, value_from_callable=True)

    def take_back(self, clear: str, lower: Sequence[str], now: float) -> None:
        self._run(self.client.delete, _KEY_PREFIX + clear)
        self._run(self._take_back, keys=[_KEY_PREFIX + key for key in lower])

    def close(self) -> None:
        self.client.close()

    @staticmethod
    def _run(call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise DatabaseUnavailable("the sign-in counters (Redis) cannot be reached") from exc


@dataclass(frozen=True, slots=True)
class Limits:
    """How many failures each key is allowed, and how long the waits are (seconds)."""

    pair_free: int
    address_free: int
    account_ceiling: int
    first_delay: float
    max_delay: float
    window: float

    def wait(
        self, pair: Count | None, address: Count | None, account: Count | None, now: float
    ) -> float:
        """Return how many seconds an attempt with these counts must wait (0: it may go on)."""
        ceiling = 0.0
        if account is not None and account.failures >= self.account_ceiling:
            ceiling = account.window_start + self.window - now
        return max(
            self._delay(pair, self.pair_free, now),
            self._delay(address, self.address_free, now),
            ceiling,
            0.0,
        )

    def _delay(self, count: Count | None, free: int, now: float) -> float:
        """Past ``free`` failures: the first delay, doubled for each failure after, from the last."""
        if count is None or count.failures < free:
            return 0.0
        doublings = min(count.failures - free, 30)  # 2**30 first delays is past any maximum
        delay = min(self.first_delay * 2**doublings, self.max_delay)
        return count.last_at + delay - now


@dataclass(frozen=True, slots=True)
class Throttle:
    """The sign-in limits and the counters they are kept in."""

    counters: Counters
    limits: Limits

    def attempt(self, email: str, address: str | None) -> float:
        """Count a sign-in attempt, unless it must wait; return the seconds to wait (0: go on).

        An attempt that must wait is not counted.

        :raises DatabaseUnavailable: if the counters cannot be reached.
        """
        now = time.time()

        def decide(counts: Sequence[Count | None]) -> float:
            return self.limits.wait(*counts, now=now)

        return self.counters.count(_keys(email, address), now, decide)

    def succeeded(self, email: str, address: str | None) -> None:
        """Take back a successful attempt: clear the pair's count, lower the address's and account's."""
        pair, address_key, account = _keys(email, address)
        self.counters.take_back(pair, [address_key, account], time.time())


def init_app(app: Flask) -> None:
    """Keep the app's throttle: Redis counters if ``REDIS_URL`` is set, else the database's."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    config = app.config
    limits = Limits(
        pair_free=int(config["LOGIN_PAIR_FREE"]),
        address_free=int(config["LOGIN_ADDRESS_FREE"]),
        account_ceiling=int(config["LOGIN_ACCOUNT_CEILING"]),
        first_delay=float(config["LOGIN_FIRST_DELAY"]),
        max_delay=float(config["LOGIN_MAX_DELAY"]),
        window=float(config["LOGIN_WINDOW"]),
    )
    counters: Counters
    if config.get("REDIS_URL"):
        client = redis.Redis.from_url(
            config["REDIS_URL"], socket_connect_timeout=3, socket_timeout=3
        )
        counters = RedisCounters(client, limits.window)
    else:
        counters = DatabaseCounters(limits.window)
    app.extensions[_EXTENSION] = Throttle(counters, limits)


def current_throttle() -> Throttle:
    """Return the current app's throttle."""
    return current_app.extensions[_EXTENSION]


def _keys(email: str, address: str | None) -> list[str]:
    """Return the pair's, the address's and the account's keys, in that order."""
    account = normalise_email(email)[:_MAX_EMAIL]
    where = (address or "unknown")[:_MAX_ADDRESS]
    return [f"pair:{account}|{where}", f"address:{where}", f"account:{account}"]


def _current(count: Count | None, now: float, window: float) -> Count | None:
    """Return the count if it has attempts in a window still open, else None (it starts again)."""
    if count is None or count.failures <= 0 or now - count.window_start >= window:
        return None
    return count


def _counted(current: Count | None, stamp: datetime.datetime) -> dict[str, Any]:
    """Return a row's new values once an attempt is counted on it."""
    if current is None:
        return {"failures": 1, "window_start": stamp, "last_at": stamp}
    return {"failures": LoginThrottle.failures + 1, "last_at": stamp}


def _parse(fields: dict[bytes, bytes]) -> Count | None:
    if not fields:
        return None
    return Count(
        int(fields[b"failures"]), float(fields[b"window_start"]), float(fields[b"last_at"])
    )


def _datetime(epoch: float) -> datetime.datetime:
    """Return epoch seconds as the naive UTC the tables store."""
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).replace(tzinfo=None)


def _epoch(stamp: datetime.datetime) -> float:
    return stamp.replace(tzinfo=datetime.UTC).timestamp()
