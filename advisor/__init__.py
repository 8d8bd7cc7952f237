"""advisor: treatment-suitability screening for BFR and NMT, driven by therapist-owned rules.

The pipeline runs one way: answers → facts → fired rules → arbitration → response.
``advisor.assessment.assess`` is its single entry; ``advisor.ruleset.load_ruleset``
compiles the rule files once.
"""

from __future__ import annotations

# experta is checked and made importable before anything imports it; see engine/_experta.py.
from advisor.engine import _experta  # noqa: F401  isort: skip

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app"]

__version__ = "0.1.0"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the web application: the patient questionnaire, the JSON API and /healthz.

    :param test_config: settings that override everything else (tests use it).
    :raises RuleSetInvalid: if the rule files cannot be used.
    """
    from flask import Flask

    from advisor import (
        api,
        config,
        extensions,
        health,
        language,
        logs,
        practice,
        staff,
        storage,
        stylesheets,
        web,
    )
    from advisor.shipped import shipped_dir

    app = Flask(
        __name__,
        instance_path=config.instance_path(),
        instance_relative_config=True,
        # The design card keeps templates/ beside the package, as the eQ runner does;
        # a wheel carries a copy inside it.
        template_folder=str(shipped_dir("templates")),
    )
    config.configure(app, test_config)
    config.trust_proxies(app)
    logs.init_app(app)
    language.init_app(app)
    practice.init_app(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]  (keep the contract's key order)
    extensions.csrf.init_app(app)
    extensions.init_rules(app)
    storage.init_app(app)
    health.init_app(app)
    api.init_app(app)
    stylesheets.init_app(app)
    web.init_app(app)
    staff.init_app(app)
    return app
