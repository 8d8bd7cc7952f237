"""Benchmark of ``advisor rules why-not``: the explanation and the search for the smallest change.

Run from the repository root::

    .venv/bin/python bench/bench_whynot.py              # 300 answer sets, about a minute
    .venv/bin/python bench/bench_whynot.py --quick      # 20 answer sets, a few seconds
    .venv/bin/python bench/bench_whynot.py --json out.json

**What is timed.** ``advisor.ruleset.whynot.why_not(raw, ruleset, therapy)`` on the
shipped default rules, one call at a time with ``time.perf_counter``, for each
answer set and each therapy (BFR and NMT): parsing the answers, the rules that
would suggest the therapy and their failed conditions, what stood in the way, and
the search (every single-answer change, then pairs of helpful changes where no
single change makes the therapy the first step). The rule set is loaded once
before timing, as the command does once.

**The answers.** Distinct answer sets generated from the questionnaire as in
``bench_engine.py`` (coherent pain answers; red flags and risks empty most of the
time), plus the README's example ``examples/bfr-candidate.json``.

**The command.** ``advisor rules why-not examples/bfr-candidate.json --therapy nmt``
run as a new process, a few times: what a therapist waits for, Python's start and
the rule set's load included, beside ``advisor rules show --format csv`` (the same
start and load, without why-not; ``rules check`` also runs the go-live gate, so it is
no longer the bare start). The issue's goal is under 1 s for why-not: the slowest call,
and the whole command less ``rules show``; start and load belong to every command.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import generate_answers, machine  # noqa: E402  (sibling script)

from advisor.questionnaire import default_questionnaire  # noqa: E402
from advisor.ruleset import load_ruleset  # noqa: E402
from advisor.ruleset.whynot import why_not  # noqa: E402

SEED = 20261126
#: The issue's goal for why-not, in seconds.
GOAL_S = 1.0
EXAMPLE = ROOT / "examples" / "bfr-candidate.json"


def time_calls(answer_sets: list[dict[str, object]]) -> dict[str, Any]:
    """Time why_not on every answer set for both therapies; return ms figures and search sizes."""
    ruleset = load_ruleset(ROOT / "rules")
    seconds: list[float] = []
    tried: list[int] = []
    incomplete = 0
    for raw in answer_sets:
        for therapy in ("bfr", "nmt"):
            start = time.perf_counter()
            report = why_not(raw, ruleset, therapy)  # type: ignore[arg-type]
            seconds.append(time.perf_counter() - start)
            tried.append(report.tried)
            incomplete += not report.complete
    ordered = sorted(seconds)
    return {
        "calls": len(seconds),
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "answer_sets_tried_median": int(statistics.median(tried)),
        "answer_sets_tried_max": max(tried),
        "searches_stopped_early": incomplete,
    }


def _process_seconds(args: list[str], runs: int) -> list[float]:
    advisor = Path(sys.executable).with_name("advisor")
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(  # noqa: S603  (our own command, fixed arguments)
            [str(advisor), *args], check=True, capture_output=True, cwd=ROOT
        )
        seconds.append(time.perf_counter() - start)
    return seconds


def time_command(runs: int) -> dict[str, Any]:
    """Time the whole command as a therapist runs it, in a new process each time, beside
    ``advisor rules show --format csv`` (start and rule set load), interleaved run by run."""
    why, check = [], []
    for _ in range(runs):
        why += _process_seconds(["rules", "why-not", str(EXAMPLE), "--therapy", "nmt"], 1)
        check += _process_seconds(["rules", "show", "--format", "csv"], 1)
    return {
        "runs": runs,
        "median_s": round(statistics.median(why), 3),
        "max_s": round(max(why), 3),
        "check_median_s": round(statistics.median(check), 3),
    }


def report(figures: dict[str, Any]) -> str:
    calls, command = figures["calls"], figures["command"]
    lines = [
        f"why_not() on the default rules, {calls['calls']} calls "
        f"({calls['calls'] // 2} answer sets x BFR and NMT):",
        f"  median {calls['median_ms']} ms, p95 {calls['p95_ms']} ms, max {calls['max_ms']} ms",
        f"  answer sets tried per call: median {calls['answer_sets_tried_median']}, "
        f"max {calls['answer_sets_tried_max']}; searches stopped early: "
        f"{calls['searches_stopped_early']}",
        f"advisor rules why-not {EXAMPLE.relative_to(ROOT)} --therapy nmt, a new process each "
        f"time ({command['runs']} runs): median {command['median_s']} s, max {command['max_s']} s;",
        f"  advisor rules show --format csv (start and load) median {command['check_median_s']} s",
        "",
        "Goals",
        f"  why-not under {GOAL_S:g} s (slowest call): "
        + ("met" if calls["max_ms"] < GOAL_S * 1000 else "MISSED"),
        f"  why-not under {GOAL_S:g} s (whole command less rules show, median): "
        + ("met" if command["median_s"] - command["check_median_s"] < GOAL_S else "MISSED"),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (a few seconds)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures here")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = parser.parse_args(argv)
    count = 20 if args.quick else 300
    answer_sets = [json.loads(EXAMPLE.read_text())["answers"]]
    answer_sets += generate_answers(default_questionnaire(), count - 1, random.Random(args.seed))
    figures = {
        "machine": machine(),
        "calls": time_calls(answer_sets),
        "command": time_command(2 if args.quick else 5),
    }
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
