"""Screening language: the language the patient used, and whether they would like an interpreter

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

Patients can now read the questions in Spanish as well as English, and the contact
form asks "Would you like an interpreter?" (optional). Staff need both before they
call. ``language`` is a language code ("en", "es"); screenings stored before this
revision were all made in English, so the server default gives them "en".
``interpreter`` is "yes", "no", or NULL when the question was not answered (or not
asked, as for every earlier screening).

SQLite drops the columns with ``ALTER TABLE … DROP COLUMN`` (3.35 or newer, as 0003
does): a copy of ``screenings`` would trip the foreign key from ``notes``.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "screenings",
        sa.Column("language", sa.String(length=8), nullable=False, server_default="en"),
    )
    op.add_column("screenings", sa.Column("interpreter", sa.String(length=3), nullable=True))


def downgrade():
    op.drop_column("screenings", "interpreter")
    op.drop_column("screenings", "language")
