"""Paging of the staff lists: which page was asked for, and how many there are."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import request


def requested_page() -> int:
    """Return the ``?page=`` asked for: a whole number from 1 (anything else is page 1)."""
    text = request.args.get("page", "")
    return int(text) if text.isdigit() and 0 < int(text) < 1_000_000 else 1


@dataclass(frozen=True, slots=True)
class Paging:
    """Where a page sits among the others."""

    page: int
    pages: int
    total: int
    per_page: int

    @classmethod
    def of(cls, page: int, total: int, per_page: int) -> Paging:
        """Return the paging for ``total`` items, with ``page`` moved into range."""
        pages = max(1, math.ceil(total / per_page))
        return cls(max(1, min(page, pages)), pages, total, per_page)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def first(self) -> int:
        """Return the number of the page's first item (0 when there are none)."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.per_page, self.total)
