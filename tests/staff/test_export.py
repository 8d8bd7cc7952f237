"""The CSV export: the filtered list, streamed, safe to open in a spreadsheet, and audited."""

from __future__ import annotations

import csv
import io

import pytest

from advisor.staff.export import LEADING_COLUMNS
from advisor.storage.screenings import Patient
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE
from tests.staff.conftest import audit_entries


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
