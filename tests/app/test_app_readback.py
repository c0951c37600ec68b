"""The read-back panel's rules: the figures a calculation read as rows the user corrects, numbers typed the user's way,
the correction recomputed by the real offline engine as a new chat turn, and a cleared chat that forgets."""

from __future__ import annotations

import pytest

from assistant.offline.engine import OfflineEngine
from assistant.reply import ReadBack, ReadInput, Reply
from assistant.session import Session
from assistant.ui.correction import (
    calculator_values,
    clear_conversation,
    recompute_turn,
    remember,
    revision,
    stored,
)
from assistant.ui.readback import (
    NOT_USED,
    CorrectionRefused,
    corrected_inputs,
    correction_line,
    field_choices,
    panel_rows,
    row_note,
    swapped,
)

CAC_FR = "J'ai dépensé 2 400 € en pub pour 32 clients, on a 30 commerciaux. Quel est mon CAC ?"


@pytest.fixture(scope="module")
def engine():
    return OfflineEngine(None)


@pytest.mark.parametrize(("typed", "lang", "expected"), [
    ("1 200,5", "fr", 1200.5),          # a typed space
    ("1\u202f200,5", "fr", 1200.5),     # babel's own narrow no-break space, as the panel shows it
    ("1.200,50", "fr", 1200.5),
    ("12,5", "fr", 12.5),
    ("1,200.5", "en", 1200.5),
    ("1 200.5", "en", 1200.5),          # the panel's English notation
    ("80 €", "fr", 80), ("€80", "en", 80), ("-40", "fr", -40),
])
def test_typed_numbers_are_read_the_way_the_panels_language_writes_them(typed, lang, expected):
    assert corrected_inputs("customer_acquisition_cost", [("marketing_spend", typed)], lang) == {
        "marketing_spend": expected}


@pytest.mark.parametrize(("typed", "lang", "message"), [
    ("abc", "fr", "« Dépenses marketing » : « abc » n'est pas un nombre (écrivez-le comme 1 200,50)"),
    ("abc", "en", "“Marketing spend”: 'abc' is not a number (write it like 1,200.50)"),
    ("12,5", "en", "“Marketing spend”: '12,5' reads two ways in English: write 12.5 for a decimal"),
    ("1,200", "fr", "« Dépenses marketing » : « 1,200 » se lit de deux façons : écrivez 1 200 pour des milliers, "
                    "1,2 pour un décimal"),
])
def test_what_is_not_a_number_there_is_refused_never_guessed(typed, lang, message):
    with pytest.raises(CorrectionRefused) as err:
        corrected_inputs("customer_acquisition_cost", [("marketing_spend", typed)], lang)
    assert err.value.message(lang) == message


def _cac_reading(**kw) -> ReadBack:
    base = {"tool": "customer_acquisition_cost", "title": "Coût d'acquisition client (CAC)",
            "inputs": [ReadInput(field="marketing_spend", title="Dépenses marketing", value=2400, unit="EUR",
                                 source="question"),
                       ReadInput(field="new_customers", title="Nouveaux clients", value=32, source="earlier")],
            "unused": ["30 commerciaux"]}
    return ReadBack(**{**base, **kw})


def test_rows_hold_the_read_inputs_the_unused_figures_and_a_spare_row():
    rows = panel_rows(_cac_reading(), "fr")
    assert [(r.field, r.value, r.origin) for r in rows] == [
        ("marketing_spend", "2\u202f400", "question"), ("new_customers", "32", "earlier"),
        (NOT_USED, "30", "unused"), (NOT_USED, "", "spare")]
    assert rows[2].written == "30 commerciaux"


def test_a_missing_required_input_gets_an_empty_row_to_type_into():
    reading = _cac_reading(inputs=_cac_reading().inputs[:1], unused=[])
    assert [(r.field, r.value, r.origin) for r in panel_rows(reading, "fr")] == [
        ("marketing_spend", "2\u202f400", "question"), ("new_customers", "", "missing"), (NOT_USED, "", "spare")]


def test_the_field_list_is_the_calculators_inputs_by_title_then_not_used():
    choices = field_choices("customer_acquisition_cost", "fr")
    assert choices[:2] == [("Dépenses marketing", "marketing_spend"), ("Nouveaux clients", "new_customers")]
    assert choices[-1] == ("non utilisé", NOT_USED)
    assert "currency" not in [value for _, value in choices]  # not a figure


