"""Screening list indexes: newest first by status, outcome or date, with the name in the index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The staff list orders by (created_at, id), newest first, and filters by status,
outcome (primary), a date range and a part of the patient's name. The single-column
indexes of 0001 made SQLite read and sort every matching row for a status or
outcome filter (25-56 ms at 100,000 screenings), and a name search scan the whole
table, JSON and all (110 ms on SQLite, 73 ms on PostgreSQL). Each index here leads
with what a filter fixes, continues in list order, and carries ``patient_name``,
so the page's ids, the count and any name search come from the index alone
(``screenings.search`` reads only the page's 25 rows). Figures: docs/benchmarks.md.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: name → columns; each ends in list order (created_at, id) and holds the name.
INDEXES = {
    "ix_screenings_by_created": ["created_at", "id", "patient_name"],
    "ix_screenings_by_status": ["status", "created_at", "id", "patient_name"],
    "ix_screenings_by_primary": ["primary", "created_at", "id", "patient_name"],
}

#: The single-column indexes of 0001 that these replace.
REPLACED = {
    "ix_screenings_created_at": ["created_at"],
    "ix_screenings_status": ["status"],
    "ix_screenings_primary": ["primary"],
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "screenings", columns, unique=False)
    for name in REPLACED:
        op.drop_index(name, table_name="screenings")


def downgrade():
    for name, columns in REPLACED.items():
        op.create_index(name, "screenings", columns, unique=False)
    for name in INDEXES:
        op.drop_index(name, table_name="screenings")
