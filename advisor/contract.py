"""The intake contract's fixed vocabulary (shared/intake-contract.md): therapies and urgency.

Nothing here may be renamed or reinterpreted; rule files and code use these words verbatim.
The contract allows new red-flag codes, each with its urgency; ours are marked below.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["RED_FLAG_URGENCY", "THERAPIES", "URGENCIES", "Primary", "Therapy", "Urgency"]

Therapy = Literal["bfr", "nmt"]
Primary = Literal["bfr", "nmt", "consult", "urgent_care"]
Urgency = Literal["emergency", "same_day", "soon"]

THERAPIES: tuple[Therapy, ...] = ("bfr", "nmt")

#: Most urgent first.
URGENCIES: tuple[Urgency, ...] = ("emergency", "same_day", "soon")

#: Invariant 1's grading of each red flag, exactly as the intake contract lists it.
RED_FLAG_URGENCY: dict[str, Urgency] = {
    "chest_pain": "emergency",
    "short_of_breath": "emergency",
    "sudden_severe_headache": "emergency",
    "saddle_numbness": "emergency",
    "bladder_bowel_change": "emergency",
    "fainting_with_exertion": "same_day",
    "calf_pain_swelling": "same_day",
    "progressive_weakness": "same_day",
    "both_legs_symptoms": "same_day",
    "fever_with_pain": "same_day",
    "recent_major_trauma": "same_day",
    "unexplained_weight_loss": "soon",
    "cancer_history_new_pain": "soon",
    # Added by advisor (clinical reference s12 findings 2 and 9), as the contract allows.
    "chest_pain_on_exertion": "same_day",
    "thunderclap_headache": "emergency",
    "new_sexual_dysfunction": "emergency",
    "back_pain_both_legs": "same_day",
    "hot_swollen_joint": "same_day",
}
