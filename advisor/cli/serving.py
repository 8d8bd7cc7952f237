"""``advisor serve``: run the questionnaire, the API and /healthz with gunicorn."""

from __future__ import annotations

import click

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (one per CPU is a good start).",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per worker; each thread keeps its own rule engine.",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the questionnaire, the API and /healthz with gunicorn.

    The rule files are checked before the server starts: broken rules stop it
    with every problem listed. While it runs, every worker picks up edits to
    the rule files within a second, and refuses broken ones.
    """
    from advisor.server import run  # gunicorn is loaded only to serve

    run(host=host, port=port, workers=workers, threads=threads)
