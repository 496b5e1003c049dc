"""Field HTML to text, note types to kinds, GUIDs to ids, and the schema 18 protobuf reader."""

from __future__ import annotations

import base64

import pytest

from quizkit.interop.anki_html import html_to_text, text_to_html
from quizkit.interop.anki_notes import card_id_for, kind_of, note_id_for
from quizkit.interop.anki_read import NoteType, _protobuf_fields


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("Tom &amp; Jerry&nbsp;&lt;3", "Tom & Jerry <3"),
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        ("<div>first</div><div>second</div>", "first\nsecond"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("Steps:<ol><li>warm</li><li>stretch</li></ol>done", "Steps:\n1. warm\n2. stretch\ndone"),
        ("<b>bold</b>   and\n  <i>spaced</i>", "bold and spaced"),
        ("<style>.x{}</style>visible<script>alert(1)</script>", "visible"),
        ("{{c1::<b>gluteus</b> maximus}}", "{{c1::gluteus maximus}}"),
    ],
)
def test_html_becomes_the_text_a_browser_would_show(field, text):
    assert html_to_text(field) == (text, [])


def test_images_and_sounds_are_media_and_leave_the_text():
    text, media = html_to_text('Look <img src="hip.png"> here [sound:hip.mp3]')
    assert text == "Look here"
    assert media == ["hip.png", "hip.mp3"]


def test_text_to_html_round_trips_through_html_to_text():
    original = "a < b & c\nnext line"
    assert html_to_text(text_to_html(original)) == (original, [])


def _type(name="Mine", cloze=False, fields=("Front", "Back"), templates=()):
    return NoteType(1, name, cloze, fields, tuple(templates))


@pytest.mark.parametrize(
    ("templates", "kind"),
    [
        ([("{{Front}}", "{{Back}}")], "basic"),
        ([("{{Front}}", "{{Back}}"), ("{{Back}}", "{{Front}}")], "reversible"),
        ([("{{Front}}<br>{{type:Back}}", "{{Back}}")], "typed"),
        ([("{{Back}}", "{{Front}}")], "other"),
        ([("{{Front}}", "x"), ("{{#Front}}{{Back}}{{/Front}}", "x")], "other"),
    ],
)
def test_note_types_are_recognised_by_their_templates_not_their_names(templates, kind):
    assert kind_of(_type("Renamed 2", templates=templates)) == kind


def test_a_cloze_note_type_is_cloze_whatever_its_name():
    assert kind_of(_type("Lückentext", cloze=True, fields=("Text", "Extra"))) == "cloze"


def test_a_quizkit_note_type_needs_its_own_fields():
    assert kind_of(_type("quizkit true/false", fields=("Statement", "Answer", "Explain"))) == (
        "truefalse"
    )
    assert kind_of(_type("quizkit true/false", fields=("A", "B"))) == "other"


def test_anki_guids_become_valid_stable_reversible_ids():
    note_id = note_id_for("b!Zc9#@xE[")
    assert note_id == note_id_for("b!Zc9#@xE[")
    assert note_id.startswith("anki-") and note_id[5:].isalnum() and note_id.islower()
    encoded = note_id[5:].upper()
    assert base64.b32decode(encoded + "=" * (-len(encoded) % 8)) == b"b!Zc9#@xE["
    assert note_id_for("qk:gmed-layers") == "gmed-layers"
    assert note_id_for("qk:Not A Slug").startswith("anki-")


def test_anki_card_ordinals_map_to_quizkit_card_ids():
    assert card_id_for("n", "reversible", 1) == "n/reverse"
    assert card_id_for("n", "cloze", 2) == "n/c3"
    assert card_id_for("n", "basic", 0) == "n"
    assert card_id_for("n", "basic", 1) is None  # an unknown type's second template


def test_protobuf_fields_reads_varints_and_strings():
    # field 1 varint 1, field 2 bytes "ab", field 3 varint 300
    data = bytes([0x08, 0x01, 0x12, 0x02]) + b"ab" + bytes([0x18, 0xAC, 0x02])
    assert _protobuf_fields(data) == {1: 1, 2: b"ab", 3: 300}
    assert _protobuf_fields(b"") == {}


def test_revlog_rows_with_impossible_times_are_ignored_not_a_crash():
    from quizkit.deck.model import DeckOptions
    from quizkit.interop.anki_history import HistoryReport, history_rows
    from quizkit.interop.anki_read import RevlogEntry
    from quizkit.study.replay import NEW_STATE, FastReplay
    from quizkit.study.scheduler import Scheduler

    entries = [
        RevlogEntry(5, 1, 3, 0, 1000, 0),  # 1970: not a review time
        RevlogEntry(1_700_000_000_000, 1, 3, 0, 1000, 0),
        RevlogEntry(1_700_000_100_000, 1, 7, 1, 1000, 1),  # ease 7: no such rating
        RevlogEntry(9_000_000_000_000_000, 1, 3, 1, 1000, 1),  # far future
    ]
    report = HistoryReport()
    replay = FastReplay(Scheduler(DeckOptions(), fuzz=False))
    rows, _state = history_rows(replay, ("c", "d", "n"), NEW_STATE, entries, None, report)
    assert [r[3] for r in rows] == [3]
    assert (report.imported, report.ignored) == (1, 3)


def test_an_optional_reversed_note_is_reversible_only_where_add_reverse_is_filled():
    from quizkit.interop.anki_notes import ImportReport, convert_note

    optional = _type(
        "Basic (optional reversed card)",
        fields=("Front", "Back", "Add Reverse"),
        templates=[("{{Front}}", "x"), ("{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "x")],
    )
    kind = kind_of(optional)
    both = {"fields": ["Gmed", "Gluteus medius", "y"], "tags": []}
    one = {"fields": ["Gmin", "Gluteus minimus", ""], "tags": []}
    assert convert_note(both, kind, "a", ImportReport())["type"] == "reversible"
    assert convert_note(one, kind, "b", ImportReport())["type"] == "basic"


def test_revlog_rows_up_to_the_cards_latest_row_count_as_already_there_and_damaged_ones_as_ignored():
    from quizkit.deck.model import DeckOptions
    from quizkit.interop.anki_history import HistoryReport, history_rows
    from quizkit.interop.anki_read import RevlogEntry
    from quizkit.study.replay import NEW_STATE, FastReplay
    from quizkit.study.scheduler import Scheduler

    latest_ms = 1_700_000_100_000
    entries = [
        RevlogEntry(5, 1, 3, 0, 1000, 0),  # 1970: damaged, not "already"
        RevlogEntry(1_700_000_000_000, 1, 3, 0, 1000, 0),  # before the latest row
        RevlogEntry(latest_ms, 1, 3, 1, 1000, 1),  # the latest row itself
        RevlogEntry(latest_ms + 1, 1, 4, 1, 1000, 1),  # a millisecond later: new
        RevlogEntry(9_000_000_000_000_000, 1, 3, 1, 1000, 1),  # far future: damaged
    ]
    report = HistoryReport()
    replay = FastReplay(Scheduler(DeckOptions(), fuzz=False))
    rows, _state = history_rows(
        replay, ("c", "d", "n"), NEW_STATE, entries, latest_ms * 1000 + 999, report
    )
    assert [(r[3], r[4]) for r in rows] == [(4, (latest_ms + 1) * 1000)]
    assert (report.imported, report.already, report.ignored) == (1, 2, 2)
