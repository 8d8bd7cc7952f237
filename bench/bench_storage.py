"""Benchmark of stored screenings: the staff list over 100,000 screenings, and the CSV export.

Run from the repository root::

    .venv/bin/python bench/bench_storage.py                 # SQLite and PostgreSQL, 100,000 each
    .venv/bin/python bench/bench_storage.py --quick         # 5,000 screenings, a few seconds
    .venv/bin/python bench/bench_storage.py --databases sqlite --json out.json
    .venv/bin/python bench/bench_storage.py --explain       # also print each query's plan

Each database is made for the run and thrown away: an SQLite file in a
temporary directory, and a new PostgreSQL database on the server of
``--postgres`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``,
as the tests use), dropped afterwards. The schema comes from the real
migrations (``advisor db upgrade``), so the indexes are the ones the app has.

**The data.** A few thousand distinct answer sets are generated from the
questionnaire as in ``bench_engine.py`` and assessed with the shipped rules
(``advisor.assessment.assess``); each stored screening reuses one of these
real (answers, response) pairs. ``created_at`` is spread evenly at random
over the last two years and rows go in in time order, as they would arrive.
The status depends on age, as follow-up would leave it (recent ones mostly
"new", older ones mostly "closed" or "booked"). About 10% have a patient's
name, phone, email and date of birth from a list of common names; 15% were
run by one of three staff members. Rows go in with SQLAlchemy's bulk INSERT
in batches; PostgreSQL then gets ``VACUUM ANALYZE`` (what autovacuum would do
soon after a load), while SQLite is left as the app leaves it (no ``ANALYZE``).

**The list.** ``advisor.storage.screenings.search(Filters(...), page)``, the
call the staff list makes (a COUNT, then one page of 25, newest first), is
timed one call at a time with ``time.perf_counter`` for each filter: none;
status; outcome (primary); a one-month date range; a name search for a common part
("son") and for one person ("Maria Garcia"); all three
of status, outcome and dates; and the last page with no filter. Each gets a
few warm-up calls, then the median and 95th percentile of the repeats. Each
call runs in its own app context, as a request does, so nothing is cached
in the ORM session between calls. Then the whole page is timed the same way:
``GET /staff/screenings?...`` by a signed-in intake account through Flask's
test client (session and permission checks, the search, the audit entry's
commit, the template; not the network). The goal (under 100 ms at the
median) is judged on the whole page.

**The export.** ``advisor.staff.export.export_rows(Filters())`` over every row, written with
``csv.writer`` to a sink that only counts the bytes: the total time, then a
second run under ``tracemalloc`` for the peak of memory allocated while
exporting. It is compared with what holding every row would take: the sum
of the rows' sizes as Python lists of strings (``sys.getsizeof``), and the
size of the CSV text.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import gc
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import _table, generate_answers, machine  # noqa: E402  (sibling script)

from advisor import create_app  # noqa: E402
from advisor.assessment import assess  # noqa: E402
from advisor.questionnaire import default_questionnaire  # noqa: E402
from advisor.ruleset import load_ruleset  # noqa: E402

SEED = 20261126
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"

BENCH_PASSWORD = "a long bench password"  # noqa: S105  (a throwaway account's)

#: The issue's goal for one list request, in ms (median).
GOAL_LIST_MS = 100.0

# Lists of names read better as text than as 50 quoted literals each.
FIRST_NAMES = (  # noqa: SIM905
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Maria Nancy Daniel Lisa Matthew "
    "Betty Anthony Sandra Mark Ashley Donald Kimberly Steven Emily Paul Donna Andrew Michelle "
    "Joshua Carol Kenneth Amanda Kevin Melissa Brian Deborah George Stephanie Timothy Rebecca"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts"
).split()

_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Plan:
    """How much to do."""

    screenings: int
    distinct_answers: int
    repeats: int
    warmup: int
    batch: int = 5000


FULL = Plan(screenings=100_000, distinct_answers=3000, repeats=40, warmup=3)
QUICK = Plan(screenings=5000, distinct_answers=300, repeats=5, warmup=1)


@dataclass
class Query:
    """The figures of one list query."""

    name: str
    filters: dict[str, str]
    page: int
    matched: int
    median_ms: float
    p95_ms: float
    min_ms: float
    #: The whole staff list page for these filters: median and p95 of GET /staff/screenings.
    page_median_ms: float = 0.0
    page_p95_ms: float = 0.0
    plan: list[str] = field(default_factory=list)


@dataclass
class Export:
    """The figures of the CSV export."""

    rows: int
    seconds: float
    rows_per_second: float
    csv_mb: float
    all_rows_mb: float
    peak_mb: float


@dataclass
class DatabaseResult:
    """Everything measured on one database."""

    database: str
    version: str
    screenings: int
    fill_seconds: float
    size_mb: float
    queries: list[Query]
    export: Export


# --- Data -----------------------------------------------------------------------------------


def real_responses(count: int, rng: random.Random) -> list[tuple[dict[str, object], Any]]:
    """Return ``count`` distinct answer sets with their real responses (the shipped rules)."""
    questionnaire = default_questionnaire()
    ruleset = load_ruleset()
    return [(raw, assess(raw, ruleset)) for raw in generate_answers(questionnaire, count, rng)]


def _status(age_days: float, rng: random.Random) -> str:
    if age_days < 7:
        weights = {"new": 70, "contacted": 20, "booked": 10}
    elif age_days < 60:
        weights = {"new": 10, "contacted": 25, "booked": 35, "not_suitable": 10, "closed": 20}
    else:
        weights = {"new": 2, "contacted": 5, "booked": 13, "not_suitable": 15, "closed": 65}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reference(rng: random.Random, seen: set[str]) -> str:
    while True:
        chars = "".join(rng.choice(_REFERENCE_ALPHABET) for _ in range(8))
        reference = f"{chars[:4]}-{chars[4:]}"
        if reference not in seen:
            seen.add(reference)
            return reference


def generate_rows(
    count: int,
    pairs: Sequence[tuple[dict[str, object], Any]],
    staff_ids: Sequence[int],
    now: datetime.datetime,
    rng: random.Random,
) -> Iterator[dict[str, Any]]:
    """Yield ``count`` screening rows, oldest first, reusing the (answers, response) pairs."""
    span = datetime.timedelta(days=730).total_seconds()
    moments = sorted(rng.random() * span for _ in range(count))
    responses = [(raw, response.to_dict(), response) for raw, response in pairs]
    references: set[str] = set()
    for seconds_ago in reversed(moments):
        created = now - datetime.timedelta(seconds=seconds_ago)
        raw, body, response = rng.choice(responses)
        by_staff = rng.random() < 0.15
        named = rng.random() < 0.10
        row: dict[str, Any] = {
            "reference": _reference(rng, references),
            "created_at": created,
            "updated_at": created,
            "source": "staff" if by_staff else "self",
            "created_by_id": rng.choice(staff_ids) if by_staff else None,
            "answers": raw,
            "response": body,
            "ruleset_version": response.ruleset.version,
            "ruleset_digest": response.ruleset.digest,
            "primary": response.recommendation.primary,
            "urgency": response.recommendation.urgency,
            "status": _status(seconds_ago / 86400, rng),
            "patient_name": None,
            "patient_phone": None,
            "patient_email": None,
            "patient_dob": None,
            "consent": False,
            "consent_at": None,
            "idempotency_key": None,
        }
        if named:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            row.update(
                patient_name=f"{first} {last}",
                patient_phone=f"555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                patient_email=f"{first.lower()}.{last.lower()}@example.com",
                patient_dob=datetime.date(rng.randint(1940, 2006), rng.randint(1, 12), 1)
                + datetime.timedelta(days=rng.randint(0, 27)),
                consent=True,
                consent_at=created,
                idempotency_key=None if by_staff else secrets.token_urlsafe(24),
            )
        yield row


# --- Databases ------------------------------------------------------------------------------


@contextmanager
def sqlite_database(directory: Path) -> Iterator[str]:
    yield f"sqlite:///{directory / 'bench.db'}"


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """Create a throwaway PostgreSQL database; yield its URL; drop it afterwards."""
    import psycopg

    name = f"advisor_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_available(admin_url: str) -> str | None:
    """Return None if PostgreSQL answers at ``admin_url``, or why not."""
    import psycopg

    try:
        with psycopg.connect(admin_url, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]


# --- Measurements ---------------------------------------------------------------------------


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def fill(app: Any, plan: Plan, rng: random.Random, log: Callable[[str], None]) -> float:
    """Fill the database; return the seconds it took (after the responses were computed)."""
    from sqlalchemy import insert, text

    from advisor.storage import db, users
    from advisor.storage.models import Screening

    log(f"assessing {plan.distinct_answers} generated answer sets …")
    pairs = real_responses(plan.distinct_answers, rng)
    started = time.perf_counter()
    with app.app_context():
        staff = [
            users.add_user(f"{role}@example.com", role, BENCH_PASSWORD).id
            for role in ("intake", "therapist", "admin")
        ]
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        batch: list[dict[str, Any]] = []
        done = 0
        for row in generate_rows(plan.screenings, pairs, staff, now, rng):
            batch.append(row)
            if len(batch) == plan.batch:
                db.session.execute(insert(Screening), batch)
                db.session.commit()
                done += len(batch)
                batch = []
                if done % 20_000 == 0:
                    log(f"  {done:,} screenings stored")
        if batch:
            db.session.execute(insert(Screening), batch)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        db.session.remove()
    return time.perf_counter() - started


def database_size_mb(app: Any) -> float:
    from sqlalchemy import text

    from advisor.storage import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            size = db.session.scalar(text("SELECT pg_database_size(current_database())"))
        else:
            size = Path(db.engine.url.database).stat().st_size
        db.session.remove()
    return round(size / 1e6, 1)


def query_cases(app: Any, total: int) -> list[tuple[str, Any, int]]:
    """Return (name, filters, page) for each list query to time."""
    from advisor.storage.screenings import PER_PAGE, Filters

    today = datetime.date.today()
    month = (today - datetime.timedelta(days=90), today - datetime.timedelta(days=61))
    last_page = max(1, -(-total // PER_PAGE))
    return [
        ("no filter, page 1", Filters(), 1),
        ("status = new", Filters(status="new"), 1),
        ("outcome = nmt", Filters(primary="nmt"), 1),
        ("one month", Filters(date_from=month[0], date_to=month[1]), 1),
        ("name contains 'son'", Filters(name="son"), 1),
        ("name 'Maria Garcia'", Filters(name="Maria Garcia"), 1),
        (
            "status + outcome + month",
            Filters(status="booked", primary="bfr", date_from=month[0], date_to=month[1]),
            1,
        ),
        (f"last page ({last_page:,})", Filters(), last_page),
    ]


def explain(app: Any, filters: Any, page: int) -> list[str]:
    """Return the database's plan for each statement ``search`` runs, as it runs them."""
    from sqlalchemy import event

    from advisor.storage import db
    from advisor.storage.screenings import search

    lines: list[str] = []
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
        seen: list[tuple[str, Any]] = []

        def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
            seen.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            search(filters, page)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        connection = db.session.connection()
        for statement, parameters in seen:
            shown = " ".join(statement.split())
            lines.append(f"-- {shown[:100]}{' …' if len(shown) > 100 else ''}")
            for row in connection.exec_driver_sql(prefix + statement, parameters):
                lines.append("   " + str(row[-1]))
        db.session.remove()
    return lines


