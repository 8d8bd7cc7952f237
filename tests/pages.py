"""Reading the pages the Flask test client gets back, as the assertions compare them."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def text_of(response: TestResponse) -> str:
    """Return a page's HTML as text, with whitespace runs collapsed."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def weight(client: FlaskClient, path: str) -> int:
    """Return the bytes of a page's HTML plus every stylesheet it links, as a browser loads them."""
    html = client.get(path).get_data()
    total = len(html)
    for href in _STYLESHEET.findall(html.decode()):
        with client.get(href) as response:
            assert response.status_code == 200, href
            total += len(response.get_data())
    return total
