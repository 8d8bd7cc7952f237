"""The CSV export: the filtered list, streamed, safe to open in a spreadsheet, and audited."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable

import pytest
from flask import Flask

from advisor.spreadsheet import FORMULA_STARTS
from advisor.staff.export import LEADING_COLUMNS
from advisor.storage import db
from advisor.storage.models import Screening
from advisor.storage.screenings import Patient
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE
from tests.staff.conftest import audit_entries


@pytest.fixture
def db_app_reference(db_app: Flask) -> Callable[[int], str]:
    """Return a function: a stored screening's id → its reference."""

    def reference(screening_id: int) -> str:
        with db_app.app_context():
            return db.session.get(Screening, screening_id).reference

    return reference


def rows_of(response) -> list[list[str]]:
    """Return the rows of a CSV response (its byte-order mark dropped)."""
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_the_export_is_a_streamed_csv_attachment(db_app, staff, stored):
    """The export is text/csv, a download, never cached, and streamed rather than built whole."""
    stored()
    staff.as_role("intake")

    response = staff.client.get("/staff/screenings.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.is_streamed
    assert response.headers["Content-Disposition"].startswith('attachment; filename="screenings-')
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_data().startswith("\ufeff".encode())


def test_the_export_has_a_header_and_one_row_per_screening(db_app, staff, stored):
    """The header names each column; each screening is one row with who ran it and the result."""
    stored(patient=Patient("Ann Lee", "555 123 4567", "ann@example.com", consent=True))
    stored(NMT_CANDIDATE)
    staff.as_role("admin")

    header, *rows = rows_of(staff.client.get("/staff/screenings.csv"))

    assert header[: len(LEADING_COLUMNS)] == [
        "received (UTC)" if c == "received" else c for c in LEADING_COLUMNS
    ]
    assert len(rows) == 2
    by_primary = {row[header.index("primary")]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_primary["bfr"]["patient_name"] == "Ann Lee"
    assert by_primary["bfr"]["patient_email"] == "ann@example.com"
    assert by_primary["bfr"]["run_by"] == "self-screening"
    assert by_primary["nmt"]["patient_name"] == ""


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ("=cmd()", "'=cmd()"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Ann = Lee", "Ann = Lee"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(db_app, staff, stored, typed, cell):
    """A name starting with =, +, - or @ is exported with a leading apostrophe."""
    stored(patient=Patient(typed, "555 123 4567", consent=True))
    staff.as_role("intake")

    header, row = rows_of(staff.client.get("/staff/screenings.csv"))

    assert row[header.index("patient_name")] == cell


def test_the_export_follows_the_lists_filters(db_app, staff, stored):
    """The same filters as the list narrow the export."""
    stored(BFR_CANDIDATE, status="booked")
    stored(NMT_CANDIDATE)
    staff.as_role("intake")

    header, *rows = rows_of(staff.client.get("/staff/screenings.csv?status=booked"))

    assert [row[header.index("primary")] for row in rows] == ["bfr"]


def test_exporting_is_recorded_with_filters_and_row_count(db_app, staff, stored):
    """screenings_exported keeps the filters and how many rows, never a name searched for."""
    stored(patient=Patient("Ann Lee", "555 123 4567", consent=True))
    stored(NMT_CANDIDATE)
    staff.as_role("intake")

    staff.client.get("/staff/screenings.csv?primary=bfr&name=ann")

    (entry,) = audit_entries(db_app, "screenings_exported")
    assert entry.detail == {"filters": {"primary": "bfr"}, "name_searched": True, "rows": 1}


def test_the_list_offers_the_export_with_its_filters(db_app, staff, stored):
    """The list links to the CSV of exactly what it shows."""
    stored(status="booked")
    staff.as_role("intake")

    page = staff.client.get("/staff/screenings?status=booked").get_data(as_text=True)

    assert 'href="/staff/screenings.csv?status=booked"' in page


def by_reference(response) -> dict[str, dict[str, str]]:
    """Return each exported row as a dict by column name, keyed by its reference."""
    reader = csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")))
    return {row["reference"]: row for row in reader}


def test_every_answer_has_a_column_in_questionnaire_order(db_app, staff, stored, questionnaire):
    """After the fixed columns comes one column per question id, in the questionnaire's order."""
    stored()
    staff.as_role("intake")

    header, *_ = rows_of(staff.client.get("/staff/screenings.csv"))

    assert header[len(LEADING_COLUMNS) :] == list(questionnaire.ids)


def test_a_row_reads_in_words_with_the_status_insurance_and_every_answer(
    db_app, staff, stored, db_app_reference
):
    """Status and answers are in words; a tick-any answer is joined with "; "; unasked is empty."""
    reference = db_app_reference(
        stored(
            {**BFR_CANDIDATE, "body_areas": ["neck", "left_leg"]},
            patient=Patient("Ann Lee", "555 123 4567", consent=True),
            status="not_suitable",
        )
    )
    staff.as_role("intake")

    row = by_reference(staff.client.get("/staff/screenings.csv"))[reference]

    assert row["status"] == "Not suitable"
    assert row["insurance"] == "Medicare"
    assert row["age"] == "68"
    assert row["body_areas"] == "Neck; Left hip, leg, knee or foot"
    assert row["conditions"].startswith("Osteoarthritis")
    assert row["red_flags"] == "None of these"
    assert row["surgery_site"] == ""  # not asked: no surgery


def test_times_are_in_the_zone_the_header_names(db_app, staff, stored, db_app_reference):
    """Without a practice profile the zone is UTC, and the header says so."""
    reference = db_app_reference(stored(created_at=datetime.datetime(2026, 11, 26, 15, 5)))
    staff.as_role("intake")

    row = by_reference(staff.client.get("/staff/screenings.csv"))[reference]

    assert row["received (UTC)"] == "2026-11-26 15:05"


def test_the_notes_are_exported_with_their_times_and_authors(db_app, staff, stored):
    """Each note on a line of the notes cell: time, author, text; a formula in one is harmless."""
    screening = stored()
    staff.as_role("intake")
    for text in ("No answer, left a message.", "=1+1 booked for Tuesday"):
        staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": text})

    (row,) = by_reference(staff.client.get("/staff/screenings.csv")).values()

    lines = row["notes"].split("\n")
    assert len(lines) == 2
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d intake@clinic\.example: No answer, left a message\.", lines[0]
    )
    assert lines[1].endswith("intake@clinic.example: =1+1 booked for Tuesday")
    assert not row["notes"].startswith(FORMULA_STARTS)


@pytest.mark.parametrize(
    ("typed", "cell"), [("=cmd()", "'=cmd()"), ("@SUM(A1)", "'@SUM(A1)"), ("-1", "'-1")]
)
def test_a_formula_typed_into_a_detail_stays_text_in_every_column(
    db_app, staff, stored, typed, cell
):
    """Neutralisation covers the new columns too: the patient's email and phone here."""
    stored(patient=Patient("Ann", typed, typed, consent=True))
    staff.as_role("intake")

    (row,) = by_reference(staff.client.get("/staff/screenings.csv")).values()

    assert (row["patient_phone"], row["patient_email"]) == (cell, cell)
