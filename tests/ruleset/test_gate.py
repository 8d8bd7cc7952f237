"""The gate before go-live: checks, removals, example cases and safety properties, in that order.

The safety floor keeps every invariant whatever a rule file says (see
tests/engine/test_safety.py), so no rule file can make the ``safety`` gate
refuse; these tests hand the gate a broken assessment function instead (the
``assessor`` seam), the way a fault in arbitration would break a result.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import tomli_w

from advisor.assessment import assess
from advisor.questionnaire import Option, Questionnaire
from advisor.ruleset import check_ruleset
from advisor.ruleset.gate import GATES, admit, run_gate
from advisor.ruleset.in_use import InUse
from tests.conftest import RULES_DIR, SHIPPED_VERSION
from tests.personas import BASE_ANSWERS


def case_file(primary: str, suggestions: list[str]) -> str:
    """Return a case file with one case: a healthy adult, and what it expects for them."""
    case = {
        "name": f"a-healthy-adult-gets-{primary}",
        "answers": BASE_ANSWERS,
        "expect": {"primary": primary, "suggestions": suggestions},
    }
    return tomli_w.dumps({"case": [case]})


FAILING_CASE = case_file("bfr", ["bfr"])


def bfr_for_children(raw, ruleset):
    """Assess as a faulty arbitration would: a child without red flags is sent to BFR."""
    response = assess(raw, ruleset)
    if raw["age"] >= 12 or raw["red_flags"]:
        return response
    recommendation = replace(response.recommendation, primary="bfr", suggestions=("bfr",))
    return replace(response, recommendation=recommendation)


def test_the_shipped_rules_pass_every_gate():
    """No error, every case passes, and the invariants hold on 2,000 answer sets."""
    verdict = run_gate(RULES_DIR)

    assert verdict.passed
    assert verdict.ruleset is verdict.check.ruleset is not None
    assert verdict.cases > 100
    assert verdict.answer_sets == 2000
    assert verdict.errors == ()


def test_errors_in_the_files_stop_at_the_first_gate(rules):
    """A rule file with an error is refused by the checks, and goes no further."""
    (rules / "bfr.toml").write_text("[[rule]\n")

    verdict = run_gate(rules)

    assert verdict.refused_by == ("checks",)
    assert verdict.ruleset is None
    assert [p.code for p in verdict.errors] == ["toml-syntax"]


def test_a_failing_case_refuses_the_rule_set_and_says_what_differed(rules):
    """The case is named with its file and line, and what it got that it did not expect."""
    (rules / "cases" / "mine.toml").write_text(FAILING_CASE)

    verdict = run_gate(rules)

    assert verdict.refused_by == ("cases",)
    [problem] = verdict.errors
    assert (problem.code, problem.at.file, problem.at.line) == (
        "case-failed",
        str(rules / "cases" / "mine.toml"),
        1,
    )
    assert "example case 'a-healthy-adult-gets-bfr' does not get what it expects: " in (
        problem.message
    )
    assert "primary: expected 'bfr', got 'consult'" in problem.message


def test_a_broken_case_file_refuses_the_rule_set(rules):
    """A case file the cases cannot be read from is a reason too: its cases cannot pass."""
    (rules / "cases" / "mine.toml").write_text(case_file("consult", ["bfx"]))

    verdict = run_gate(rules)

    assert verdict.refused_by == ("cases",)
    assert [p.code for p in verdict.errors] == ["value-not-allowed"]


def test_a_broken_safety_property_names_the_invariant_and_a_rule_that_took_part():
    """Answers that break an invariant are reported once per invariant, at a rule's line."""
    verdict = admit(check_ruleset(RULES_DIR), count=300, assessor=bfr_for_children)

    assert verdict.refused_by == ("safety",)
    broken = {p.message.split("broke invariant ")[1][0]: p for p in verdict.errors}
    assert {"3", "7"} <= set(broken)
    under_12 = broken["7"]
    assert under_12.code == "safety-property-broken"
    assert under_12.rule is not None
    assert under_12.at == verdict.check.ruleset.rule(under_12.rule).at
    assert "generated answer sets (for example age = " in under_12.message


def test_a_fault_while_assessing_is_reported_as_advisors_not_a_traceback():
    """An assessment that raises is an internal error, counted, with the answers that did it."""

    def failing(raw, ruleset):
        raise KeyError("raynauds")

    verdict = admit(check_ruleset(RULES_DIR), count=50, assessor=failing)

    assert verdict.refused_by == ("safety",)
    [problem] = verdict.errors
    assert problem.code == "internal-error"
    assert "failed 50 time(s): KeyError: 'raynauds'" in problem.message


