"""Sign-in rate limits per account and per address, in the database or in Redis, across servers."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
import redis
from flask import Flask
from sqlalchemy import update

from advisor.staff.forms import MESSAGES
from advisor.staff.throttle import DEFAULTS
from advisor.storage import db
from advisor.storage.models import LoginThrottle, utcnow
from tests.staff.conftest import PASSWORD, audit_entries, email_of, text_of

REDIS_URL = "redis://127.0.0.1:6379/15"

#: Small limits keep the tests quick; the defaults have their own test.
LIMITS = {"LOGIN_ACCOUNT_LIMIT": 3, "LOGIN_ADDRESS_LIMIT": 5}


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    """Redis db 15, flushed before and after the test."""
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
    """Return a maker of app servers on the test database, sharing the counters' store."""

    def make(**config: object) -> Flask:
        extra = {"REDIS_URL": REDIS_URL} if store == "redis" else {}
        return another_server(**LIMITS, **extra, **config)

    return make


def attempt(app: Flask, email: str, password: str, address: str = "192.0.2.1"):
    return app.test_client().post(
        "/staff/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_refused_after_its_limit_of_failures(server):
    """After 3 wrong passwords, even the right one is refused: 429 and a generic message."""
    app = server()
    for _ in range(3):
        assert attempt(app, email_of("intake"), "wrong").status_code == 200

    refused = attempt(app, email_of("intake"), PASSWORD)

    assert refused.status_code == 429
    assert MESSAGES["too_many_attempts"] in text_of(refused)


def test_the_account_limit_holds_from_another_address(server):
    """The per-account count does not care where the attempts come from."""
    app = server()
    for number in range(3):
        attempt(app, email_of("intake"), "wrong", address=f"192.0.2.{number}")

    assert attempt(app, email_of("intake"), PASSWORD, address="198.51.100.9").status_code == 429


def test_an_address_is_refused_after_its_limit_across_accounts(server):
    """5 failures from one address, spread over accounts, stop a 6th attempt from it."""
    app = server()
    for role in ("intake", "therapist", "admin", "intake", "therapist"):
        assert attempt(app, email_of(role), "wrong").status_code == 200

    assert attempt(app, email_of("admin"), PASSWORD).status_code == 429
    assert attempt(app, email_of("admin"), PASSWORD, address="192.0.2.200").status_code == 302


def test_unknown_accounts_are_limited_too(server):
    """An email with no account is counted like any other, so the limit never tells them apart."""
    app = server()
    for _ in range(3):
        attempt(app, "nobody@clinic.example", "wrong", address="192.0.2.50")

    refused = attempt(app, "nobody@clinic.example", "wrong", address="192.0.2.51")

    assert refused.status_code == 429


def test_a_successful_sign_in_clears_the_account_count(server):
    """2 failures, a success, then 2 more failures: the account is still allowed in."""
    app = server()
    for _ in range(2):
        attempt(app, email_of("intake"), "wrong")
    assert attempt(app, email_of("intake"), PASSWORD).status_code == 302
    for _ in range(2):
        attempt(app, email_of("intake"), "wrong")

    assert attempt(app, email_of("intake"), PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_use_up_the_address_limit(server):
    """Many staff behind one address sign in all day: only failures count against it."""
    app = server()
    for _ in range(8):
        for role in ("intake", "therapist", "admin"):
            assert attempt(app, email_of(role), PASSWORD).status_code == 302


def test_the_limits_hold_across_several_app_servers(server):
    """Failures on one server count on another sharing the database (or Redis)."""
    first, second = server(), server()
    attempt(first, email_of("intake"), "wrong")
    attempt(second, email_of("intake"), "wrong")
    attempt(first, email_of("intake"), "wrong")

    assert attempt(second, email_of("intake"), PASSWORD).status_code == 429
    assert attempt(first, email_of("intake"), PASSWORD).status_code == 429


def test_refusals_are_recorded_as_failed_sign_ins(db_app, server):
    """A refused attempt leaves login_failed with the reason "too_many_attempts"."""
    app = server()
    for _ in range(4):
        attempt(app, email_of("intake"), "wrong")

    reasons = [e.detail["reason"] for e in audit_entries(db_app, "login_failed")]
    assert reasons == ["not_accepted"] * 3 + ["too_many_attempts"]


def test_the_default_limits_are_5_per_account_and_20_per_address_in_15_minutes():
    """Without settings, the limits are the issue's: 5 per account, 20 per address, 15 minutes."""
    assert DEFAULTS == {"LOGIN_ACCOUNT_LIMIT": 5, "LOGIN_ADDRESS_LIMIT": 20, "LOGIN_WINDOW": 900}


def test_the_default_account_limit_refuses_the_sixth_attempt(db_app, another_server, accounts):
    """With the default settings, 5 failures are allowed and the 6th attempt is refused."""
    app = another_server()
    statuses = [attempt(app, email_of("intake"), "wrong").status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_the_count_starts_again_after_the_window(db_app, another_server, accounts):
    """Database counters: once the 15-minute window has passed, the account may try again."""
    app = another_server(**LIMITS)
    for _ in range(4):
        attempt(app, email_of("intake"), "wrong")
    with app.app_context():
        db.session.execute(
            update(LoginThrottle).values(window_start=utcnow() - datetime.timedelta(minutes=16))
        )
        db.session.commit()

    assert attempt(app, email_of("intake"), PASSWORD).status_code == 302


def test_redis_counters_expire_with_the_window(db_app, another_server, accounts, redis_db):
    """Redis counters carry the window as their time to live, so they go away on their own."""
    attempt(another_server(REDIS_URL=REDIS_URL), email_of("intake"), "wrong")

    keys = sorted(k.decode() for k in redis_db.keys("advisor:login:*"))
    assert keys == [
        f"advisor:login:account:{email_of('intake')}",
        "advisor:login:address:192.0.2.1",
    ]
    assert all(0 < redis_db.ttl(key) <= 900 for key in keys)


def test_redis_out_of_reach_refuses_sign_in_with_503(db_app, another_server, accounts):
    """Without its counters, sign-in is not possible: a 503 page, never an unthrottled check."""
    app = another_server(REDIS_URL="redis://127.0.0.1:1/0")

    response = attempt(app, email_of("intake"), PASSWORD)

    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in text_of(response)
