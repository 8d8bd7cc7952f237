"""``TextForm``: the base of every form of the app. Its fields read typed text, and only that.

A browser sends these forms as text. A client can send anything, and each of these
once reached a validator that expected text (a 500 rather than a message):

- **a file part in a field's place** (multipart/form-data). Flask-WTF hands fields
  the files with the text. Here a file is never read: the field it stands for is in
  error, "Phone number cannot be sent as a file", and the rest of the form is
  shown again as typed.
- **a JSON body**. Flask-WTF reads one as the form, so fields get numbers, lists
  and objects. These forms are HTML forms: a JSON body is not read, and the form
  asks for its fields as if nothing had been sent.
- **control characters**. Nobody types one, but PostgreSQL refuses NUL in text,
  and the others would corrupt a CSV row or a printed page. Every field drops them
  as it reads its data, before any validator runs, so the rest of the code never
  sees one. Tabs and line breaks stay: a staff note may have paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from flask import has_request_context, request
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.form import SUBMIT_METHODS
from wtforms import Field

__all__ = ["SENT_AS_FILE", "TextForm", "input_names", "without_control_characters"]

#: C0 and C1 control characters and DEL, but not tab, line feed or carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: The message of a field sent as a file; ``%(name)s`` is how the form names the field.
SENT_AS_FILE = lazy_gettext("%(name)s cannot be sent as a file")

_OPTIONAL = " (optional)"

#: "Read the current request", as Flask-WTF does when a form is given no ``formdata``.
_FROM_REQUEST: Any = object()


def without_control_characters(value: Any) -> Any:
    """Return text with its control characters removed; anything else as it is."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def input_names(field: Field) -> tuple[str, ...]:
    """Return the names a field is sent under: its own, or its parts' (a date's three boxes)."""
    return tuple(getattr(field, "input_names", (field.name,)))


class TextForm(FlaskForm):
    """A Flask-WTF form that reads only a request's text fields, without control characters.

    ``names`` says how messages name a field whose label is not a name (a question,
    a checkbox's sentence); other fields are named by their label.
    """

    names: ClassVar[Mapping[str, str]] = {}

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = [*unbound_field.kwargs.get("filters", ()), without_control_characters]
            return unbound_field.bind(form=form, filters=filters, **options)

    def __init__(self, formdata: Any = _FROM_REQUEST, **kwargs: Any) -> None:
        self.sent_as_files: frozenset[str] = frozenset()
        if formdata is _FROM_REQUEST:
            formdata = None
            if has_request_context() and request.method in SUBMIT_METHODS:
                # request.form holds the text fields only: no file parts, no JSON body.
                formdata = request.form
                self.sent_as_files = frozenset(request.files)
        super().__init__(formdata=formdata, **kwargs)

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        """Validate as WTForms does; then put each field sent as a file in error, with only that."""
        valid = super().validate(extra_validators)
        for field in self:
            if self.sent_as_files.intersection(input_names(field)):
                # Its own validators saw it empty; saying so would hide what went wrong.
                field.errors = [SENT_AS_FILE % {"name": self.name_of(field)}]
                valid = False
        return valid

    def name_of(self, field: Field) -> str:
        """Return how messages name ``field``: from ``names``, else its label."""
        if field.name in self.names:
            return str(self.names[field.name])
        return str(field.label.text).removesuffix(_OPTIONAL)
