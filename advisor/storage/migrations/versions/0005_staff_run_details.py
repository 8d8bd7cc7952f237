"""Staff run details: a patient's details during a staff run, kept server-side, not in the cookie

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

A staff run kept the patient's name, phone, email and date of birth in the
session cookie, which is signed but not encrypted, for up to two hours. The
cookie now holds only a random id; the details wait here until the run is
saved or cancelled, or until ``expires_at`` (``advisor.storage.run_details``).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_run_details",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("patient_name", sa.String(length=200), nullable=True),
        sa.Column("patient_phone", sa.String(length=40), nullable=True),
        sa.Column("patient_email", sa.String(length=254), nullable=True),
        sa.Column("patient_dob", sa.Date(), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("staff_run_details")