def time_queries(app: Any, plan: Plan, total: int, with_plans: bool) -> list[Query]:
    """Time ``search`` for each filter combination, a request's app context per call."""
    from advisor.storage import db
    from advisor.storage.screenings import search

    results = []
    for name, filters, page in query_cases(app, total):
        times: list[float] = []
        matched = 0
        for n in range(plan.warmup + plan.repeats):
            with app.app_context():
                started = time.perf_counter()
                found = search(filters, page)
                elapsed = time.perf_counter() - started
                matched = found.total
                db.session.remove()
            if found.total and not found.items:
                raise SystemExit(f"{name}: {found.total} matched but the page is empty")
            if n >= plan.warmup:
                times.append(elapsed)
        results.append(
            Query(
                name=name,
                filters=filters.to_dict(),
                page=page,
                matched=matched,
                median_ms=_ms(statistics.median(times)),
                p95_ms=_ms(_p95(times)),
                min_ms=_ms(min(times)),
                plan=explain(app, filters, page) if with_plans else [],
            )
        )
    return results


def list_url(filters: Any, page: int) -> str:
    """Return the staff list's address for these filters and page, as its form sends it."""
    from urllib.parse import urlencode

    query = {key: str(value) for key, value in filters.to_dict().items()}
    if page > 1:
        query["page"] = str(page)
    return "/staff/screenings" + (f"?{urlencode(query)}" if query else "")


