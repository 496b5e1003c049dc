"""Deck loading: a generated 10,000-card deck, validated cold and loaded from cache.

Run from the repository root::

    .venv/bin/python benchmarks/bench_deck_loading.py

Three timings, each the median of ``--runs`` runs on the same bytes:

* ``tomllib.loads`` alone: the floor; quizkit cannot read TOML faster than this.
* ``parse_deck`` cold: decode, parse, locate keys, validate, build every card.
* ``DeckCache.load`` hit: the validated deck it stored, found by the file's stat when the
  file is safely old, else by reading and hashing it (a file written seconds ago, as
  here, is hashed: see ``quizkit/deck/cache.py``).

Goals (see docs/benchmarks.md): cold validation within 2x the floor, a cache
hit under 10 ms.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from quizkit.deck.cache import DeckCache
from quizkit.deck.loader import parse_deck

_WORD_TEXT = (
    "muscle pelvis hip femur trochanter gluteus medius minimus maximus tendon fascia ligament "
    "sacrum ilium lumbar spine knee ankle pain referral pattern trigger point tender band "
    "twitch response palpation pressure stretch posture gait walking standing sitting running "
    "stairs abduction rotation extension flexion stability weakness fatigue overload injury "
    "chronic acute treatment massage release therapist patient symptom diagnosis assessment "
    "the a of and to in on with from toward away during after before often may can usually "
)
WORDS = _WORD_TEXT.split()

TOPICS = [f"topic-{n}" for n in range(1, 11)]


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def _phrase(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strings(items: list[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"


def generate_deck(cards: int = 10_000, seed: int = 1) -> str:
    """A valid deck of ``cards`` notes of every type, with topics, tags, explanations and an exam."""
    rng = random.Random(seed)
    out = [
        "#:schema ../docs/deck.schema.json",
        "# Generated for benchmarks/bench_deck_loading.py",
        "format = 1",
        "",
        "[deck]",
        'id = "benchmark"',
        'title = "Benchmark deck"',
        'description = "A generated deck for timing the loader."',
        'version = "1"',
        'language = "en"',
        "",
        "[deck.options]",
        "new_per_day = 20",
        'learning_steps = ["1m", "10m"]',
        "",
    ]
    for topic in TOPICS:
        out += ["[[topics]]", f'id = "{topic}"', f'title = "{topic.title()}"', ""]
    kinds = ["basic"] * 20 + ["reversible"] * 10 + ["cloze"] * 20 + ["choice"] * 25
    kinds += ["truefalse"] * 15 + ["typed"] * 10
    for n in range(cards):
        kind = rng.choice(kinds)
        out += [
            "[[cards]]",
            f'id = "card-{n}"',
            f'type = "{kind}"',
            f'topic = "{rng.choice(TOPICS)}"',
        ]
        if rng.random() < 0.5:
            out.append(f"tags = {_strings([rng.choice(WORDS), rng.choice(WORDS)])}")
        if kind in ("basic", "reversible"):
            out += [
                f"front = {_quote(_sentence(rng) + '?')}",
                f"back = {_quote(_sentence(rng, 3, 8))}",
            ]
        elif kind == "cloze":
            words = _sentence(rng, 12, 22).split()
            for ordinal, at in enumerate(rng.sample(range(len(words)), rng.randint(1, 3)), 1):
                hint = "::hint" if rng.random() < 0.2 else ""
                words[at] = f"{{{{c{ordinal}::{words[at]}{hint}}}}}"
            out.append(f"text = {_quote(' '.join(words))}")
        elif kind == "choice":
            choices = list(dict.fromkeys(_phrase(rng) + f" {i}" for i in range(4)))
            out += [f"question = {_quote(_sentence(rng) + '?')}", f"choices = {_strings(choices)}"]
            if rng.random() < 0.2:
                out.append(f"answers = {_strings(choices[:2])}")
            else:
                out.append(f"answer = {_quote(rng.choice(choices))}")
        elif kind == "truefalse":
            out += [
                f"statement = {_quote(_sentence(rng))}",
                f"answer = {rng.choice(['true', 'false'])}",
            ]
        else:
            out += [
                f"question = {_quote(_sentence(rng) + '?')}",
                f"answer = {_quote(_phrase(rng))}",
            ]
            if rng.random() < 0.5:
                out.append(f"accept = {_strings([_phrase(rng)])}")
        if rng.random() < 0.5:
            out.append(f"explain = {_quote(_sentence(rng, 10, 25))}")
        out.append("")
    out += [
        "[[exams]]",
        'id = "benchmark-exam"',
        'title = "Benchmark exam"',
        "questions = 20",
        "pass_mark = 0.8",
        'time_limit = "20m"',
    ]
    for topic in TOPICS:
        out += ["", "[[exams.draw]]", f'topic = "{topic}"', "count = 2"]
    return "\n".join(out) + "\n"


def measure(runs: int, **candidates: Callable[[], object]) -> dict[str, list[float]]:
    """Seconds per run of each candidate, interleaved so that a noisy neighbour
    on a shared machine slows every candidate alike."""
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(runs):
        for name, run in candidates.items():
            gc.collect()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cards", type=int, default=10_000, help="notes in the deck (default 10000)"
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one cold load")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "benchmark.toml"
        path.write_text(generate_deck(args.cards), encoding="utf-8")
        data = path.read_bytes()
        loaded = parse_deck(data, path)  # also proves the generated deck is valid
        cache = DeckCache(Path(tmp) / "cache")
        cache.load(path)  # fill the cache

        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(parse_deck, data, path)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

        times = measure(
            args.runs,
            floor=lambda: tomllib.loads(data.decode("utf-8")),
            cold=lambda: parse_deck(data, path),
            hit=lambda: cache.load(path),
            # The cards are built on first use (model.Cards): a study session pays this once.
            hit_built=lambda: list(cache.load(path).deck.cards),
        )

    floor = statistics.median(times["floor"])
    print(
        f"{args.cards} notes -> {len(loaded.deck.cards)} cards, {len(data) / 1e6:.1f} MB; "
        f"median of {args.runs} interleaved runs; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs"
    )
    print()
    print(
        "| measurement                           |    median | min - max            | vs. floor |"
    )
    print(
        "|---------------------------------------|----------:|----------------------|----------:|"
    )
    for key, name in (
        ("floor", "tomllib.loads alone (floor)"),
        ("cold", "parse_deck, cold"),
        ("hit", "DeckCache.load, cache hit"),
        ("hit_built", "cache hit, then every Card built"),
    ):
        median = statistics.median(times[key])
        spread = f"{min(times[key]) * 1000:.1f} - {max(times[key]) * 1000:.1f} ms"
        print(f"| {name:<37} | {median * 1000:6.1f} ms | {spread:<20} | {median / floor:8.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
