"""Benchmark of the go-live gate: checks, every example case, safety properties on 2,000 sets.

Run from the repository root::

    .venv/bin/python bench/bench_gate.py                 # 5 repeats on the shipped rules
    .venv/bin/python bench/bench_gate.py --quick         # 1 repeat
    .venv/bin/python bench/bench_gate.py --json out.json

Each repeat runs the whole gate the way a server runs it on a reload:
``check_ruleset`` (read, check, lint, compile, digest), then ``admit`` (the
example cases, then 2,000 answer sets drawn from the questionnaire, each
assessed three times: as drawn, with another insurance answer, and again in
another key order). The kept outcome (``advisor.ruleset.gate``) is cleared
before each repeat, so every repeat does the work in full; the time of a
repeat that finds the outcome kept (a new version, a copy of the folder) is
reported apart. Also timed on their own: drawing the answer sets, and the
cases alone.

The goal (issue 11) is a whole gate under 3 s on the shipped rules.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import advisor  # noqa: F401  (makes experta importable first)
from advisor.answer_sets import DEFAULT_COUNT, answer_sets
from advisor.questionnaire import default_questionnaire
from advisor.ruleset import check_ruleset, default_rules_dir
from advisor.ruleset import gate as gate_module
from advisor.ruleset.cases import case_files, load_cases, run_case

GOAL_SECONDS = 3.0


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def measure(repeats: int) -> dict[str, object]:
    """Return the median seconds of each part of the gate over ``repeats`` runs."""
    directory = default_rules_dir()
    default_questionnaire()
    whole, draws, cases_only = [], [], []
    verdict = None
    for _ in range(repeats):
        gate_module._CACHE.clear()
        seconds, verdict = timed(lambda: gate_module.admit(check_ruleset(directory)))
        whole.append(seconds)
        draws.append(timed(lambda: answer_sets(default_questionnaire()))[0])
        ruleset = check_ruleset(directory).ruleset
        cases_only.append(
            timed(
                lambda ruleset=ruleset: [
                    run_case(c, ruleset) for c in load_cases(case_files(directory), ruleset)[0]
                ]
            )[0]
        )
    kept, _ = timed(lambda: gate_module.admit(check_ruleset(directory)))
    if verdict is None or not verdict.passed:
        raise SystemExit("the shipped rules must pass the gate")
    return {
        "gate_seconds_median": statistics.median(whole),
        "gate_seconds_max": max(whole),
        "gate_seconds_kept_outcome": kept,
        "draw_answer_sets_seconds": statistics.median(draws),
        "cases_seconds": statistics.median(cases_only),
        "cases": verdict.cases,
        "answer_sets": DEFAULT_COUNT,
        "repeats": repeats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    figures = measure(1 if options.quick else 5)
    print(f"Gate on the shipped rules ({figures['cases']} cases, {figures['answer_sets']} sets):")
    print(f"  whole gate, median   {figures['gate_seconds_median']:.2f} s")
    print(f"  whole gate, slowest  {figures['gate_seconds_max']:.2f} s")
    print(f"  outcome kept         {figures['gate_seconds_kept_outcome']:.3f} s")
    print(f"  drawing the sets     {figures['draw_answer_sets_seconds']:.3f} s")
    print(f"  example cases alone  {figures['cases_seconds']:.3f} s")
    met = figures["gate_seconds_max"] < GOAL_SECONDS
    print(f"Goals\n  gate under {GOAL_SECONDS:g} s: {'met' if met else 'NOT met'}")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
