"""balai.core.text: the one validator for free text (properties and examples)."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from balai.core.text import (
    clean_json,
    clean_text,
    is_bad_character,
    repair_json,
    repair_text,
    replace_surrogates,
    text_problems,
)

# every code point, lone surrogates included (st.text() leaves them out)
any_char = st.integers(min_value=0, max_value=0x10FFFF).map(chr)
any_text = st.lists(any_char, max_size=40).map("".join) | st.text(max_size=40)
lengths = st.none() | st.integers(min_value=0, max_value=60)


def _ok_characters(value: str, *, multiline: bool) -> bool:
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in value) and all(
        c in ("\t\n" if multiline else "\t") or unicodedata.category(c) != "Cc" for c in value)


@settings(max_examples=400)
@given(value=any_text, max_length=lengths, multiline=st.booleans())
def test_clean_text_output_is_nfc_safe_short_and_idempotent(value, max_length, multiline):
    try:
        cleaned = clean_text(value, max_length=max_length, multiline=multiline)
    except ValidationError as exc:
        assert exc.code in ("invalid_character", "too_long")
        assert exc.messages and all(m for m in exc.messages)
        return
    assert unicodedata.is_normalized("NFC", cleaned)
    assert _ok_characters(cleaned, multiline=multiline)
    assert "\r" not in cleaned
    assert max_length is None or len(cleaned) <= max_length
    assert clean_text(cleaned, max_length=max_length, multiline=multiline) == cleaned
    cleaned.encode("utf-8")  # storable and renderable


@settings(max_examples=400)
@given(value=any_text, multiline=st.booleans())
def test_repair_text_gives_what_clean_text_accepts(value, multiline):
    repaired = repair_text(value, multiline=multiline)
    assert clean_text(repaired, multiline=multiline) == repaired
    assert repair_text(repaired, multiline=multiline) == repaired
    assert text_problems(repaired, multiline=multiline) == []
    if clean_text_accepts(value, multiline):
        assert repaired == clean_text(value, multiline=multiline)


def clean_text_accepts(value: str, multiline: bool) -> bool:
    try:
        clean_text(value, multiline=multiline)
    except ValidationError:
        return False
    return True


@given(value=any_text)
def test_clean_text_refuses_exactly_the_bad_characters(value):
    bad = any(is_bad_character(c) for c in value)
    assert clean_text_accepts(value, multiline=False) is not bad


json_values = st.recursive(st.none() | st.booleans() | st.integers() | any_text,
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(any_text, children, max_size=4), max_leaves=12)


@settings(max_examples=200)
@given(value=json_values)
def test_clean_json_cleans_every_string_or_names_the_path(value):
    repaired = repair_json(value)
    assert clean_json(repaired) == repaired
    try:
        cleaned = clean_json(value)
    except ValidationError as exc:
        assert exc.error_dict and all(isinstance(k, str) for k in exc.error_dict)
        for path in exc.error_dict:
            path.encode("utf-8")  # the path of a bad key is shown escaped
        return
    assert clean_json(cleaned) == cleaned
    assert cleaned == repaired  # nothing to repair in what the validator accepts


@pytest.mark.parametrize(("value", "code"), [
    ("a\ud800", "invalid_character"), ("\udfff", "invalid_character"), ("x\x00y", "invalid_character"),
    ("\x1b[31m", "invalid_character"), ("del\x7f", "invalid_character"), ("c1\x85", "invalid_character"),
    ("\ufffe", "invalid_character"), ("\U0010ffff", "invalid_character"), ("\ufdd0", "invalid_character"),
    ("satu\ndua", "invalid_character"), ("satu\rdua", "invalid_character"), ("x" * 11, "too_long"),
])
def test_refusals_have_a_stable_code_and_an_indonesian_message(value, code):
    with pytest.raises(ValidationError) as caught:
        clean_text(value, max_length=10)
    assert caught.value.code == code
    message = caught.value.messages[0]
    assert "karakter" in message or "baris" in message
    message.encode("utf-8")


def test_allowed_text_comes_back_in_nfc():
    assert clean_text("Nguye\u0302\u0303n") == "Nguy\u1ec5n"
    assert clean_text("tab\tok") == "tab\tok"
    assert clean_text("Ma'ruf 👩\u200d👩\u200d👧 حسن 山田") == "Ma'ruf 👩\u200d👩\u200d👧 حسن 山田"
    assert clean_text("satu\r\ndua\rtiga", multiline=True) == "satu\ndua\ntiga"
    assert clean_text("e\u0301" * 5, max_length=5) == "é" * 5  # length counted after NFC
    with pytest.raises(ValidationError) as caught:
        clean_text(5)
    assert caught.value.code == "invalid"


def test_clean_json_reports_paths_and_cleans_keys():
    assert clean_json({"nama": "Nguye\u0302\u0303n", "anak": [{"x": 1}]}) == {"nama": "Nguy\u1ec5n", "anak": [{"x": 1}]}
    with pytest.raises(ValidationError) as caught:
        clean_json({"anak": [{"nama": "ok"}, {"nama": "a\ud800"}], "k\x00": 1, "catatan": "a\nb"})
    assert set(caught.value.error_dict) == {"anak.1.nama", "'k\\x00'"}


def test_text_problems_and_repair():
    assert text_problems("a\x00e\u0301\ud800") == ["control", "surrogate"]
    assert text_problems("e\u0301") == ["not_nfc"]
    assert text_problems("\ufffe") == ["noncharacter"]
    assert text_problems("baik\nsaja") == [] and text_problems("baik\nsaja", multiline=False) == ["control"]
    assert repair_text("a\x00\ud800e\u0301\r\nb") == "a\u00e9\nb"
    assert repair_text("satu\r\ndua", multiline=False) == "satu dua"
    assert repair_json({"k\x00": ["e\u0301", 1]}) == {"k": ["\u00e9", 1]}
    assert replace_surrogates("a\ud800b") == "a\ufffdb"


def test_person_names_follow_the_same_text_rules():
    from balai.core.names import clean_person_name

    assert clean_person_name("  H. Abd.   Rahman, S.Pd. ") == "H. Abd. Rahman, S.Pd."
    assert clean_person_name("Nguye\u0302\u0303n") == "Nguy\u1ec5n"
    assert clean_person_name("Siti    Aminah", max_length=11) == "Siti Aminah"  # counted after spaces collapse
    for bad, code in (("Siti\ud800", "invalid_character"), ("Siti\x00", "invalid_character"),
                      ("Siti Aminah", "too_long"), ("Siti\u202e", "invalid_name")):
        with pytest.raises(ValidationError) as caught:
            clean_person_name(bad, max_length=10)
        assert caught.value.code == code, bad
