"""A corrected read-back as a chat turn, the Calculators tab filled from it, and a cleared conversation. Pure (no
Gradio): the session keeps what the panel shows, so a reload or another replica shows the same panel."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from assistant.offline.wording import readable
from assistant.reply import ReadBack, Reply
from assistant.session import Session
from assistant.ui.messages import Message, reply_to_messages
from assistant.ui.readback import (
    CorrectionRefused,
    corrected_inputs,
    correction_line,
    numeric_fields,
    panel_rows,
    reading_currency,
)
from assistant.ui.texts import t
from tools.base import Text
from tools.registry import ToolInputError, get_tool, is_tool, validate_input

log = logging.getLogger(__name__)
STATE_KEY = "ui"  # session.state["ui"]["readback"]: the read-back the panel shows, kept with the session


def remember(session: Session, reply: Reply, *, keep_previous: bool = False) -> None:
    """Keep the reply's read-back for the panel, with the calculation's other arguments (an ROI's phase, a churn's
    period) so a recomputation keeps them. A reply without one hides the panel, unless `keep_previous` (a
    recomputation that only asked for a missing figure keeps the figures the user is correcting). A reverse solve
    or a what-if is no calculation to recompute: Recompute would run the calculator, not the question asked."""
    ui = session.state.setdefault(STATE_KEY, {})
    reading = reply.reading
    call = next((c for c in reversed(reply.tool_calls) if reading is not None and c.name == reading.tool), None)
    solved = call is None and any(c.name in ("solve_for", "what_if") for c in reply.tool_calls)
    if reading is None or solved or not is_tool(reading.tool) or not get_tool(reading.tool).is_calculator:
        if not keep_previous and ui.pop("readback", None) is not None:
            ui["revision"] = uuid.uuid4().hex
        return
    kinds = numeric_fields(reading.tool)
    extra = {k: v for k, v in (call.arguments if call else {}).items()
             if k not in kinds and k != "currency" and v is not None and not isinstance(v, dict | list)}
    ui["readback"] = {"reading": reading.model_dump(mode="json"), "lang": reply.language, "extra": extra}
    ui["revision"] = uuid.uuid4().hex


def forget_reading(session: Session) -> None:
    """Hide the panel (an engine failed on the turn: its figures are not the ones shown)."""
    ui = session.state.setdefault(STATE_KEY, {})
    if ui.pop("readback", None) is not None:
        ui["revision"] = uuid.uuid4().hex


def stored(session: Session) -> tuple[ReadBack, str, dict[str, Any]] | None:
    """The read-back the panel shows for this session: (reading, its language, other arguments), or None."""
    data = session.state.get(STATE_KEY, {}).get("readback")
    if not data:
        return None
    try:
        reading = ReadBack.model_validate(data["reading"])
    except (KeyError, TypeError, ValueError):
        return None
    if not is_tool(reading.tool) or not (reading.inputs or reading.unused):
        return None
    lang = data.get("lang") if data.get("lang") in ("fr", "en") else "en"
    return reading, lang, dict(data.get("extra") or {})


def revision(session: Session) -> str:
    """Changes each time the panel's read-back changes (the page skips redrawing an unchanged panel)."""
    return str(session.state.get(STATE_KEY, {}).get("revision", ""))


def _inputs(reading: ReadBack, extra: dict[str, Any], rows: list[tuple[str, str]], lang: str) -> dict[str, Any]:
    """The calculator's whole input: the corrected figures, the other arguments kept, the currency read."""
    inputs: dict[str, Any] = {**extra, **corrected_inputs(reading.tool, rows, lang, panel_rows(reading, lang))}
    currency = reading_currency(reading)
    if currency and "currency" in get_tool(reading.tool).input_model.model_fields:
        inputs["currency"] = currency
    return inputs


def recompute_turn(engine: Any, session: Session, history: list[Message],
                   rows: list[tuple[str, str]]) -> tuple[list[Message], str]:
    """Recompute: the chat with the user's correction and the new answer (tool step and answer) appended, and a
    message for the panel ('' when all went well). Bad values give the message, in the reading's language, and
    change nothing; the offline engine calculates, whichever engine answered the question."""
    kept = stored(session)
    if kept is None:
        return history, t("rb_nothing", "en") + " / " + t("rb_nothing", "fr")
    reading, lang, extra = kept
    try:
        inputs = _inputs(reading, extra, rows, lang)
        validate_input(reading.tool, inputs)  # a value the calculator refuses (-5 customers) changes nothing either
    except CorrectionRefused as err:
        return history, f"⚠️ {err.message(lang)}"
    except ToolInputError as err:
        return history, f"⚠️ {refusal(err, reading.tool, lang)}"
    said = correction_line(reading.tool, inputs, lang, reading_currency(reading))
    try:
        reply = _recompute(engine, reading.tool, inputs, session, lang, said)
    except Exception:  # the UI never shows a traceback; the figures stay in the panel to try again
        log.exception("recompute failed")
        return history, f"⚠️ {t('engine_error', lang)}"
    if reply.reading is not None:  # figures the user left unused stay in the panel, to use in a later correction
        left = [row.written for row, (field, _) in zip(panel_rows(reading, lang), rows, strict=False)
                if row.origin == "unused" and not field]
        reply.reading.unused = list(dict.fromkeys([*reply.reading.unused, *left]))
    remember(session, reply, keep_previous=True)
    return [*history, {"role": "user", "content": said}, *reply_to_messages(reply, lang)], ""


def refusal(err: ToolInputError, tool: str, lang: str) -> str:
    """The calculator's refusal as the user reads it: the input's title, the rule in words ('Nouveaux clients : ne
    peut pas être négatif (vous avez donné -5)')."""
    text = readable(err.message(lang), tool, lang).strip()
    return text[:1].upper() + text[1:]


def _recompute(engine: Any, tool: str, inputs: dict[str, Any], session: Session, lang: str, said: str) -> Reply:
    if hasattr(engine, "offline"):  # the router: the offline engine calculates, the LLM's memory gets the turn
        return engine.recompute(tool, inputs, session, lang, said)
    session.add("user", said)  # the offline engine itself (tests, the CLI's engine)
    return engine.recompute(tool, inputs, session, lang)


def calculator_values(session: Session, rows: list[tuple[str, str]]) -> tuple[str, dict[str, Any]]:
    """'Open in the calculator': the calculator and the values to put in its form (the figures as corrected in the
    panel). Raises CorrectionRefused when a value is not a number or nothing is shown."""
    kept = stored(session)
    if kept is None:
        raise CorrectionRefused(Text(en=t("rb_nothing", "en"), fr=t("rb_nothing", "fr")))
    reading, lang, extra = kept
    return reading.tool, _inputs(reading, extra, rows, lang)


def clear_conversation(engine: Any, session: Session) -> None:
    """The chat cleared (its trash icon or 'New conversation'): the messages, every engine's memory of them (the
    offline engine's figures in the session, the LLM's checkpointer thread), the shown history and the panel."""
    session.messages.clear()
    session.state.clear()
    session.history = []
    forget = getattr(engine, "forget", None)
    if forget is not None:
        try:
            forget(session)
        except Exception:  # the session is cleared; a memory store that failed is the operator's to see
            log.exception("could not clear the LLM memory of a session")
