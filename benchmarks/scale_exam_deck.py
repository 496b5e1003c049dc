"""A generated deck of gradable cards in ten topics, with two exams, for readiness at scale."""

from __future__ import annotations

import random
from pathlib import Path

TOPICS = [f"t{i}" for i in range(10)]
WORDS = ["muscle", "pelvis", "hip", "femur", "tendon", "fascia", "ligament", "sacrum", "ilium"]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _note(n: int, rng: random.Random) -> tuple[list[str], int]:
    """One [[cards]] entry and how many cards it makes: a mix like the bundled deck's."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
    head = ["[[cards]]", f'id = "s{n}"', f'topic = "{rng.choice(TOPICS)}"']
    slot = n % 20
    if slot < 6:
        options = [f"option {k} {rng.choice(WORDS)}" for k in range(rng.randint(3, 5))]
        body = ['type = "choice"', f"question = {_q(' '.join(words) + '?')}"]
        body += [f"choices = [{', '.join(map(_q, options))}]", f"answer = {_q(options[0])}"]
        return head + body, 1
    if slot < 8:
        options = [f"option {k} {rng.choice(WORDS)}" for k in range(rng.randint(4, 5))]
        right = options[: rng.randint(2, 3)]
        body = ['type = "choice"', f"question = {_q(' '.join(words) + '?')}"]
        body += [
            f"choices = [{', '.join(map(_q, options))}]",
            f"answers = [{', '.join(map(_q, right))}]",
        ]
        return head + body, 1
    if slot < 12:
        return head + [
            'type = "truefalse"',
            f"statement = {_q(' '.join(words))}",
            "answer = true",
        ], 1
    if slot < 16:
        return head + [
            'type = "typed"',
            f"question = {_q(' '.join(words) + '?')}",
            f'answer = "a{n}"',
        ], 1
    deletions = rng.randint(1, 3)
    for k in range(deletions):
        words[k * 2] = f"{{{{c{k + 1}::{words[k * 2]}}}}}"
    return head + ['type = "cloze"', f"text = {_q(' '.join(words))}"], deletions


def write_scale_exam_deck(path: Path, cards: int, rng: random.Random) -> Path:
    out = ["format = 1", "", "[deck]", 'id = "scale-exam"', 'title = "Scale exam deck"', ""]
    for topic in TOPICS:
        out += ["[[topics]]", f'id = "{topic}"', f'title = "Topic {topic}"', ""]
    made = n = 0
    while made < cards:
        lines, count = _note(n, rng)
        out += lines + [""]
        made += count
        n += 1
    # like the bundled exam: 25 questions, the blueprint draws them all
    out += ["[[exams]]", 'id = "scale-blueprint"', 'title = "Blueprint"', "questions = 25"]
    out += ["pass_mark = 0.8", "attempts = 3", 'grading = "highest"', ""]
    for i, topic in enumerate(TOPICS):
        out += ["[[exams.draw]]", f'topic = "{topic}"', f"count = {3 if i < 5 else 2}", ""]
    # 20 by blueprint, 5 from anywhere
    out += ["[[exams]]", 'id = "scale-mixed"', 'title = "Mixed"', "questions = 25"]
    out += ["pass_mark = 0.8", "attempts = 3", 'grading = "highest"', ""]
    for topic in TOPICS:
        out += ["[[exams.draw]]", f'topic = "{topic}"', "count = 2", ""]
    path.write_text("\n".join(out), encoding="utf-8")
    return path
