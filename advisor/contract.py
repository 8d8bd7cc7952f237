"""The intake contract's fixed vocabulary (shared/intake-contract.md): therapies, urgency, core questions.

Nothing here may be renamed or reinterpreted; rule files and code use these words verbatim.
The contract allows new red-flag codes, each with its urgency; ours are marked below.

The questionnaire (``rules/questions.toml``) is the therapists' file, so the core
questions are fixed here in code as well: a check of that file compares it with
``CORE_QUESTIONS`` and refuses any change the contract forbids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CORE_QUESTIONS",
    "RED_FLAG_URGENCY",
    "THERAPIES",
    "URGENCIES",
    "CoreQuestion",
    "Primary",
    "Therapy",
    "Urgency",
]

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


@dataclass(frozen=True, slots=True)
class CoreQuestion:
    """A core answer as the contract fixes it: its type and every value it already has."""

    type: Literal["single", "multi", "integer"]
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


#: The contract's core answers (its table "Core answers"), with the red flags advisor added.
#: A questionnaire may add values to the multi lists, never remove or rename one.
CORE_QUESTIONS: dict[str, CoreQuestion] = {
    "age": CoreQuestion("integer", minimum=0, maximum=120),
    "red_flags": CoreQuestion("multi", tuple(RED_FLAG_URGENCY)),
    "muscle_weakness": CoreQuestion("single", ("none", "mild", "limits_activity")),
    "heavy_load_difficulty": CoreQuestion("single", ("yes", "no")),
    "conditions": CoreQuestion(
        "multi",
        (
            "osteoarthritis",
            "rheumatoid_arthritis",
            "neuropathy",
            "degenerative_spine",
            "fibromyalgia",
            "hip_injury",
            "knee_injury",
        ),
    ),
    "surgery": CoreQuestion(
        "single", ("none", "under_6_weeks", "6_weeks_to_6_months", "over_6_months")
    ),
    "surgery_site": CoreQuestion("single", ("upper_limb", "lower_limb", "spine", "other")),
    "inactivity": CoreQuestion("single", ("no", "weeks", "months")),
    "pain_duration": CoreQuestion(
        "single", ("none", "under_6_weeks", "6_to_12_weeks", "over_12_weeks")
    ),
    "pain_cause": CoreQuestion(
        "single",
        (
            "none",
            "recent_injury",
            "ongoing_strain",
            "after_surgery",
            "diagnosed_condition",
            "unknown",
        ),
    ),
    "pain_intensity": CoreQuestion("integer", minimum=0, maximum=10),
    "pain_sources": CoreQuestion(
        "multi",
        (
            "trigger_points",
            "ischemia",
            "nerve_entrapment",
            "postural_distortion",
            "stress",
            "diet",
        ),
    ),
    "bfr_risks": CoreQuestion(
        "multi",
        (
            "clot_history",
            "clotting_disorder",
            "peripheral_vascular_disease",
            "varicose_veins",
            "uncontrolled_blood_pressure",
            "heart_disease",
            "pregnancy",
            "active_cancer",
            "sickle_cell",
            "lymphedema",
            "dialysis_access",
            "limb_wound_or_infection",
            "recent_fracture",
            "postpartum",
            "clot_promoting_medication",
            "limb_vascular_surgery",
            "lymph_nodes_removed",
            "kidney_disease",
            "stroke",
            "unsure",
        ),
    ),
    "bleeding_risk": CoreQuestion("single", ("yes", "no", "unsure")),
    "nmt_risks": CoreQuestion("multi", ("osteoporosis", "acute_flare", "fragile_skin", "unsure")),
    "insurance": CoreQuestion(
        "single",
        ("medicare", "private", "workers_comp", "personal_injury", "self_pay", "unsure"),
    ),
}
