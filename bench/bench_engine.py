"""Benchmark of the rule engine: loading a rule set, building an engine, and assessing.

Run from the repository root::

    .venv/bin/python bench/bench_engine.py               # full run, about 1-2 minutes
    .venv/bin/python bench/bench_engine.py --quick       # smoke run, a few seconds
    .venv/bin/python bench/bench_engine.py --json out.json

Three rule sets are measured: the shipped default rules (``rules/``) and two
generated sets of 100 and 1,000 rules. Generated rules are written as real
TOML rule files (plus a ``ruleset.toml`` manifest, ``version = "bench"``) into
a temporary directory and loaded through ``load_ruleset``, so the real loader,
checks, lint and compiler are what is timed. They are drawn from the
questionnaire with a seeded ``random.Random``: 1-3 ``when`` conditions with the
operators a therapist would use for each question type (single: equals or
any_of; multi: any_of, none_of or empty; integer: at_least or under),
sometimes an ``unless``, a random effect (suggest or block bfr/nmt, consult
bfr/nmt/all, rarely urgent care on a red flag), and full provenance. The
informational question (insurance) is never read. A generated set that does
not load (any error) stops the benchmark; lint warnings are counted.

For each rule set and each fact encoding (``ONE_FACT``, the default, and
``FACT_PER_ANSWER``) the benchmark measures:

load
    ``load_ruleset(dir, encoding=...)``: read the files, check, lint, compile
    the engine class, digest. The first load in the process ("cold") is shown
    apart from the median of the following repeats. The questionnaire is
    loaded (and cached) before any timing, as a running program does once.
first evaluator
    ``ruleset.evaluator()`` on a freshly loaded rule set: building this thread's
    engine instance, i.e. experta's Rete network. Median over the repeats.
assess
    ``advisor.assessment.assess(raw_answers, ruleset)``, the whole pipeline
    (parse answers, reset/declare/run the engine, arbitrate, explain), timed
    one call at a time with ``time.perf_counter`` over thousands of different
    generated answer sets, after the engine is built and a short warm-up.
    Reported as median and 95th percentile in ms, and as assessments per
    second (count divided by the summed time of the calls). Only a digest of
    each response is kept, so the heap, and with it the garbage collector's
    work, stays what it would be in a server.

Answer sets are generated from ``default_questionnaire()``: integers anywhere
in range, single answers from the allowed values, multi answers as random
subsets; ``red_flags``, ``bfr_risks`` and ``nmt_risks`` are empty most of the
time, so that the ordinary paths (suggestions, consults) dominate as they do
in practice; questions with ``asked_when`` (surgery_site) are only answered
when asked; extra questions are sometimes left out so their defaults apply.
Every answer set is distinct and passes ``parse_answers``. By default the pain
answers fit together, as the web pages make them (no two answers of a
``[[disagreement]]`` of the questionnaire); ``--incoherent`` draws every answer
on its own instead, as a careless API client might, which makes more
consult rules fire.

Both encodings must give the same responses for the same answers, or the
benchmark stops.

Engines side by side, with the default encoding, compared with one engine in
one thread: two engines alternating call by call in one thread (no threads, so
no GIL: shows whether engines evict each other's state, e.g. experta's
class-wide caches); two threads sharing one ``RuleSet``, each with its own
engine from ``ruleset.evaluator()``; and the same two threads pinned to one CPU
(Linux), which takes away the cost of handing the GIL between CPUs. Under
CPython's GIL, threads cannot be faster than one engine; the point is that they
are not much slower and that every response equals the one-engine response.
The variants run in interleaved rounds, so a noisy neighbour hits all alike.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
import os
import platform
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import advisor  # noqa: F401  (makes experta importable before the engine loads it)
from advisor.answers import parse_answers
from advisor.assessment import assess
from advisor.contract import RED_FLAG_URGENCY
from advisor.engine.facts import FACT_PER_ANSWER, ONE_FACT, Encoding
from advisor.exceptions import RuleSetInvalid
from advisor.questionnaire import Question, Questionnaire, default_questionnaire
from advisor.response import Assessment
from advisor.ruleset import RuleSet, default_rules_dir, load_ruleset

SEED = 20261125
RULES_PER_FILE = 25
REVIEW_BY = "2099-12-31"

#: Multi questions that are empty for most people: their rules are the rare paths.
RARELY_TICKED = {"red_flags": 0.92, "bfr_risks": 0.85, "nmt_risks": 0.85}

#: Yes/no screening questions (bleeding, illness, dizziness…) are answered "no" more often.
NO_SHARE = 0.5

#: Goals from the issue, in ms.
GOAL_ASSESS_DEFAULT_MS = 1.0
GOAL_ASSESS_1000_MS = 10.0
GOAL_LOAD_DEFAULT_MS = 200.0


# --- Generated rules ------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def _condition(question: Question, rng: random.Random) -> tuple[str | None, object]:
    """Return (operator, operand) of one realistic condition; operator None means equals."""
    if question.type == "integer":
        low, high = question.minimum or 0, question.maximum or 0
        return rng.choice(("at_least", "under")), rng.randint(low + 1, high)
    values = list(question.values)
    if question.type == "single":
        if rng.random() < 0.5 or len(values) < 3:
            return None, rng.choice(values)
        return "any_of", sorted(rng.sample(values, rng.randint(2, len(values) - 1)))
    operator = rng.choices(("any_of", "none_of", "empty"), weights=(4, 3, 3))[0]
    if operator == "empty":
        return "empty", rng.random() < 0.5
    return operator, sorted(rng.sample(values, rng.randint(1, min(3, len(values)))))


def _condition_line(table: str, question: Question, op: str | None, operand: object) -> str:
    key = f"{table}.{question.id}" + (f".{op}" if op else "")
    return f"{key} = {_toml_value(operand)}"


def generate_rule(index: int, questionnaire: Questionnaire, rng: random.Random) -> str:
    """Return the TOML text of one valid generated ``[[rule]]``."""
    pool = [q for q in questionnaire if not q.informational and q.id != "red_flags"]
    lines = ["[[rule]]", f'id = "bench-rule-{index:04d}"']
    conditions: list[str] = []
    used: set[str] = set()
    effect_kind = rng.choices(
        ("suggest", "block", "consult", "urgent_care"), weights=(35, 20, 43, 2)
    )[0]
    if effect_kind == "urgent_care":
        flag = rng.choice(sorted(RED_FLAG_URGENCY))
        target = RED_FLAG_URGENCY[flag]
        same = [f for f, level in RED_FLAG_URGENCY.items() if level == target]
        flags = sorted({flag, *rng.sample(same, rng.randint(0, min(1, len(same) - 1)))})
        conditions.append(_condition_line("when", questionnaire["red_flags"], "any_of", flags))
        used.add("red_flags")
        extra = rng.randint(0, 2)
    else:
        targets = ("bfr", "nmt", "all") if effect_kind == "consult" else ("bfr", "nmt")
        target = rng.choice(targets)
        extra = rng.randint(1, 3)
    for question in rng.sample(pool, extra):
        conditions.append(_condition_line("when", question, *_condition(question, rng)))
        used.add(question.id)
    if rng.random() < 0.25:
        question = rng.choice([q for q in pool if q.id not in used])
        conditions.append(_condition_line("unless", question, *_condition(question, rng)))
    lines += [
        f'title = "Generated rule {index}"',
        f'because = "Generated for the benchmark: {effect_kind} {target}."',
        *conditions,
        f'{effect_kind} = "{target}"',
    ]
    if effect_kind != "urgent_care" and rng.random() < 0.3:
        lines.append(f"priority = {rng.randint(1, 90)}")
    lines += [
        'source = "bench/bench_engine.py (generated)"',
        'owner = "Benchmark"',
        f"review_by = {REVIEW_BY}",
    ]
    return "\n".join(lines) + "\n"


def write_generated_rules(
    directory: Path, count: int, questionnaire: Questionnaire, seed: int
) -> Path:
    """Write ``count`` generated rules as TOML files plus a manifest into ``directory``."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ruleset.toml").write_text('version = "bench"\n', encoding="utf-8")
    rules = [generate_rule(i, questionnaire, rng) for i in range(count)]
    for start in range(0, count, RULES_PER_FILE):
        chunk = rules[start : start + RULES_PER_FILE]
        path = directory / f"generated_{start // RULES_PER_FILE:03d}.toml"
        path.write_text("# Generated by bench/bench_engine.py\n\n" + "\n".join(chunk), "utf-8")
    return directory


