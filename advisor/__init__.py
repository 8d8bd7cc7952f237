"""advisor: treatment-suitability screening for BFR and NMT, driven by therapist-owned rules.

The pipeline runs one way: answers → facts → fired rules → arbitration → response.
``advisor.assessment.assess`` is its single entry; ``advisor.ruleset.load_ruleset``
compiles the rule files once.
"""

# experta must be made importable before anything imports it; see _compat.py.
from advisor import _compat  # noqa: F401  isort: skip

__version__ = "0.1.0"