def test_the_note_gives_the_unit_and_where_the_figure_came_from_in_the_users_language():
    assert row_note("customer_acquisition_cost", "marketing_spend", "question", "fr", "EUR") == \
        "€ · de votre question"
    assert row_note("customer_acquisition_cost", "new_customers", "earlier", "en") == "from an earlier message"
    assert row_note("customer_acquisition_cost", NOT_USED, "unused", "fr", written="30 commerciaux") == \
        "vous avez écrit « 30 commerciaux »"
    assert row_note("churn_rate", "customers_lost", "derived", "fr", parts=(500.0, 460.0)) == \
        "calculé à partir de 500 ; 460"
    assert row_note("cac_payback", "gross_margin_pct", "edited", "en") == "% · your correction"


def test_moving_a_figure_to_another_input_swaps_the_two():
    fields = ["marketing_spend", "new_customers", NOT_USED]
    assert swapped(fields, 0, "new_customers", "marketing_spend") == ["new_customers", "marketing_spend", NOT_USED]
    # an unused figure moved onto an input: the figure that was there becomes unused
    assert swapped(fields, 2, "new_customers", NOT_USED) == ["marketing_spend", NOT_USED, "new_customers"]
    # onto an input nobody had: nothing else moves
    assert swapped(fields, 2, "sales_spend", NOT_USED) == ["marketing_spend", "new_customers", "sales_spend"]


def test_corrected_rows_become_the_calculators_inputs():
    rows = [("marketing_spend", "3 000,5"), ("new_customers", "40"), (NOT_USED, "30"), (NOT_USED, "")]
    assert corrected_inputs("customer_acquisition_cost", rows, "fr") == {"marketing_spend": 3000.5,
                                                                         "new_customers": 40}
    assert isinstance(corrected_inputs("customer_acquisition_cost", rows, "fr")["new_customers"], int)


@pytest.mark.parametrize(("rows", "lang", "message"), [
    ([("new_customers", "")], "fr",
     "« Nouveaux clients » : saisissez un nombre, ou choisissez « non utilisé » pour cette ligne."),
    ([("new_customers", "beaucoup")], "fr",
     "« Nouveaux clients » : « beaucoup » n'est pas un nombre (écrivez-le comme 1 200,50)"),
    ([("new_customers", "lots")], "en", "“New customers”: 'lots' is not a number (write it like 1,200.50)"),
    ([("new_customers", "40"), ("new_customers", "32")], "en",
     "“New customers” has two values (40 and 32): keep one and set the other row to “not used”."),
    ([("clicks", "40")], "en", "'clicks' is not an input of Customer acquisition cost (CAC)."),
])
def test_bad_corrections_are_refused_with_a_message_in_the_users_language(rows, lang, message):
    with pytest.raises(CorrectionRefused) as err:
        corrected_inputs("customer_acquisition_cost", rows, lang)
    assert err.value.message(lang) == message


def test_the_users_side_of_a_recomputation_names_the_figures_by_title():
    line = correction_line("customer_acquisition_cost", {"marketing_spend": 3000.5, "new_customers": 40}, "fr", "EUR")
    assert line == "↻ Recalculer avec : Dépenses marketing 3\u202f000,5 €, Nouveaux clients 40"


def test_a_corrected_value_is_recomputed_as_a_new_chat_turn(engine):
    session = Session()
    reply = engine.answer(CAC_FR, session)
    remember(session, reply)
    history = [{"role": "user", "content": CAC_FR}, {"role": "assistant", "content": reply.answer}]
    rows = [(r.field, r.value) for r in panel_rows(reply.reading, "fr")]
    assert rows[:2] == [("marketing_spend", "2\u202f400"), ("new_customers", "32")]
    rows[1] = ("new_customers", "40")
    shown, message = recompute_turn(engine, session, history, rows)
    assert message == ""
    assert shown[:2] == history
    assert shown[2] == {"role": "user", "content": "↻ Recalculer avec : Dépenses marketing 2\u202f400 €, "
                                                   "Nouveaux clients 40"}
    step, answer = shown[3], shown[-1]
    assert step["metadata"]["title"] == "🧮 Coût d'acquisition client (CAC) → 60 €"
    assert "**Coût d'acquisition client (CAC) : 60 €**" in answer["content"]
    assert "`CAC = 2 400 / 40 = 60`" in answer["content"]
    # the panel now shows the corrected figures, the unused one still offered
    reading, lang, _ = stored(session)
    assert lang == "fr" and [(i.field, i.value, i.source) for i in reading.inputs] == [
        ("marketing_spend", 2400, "edited"), ("new_customers", 40, "edited")]
    assert reading.unused == ["30 commerciaux"]
    # and the conversation goes on from the corrected figures
    follow = engine.answer("et avec 1 200 € de dépenses ?", session)
    assert "1 200 / 40 = 30" in follow.answer


