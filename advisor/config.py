"""Configuration: defaults in code, then the instance folder, then the environment, then tests.

Read inside ``create_app`` (never at import time), so each app sees the
environment of its own start. Variables:

``SECRET_KEY``             signs sessions and CSRF tokens; if unset, a random key is
                           generated once and kept in the instance folder (``secret_key``).
``ADVISOR_INSTANCE_PATH``  where the instance folder is (default: ``instance/`` in the checkout;
                           ``var/advisor-instance`` under the environment's prefix for a wheel).
``ADVISOR_RULES_DIR``      a practice's own rules directory (default: the shipped rules, which
                           are ``rules/`` in a checkout; ``advisor rules init DIR`` starts one).
``ADVISOR_SECURE_COOKIES`` set to 1 behind HTTPS so cookies are only sent over it.
``DATABASE_URL``           PostgreSQL for several app servers (default: SQLite in the
                           instance folder).
``REDIS_URL``              Redis for login rate limits (default: counters in the database).
``ADVISOR_TRUSTED_PROXIES`` how many reverse proxies (HTTPS terminators, load balancers)
                           stand in front of the app (default 0). Their ``X-Forwarded-For``
                           and ``-Proto`` are then believed, so sign-in limits per address
                           and the audit trail see the person's address, not the proxy's.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from advisor.answers import MAX_BODY_BYTES
from advisor.exceptions import ConfigurationError
from advisor.shipped import shipped_dir

__all__ = ["configure", "instance_path", "trust_proxies"]

_SECRET_FILE = "secret_key"  # noqa: S105  (a file name, not a secret)

_DEFAULTS: dict[str, Any] = {
    # Every request body is one answer set at most (a form page, or one API call).
    "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    # A screening takes minutes; answers should not linger on a shared computer.
    "PERMANENT_SESSION_LIFETIME": 2 * 60 * 60,
    "WTF_CSRF_TIME_LIMIT": 2 * 60 * 60,
    # How often each worker looks at the rule files for changes, in seconds.
    "RULES_CHECK_INTERVAL": 1.0,
}


def instance_path() -> str | None:
    """Return ``$ADVISOR_INSTANCE_PATH`` if set (Flask picks its own default otherwise)."""
    return os.environ.get("ADVISOR_INSTANCE_PATH") or None


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill ``app.config``: defaults, instance ``config.py``, environment, then ``test_config``."""
    app.config.from_mapping(_DEFAULTS)
    app.config["RULES_DIR"] = str(shipped_dir("rules"))
    # The instance folder holds the secret key and the SQLite database: its owner only.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for name in ("DATABASE_URL", "REDIS_URL"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if os.environ.get("ADVISOR_RULES_DIR"):
        app.config["RULES_DIR"] = os.environ["ADVISOR_RULES_DIR"]
    if os.environ.get("ADVISOR_TRUSTED_PROXIES"):
        app.config["TRUSTED_PROXIES"] = _count("ADVISOR_TRUSTED_PROXIES")
    if os.environ.get("ADVISOR_SECURE_COOKIES", "").lower() in ("1", "true", "yes"):
        app.config["SESSION_COOKIE_SECURE"] = True
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _count(name: str) -> int:
    """Return a whole number from the environment variable ``name``, or say what is wrong."""
    text = os.environ[name].strip()
    if not text.isdigit():
        raise ConfigurationError(f"{name} must be a whole number like 1, not {text!r}")
    return int(text)


def trust_proxies(app: Flask) -> None:
    """Believe ``X-Forwarded-For``/``-Proto`` from ``TRUSTED_PROXIES`` proxies, and no more.

    Never by default: a client could then claim any address and dodge the per-address
    sign-in limit.
    """
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _instance_secret(folder: Path) -> str:
    """Return the secret kept in ``folder``, creating it once (safe with several workers)."""
    path = folder / _SECRET_FILE
    if not path.exists():
        # Write a whole file beside it, then link it into place: os.link fails if another
        # worker got there first, and nobody ever reads a half-written key.
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False) as handle:
            handle.write(secrets.token_hex(32))
            temporary = Path(handle.name)
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