# --- Generated answers ----------------------------------------------------------------------


def generate_answers(
    questionnaire: Questionnaire, count: int, rng: random.Random, *, coherent: bool = True
) -> list[dict[str, object]]:
    """Return ``count`` distinct raw answer sets, each valid for ``questionnaire``.

    :param coherent: keep only answer sets in which no two answers disagree (the
        questionnaire's ``[[disagreement]]`` entries), as the web pages accept them;
        with False, every answer is drawn on its own, as a careless API client might.
    """
    keys: set[str] = set()
    out: list[dict[str, object]] = []
    while len(out) < count:
        raw: dict[str, object] = {}
        typed: dict[str, Any] = {}
        for question in questionnaire:
            if not question.is_asked(typed):
                typed[question.id] = None
                continue
            if not question.core and rng.random() < 0.3:
                typed[question.id] = question.default
                continue
            value = _answer(question, rng)
            raw[question.id] = value
            typed[question.id] = frozenset(value) if isinstance(value, list) else value
        if coherent and questionnaire.disagreements_in(typed):
            _agree(raw, typed, rng)
            if questionnaire.disagreements_in(typed):
                continue
        key = json.dumps(raw, sort_keys=True)
        if key not in keys:
            keys.add(key)
            out.append(raw)
    for raw in out:
        parse_answers(raw, questionnaire)  # raises AnswersInvalid if the generator is wrong
    return out