def test_a_figure_moved_to_the_other_input_is_recomputed_swapped(engine):
    session = Session()
    reply = engine.answer("CAC pour 15 clients et 1200 € ?", session)
    remember(session, reply)
    rows = {r.field: r.value for r in panel_rows(reply.reading, "fr") if r.field}
    swapped_rows = [("new_customers", rows["marketing_spend"]), ("marketing_spend", rows["new_customers"])]
    shown, message = recompute_turn(engine, session, [], swapped_rows)
    assert message == ""
    assert "`CAC = 15 / 1 200 = 0,01`" in shown[-1]["content"]


def test_a_bad_value_changes_nothing_and_says_why(engine):
    session = Session()
    remember(session, engine.answer(CAC_FR, session))
    before = session.model_dump(mode="json")
    history = [{"role": "user", "content": CAC_FR}]
    shown, message = recompute_turn(engine, session, history, [("marketing_spend", "2 400"), ("new_customers", "x")])
    assert shown == history
    assert message == "⚠️ « Nouveaux clients » : « x » n'est pas un nombre (écrivez-le comme 1 200,50)"
    assert session.model_dump(mode="json") == before


@pytest.mark.parametrize(("rows", "lang", "message"), [
    ([("marketing_spend", "2 400"), ("new_customers", "-5")], "fr",
     "⚠️ Nouveaux clients : ne peut pas être négatif (vous avez donné -5)"),
    ([("marketing_spend", "-3"), ("new_customers", "32")], "en",
     "⚠️ Marketing spend: cannot be negative (you gave -3)"),
])
def test_a_value_the_calculator_refuses_changes_nothing_and_names_the_input_and_the_rule(engine, rows, lang, message):
    session = Session()
    question = CAC_FR if lang == "fr" else "I spent €2,400 on ads for 32 customers. What is my CAC?"
    remember(session, engine.answer(question, session))
    before = session.model_dump(mode="json")
    history = [{"role": "user", "content": question}]
    shown, said = recompute_turn(engine, session, history, rows)
    assert shown == history and said == message
    assert session.model_dump(mode="json") == before  # the figures stay in the panel, to fix


def test_recompute_without_a_calculation_says_there_is_nothing_to_recompute(engine):
    shown, message = recompute_turn(engine, Session(), [], [])
    assert shown == [] and "Rien à recalculer" in message and "Nothing to recompute" in message


def test_a_reply_without_a_calculation_hides_the_panel(engine):
    session = Session()
    remember(session, engine.answer(CAC_FR, session))
    first = revision(session)
    remember(session, Reply(answer="Le CAC est…", language="fr", engine="offline"))
    assert stored(session) is None and revision(session) != first


def test_open_in_the_calculator_gives_the_calculator_and_the_corrected_figures(engine):
    session = Session()
    remember(session, engine.answer("ROI : 500 € dépensés, 1 500 € de ventes ?", session))
    tool, values = calculator_values(session, [("revenue", "1 800"), ("cost", "500")])
    assert tool == "marketing_roi"
    assert values == {"revenue": 1800, "cost": 500, "phase": "standard", "currency": "EUR"}
    with pytest.raises(CorrectionRefused):
        calculator_values(session, [("revenue", "")])


def test_clearing_the_chat_forgets_the_figures(engine):
    first = "J'ai dépensé 1200 € en marketing et gagné 15 clients : quel est mon CAC ?"
    kept, cleared = Session(), Session()
    for session in (kept, cleared):
        remember(session, engine.answer(first, session))
    assert "1 200 / 20 = 60" in engine.answer("et avec 20 clients ?", kept).answer  # the memory this test clears
    cleared.history = [{"role": "user", "content": first}]
    clear_conversation(engine, cleared)
    assert cleared.messages == [] and cleared.history == [] and stored(cleared) is None
    follow = engine.answer("et avec 20 clients ?", cleared)
    assert "1 200" not in follow.answer and "60" not in follow.answer
    assert "point de départ" in follow.answer  # the figures are asked for, not reused


