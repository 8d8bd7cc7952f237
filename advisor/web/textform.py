"""``TextForm``: the base of every form whose text is stored or searched for.

Nobody types a control character, but a client can send one. PostgreSQL refuses
NUL in text (a 500 rather than a message), and the others would corrupt a CSV
row or a printed page. Every field of a ``TextForm`` drops them as it reads its
data, before any validator runs, so the rest of the code never sees one. Tabs
and line breaks stay: a staff note may have paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm

#: C0 and C1 control characters and DEL, but not tab, line feed or carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value: Any) -> Any:
    """Return text with its control characters removed; anything else as it is."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class TextForm(FlaskForm):
    """A Flask-WTF form whose every field drops control characters from what it reads."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = [*unbound_field.kwargs.get("filters", ()), without_control_characters]
            return unbound_field.bind(form=form, filters=filters, **options)