def _agree(raw: dict[str, object], typed: dict[str, Any], rng: random.Random) -> None:
    """Redraw the pain answers so they fit together, as a person's would: either no pain
    at all (no cause, a score of 0, nothing ticked that describes pain), or pain with a
    cause and a score above 0."""
    if raw.get("pain_duration") == "none":
        pain = {"pain_cause": "none", "pain_intensity": 0}
        pain["pain_sources"] = [s for s in raw.get("pain_sources", []) if s in ("stress", "diet")]  # type: ignore[union-attr]
    else:
        causes = ["recent_injury", "ongoing_strain", "diagnosed_condition", "unknown"]
        if raw.get("surgery") != "none":
            causes.append("after_surgery")
        pain = {"pain_cause": rng.choice(causes), "pain_intensity": rng.randint(1, 10)}
    raw.update(pain)
    typed.update({k: frozenset(v) if isinstance(v, list) else v for k, v in pain.items()})


def _answer(question: Question, rng: random.Random) -> object:
    if question.type == "integer":
        return rng.randint(question.minimum or 0, question.maximum or 0)
    values = list(question.values)
    if question.type == "single":
        if "no" in values and rng.random() < NO_SHARE:
            return "no"
        return rng.choice(values)
    empty_share = RARELY_TICKED.get(question.id)
    if empty_share is not None:
        if rng.random() < empty_share:
            return []
        return sorted(rng.sample(values, rng.randint(1, 2)))
    return sorted(rng.sample(values, rng.randint(0, min(3, len(values)))))


# --- Measurements ---------------------------------------------------------------------------


@dataclass
class Result:
    """Figures for one rule set in one encoding."""

    ruleset: str
    rules: int
    encoding: str
    warnings: int
    load_cold_ms: float
    load_ms: float
    evaluator_ms: float
    assessments: int
    assess_median_ms: float
    assess_p95_ms: float
    assess_mean_ms: float
    per_second: float
    outcomes: dict[str, int] = field(default_factory=dict)
    fired_mean: float = 0.0
    #: For the alternative encoding: one-fact's figures over the same answer sets.
    baseline_median_ms: float | None = None
    baseline_mean_ms: float | None = None


