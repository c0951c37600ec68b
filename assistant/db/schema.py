"""The tables as SQLAlchemy Core sees them (the migrations in migrations/versions create them)."""

import sqlalchemy as sa

metadata = sa.MetaData()

plans = sa.Table(
    "plans", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.UniqueConstraint("owner", "name"),
)

plan_versions = sa.Table(
    "plan_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.UniqueConstraint("plan_id", "version"),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)

session_uploads = sa.Table(
    "session_uploads", metadata,
    sa.Column("session_id", sa.String(64), sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

app_secrets = sa.Table(
    "app_secrets", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

login_tokens = sa.Table(
    "login_tokens", metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)

page_browsers = sa.Table(
    "page_browsers", metadata,
    sa.Column("page", sa.String(128), primary_key=True),
    sa.Column("browser", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)
