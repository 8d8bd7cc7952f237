"""Reading the pages the Flask test client gets back, as the assertions compare them."""

from __future__ import annotations

import re

from werkzeug.test import TestResponse


def text_of(response: TestResponse) -> str:
    """Return a page's HTML as text, with whitespace runs collapsed."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))