@dataclass
class SideBySide:
    """Throughput of one rule set's engines side by side, measured in interleaved rounds.

    ``*_per_second`` is assessments per second over all rounds; ``*_ratio`` is
    the median over the rounds of that variant against one engine in one thread.
    """

    ruleset: str
    rules: int
    assessments: int
    rounds: int
    one_engine_per_second: float
    alternating_per_second: float
    alternating_ratio: float
    two_threads_per_second: float
    two_threads_ratio: float
    pinned_per_second: float | None
    pinned_ratio: float | None
    identical: bool
    distinct_engines: bool


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_load(
    directory: Path, encoding: Encoding, repeats: int
) -> tuple[float, float, float, RuleSet]:
    """Return (cold load, median load, median first-evaluator build) in ms, and the last rule set.

    The first load of this directory in the process is "cold"; the medians are
    over the ``repeats`` after it (or the cold figures if there are none).
    """
    loads: list[float] = []
    evaluators: list[float] = []

    def once() -> RuleSet:
        gc.collect()
        t0 = time.perf_counter()
        ruleset = load_ruleset(directory, encoding=encoding)
        t1 = time.perf_counter()
        ruleset.evaluator()
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        evaluators.append(t2 - t1)
        return ruleset

    ruleset = once()
    for _ in range(repeats):
        ruleset = once()
    warm = slice(1, None) if repeats else slice(None)
    return (
        _ms(loads[0]),
        _ms(statistics.median(loads[warm])),
        _ms(statistics.median(evaluators[warm])),
        ruleset,
    )


@dataclass(frozen=True, slots=True)
class Seen:
    """What the benchmark keeps of one response: enough to compare them, and small.

    Keeping thousands of whole responses would grow the heap, and the garbage
    collector's work with it, making the timings slower than in a server.
    """

    digest: int
    primary: str
    reasons: int


def seen(response: Assessment) -> Seen:
    """Return the digest, primary outcome and number of reasons of a response."""
    return Seen(hash(response), response.recommendation.primary, len(response.explanation))


def time_assessments(
    ruleset: RuleSet,
    answer_sets: Sequence[dict[str, object]],
    warmup: Sequence[dict[str, object]] = (),
) -> tuple[list[float], list[Seen]]:
    """Assess every answer set once; return the seconds of each call and what it returned.

    The engine is built and ``warmup`` assessed (untimed) first.
    """
    ruleset.evaluator()
    for raw in warmup:
        assess(raw, ruleset)
    gc.collect()
    times: list[float] = []
    kept: list[Seen] = []
    clock = time.perf_counter
    for raw in answer_sets:
        t0 = clock()
        response = assess(raw, ruleset)
        times.append(clock() - t0)
        kept.append(seen(response))
    return times, kept


class Workers:
    """Threads that share one ``RuleSet``; each keeps its own engine across rounds.

    Each thread builds its engine (``ruleset.evaluator()``) when it starts, before
    any clock runs. With ``cpu``, the threads are pinned to that one CPU (Linux).
    """

    def __init__(self, ruleset: RuleSet, threads: int = 2, cpu: int | None = None) -> None:
        self.ruleset = ruleset
        self.inboxes: list[queue.SimpleQueue[Any]] = [queue.SimpleQueue() for _ in range(threads)]
        self.outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.engines: list[int] = []
        self.threads = [
            threading.Thread(target=self._serve, args=(n,), daemon=True) for n in range(threads)
        ]
        affinity = os.sched_getaffinity(0) if cpu is not None else None
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})  # this thread only; new threads inherit it
        try:
            for thread in self.threads:
                thread.start()
        finally:
            if affinity is not None:
                os.sched_setaffinity(0, affinity)
        for _ in self.threads:
            self.engines.append(self._result())

    def _serve(self, n: int) -> None:
        try:
            self.outbox.put(id(self.ruleset.evaluator().engine))
            while (job := self.inboxes[n].get()) is not None:
                start, items = job
                start.wait()
                self.outbox.put([(i, seen(assess(raw, self.ruleset))) for i, raw in items])
        except BaseException as exc:  # handed to the main thread
            self.outbox.put(exc)

    def _result(self) -> Any:
        result = self.outbox.get()
        if isinstance(result, BaseException):
            raise result
        return result

    def run(self, answer_sets: Sequence[dict[str, object]]) -> tuple[float, list[Seen]]:
        """Assess the answer sets split over the threads; return wall seconds and results."""
        count = len(self.threads)
        start = threading.Barrier(count + 1)
        for n, inbox in enumerate(self.inboxes):
            inbox.put((start, [(i, answer_sets[i]) for i in range(n, len(answer_sets), count)]))
        gc.collect()
        start.wait()
        began = time.perf_counter()
        done = [pair for _ in self.threads for pair in self._result()]
        wall = time.perf_counter() - began
        return wall, [result for _, result in sorted(done, key=lambda pair: pair[0])]

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for thread in self.threads:
            thread.join()


