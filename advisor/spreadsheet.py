"""Cells for a spreadsheet: text it shows, never a formula it runs.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula, so a patient's name or a rule's text could
run on a colleague's computer. Every CSV advisor writes (the staff export of
screenings, ``advisor rules show --format csv``) passes each cell through here.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "neutralise"]

#: A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Return a cell as text a spreadsheet will show, never run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
