"""Sign-in limits that stop guessing without locking the owner out, in the database or in Redis.

Time passes in these tests by moving every stored counter's times back (``later``),
which is what the clock moving forward looks like to the counters.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from flask import Flask
from sqlalchemy import select

from advisor.staff.forms import MESSAGES
from advisor.staff.throttle import DEFAULTS
from advisor.storage import db
from advisor.storage.models import LoginThrottle
from tests.pages import text_of
from tests.staff.conftest import PASSWORD, audit_entries, email_of

#: Redis db 15 by default; a second suite run at the same time (CI runs two Pythons side by
#: side) names another database, as both flush theirs.
REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS", "redis://127.0.0.1:6379/15")
# pytest-xdist's workers (gw0, gw1, …) each take the next database down, as each flushes its own.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{int(REDIS_URL.rsplit('/', 1)[1]) - _WORKER}"
HOUR = 60 * 60

#: Small limits keep the tests quick; the defaults have their own tests.
LIMITS = {
    "LOGIN_PAIR_FREE": 3,
    "LOGIN_ADDRESS_FREE": 5,
    "LOGIN_ACCOUNT_CEILING": 8,
    "LOGIN_FIRST_DELAY": 30,
    "LOGIN_MAX_DELAY": 240,
    "LOGIN_WINDOW": HOUR,
}

A, B, C, D = "192.0.2.1", "198.51.100.2", "203.0.113.3", "192.0.2.4"


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    """The test Redis database (db 15 unless ADVISOR_TEST_REDIS says), flushed before and after."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:
        client.close()
        pytest.skip(f"Redis is not running at {REDIS_URL} ({type(exc).__name__})")
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest) -> str:
    """Run a test with the counters in the database, then in Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_db")
    return request.param


@pytest.fixture
def server(db_app: Flask, another_server, store: str, accounts) -> Callable[..., Flask]:
    """Return a maker of app servers on the test database, sharing the counters' store.

    ``server()`` has the small LIMITS; ``server(defaults=True)`` the shipped settings.
    """

    def make(defaults: bool = False, **config: object) -> Flask:
        extra = {"REDIS_URL": REDIS_URL} if store == "redis" else {}
        return another_server(**({} if defaults else LIMITS), **extra, **config)

    return make


@pytest.fixture
def later(db_app: Flask, store: str) -> Callable[[float], None]:
    """Return a function that lets ``seconds`` pass for the counters."""

    def wait(seconds: float) -> None:
        if store == "redis":
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter("advisor:login:*"):
                client.hincrbyfloat(key, "window_start", -seconds)
                client.hincrbyfloat(key, "last_at", -seconds)
            client.close()
            return
        step = datetime.timedelta(seconds=seconds)
        with db_app.app_context():
            for row in db.session.scalars(select(LoginThrottle)):
                row.window_start -= step
                row.last_at -= step
            db.session.commit()

    return wait


def attempt(app: Flask, email: str, password: str, address: str = A):
    return app.test_client().post(
        "/staff/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def wrong(app: Flask, role: str = "intake", address: str = A) -> int:
    """Try a wrong password for ``role``'s account; return the status (200 tried, 429 refused)."""
    return attempt(app, email_of(role), "wrong", address).status_code


def right(app: Flask, role: str = "intake", address: str = A) -> int:
    """Try the right password; return the status (302 signed in, 429 refused)."""
    return attempt(app, email_of(role), PASSWORD, address).status_code


def retry_after(response) -> int:
    assert response.status_code == 429
    return int(response.headers["Retry-After"])


def test_failures_from_one_address_do_not_stop_the_owner_at_another(server):
    """5 wrong passwords from address A: the owner still signs in at once from address B."""
    app = server(defaults=True)
    assert [wrong(app, address=A) for _ in range(5)] == [200] * 5

    assert right(app, address=B) == 302
    assert right(app, address=A) == 429  # the guesser, meanwhile, waits


def test_a_refused_attempt_says_when_to_try_again(server):
    """Past the free failures, the answer is 429 with the wait in words and in Retry-After."""
    app = server()
    for _ in range(3):
        wrong(app)

    refused = attempt(app, email_of("intake"), PASSWORD)

    assert retry_after(refused) == 30
    assert MESSAGES["too_many_attempts"].format(wait="30 seconds") in text_of(refused)


def test_refused_attempts_are_not_counted(server, later):
    """Hammering during a wait neither lengthens it nor counts against the address."""
    app = server()
    for _ in range(3):
        wrong(app)
    refusals = [attempt(app, email_of("intake"), "wrong") for _ in range(20)]

    assert all(0 < retry_after(r) <= 30 for r in refusals)
    assert right(app, "therapist") == 302  # the address has 3 failures, under its 5
    later(30)
    assert right(app) == 302


def test_the_wait_doubles_with_each_failure_up_to_the_maximum(server, later):
    """After the free failures: wait 30 s, fail, 60 s, fail, 120 s, ... never over LOGIN_MAX_DELAY."""
    app = server()
    for _ in range(3):
        wrong(app)
    waits = []
    for _ in range(5):
        waits.append(retry_after(attempt(app, email_of("intake"), "wrong")))
        later(waits[-1])
        assert wrong(app) == 200

    assert waits == [30, 60, 120, 240, 240]


def test_an_address_is_slowed_after_its_failures_across_accounts(server):
    """5 failures from one address, spread over accounts, make it wait; other addresses do not."""
    app = server()
    for role in ("intake", "therapist", "admin", "intake", "therapist"):
        assert wrong(app, role) == 200

    assert right(app, "admin") == 429
    assert right(app, "admin", address=B) == 302