def time_pages(app: Any, plan: Plan, total: int, queries: list[Query]) -> None:
    """Time the whole list page per filter: a signed-in GET through the app, audit entry included.

    Flask's test client calls the WSGI app directly, so this is the app's own time
    (session, permission, search, the audit entry's commit, the template), without
    the network or gunicorn.
    """
    client = app.test_client()
    signed_in = client.post(
        "/staff/login", data={"email": "intake@example.com", "password": BENCH_PASSWORD}
    )
    if signed_in.status_code != 302:
        raise SystemExit(f"could not sign in to time the list page: {signed_in.status_code}")
    for query, (_name, filters, page) in zip(queries, query_cases(app, total), strict=True):
        url = list_url(filters, page)
        times: list[float] = []
        for n in range(plan.warmup + plan.repeats):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if n >= plan.warmup:
                times.append(elapsed)
        query.page_median_ms = _ms(statistics.median(times))
        query.page_p95_ms = _ms(_p95(times))


class CountingSink:
    """A file-like object that keeps only the number of characters written to it."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def _deep_size(row: list[str]) -> int:
    return sys.getsizeof(row) + sum(sys.getsizeof(cell) for cell in row)


def time_export(app: Any) -> Export:
    """Export every screening to CSV: time it, then measure its peak memory under tracemalloc."""
    from advisor.staff.export import export_rows
    from advisor.storage import db
    from advisor.storage.screenings import Filters

    with app.app_context():
        sink = CountingSink()
        writer = csv.writer(sink)
        gc.collect()
        started = time.perf_counter()
        rows = 0
        for row in export_rows(Filters()):
            writer.writerow(row)
            rows += 1
        seconds = time.perf_counter() - started
        db.session.remove()

    with app.app_context():
        all_rows = 0
        gc.collect()
        tracemalloc.start()
        for row in export_rows(Filters()):
            writer.writerow(row)
            all_rows += _deep_size(row)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        db.session.remove()
    return Export(
        rows=rows - 1,
        seconds=round(seconds, 2),
        rows_per_second=round((rows - 1) / seconds),
        csv_mb=round(sink.chars / 2 / 1e6, 1),  # written twice: once per run
        all_rows_mb=round(all_rows / 1e6, 1),
        peak_mb=round(peak / 1e6, 1),
    )


def measure(
    kind: str,
    url: str,
    plan: Plan,
    seed: int,
    with_plans: bool,
    log: Callable[[str], None],
) -> DatabaseResult:
    """Fill one database and time the list and the export on it."""
    from advisor.storage import db, schema

    with tempfile.TemporaryDirectory(prefix="advisor-bench-instance-") as instance:
        os.environ["ADVISOR_INSTANCE_PATH"] = instance
        # CSRF off: the list page is a GET; only the bench's own sign-in posts a form.
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False})
        try:
            with app.app_context():
                schema.upgrade()
                version = db.session.execute(
                    db.text(
                        "SELECT sqlite_version()" if kind == "sqlite" else "SHOW server_version"
                    )
                ).scalar_one()
                db.session.remove()
            fill_seconds = fill(app, plan, random.Random(seed), log)
            log(
                f"{kind}: {plan.screenings:,} screenings in {fill_seconds:.1f} s; timing the list …"
            )
            queries = time_queries(app, plan, plan.screenings, with_plans)
            log(f"{kind}: timing the list page …")
            time_pages(app, plan, plan.screenings, queries)
            log(f"{kind}: exporting {plan.screenings:,} rows, twice …")
            export = time_export(app)
            size = database_size_mb(app)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return DatabaseResult(
        database=kind,
        version=str(version),
        screenings=plan.screenings,
        fill_seconds=round(fill_seconds, 1),
        size_mb=size,
        queries=queries,
        export=export,
    )


def run(
    plan: Plan,
    kinds: Sequence[str],
    postgres: str,
    seed: int,
    with_plans: bool,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Measure every database in ``kinds``; return all the figures."""
    results: list[DatabaseResult] = []
    skipped: dict[str, str] = {}
    for kind in kinds:
        if kind == "postgresql":
            why = postgres_available(postgres)
            if why is not None:
                skipped[kind] = f"PostgreSQL is not running at {postgres} ({why})"
                log(f"skipping PostgreSQL: {skipped[kind]}")
                continue
        with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
            databases = {
                "sqlite": lambda: sqlite_database(Path(tmp)),
                "postgresql": lambda: postgres_database(postgres),
            }
            with databases[kind]() as url:
                results.append(measure(kind, url, plan, seed, with_plans, log))
    info = machine()
    info.pop("experta", None)
    info["sqlalchemy"] = metadata.version("SQLAlchemy")
    info["psycopg"] = metadata.version("psycopg")
    return {
        "machine": info,
        "seed": seed,
        "plan": asdict(plan),
        "results": [asdict(r) for r in results],
        "skipped": skipped,
        "goals": goals(results),
    }