def side_by_side(
    name: str,
    directory: Path,
    ruleset: RuleSet,
    answer_sets: Sequence[dict[str, object]],
    warm: Sequence[dict[str, object]],
    rounds: int,
) -> SideBySide:
    """Compare one engine in one thread with two engines, in one thread and in two threads.

    - 2 engines, 1 thread: two rule sets loaded from the same files, used
      alternately call by call. If engines shared state that one evicts for the
      other (experta's class-wide caches), this would be slower than one engine;
      no threads take part, so the GIL does not blur the comparison.
    - 2 threads: two threads share ``ruleset``, each with its own engine.
    - 2 threads, 1 CPU: the same, pinned to one CPU, which removes the cost of
      handing the GIL from one CPU to the other.

    The variants run in ``rounds`` interleaved rounds over different slices of
    the answer sets, so that a noisy neighbour affects them all alike.
    """
    other = load_ruleset(directory, encoding=ruleset.encoding)
    pair = (ruleset, other)
    pools = [Workers(ruleset)]
    if hasattr(os, "sched_setaffinity"):
        pools.append(Workers(ruleset, cpu=min(os.sched_getaffinity(0))))
    try:
        for raw in warm:  # every engine warm before the first round
            assess(raw, other)
        for pool in pools:
            pool.run(warm)

        def one(chunk: Sequence[dict[str, object]]) -> tuple[float, list[Seen]]:
            gc.collect()
            began = time.perf_counter()
            out = [seen(assess(raw, ruleset)) for raw in chunk]
            return time.perf_counter() - began, out

        def alternating(chunk: Sequence[dict[str, object]]) -> tuple[float, list[Seen]]:
            gc.collect()
            began = time.perf_counter()
            out = [seen(assess(raw, pair[i % 2])) for i, raw in enumerate(chunk)]
            return time.perf_counter() - began, out

        variants: list[Callable[[Sequence[dict[str, object]]], tuple[float, list[Seen]]]]
        variants = [one, alternating, *(pool.run for pool in pools)]
        walls: list[list[float]] = [[] for _ in variants]
        identical = True
        size = -(-len(answer_sets) // rounds)
        for r in range(rounds):
            chunk = answer_sets[r * size : (r + 1) * size]
            order = [(r + k) % len(variants) for k in range(len(variants))]  # rotate who goes first
            outcome: dict[int, list[Seen]] = {}
            for v in order:
                wall, outcome[v] = variants[v](chunk)
                walls[v].append(wall)
            identical = identical and all(outcome[v] == outcome[0] for v in outcome)
        main_engine = id(ruleset.evaluator().engine)
        engines = [main_engine, id(other.evaluator().engine)]
        engines += [engine for pool in pools for engine in pool.engines]
        distinct = len(set(engines)) == len(engines)
    finally:
        for pool in pools:
            pool.close()

    count = len(answer_sets)

    def per_second(v: int) -> float:
        return count / sum(walls[v])

    def ratio(v: int) -> float:
        return statistics.median(base / wall for base, wall in zip(walls[0], walls[v], strict=True))

    pinned = len(variants) > 3
    return SideBySide(
        ruleset=name,
        rules=len(ruleset.specs),
        assessments=count,
        rounds=rounds,
        one_engine_per_second=per_second(0),
        alternating_per_second=per_second(1),
        alternating_ratio=ratio(1),
        two_threads_per_second=per_second(2),
        two_threads_ratio=ratio(2),
        pinned_per_second=per_second(3) if pinned else None,
        pinned_ratio=ratio(3) if pinned else None,
        identical=identical,
        distinct_engines=distinct,
    )


# --- Running --------------------------------------------------------------------------------


@dataclass
class Plan:
    """How much to measure: answer sets per rule set, for timing and for engines side by side."""

    repeats: int
    warmup: dict[str, int]
    answers: dict[str, int]
    answers_alt: dict[str, int]
    side_by_side: dict[str, int]
    rounds: int
    generated: tuple[int, ...]


FULL = Plan(
    repeats=5,
    warmup={"default": 200, "100": 200, "1000": 30},
    answers={"default": 5000, "100": 2500, "1000": 2000},
    answers_alt={"default": 5000, "100": 2500, "1000": 500},
    side_by_side={"default": 2000, "100": 1200, "1000": 300},
    rounds=5,
    generated=(100, 1000),
)
QUICK = Plan(
    repeats=0,
    warmup={"default": 10, "100": 10, "1000": 5},
    answers={"default": 100, "100": 100, "1000": 20},
    answers_alt={"default": 100, "100": 100, "1000": 20},
    side_by_side={"default": 40, "100": 40, "1000": 0},  # 0: skipped
    rounds=2,
    generated=(100, 1000),
)


def machine() -> dict[str, object]:
    """Describe where the figures were taken."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "experta": metadata.version("experta"),
        "date": datetime.date.today().isoformat(),
    }


def measure(
    name: str,
    directory: Path,
    encoding: Encoding,
    answer_sets: Sequence[dict[str, object]],
    warm: Sequence[dict[str, object]],
    repeats: int,
    log: Callable[[str], None],
) -> tuple[Result, list[Seen], RuleSet, list[float]]:
    """Time loading ``directory`` with ``encoding`` and assessing ``answer_sets``.

    Returns the figures, what each call returned, the loaded rule set and the seconds
    of each call.
    """
    log(f"{name} rules, {encoding.name}: load x{repeats + 1} …")
    try:
        cold, load, evaluator, ruleset = time_load(directory, encoding, repeats)
    except RuleSetInvalid as exc:  # a generated rule set must load: the generator is wrong
        shown = "\n".join(p.render() for p in exc.problems if p.severity == "error")
        raise SystemExit(f"rule set {name} does not load:\n{shown}") from exc
    log(f"{name} rules, {encoding.name}: {len(answer_sets)} assessments …")
    times, kept = time_assessments(ruleset, answer_sets, warm)
    outcomes = Counter(k.primary for k in kept)
    result = Result(
        ruleset=name,
        rules=len(ruleset.specs),
        encoding=encoding.name,
        warnings=len(ruleset.warnings),
        load_cold_ms=cold,
        load_ms=load,
        evaluator_ms=evaluator,
        assessments=len(times),
        assess_median_ms=_ms(statistics.median(times)),
        assess_p95_ms=_ms(_p95(times)),
        assess_mean_ms=_ms(statistics.fmean(times)),
        per_second=len(times) / math.fsum(times),
        outcomes=dict(sorted(outcomes.items())),
        fired_mean=statistics.fmean(k.reasons for k in kept),
    )
    return result, kept, ruleset, times


def run(
    plan: Plan, seed: int, log: Callable[[str], None], *, coherent: bool = True
) -> dict[str, Any]:
    """Run every measurement of ``plan`` and return all the figures."""
    questionnaire = default_questionnaire()  # loaded once, before any timing
    rng = random.Random(seed)
    most = max(plan.answers.values())
    extra = max(plan.warmup.values())
    log(f"generating {most + extra} answer sets …")
    pool = generate_answers(questionnaire, most + extra, rng, coherent=coherent)
    warm_pool, answer_sets = pool[:extra], pool[extra:]
    results: list[Result] = []
    sides: list[SideBySide] = []
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        sets: list[tuple[str, Path]] = [("default", default_rules_dir())]
        for count in plan.generated:
            directory = write_generated_rules(
                Path(tmp) / f"rules-{count}", count, questionnaire, seed + count
            )
            sets.append((str(count), directory))
        for name, directory in sets:
            warm = warm_pool[: plan.warmup[name]]
            subset = answer_sets[: plan.answers[name]]
            reference: list[Seen] = []
            one_times: list[float] = []
            loaded: dict[str, RuleSet] = {}
            for encoding in (ONE_FACT, FACT_PER_ANSWER):
                sets_here = subset if encoding is ONE_FACT else subset[: plan.answers_alt[name]]
                result, responses, ruleset, times = measure(
                    name, directory, encoding, sets_here, warm, plan.repeats, log
                )
                results.append(result)
                loaded[encoding.name] = ruleset
                if encoding is ONE_FACT:
                    reference, one_times = responses, times
                    continue
                same = one_times[: len(times)]
                result.baseline_median_ms = _ms(statistics.median(same))
                result.baseline_mean_ms = _ms(statistics.fmean(same))
                if responses != reference[: len(responses)]:
                    raise SystemExit(f"{name}: the two encodings gave different responses")
            side = answer_sets[: plan.side_by_side[name]]
            if not side:
                continue
            log(f"{name} rules, one-fact: engines side by side, {len(side)} assessments x4 …")
            shared = loaded[ONE_FACT.name]  # its main-thread engine is built and warm
            sides.append(side_by_side(name, directory, shared, side, warm, plan.rounds))
            if not sides[-1].identical:
                raise SystemExit(f"{name}: engines side by side gave different responses")
    return {
        "machine": machine(),
        "seed": seed,
        "plan": asdict(plan),
        "results": [asdict(r) for r in results],
        "side_by_side": [asdict(t) for t in sides],
        "goals": goals(results),
    }


def goals(results: Sequence[Result]) -> list[dict[str, Any]]:
    """Judge the issue's goals on the default (one-fact) encoding."""
    by_set = {r.ruleset: r for r in results if r.encoding == ONE_FACT.name}
    checks = [
        (
            "one assessment, default rules (median)",
            "default",
            "assess_median_ms",
            GOAL_ASSESS_DEFAULT_MS,
        ),
        ("one assessment, 1,000 rules (median)", "1000", "assess_median_ms", GOAL_ASSESS_1000_MS),
        ("load the default rule set (median)", "default", "load_ms", GOAL_LOAD_DEFAULT_MS),
    ]
    out = []
    for label, name, key, limit in checks:
        result = by_set.get(name)
        if result is None:
            continue
        value = getattr(result, key)
        out.append({"goal": label, "limit_ms": limit, "value_ms": value, "met": value < limit})
    return out


# --- Output ---------------------------------------------------------------------------------


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], text: Sequence[int] = (0,)
) -> str:
    """Return a plain-text table; columns in ``text`` are left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i in text else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(figures: dict[str, Any]) -> str:
    """Return the figures as readable tables."""
    m = figures["machine"]
    parts = [
        f"machine: {m['nproc']} CPU(s), {m['cpu']}, {m['implementation']} {m['python']}, "
        f"experta {m['experta']}",
        "",
        "Load, first engine and one assessment (times in ms; load and 1st evaluator: "
        + (
            f"median of {figures['plan']['repeats']} repeats after a cold first load)"
            if figures["plan"]["repeats"]
            else "one cold load)"
        ),
        _table(
            (
                "rule set",
                "encoding",
                "rules",
                "load cold",
                "load",
                "1st evaluator",
                "assess med",
                "assess p95",
                "assess/s",
                "answer sets",
            ),
            [
                (
                    r["ruleset"],
                    r["encoding"],
                    r["rules"],
                    f"{r['load_cold_ms']:.1f}",
                    f"{r['load_ms']:.1f}",
                    f"{r['evaluator_ms']:.1f}",
                    f"{r['assess_median_ms']:.3f}",
                    f"{r['assess_p95_ms']:.3f}",
                    f"{r['per_second']:,.0f}",
                    f"{r['assessments']:,}",
                )
                for r in figures["results"]
            ],
            text=(0, 1),
        ),
        "",
        "Encodings: fact-per-answer against one-fact, on the same answer sets (same responses)",
        _table(
            (
                "rule set",
                "rules",
                "load",
                "1st evaluator",
                "assess median",
                "assess/s",
                "answer sets",
            ),
            _encoding_rows(figures["results"]),
        ),
        "",
        "Outcomes (primary) over the answer sets, one-fact",
        _table(
            ("rule set", "rules", "lint warnings", "reasons per response", "primary outcomes"),
            [
                (
                    r["ruleset"],
                    r["rules"],
                    r["warnings"],
                    f"{r['fired_mean']:.1f}",
                    ", ".join(f"{k} {v}" for k, v in r["outcomes"].items()),
                )
                for r in figures["results"]
                if r["encoding"] == ONE_FACT.name
            ],
            text=(0, 4),
        ),
        "",
        "Engines side by side, one-fact: assessments/s, and the median over "
        f"{figures['plan']['rounds']} interleaved rounds of the ratio to one engine",
        _table(
            (
                "rule set",
                "rules",
                "1 engine",
                "2 engines, 1 thread",
                "ratio",
                "2 threads",
                "ratio",
                "2 threads, 1 CPU",
                "ratio",
                "same responses",
                "own engines",
            ),
            [
                (
                    t["ruleset"],
                    t["rules"],
                    f"{t['one_engine_per_second']:,.0f}",
                    f"{t['alternating_per_second']:,.0f}",
                    f"{t['alternating_ratio']:.2f}",
                    f"{t['two_threads_per_second']:,.0f}",
                    f"{t['two_threads_ratio']:.2f}",
                    f"{t['pinned_per_second']:,.0f}" if t["pinned_per_second"] else "-",
                    f"{t['pinned_ratio']:.2f}" if t["pinned_ratio"] else "-",
                    "yes" if t["identical"] else "NO",
                    "yes" if t["distinct_engines"] else "NO",
                )
                for t in figures["side_by_side"]
            ],
        ),
        "",
        "Goals",
        _table(
            ("goal", "limit ms", "measured ms", "met"),
            [
                (
                    g["goal"],
                    f"{g['limit_ms']:g}",
                    f"{g['value_ms']:.3f}",
                    "yes" if g["met"] else "NO",
                )
                for g in figures["goals"]
            ],
        ),
    ]
    return "\n".join(parts)


def _encoding_rows(results: Sequence[dict[str, Any]]) -> list[tuple[object, ...]]:
    rows = []
    one = {r["ruleset"]: r for r in results if r["encoding"] == ONE_FACT.name}
    for r in results:
        base = one.get(r["ruleset"])
        if r["encoding"] == ONE_FACT.name or base is None:
            continue
        rows.append(
            (
                r["ruleset"],
                r["rules"],
                f"{r['load_ms'] / base['load_ms']:.2f}x",
                f"{r['evaluator_ms'] / base['evaluator_ms']:.2f}x",
                f"{r['assess_median_ms'] / r['baseline_median_ms']:.2f}x",
                f"{r['baseline_mean_ms'] / r['assess_mean_ms']:.2f}x",
                f"{r['assessments']:,}",
            )
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (a few seconds)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures here")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument(
        "--incoherent",
        action="store_true",
        help="draw every answer on its own, even answers that disagree (as a careless API client)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    figures = run(QUICK if args.quick else FULL, args.seed, log, coherent=not args.incoherent)
    figures["command"] = " ".join(["bench/bench_engine.py", *(argv or sys.argv[1:])])
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(report(figures))
    print(f"\n(total {figures['seconds']} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