def test_with_the_llm_a_correction_joins_its_memory_and_a_cleared_chat_empties_it(tmp_path):
    from langchain_core.messages import AIMessage

    from assistant.config import Settings
    from assistant.router import build_engine
    from tests.llm.fakes import ListRetriever, ScriptedChatModel

    settings = Settings(_env_file=None, engine="llm", llm_base_url="http://127.0.0.1:9/v1", data_dir=tmp_path)
    model = ScriptedChatModel(responses=[AIMessage("CAC: 80 €."), AIMessage("60 €."), AIMessage("Which figures?")])
    routed = build_engine(settings, ListRetriever(), chat_model=model)  # its memory: a real SQLite checkpointer
    session = Session()
    question = "I spent 1200 € and won 15 new customers. What is my CAC?"
    routed.answer(question, session)
    session.state["ui"] = {"readback": {"lang": "en", "extra": {}, "reading": _cac_reading(
        inputs=[ReadInput(field="marketing_spend", title="Marketing spend", value=1200, unit="EUR", source="question"),
                ReadInput(field="new_customers", title="New customers", value=15, source="question")],
        unused=[]).model_dump(mode="json")}}
    shown, message = recompute_turn(routed, session, [], [("marketing_spend", "1,200"), ("new_customers", "20")])
    assert message == "" and "`CAC = 1 200 / 20 = 60`" in shown[-1]["content"]
    assert shown[-1]["content"].endswith("<sub>Answered by offline engine (rules)</sub>")  # calculated, not written
    routed.answer("And my CAC again?", session)
    said = "↻ Recompute with: Marketing spend €1 200, New customers 20"
    seen = [m.text for m in model.calls[-1][1:]]
    assert seen[:3] == [question, "CAC: 80 €.", said] and "CAC = 1 200 / 20 = 60" in seen[3]
    assert seen[4:] == ["And my CAC again?"]

    clear_conversation(routed, session)
    routed.answer("And my CAC again?", session)
    assert [m.text for m in model.calls[-1][1:]] == ["And my CAC again?"]  # the checkpointer thread is gone


def test_a_value_left_as_shown_keeps_its_exact_figure_and_an_edited_one_is_read():
    reading = _cac_reading(inputs=[
        ReadInput(field="marketing_spend", title="Dépenses marketing", value=1000 / 3, unit="EUR", source="derived"),
        ReadInput(field="new_customers", title="Nouveaux clients", value=4, source="question")], unused=[])
    rows = panel_rows(reading, "fr")
    assert rows[0].value == "333,33"  # rounded for the eye
    typed = [(r.field, r.value) for r in rows]
    assert corrected_inputs("customer_acquisition_cost", typed, "fr", rows)["marketing_spend"] == 1000 / 3
    typed[0] = ("marketing_spend", "333,5")
    assert corrected_inputs("customer_acquisition_cost", typed, "fr", rows)["marketing_spend"] == 333.5


def test_a_reverse_solve_shows_no_panel_since_recompute_would_not_solve_it(engine):
    session = Session()
    remember(session, engine.answer(CAC_FR, session))
    reply = engine.answer("Combien de clients il me faudrait pour descendre à un CAC de 50 € avec 1 200 € ?", session)
    assert [c.name for c in reply.tool_calls] == ["solve_for"] and reply.reading is not None
    remember(session, reply)
    assert stored(session) is None


def test_a_question_missing_a_figure_shows_the_panel_to_type_it(engine):
    session = Session()
    reply = engine.answer("J'ai dépensé 1 200 € en pub, quel est mon CAC ?", session)
    remember(session, reply)
    reading, _, _ = stored(session)
    assert [(r.field, r.origin) for r in panel_rows(reading, "fr")][:2] == [("marketing_spend", "question"),
                                                                             ("new_customers", "missing")]
    shown, message = recompute_turn(engine, session, [], [("marketing_spend", "1 200"), ("new_customers", "15")])
    assert message == "" and "`CAC = 1 200 / 15 = 80`" in shown[-1]["content"]
