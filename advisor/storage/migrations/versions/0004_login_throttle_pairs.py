"""Sign-in counters per account and address, with the time of the last attempt

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Counters were kept per account and per address, and five failures from anywhere
locked an account for 15 minutes. They are now kept per account and address, per
address and per account, each with the time of its last counted attempt, from
which the growing wait is measured (``advisor.staff.throttle``). The table only
holds counters that run out within the hour, so it is made anew, empty; the index
on ``window_start`` lets finished windows be deleted.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_login_throttle_window_start", "login_throttle", ["window_start"], unique=False
    )


def downgrade():
    op.drop_index("ix_login_throttle_window_start", table_name="login_throttle")
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
