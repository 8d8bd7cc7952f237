"""/healthz reports the database: ok, out of date or down, checked at most once per interval."""

from __future__ import annotations

import threading

from advisor.health import DatabaseProbe
from advisor.storage import db, schema
from tests.conftest import Clock


def test_healthz_reports_a_current_database_as_ok(db_app, database_kind):
    """A migrated database is "ok", at the revision this code needs."""
    with db_app.app_context():
        head = schema.head_revision()

    response = db_app.test_client().get("/healthz")

    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"] == {
        "status": "ok",
        "dialect": database_kind,
        "revision": head,
        "needs": head,
    }


def test_healthz_reports_a_schema_that_needs_upgrading(db_app):
    """A database behind this code is "out_of_date"; the worker still answers 200 and can screen."""
    with db_app.app_context():
        db.session.execute(db.text("DELETE FROM alembic_version"))
        db.session.commit()

    response = db_app.test_client().get("/healthz")

    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["status"] == "out_of_date"
    assert body["database"]["revision"] is None


def counting_probe(clock: Clock, ttl: float = 2.0) -> tuple[DatabaseProbe, list[int]]:
    """Return a probe whose checks are counted (and answer "ok" at once)."""
    probe = DatabaseProbe(lambda: None, lambda: "head", ttl=ttl, clock=clock)  # type: ignore[arg-type,return-value]
    calls: list[int] = []

    def check() -> dict:
        calls.append(1)
        return {"status": "ok", "check": len(calls)}

    probe.check = check  # type: ignore[method-assign]
    return probe, calls


def test_the_database_is_checked_at_most_once_per_interval():
    """Within the interval, /healthz answers from the last check; after it, it checks again."""
    clock = Clock(100.0)
    probe, calls = counting_probe(clock)

    answers = [probe.status() for _ in range(100)]
    clock.now += 2.5
    later = probe.status()

    assert len(calls) == 2
    assert {a["check"] for a in answers} == {1}
    assert later["check"] == 2


def test_a_slow_check_does_not_hold_other_requests():
    """While one request checks a slow database, the others answer at once with the last result."""
    clock = Clock(100.0)
    probe, _ = counting_probe(clock)
    probe.status()
    clock.now += 5
    started, release = threading.Event(), threading.Event()

    def slow_check() -> dict:
        started.set()
        release.wait(timeout=10)
        return {"status": "down"}

    probe.check = slow_check  # type: ignore[method-assign]
    checking = threading.Thread(target=probe.status)
    checking.start()
    started.wait(timeout=10)
    meanwhile = probe.status()
    release.set()
    checking.join(timeout=10)

    assert meanwhile == {"status": "ok", "check": 1}
    assert probe.status() == {"status": "down"}