def test_the_account_ceiling_stops_guessing_from_many_addresses(server, later):
    """8 failures from several addresses in the window: the account waits until the window ends."""
    app = server()
    for address, failures in ((A, 3), (B, 3), (C, 2)):
        for _ in range(failures):
            assert wrong(app, address=address) == 200

    refused = attempt(app, email_of("intake"), PASSWORD, D)

    assert HOUR - 60 < retry_after(refused) <= HOUR
    assert right(app, "therapist", address=D) == 302  # only that account
    later(HOUR)
    assert right(app, address=D) == 302


def test_one_address_alone_never_reaches_the_ceiling(server, later):
    """With the shipped settings, an address guessing as fast as it is let for 3 hours stays
    far below 50 failures in any hour, and the owner signs in from elsewhere throughout."""
    app = server(defaults=True)
    elapsed, failures = 0, []
    while elapsed < 3 * HOUR:
        response = attempt(app, email_of("intake"), "wrong")
        if response.status_code == 429:
            later(retry_after(response))
            elapsed += retry_after(response)
        else:
            failures.append(elapsed)
        if len(failures) % 10 == 0:
            assert right(app, address=B) == 302

    busiest = max(sum(1 for t in failures if start <= t < start + HOUR) for start in failures)
    assert busiest < DEFAULTS["LOGIN_ACCOUNT_CEILING"] / 2
    assert right(app, address=B) == 302


def test_unknown_accounts_are_limited_too(server):
    """An email with no account is counted like any other, so the limit never tells them apart."""
    app = server()
    for _ in range(3):
        attempt(app, "nobody@clinic.example", "wrong")

    assert attempt(app, "nobody@clinic.example", "wrong").status_code == 429


def test_a_successful_sign_in_clears_the_count_for_its_address(server):
    """2 failures, a success, then 2 more failures: the account is still let in from there."""
    app = server()
    for _ in range(2):
        wrong(app)
    assert right(app) == 302
    for _ in range(2):
        wrong(app)

    assert right(app) == 302


def test_successful_sign_ins_do_not_use_up_the_address_limit(server):
    """Many staff behind one address sign in all day: only failures count against it."""
    app = server()
    for _ in range(8):
        for role in ("intake", "therapist", "admin"):
            assert right(app, role) == 302


def test_the_limits_hold_across_several_app_servers(server):
    """Failures on one server count on another sharing the database (or Redis)."""
    first, second = server(), server()
    wrong(first)
    wrong(second)
    wrong(first)

    assert right(second) == 429
    assert right(first) == 429


def test_parallel_guesses_get_no_more_than_the_free_failures(server):
    """A burst of simultaneous wrong passwords: 3 are checked, the rest refused, none slip past."""
    app = server()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(lambda _: wrong(app), range(12)))

    assert statuses == [200] * 3 + [429] * 9


def test_refusals_are_recorded_as_failed_sign_ins(db_app, server):
    """A refused attempt leaves login_failed with the reason "too_many_attempts"."""
    app = server()
    for _ in range(4):
        wrong(app)

    reasons = [e.detail["reason"] for e in audit_entries(db_app, "login_failed")]
    assert reasons == ["not_accepted"] * 3 + ["too_many_attempts"]


def test_the_default_limits():
    """Shipped: 5 free failures per account and address, 20 per address, 30 s doubling to
    15 minutes, and a ceiling of 50 failures per account in an hour."""
    assert DEFAULTS == {
        "LOGIN_PAIR_FREE": 5,
        "LOGIN_ADDRESS_FREE": 20,
        "LOGIN_ACCOUNT_CEILING": 50,
        "LOGIN_FIRST_DELAY": 30,
        "LOGIN_MAX_DELAY": 15 * 60,
        "LOGIN_WINDOW": HOUR,
    }


def test_the_default_limits_let_5_failures_through_then_wait_30_seconds(server):
    """With the shipped settings, 5 failures are checked and the 6th attempt waits 30 seconds."""
    app = server(defaults=True)
    statuses = [wrong(app) for _ in range(5)]

    assert statuses == [200] * 5
    assert retry_after(attempt(app, email_of("intake"), "wrong")) == 30


def test_the_count_starts_again_after_the_window(server, later):
    """Once the window has passed, the pair, the address and the account start from nothing."""
    app = server()
    for _ in range(3):
        wrong(app)
    later(HOUR)

    assert [wrong(app) for _ in range(3)] == [200] * 3


def test_redis_counters_expire_with_the_window(db_app, another_server, accounts, redis_db):
    """Redis counters carry the window as their time to live, so they go away on their own."""
    wrong(another_server(REDIS_URL=REDIS_URL))

    keys = sorted(k.decode() for k in redis_db.keys("advisor:login:*"))
    assert keys == [
        f"advisor:login:account:{email_of('intake')}",
        f"advisor:login:address:{A}",
        f"advisor:login:pair:{email_of('intake')}|{A}",
    ]
    assert all(0 < redis_db.ttl(key) <= HOUR for key in keys)


def test_redis_out_of_reach_refuses_sign_in_with_503(db_app, another_server, accounts):
    """Without its counters, sign-in is not possible: a 503 page, never an unthrottled check."""
    app = another_server(REDIS_URL="redis://127.0.0.1:1/0")

    response = attempt(app, email_of("intake"), PASSWORD)

    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in text_of(response)
