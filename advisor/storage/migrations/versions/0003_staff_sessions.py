"""Staff sessions on the server: one row per sign-in; users.session_version goes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

A staff session used to live only in the signed cookie, so a cookie copied before
sign-out still worked after it, and every use renewed its idle time. Each sign-in
is now a ``staff_sessions`` row, found by the SHA-256 of the token the cookie
carries; signing out, disabling the account or setting its password deletes rows,
and the idle and absolute limits are read from the row. ``users.session_version``
(raised to end every session of an account) is replaced by deleting the account's
rows, so it is dropped. Everyone signed in before the upgrade signs in again.

SQLite drops the column with ``ALTER TABLE … DROP COLUMN`` (SQLite 3.35 or newer,
which Python 3.11 and later ship), not by copying the table: ``users`` is referred
to by other tables, and a copy would trip their foreign keys.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_staff_sessions_user_id", "staff_sessions", ["user_id"], unique=False)
    op.create_index("ix_staff_sessions_created_at", "staff_sessions", ["created_at"], unique=False)
    op.drop_column("users", "session_version")


def downgrade():
    op.add_column(
        "users",
        sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"),
    )
    op.drop_index("ix_staff_sessions_created_at", table_name="staff_sessions")
    op.drop_index("ix_staff_sessions_user_id", table_name="staff_sessions")
    op.drop_table("staff_sessions")