def test_many_rules_removed_without_a_raised_version_are_refused(rules):
    """Removing more than a few rules since the set in use needs a raised version."""
    in_use = InUse.of(check_ruleset(rules).ruleset)
    shutil.rmtree(rules / "cases")
    nmt = rules / "nmt.toml"
    nmt.write_text("[[rule]]".join(nmt.read_text().split("[[rule]]")[:3]))  # two rules kept

    verdict = run_gate(rules, in_use=in_use)

    assert verdict.refused_by == ("removal",)
    assert [p.code for p in verdict.errors] == ["many-rules-removed"]
    assert [p.code for p in verdict.warnings] == ["version-not-raised"]


def test_rules_removed_with_a_raised_version_pass_with_a_warning(rules):
    """The same removal with the version raised goes live, and is reported."""
    in_use = InUse.of(check_ruleset(rules).ruleset)
    shutil.rmtree(rules / "cases")
    (rules / "nmt.toml").unlink()
    manifest = rules / "ruleset.toml"
    manifest.write_text(manifest.read_text().replace(SHIPPED_VERSION, '"9999.1.1"'))

    verdict = run_gate(rules, in_use=in_use)

    assert verdict.passed
    [warning] = verdict.warnings
    assert warning.code == "rules-removed-allowed"
    assert f"the version changed from {SHIPPED_VERSION.replace(chr(34), chr(39))}" in (
        warning.message
    )


def test_a_change_under_the_same_version_is_warned_about(rules):
    """New bytes under an old version pass, with a version-not-raised warning."""
    in_use = InUse.of(check_ruleset(rules).ruleset)
    with (rules / "bfr.toml").open("a") as handle:
        handle.write("\n# reviewed\n")

    verdict = run_gate(rules, in_use=in_use)

    assert verdict.passed
    assert [p.code for p in verdict.warnings] == ["version-not-raised"]
    assert verdict.warnings[0].at.file.endswith("ruleset.toml")


def test_the_same_files_are_judged_once_per_process(rules):
    """The cases and safety outcome is kept per digest: a second gate does not assess again."""
    calls = []

    def counting(raw, ruleset):
        calls.append(1)
        return assess(raw, ruleset)

    first = admit(check_ruleset(rules), count=100, assessor=counting)
    once = len(calls)
    second = admit(check_ruleset(rules), count=100, assessor=counting)
    (rules / "cases" / "mine.toml").write_text(case_file("consult", []))
    third = admit(check_ruleset(rules), count=100, assessor=counting)

    assert [first.passed, second.passed, third.passed] == [True, True, True]
    assert once >= 300
    assert len(calls) == 2 * once


def test_every_gate_has_a_name_for_messages():
    """The gates are named in the order they are passed."""
    assert list(GATES) == ["checks", "removal", "cases", "safety"]


def test_a_copy_of_the_same_files_shares_the_outcome_but_names_its_own_files(rules, tmp_path):
    """The outcome is kept by digest; its reasons are moved to the copy's folder."""
    (rules / "cases" / "mine.toml").write_text(FAILING_CASE)
    copy = tmp_path / "copy"
    shutil.copytree(rules, copy)

    first = run_gate(rules)
    second = run_gate(copy)

    assert [p.at.file for p in first.errors] == [str(rules / "cases" / "mine.toml")]
    assert [p.at.file for p in second.errors] == [str(copy / "cases" / "mine.toml")]


def test_a_red_flag_nobody_graded_is_an_emergency_and_the_safety_gate_agrees(questionnaire):
    """A new red-flag value that reached the engine without an urgency (the questions check
    asks for one) is graded as an emergency by the floor, and the gate checks it so."""
    red_flags = questionnaire["red_flags"]
    extended = replace(red_flags, options=(*red_flags.options, Option("jaw_locked", "Jaw locked")))
    changed = Questionnaire(
        questionnaire.version,
        questionnaire.pages,
        tuple(extended if q.id == "red_flags" else q for q in questionnaire.questions),
        questionnaire.disagreements,
    )
    ruleset = check_ruleset(RULES_DIR, changed).ruleset

    verdict = admit(check_ruleset(RULES_DIR, changed), count=300)
    rec = assess({**BASE_ANSWERS, "red_flags": ["jaw_locked"]}, ruleset).recommendation

    assert verdict.passed, verdict.errors
    assert (rec.primary, rec.urgency) == ("urgent_care", "emergency")
