"""The shared input guard (assistant/inputs.py): what every entry point relies on."""

from __future__ import annotations

import time

import pytest

from assistant.inputs import (
    InputRefused,
    bounded_int,
    check_value,
    clean_question,
    json_depth_exceeds,
    one_of,
    parse_json_object,
)


def test_terminal_escapes_and_bell_are_removed_whole_so_no_figure_is_left_behind():
    # `kpi ask $'CAC \x1b[31m 1200 \x07 15'` was read as "CAC = 31 / 1200".
    assert clean_question("CAC \x1b[31m 1200 \x07 15", "en") == "CAC 1200 15"


@pytest.mark.parametrize("raw, clean", [
    ("a\x1b]0;title\x07b", "a b"),                  # OSC window title ended by BEL
    ("a\x1b]8;;http://x\x1b\\b", "a b"),            # OSC hyperlink ended by ESC \
    ("a\x9b2Jb", "a b"),                            # one-byte CSI
    ("1\u200b200 €", "1200 €"),                     # zero-width space inside a figure
    ("CAC \u202e51 0021", "CAC 51 0021"),           # right-to-left override
    ("\ufeffCAC ?", "CAC ?"),                       # byte-order mark
    ("a\x00b\x7fc\x85d", "abcd"),                   # NUL, DEL, C1 NEL
    ("line 1\r\nline 2\rline 3", "line 1\nline 2\nline 3"),
    ("  spaced \t out  ", "spaced out"),
])
def test_control_and_invisible_characters_are_stripped(raw, clean):
    assert clean_question(raw, "en") == clean


def test_accented_and_emoji_text_is_kept():
    text = "Quel est mon coût d'acquisition ? 1 200 € pour 15 clients 🚀 — ½ marge"
    assert clean_question(text, "fr") == text


def test_a_question_over_the_cap_is_refused_in_the_users_language():
    with pytest.raises(InputRefused) as err:
        clean_question("x" * 4001, "fr")
    assert err.value.field == "question"
    assert err.value.message("fr") == ("question : 4\u202f000 caractères au plus (reçu : 4\u202f001) ; "
                                       "raccourcissez-la ou posez plusieurs questions")
    assert err.value.message("en").startswith("question: at most 4,000 characters (got 4,001)")
    assert " / " in err.value.message(None)  # language not known yet: both


def test_the_cap_is_the_setting(monkeypatch):
    assert clean_question("x" * 4000, "en") == "x" * 4000
    with pytest.raises(InputRefused):
        clean_question("x" * 300, "en", max_chars=200)


def test_a_one_megabyte_question_is_refused_at_once():
    start = time.perf_counter()
    with pytest.raises(InputRefused):
        clean_question("1200 € " * 150_000, "en")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("value, got", [(123, "a number"), (None, "null"), ({"q": 1}, "an object"),
                                        (["a"], "a list"), (True, "a boolean")])
def test_a_question_that_is_not_text_names_the_field_and_the_type(value, got):
    with pytest.raises(InputRefused) as err:
        clean_question(value, "en")
    assert err.value.message("en") == f"question: must be text (got {got})"


@pytest.mark.parametrize("blank", ["", "   ", "\x1b[0m\x07", "\u200b"])
def test_a_blank_question_is_refused(blank):
    with pytest.raises(InputRefused, match="required"):
        clean_question(blank, "en")


def test_fifty_thousand_deep_json_is_refused_by_a_linear_scan():
    text = "[" * 50_000 + "]" * 50_000
    start = time.perf_counter()
    with pytest.raises(InputRefused) as err:
        parse_json_object(text, "inputs_json")
    assert err.value.payload("en") == {"error": "inputs_json: nested more than 32 levels deep",
                                       "field": "inputs_json"}
    assert time.perf_counter() - start < 1.0


def test_brackets_inside_strings_do_not_count_as_depth():
    assert parse_json_object('{"note": "' + "[" * 100 + '"}', "inputs") == {"note": "[" * 100}
    assert not json_depth_exceeds('"' + '\\"' * 50_000)  # an unterminated string of escapes: still linear


def test_json_integers_past_thirty_digits_are_refused_before_conversion():
    with pytest.raises(InputRefused, match="5000 digits"):
        parse_json_object('{"marketing_spend": ' + "9" * 5000 + "}", "inputs")
    with pytest.raises(InputRefused) as err:
        check_value({"marketing_spend": 10**5000}, "inputs")
    assert err.value.field == "inputs.marketing_spend"


@pytest.mark.parametrize("text, why", [("{", "not valid JSON"), ("[1]", "must be a JSON object"),
                                       ("12", "must be a JSON object"), ("x" * 100_001, "characters of JSON")])
def test_bad_json_gets_one_line_naming_the_field(text, why):
    with pytest.raises(InputRefused, match=why) as err:
        parse_json_object(text, "inputs_json")
    assert err.value.field == "inputs_json"


def test_bounded_int_refuses_booleans_null_and_out_of_range():
    assert bounded_int("5", "k", 1, 50) == 5
    assert bounded_int(5.0, "k", 1, 50) == 5
    for bad in (None, True, "five", 2.5, 0, 51, 10**5000):
        with pytest.raises(InputRefused) as err:
            bounded_int(bad, "k", 1, 50)
        assert err.value.field == "k"


def test_one_of_lists_the_choices():
    assert one_of("fr", "lang", ("en", "fr")) == "fr"
    with pytest.raises(InputRefused, match="must be one of en, fr"):
        one_of(123, "lang", ("en", "fr"))
