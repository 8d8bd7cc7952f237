"""Contact requests sent at the same moment: each lands exactly once (an SQLite file, PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from advisor.storage import db
from advisor.storage.models import AuditEntry, Screening
from tests.databases import count
from tests.personas import BFR_CANDIDATE, CONTACT, NMT_CANDIDATE
from tests.storage.conftest import ready_for_contact


def send_together(clients, tokens) -> list[tuple[int, str]]:
    """Send every client's form at once (released by a barrier); return (status, location)s."""
    barrier = threading.Barrier(len(clients))

    def send(pair):
        client, token = pair
        barrier.wait()
        response = client.post("/result", data={**CONTACT, "token": token})
        return response.status_code, response.location

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(send, zip(clients, tokens, strict=True)))


def test_fifty_people_sending_at_once_each_land_exactly_once(db_app):
    """50 sessions, each with its own token, sent together: 50 screenings, 50 audit entries."""
    clients = [db_app.test_client() for _ in range(50)]
    tokens = [
        ready_for_contact(c, BFR_CANDIDATE if n % 2 else NMT_CANDIDATE)
        for n, c in enumerate(clients)
    ]

    sent = send_together(clients, tokens)

    assert sent == [(302, "/request-received")] * 50
    with db_app.app_context():
        keys = db.session.scalars(select(Screening.idempotency_key)).all()
        references = db.session.scalars(select(Screening.reference)).all()
        created = db.session.scalar(
            select(func.count()).where(AuditEntry.action == "screening_created")
        )
    assert sorted(keys) == sorted(tokens)
    assert len(set(references)) == 50
    assert created == 50


def test_twenty_copies_of_one_request_at_once_land_once(db_app):
    """One session's form sent 20 times at the same moment stores one screening; all confirm it."""
    first = db_app.test_client()
    token = ready_for_contact(first, BFR_CANDIDATE)
    cookie = first.get_cookie("session").value
    clients = [db_app.test_client() for _ in range(20)]
    for client in clients:
        client.set_cookie("session", cookie)

    sent = send_together(clients, [token] * 20)

    assert sent == [(302, "/request-received")] * 20
    assert count(db_app) == 1
    assert count(db_app, AuditEntry) == 1
    with db_app.app_context():
        reference = db.session.scalars(select(Screening.reference)).one()
    pages = {c.get("/request-received").get_data(as_text=True) for c in clients}
    assert all(reference in page for page in pages)
