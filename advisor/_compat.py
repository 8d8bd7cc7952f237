"""Make experta 1.9.4 importable on Python 3.10+; imported before experta anywhere.

experta's last release pins ``frozendict==1.2``, whose module body runs
``class frozendict(collections.Mapping)``; ``collections.Mapping`` was removed
in Python 3.10. pip cannot override the pin, so instead of patching the
install we lend ``collections`` the old alias only while frozendict loads and
take it back at once, so that no other library ever sees a patched
``collections``. With a newer frozendict installed this is a no-op.

experta also calls ``logging.basicConfig()`` at import time, which would
attach a root handler behind the application's back; that call is fenced
off here too, so logging is configured only by the CLI and the app. Its
watcher loggers write whole facts (a patient's answers) at INFO, so they are
held at WARNING whatever level the application logs at.
"""

import collections
import collections.abc
import logging


def _import_experta() -> None:
    lent = not hasattr(collections, "Mapping")
    if lent:
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    basic_config = logging.basicConfig
    logging.basicConfig = lambda *args, **kwargs: None
    try:
        import experta  # noqa: F401
        import frozendict  # noqa: F401  (loaded here, while the alias exists)
        from experta import KnowledgeEngine  # noqa: F401  (experta hides ImportErrors)
    finally:
        logging.basicConfig = basic_config
        if lent:
            del collections.Mapping  # type: ignore[attr-defined]
    logging.getLogger("experta").setLevel(logging.WARNING)


_import_experta()