def goals(results: Sequence[DatabaseResult]) -> list[dict[str, Any]]:
    """Judge the issue's goal: each list page's median under 100 ms, on each database."""
    return [
        {
            "goal": f"list page, {r.database}, {q.name} (median)",
            "limit_ms": GOAL_LIST_MS,
            "value_ms": q.page_median_ms,
            "met": q.page_median_ms < GOAL_LIST_MS,
        }
        for r in results
        for q in r.queries
    ]


# --- Output ---------------------------------------------------------------------------------


def report(figures: dict[str, Any]) -> str:
    """Return the figures as readable tables."""
    m = figures["machine"]
    parts = [
        f"machine: {m['nproc']} CPU(s), {m['cpu']}, {m['implementation']} {m['python']}, "
        f"SQLAlchemy {m['sqlalchemy']}, psycopg {m['psycopg']}",
    ]
    for r in figures["results"]:
        e = r["export"]
        parts += [
            "",
            f"{r['database']} {r['version']}: {r['screenings']:,} screenings, filled in "
            f"{r['fill_seconds']} s, {r['size_mb']} MB on disk",
            "",
            f"Screening list, ms over {figures['plan']['repeats']} calls: search(filters, page) "
            "alone, then the whole page (GET /staff/screenings, signed in)",
            _table(
                ("query", "matched", "search median", "p95", "page median", "p95"),
                [
                    (
                        q["name"],
                        f"{q['matched']:,}",
                        q["median_ms"],
                        q["p95_ms"],
                        q["page_median_ms"],
                        q["page_p95_ms"],
                    )
                    for q in r["queries"]
                ],
            ),
            "",
            f"CSV export of {e['rows']:,} rows: {e['seconds']} s ({e['rows_per_second']:,} rows/s); "
            f"peak memory {e['peak_mb']} MB while all rows as lists would take "
            f"{e['all_rows_mb']} MB (CSV text {e['csv_mb']} MB)",
        ]
        for q in r["queries"]:
            if q["plan"]:
                parts += ["", f"plan: {q['name']}", *q["plan"]]
    for kind, why in figures["skipped"].items():
        parts += ["", f"{kind}: not measured: {why}"]
    parts += ["", "Goals"]
    parts.append(
        _table(
            ("goal", "limit ms", "measured ms", "met"),
            [
                (g["goal"], g["limit_ms"], g["value_ms"], "yes" if g["met"] else "NO")
                for g in figures["goals"]
            ],
        )
    )
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="5,000 screenings: a smoke run")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures here")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="which databases, comma-separated (default: sqlite,postgresql)",
    )
    parser.add_argument("--postgres", default=POSTGRES, help=f"server to use (default {POSTGRES})")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    unknown = set(kinds) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    figures = run(QUICK if args.quick else FULL, kinds, args.postgres, args.seed, args.explain, log)
    figures["command"] = " ".join(["bench/bench_storage.py", *(argv or sys.argv[1:])])
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(report(figures))
    print(f"\n(total {figures['seconds']} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
