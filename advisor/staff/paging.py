"""Paging of the staff lists: which page was asked for, and how many there are."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from flask import request

__all__ = ["MAX_PAGE", "Paging", "requested_page"]

#: The highest page anyone may ask for: far past the last page of any list.
MAX_PAGE = 999_999

#: A page number as links write it: ASCII digits only, no more than MAX_PAGE has.
_PAGE = re.compile(f"[0-9]{{1,{len(str(MAX_PAGE))}}}")


def requested_page() -> int:
    """Return the ``?page=`` asked for: 1 to ``MAX_PAGE`` in ASCII digits (anything else is page 1).

    ``str.isdigit`` alone let through digits that ``int`` cannot read ("²") and
    numbers too long for it to read at all (over 4,300 digits): both were 500s.
    """
    text = request.args.get("page", "")
    if _PAGE.fullmatch(text) and 1 <= int(text) <= MAX_PAGE:
        return int(text)
    return 1


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
