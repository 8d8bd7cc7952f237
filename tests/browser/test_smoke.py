"""The browser fixtures work: Chromium opens the live server's health check."""

from __future__ import annotations


def test_chromium_reaches_the_live_server(page, live_server):
    """Debian's Chromium, driven by Playwright, loads a page from the app."""
    page.goto(live_server + "/healthz")

    assert '"status":"ok"' in page.content().replace(" ", "")
