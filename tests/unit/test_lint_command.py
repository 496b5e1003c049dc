"""`quizkit lint`: one line per problem, exit codes 0/1/2, --json, and --fix-ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.deck.loader import load_deck

CLEAN = """\
format = 1

[deck]
id = "demo"
title = "Demo deck"

[[cards]]
id = "one"
type = "basic"
front = "Question?"
back = "Answer"
"""

BROKEN = """\
format = 1

[deck]
id = "broken"
title = "Broken deck"

[[cards]]
id = "one"
type = "basic"
frnot = "Question?"
back = "Answer"

[[cards]]
id = "two"
type = "choice"
question = "Which?"
choices = ["a", "b"]
answer = "c"
"""

WITHOUT_IDS = """\
#:schema ../docs/deck.schema.json
# A deck whose cards have no ids yet.
format = 1

[deck]
id = "no-ids"      # keep this comment
title = "No ids"

# The first card, with a comment above it.
[[cards]]
type   = "basic"   # odd spacing, kept
front = "Which way does the gluteus medius move the leg?"
back = "Away from the midline."

[[cards]]
id = "already"
type = "truefalse"
statement = "This card has an id."
answer = true

[[cards]]
type = "cloze"
text = \"\"\"A {{c1::multi-line}}
cloze {{c2::text}}.\"\"\"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    """Keep the user's cache and decks out of every test."""
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "work" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_deck_exits_0_and_prints_only_the_summary(tmp_path, capsys):
    path = write(tmp_path, "clean.toml", CLEAN)
    assert main(["lint", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "1 file checked: 0 errors, 0 warnings\n"


def test_warnings_alone_exit_0_and_print_path_line_col(tmp_path, capsys):
    path = write(tmp_path, "no-ids.toml", WITHOUT_IDS)
    assert main(["lint", str(path)]) == 0
    out, err = capsys.readouterr()
    derived = [c.note_id for c in load_deck(path).deck.cards if c.id_generated]
    assert out.splitlines() == [
        (
            f'{path}:10:1: warning: card has no "id": it gets "{derived[0]}" from its text, so editing '
            "the text will reset its progress; run `quizkit lint --fix-ids` to write stable ids"
        ),
        (
            f'{path}:21:1: warning: card has no "id": it gets "{derived[1]}" from its text, so editing '
            "the text will reset its progress; run `quizkit lint --fix-ids` to write stable ids"
        ),
    ]
    assert err == "1 file checked: 0 errors, 2 warnings\n"


def test_errors_exit_1_and_every_problem_is_printed_one_per_line(tmp_path, capsys):
    path = write(tmp_path, "broken.toml", BROKEN)
    assert main(["lint", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        (
            f'{path}:7:1: error: [[cards]] of type "basic" is missing the required key "front": '
            'add front = "..."'
        ),
        f'{path}:10:1: error: unknown key "frnot" in [[cards]] of type "basic": did you mean "front"?',
        f'{path}:18:10: error: answer "c" is not among the choices: copy it exactly from choices',
    ]
    assert err == "1 file checked: 3 errors, 0 warnings\n"


def test_a_folder_is_checked_file_by_file(tmp_path, capsys):
    write(tmp_path, "clean.toml", CLEAN)
    broken = write(tmp_path, "nested/broken.toml", BROKEN)
    assert main(["lint", str(tmp_path / "work")]) == 1
    out, err = capsys.readouterr()
    assert {line.split(":")[0] for line in out.splitlines()} == {str(broken)}
    assert err == "2 files checked: 3 errors, 0 warnings\n"


def test_json_output_has_files_counts_and_every_problem(tmp_path, capsys):
    path = write(tmp_path, "broken.toml", BROKEN)
    assert main(["lint", "--json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == [str(path)]
    assert (report["errors"], report["warnings"]) == (3, 0)
    assert report["problems"][1] == {
        "path": str(path),
        "line": 10,
        "col": 1,
        "severity": "error",
        "message": 'unknown key "frnot" in [[cards]] of type "basic": did you mean "front"?',
    }


def test_a_missing_path_is_wrong_usage(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "nowhere.toml")]) == 2
    assert (
        capsys.readouterr().err
        == f"quizkit lint: no such file or folder: {tmp_path / 'nowhere.toml'}\n"
    )


def test_an_unknown_option_is_wrong_usage(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["lint", "--frobnicate"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err


def test_fix_ids_without_a_path_is_wrong_usage(capsys):
    assert main(["lint", "--fix-ids"]) == 2
    assert capsys.readouterr().err == (
        "quizkit lint: --fix-ids rewrites files: name the deck files or folders to fix\n"
    )


def test_without_paths_every_deck_quizkit_loads_is_checked(tmp_path, capsys, monkeypatch):
    broken = write(tmp_path, "broken.toml", BROKEN)
    monkeypatch.setenv("QUIZKIT_DECKS", str(broken.parent))
    assert main(["lint", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert str(broken) in report["files"]
    errors = {p["path"] for p in report["problems"] if p["severity"] == "error"}
    assert errors == {str(broken)}


def test_a_named_deck_reusing_a_card_id_of_an_installed_deck_is_a_warning(
    tmp_path, capsys, monkeypatch
):
    installed = write(tmp_path, "installed/demo.toml", CLEAN)
    monkeypatch.setenv("QUIZKIT_DECKS", str(installed.parent))
    draft = write(tmp_path, "draft.toml", CLEAN.replace('id = "demo"', 'id = "draft"'))
    assert main(["lint", str(draft)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f'{draft}:7:1: warning: card id "one" is already used in {installed}:7: card ids must be '
        "unique across all decks; give this card another id (when both are loaded)\n"
    )
    assert err == "1 file checked: 0 errors, 1 warning\n"


def test_named_decks_reusing_a_card_id_among_themselves_is_an_error(tmp_path, capsys):
    first = write(tmp_path, "first.toml", CLEAN)
    second = write(tmp_path, "second.toml", CLEAN.replace('id = "demo"', 'id = "second"'))
    assert main(["lint", str(first), str(second)]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        f'{second}:7:1: error: card id "one" is already used in {first}:7: card ids must be '
        "unique across all decks; give this card another id\n"
    )


def test_fix_ids_writes_readable_ids_and_keeps_comments_and_formatting(tmp_path, capsys):
    path = write(tmp_path, "no-ids.toml", WITHOUT_IDS)
    derived = ["gluteus-medius-move", "multi-line-cloze"]  # from each card's telling words
    assert main(["lint", "--fix-ids", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{path}: wrote 2 ids\n1 file checked: 0 errors, 0 warnings\n"
    expected = WITHOUT_IDS.replace(
        '[[cards]]\ntype   = "basic"', f'[[cards]]\nid = "{derived[0]}"\ntype   = "basic"'
    ).replace('[[cards]]\ntype = "cloze"', f'[[cards]]\nid = "{derived[1]}"\ntype = "cloze"')
    assert path.read_text(encoding="utf-8") == expected


def test_fix_ids_keeps_the_cards_and_writes_ids_once(tmp_path, capsys):
    path = write(tmp_path, "no-ids.toml", WITHOUT_IDS)
    before = load_deck(path).deck
    assert main(["lint", "--fix-ids", str(path)]) == 0
    after = load_deck(path).deck
    assert [c.content_hash for c in after.cards] == [c.content_hash for c in before.cards]
    assert not any(c.id_generated for c in after.cards)
    capsys.readouterr()
    assert main(["lint", "--fix-ids", str(path)]) == 0  # nothing left to write
    assert capsys.readouterr().err == "1 file checked: 0 errors, 0 warnings\n"


def test_fix_ids_leaves_a_deck_with_errors_untouched(tmp_path, capsys):
    path = write(tmp_path, "broken.toml", BROKEN.replace('id = "one"\n', ""))
    original = path.read_bytes()
    assert main(["lint", "--fix-ids", str(path)]) == 1
    assert path.read_bytes() == original
    assert "wrote" not in capsys.readouterr().err


def test_lint_runs_as_a_real_command(tmp_path):
    path = write(tmp_path, "broken.toml", BROKEN)
    env = {
        **os.environ,
        "QUIZKIT_CACHE": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop("QUIZKIT_DECKS", None)
    result = subprocess.run(
        [sys.executable, "-m", "quizkit", "lint", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == (
        f'{path}:10:1: error: unknown key "frnot" in [[cards]] of type "basic": did you mean "front"?'
    )
    assert result.stderr == "1 file checked: 3 errors, 0 warnings\n"


def test_fix_ids_indents_the_id_like_the_other_keys_and_fills_inline_tables(tmp_path, capsys):
    indented = write(
        tmp_path,
        "indented.toml",
        CLEAN.replace('id = "one"\n', "").replace(
            'type = "basic"\nfront = "Question?"\nback = "Answer"\n',
            '  type = "basic"\n  front = "Question?"\n  back = "Answer"\n',
        ),
    )
    inline = write(
        tmp_path,
        "inline.toml",
        (
            'format = 1\ncards = [\n  {type = "basic", front = "Q1?", back = "A1"},\n]\n\n'
            '[deck]\nid = "inline"\ntitle = "Inline"\n'
        ),
    )
    derived = ["question", "q1"]
    assert main(["lint", "--fix-ids", str(indented), str(inline)]) == 0
    assert f'[[cards]]\n  id = "{derived[0]}"\n  type = "basic"\n' in indented.read_text()
    assert (
        f'  {{id = "{derived[1]}", type = "basic", front = "Q1?", back = "A1"}},\n'
        in inline.read_text()
    )
    assert capsys.readouterr().err.endswith("2 files checked: 0 errors, 0 warnings\n")


def test_a_deck_folder_that_does_not_exist_is_named_not_silently_skipped(
    capsys, tmp_path, monkeypatch
):
    from quizkit.cli.main import main

    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)
    missing = tmp_path / "typo"
    assert main(["--data", str(tmp_path / "p.sqlite3"), "--decks", str(missing), "stats"]) == 1
    assert f"no such deck folder or file: {missing}" in capsys.readouterr().err
    assert not (tmp_path / "p.sqlite3").exists()  # nothing opened, nothing written


def test_fix_ids_are_unique_and_take_the_prefix_the_deck_uses(tmp_path, capsys):
    deck = (
        'format = 1\n[deck]\nid = "d"\ntitle = "D"\n'
        '[[cards]]\nid = "gmed-one"\ntype = "basic"\nfront = "f1"\nback = "b"\n'
        '[[cards]]\nid = "gmed-two"\ntype = "basic"\nfront = "f2"\nback = "b"\n'
        '[[cards]]\ntype = "basic"\nfront = "Which way does the gluteus médius move?"\nback = "b"\n'
        '[[cards]]\ntype = "typed"\nquestion = "Which way does the Gluteus Medius move?"\n'
        'answer = "out"\n'
    )
    path = write(tmp_path, "prefixed.toml", deck)
    assert main(["lint", "--fix-ids", str(path)]) == 0
    ids = [c.note_id for c in load_deck(path).deck.cards]
    assert ids == ["gmed-one", "gmed-two", "gmed-gluteus-medius-move", "gmed-gluteus-medius-move-2"]
