"""``advisor serve``: the app under gunicorn, several worker processes with several threads.

The app is created once in the master (``preload_app``) so broken rules or a
broken configuration stop the start with a clear message, and the generated
secret exists before any worker forks. Each worker then keeps its own live
rule set and builds one engine per thread on first use.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication

from advisor import create_app
from advisor.exceptions import DatabaseUnavailable
from advisor.extensions import live_rules

__all__ = ["Server", "run"]


class Server(BaseApplication):
    """gunicorn, configured in code rather than from its own command line."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def run(host: str, port: int, workers: int, threads: int) -> None:
    """Create the app, check the database schema, and serve until interrupted.

    A database that cannot be reached does not stop the start: it may come back.

    :raises SchemaOutOfDate: if the schema needs ``advisor db upgrade`` first.
    """
    from advisor.storage import schema

    _refuse_a_taken_port(host, port)
    app = create_app()
    with app.app_context():
        try:
            schema.ensure_current()
        except DatabaseUnavailable as error:
            # Screening needs only the rules: start, and let the staff pages answer 503
            # until the database is back (a restart during an outage must not stop patients).
            app.logger.warning(
                "starting without the database (%s): the questionnaire and the API work; "
                "the staff pages and contact requests wait until it is back",
                error,
            )
        # Workers fork from this process: they must not share its database connections.
        from advisor.storage import db

        db.engine.dispose()
    Server(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            # Requests are read whole by each worker's event loop before a thread sees them,
            # so slow clients cannot hold the threads (advisor/server/worker.py).
            "worker_class": "advisor.server.worker.BufferingWorker",
            # Each worker listens on its own socket and the kernel shares connections out
            # evenly; with one shared socket, kept-alive connections could pile onto one worker.
            "reuse_port": True,
            # gunicorn's control socket is one path per user: two servers would share it.
            "control_socket_disable": True,
            # Each worker looks at the rule files on its own, not only when a request comes.
            "post_fork": lambda _server, _worker: live_rules(app).watch(),
            "preload_app": True,
            "accesslog": "-",
            # The request line only: answers travel in bodies and are never logged.
            "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "advisor",
        },
    ).run()


def _refuse_a_taken_port(host: str, port: int) -> None:
    """Stop if something listens on the port already.

    With ``reuse_port`` the kernel would let a second server share the port and
    split the traffic between the two, silently; a plain bind still fails.

    :raises click.ClickException: naming the address.
    """
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        why = (
            "something listens there already (is advisor running?)"
            if error.errno == errno.EADDRINUSE
            else error.strerror
        )
        raise click.ClickException(f"cannot listen on {host}:{port}: {why}") from None
