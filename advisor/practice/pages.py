"""Blueprint ``practice``: the practice's logo, for the header of every patient page.

URLs::

    GET  /practice/logo   the logo named in the profile (404 when there is none)
    GET  /privacy         the privacy notice written in the profile (``privacy_text``);
                          a profile with ``privacy_url`` links there instead
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, send_file
from werkzeug.wrappers import Response

from advisor.practice.reading import LOGO_TYPES

__all__ = ["bp", "logo", "privacy"]

bp = Blueprint("practice", __name__)


@bp.get("/practice/logo")
def logo() -> Response:
    """Send the logo file, cached for a day (it changes only when the profile does)."""
    from advisor.practice import current_practice

    practice = current_practice()
    if practice is None or practice.logo is None:
        abort(404)
    return send_file(
        practice.logo, mimetype=LOGO_TYPES[practice.logo.suffix.lower()], max_age=24 * 60 * 60
    )


@bp.get("/privacy")
def privacy() -> str | Response:
    """Show the privacy notice of the profile in the page's language, a paragraph for each blank-line break."""
    from advisor.practice import current_practice

    practice = current_practice()
    if practice is None or not (practice.privacy_text or practice.privacy_url):
        abort(404)
    if practice.privacy_url:
        return redirect(practice.privacy_url)
    # Splitting makes plain strings: a notice in English on another language's page keeps
    # its mark in each paragraph, for the page to say so.
    kind = type(practice.privacy_text)
    paragraphs = [kind(p.strip()) for p in practice.privacy_text.split("\n\n") if p.strip()]
    return render_template("practice/privacy.html", paragraphs=paragraphs)
