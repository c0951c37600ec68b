"""The Chat tab: streamed answers with collapsible tool steps, sources, notices and the engine that answered."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.inputs import InputRefused, clean_question
from assistant.reply import Reply
from assistant.session import Session
from assistant.ui.correction import clear_conversation, forget_reading, remember
from assistant.ui.history import RefusedHistory, checked_history
from assistant.ui.messages import Message, reply_to_messages, tool_step_message
from assistant.ui.readback_panel import Panel, build_panel, connect_calculator, connect_panel
from assistant.ui.stored import keep_session as _keep
from assistant.ui.stored import open_session as _open
from assistant.ui.texts import t

__all__ = ["ChatTab", "build_chat_tab", "connect_calculator", "final_frame", "respond", "stream_messages"]

log = logging.getLogger(__name__)

FRAME_INTERVAL = 0.1  # seconds between two streamed frames of one answer
OFFLINE_CHAT_WORKERS = 4  # chat turns run at once when the offline engine answers (LLM turns use the app's limit)

DataAnswerer = Callable[[str, Session], "Reply | None"]

EXAMPLES: dict[str, list[str]] = {
    "fr": [
        "J'ai dépensé 1200 € en publicité et gagné 15 clients. Quel est mon CAC ?",
        "30 ventes pour 1000 visiteurs, c'est un bon taux de conversion ?",
        "Mon CAC est de 80 € et ma CLV de 300 €, est-ce sain ?",
        "Quels KPI suivre pour une PME B2B qui démarre ?",
    ],
    "en": [
        "I spent 500 on a campaign that brought 1500 in sales. What is my ROI?",
        "What is a good CLV to CAC ratio?",
        "Churn: we lost 12 of 400 customers this month. Is that bad?",
        "How many KPIs should a small team track?",
    ],
}


def ensure_session(session: Session | None) -> Session:
    """The browser session's Session, created on first use (an API client may not run the page-load event)."""
    return session if isinstance(session, Session) else Session()


def default_data_answerer() -> DataAnswerer | None:
    """The uploaded-data question answerer, when that module is installed."""
    try:
        from assistant.dataset.qa import answer_session_question
    except ImportError:
        return None
    return answer_session_question


def stream_messages(engine: Any, question: str, session: Session, lang: str = "en",
                    data_answerer: DataAnswerer | None = None) -> Iterator[list[Message]]:
    """The assistant's messages for one turn, growing as the engine streams; the last yield is the full reply.

    Questions about the user's uploaded data go to the data answerer first; it returns None when the question
    is not about the data, and the engine answers.
    """
    if data_answerer is not None and session.dataset is not None:
        reply = data_answerer(question, session)
        if reply is not None:
            remember(session, reply)
            yield reply_to_messages(reply)
            return
    if not hasattr(engine, "stream"):
        reply = engine.answer(question, session)
        remember(session, reply)
        yield reply_to_messages(reply)
        return
    steps: list[Message] = []
    text = ""
    for event in engine.stream(question, session):
        kind = event.get("type")
        if kind == "token":
            text += event["text"]
            yield [*steps, {"role": "assistant", "content": text}]
        elif kind == "tool":
            steps.append(tool_step_message(event["call"], lang, len(steps)))
            yield [*steps] + ([{"role": "assistant", "content": text}] if text else [])
        elif kind == "reply":
            remember(session, event["reply"])  # the read-back panel shows this reply's figures (or hides)
            yield reply_to_messages(event["reply"])
            return


def respond(engine: Any, data_answerer: DataAnswerer | None, question: str, history: list | None,
            session: Session | None, lang: str) -> Iterator[tuple[str, list, Session]]:
    """One chat turn for the UI: clears the box, shows the question, then the streamed answer. Never raises:
    a failing engine gives a message in the chat and the conversation is kept."""
    session = ensure_session(session)
    if isinstance(history, RefusedHistory):  # an API client sent something that is not a list of messages
        yield question, [{"role": "assistant", "content": f"⚠️ {history.reason.get(lang)}"}], session
        return
    history = list(history or [])
    if not (question or "").strip():
        yield "", history + [{"role": "assistant", "content": t("empty_question", lang)}], session
        return
    try:  # control characters and terminal escapes out, the length capped: before any engine or data reader
        question = clean_question(question, lang)
    except InputRefused as err:  # the text stays in the box, to be shortened
        yield question, history + [{"role": "assistant", "content": f"⚠️ {err.message(lang)}"}], session
        return
    if not history and session.messages:  # an empty chat is a new conversation (a page reload restores the chat;
        clear_conversation(engine, session)  # an API client sending [] starts afresh): no figure of the old one
    history.append({"role": "user", "content": question})
    shown_at = time.monotonic()
    if getattr(engine, "name", None) != "offline":
        yield "", history, session  # a slow engine: show the question at once
    before = len(session.messages)
    last: list[Message] = []
    try:
        pending = False
        for last in stream_messages(engine, question, session, lang, data_answerer):
            # Every frame re-sends the chat to the browser: at most one per FRAME_INTERVAL, then the final one.
            pending = time.monotonic() - shown_at < FRAME_INTERVAL
            if not pending:
                shown_at = time.monotonic()
                yield "", history + last, session
        if pending:
            yield "", history + last, session
    except Exception:  # the UI must never show a traceback; the log keeps it for the operator
        log.exception("engine failed on a chat turn")
        forget_reading(session)
        last = [{"role": "assistant", "content": t("engine_error", lang)}]
        yield "", history + last, session
    if len(session.messages) == before and last:
        # Engines that do not record the turn themselves still get a memory of it.
        session.add("user", question)
        session.add("assistant", last[-1]["content"])


def final_frame(frames: Iterator[tuple[str, list, Session]]) -> tuple[str, list, Session]:
    """The last of a turn's frames: what the chat shows once the answer is complete."""
    last = deque(frames, maxlen=1)
    if not last:
        raise ValueError("a chat turn produced no frame")
    return last[0]


@dataclass
class ChatTab:
    """The chat's components other tabs connect to: the chatbot (the page load restores it), the read-back panel
    and its redraw (`refresh`, chained after events that change the session)."""

    chatbot: gr.Chatbot
    panel: Panel
    refresh: Callable[..., list]


def build_chat_tab(engine: Any, scope: Any, lang: gr.components.Component, initial_lang: str = "en",
                   data_answerer: DataAnswerer | None = None) -> ChatTab:
    """The chat inside the current Blocks context, with the read-back panel under it.

    `scope` (assistant.ui.scope.Scope) gives each turn its stored session, so any replica continues the chat."""
    chatbot = checked_history(gr.Chatbot(label=t("tab_chat", initial_lang), show_label=False, height=560,
                                         elem_id="chatbot", buttons=["copy"], placeholder=t("app_intro", initial_lang)))
    panel = build_panel(initial_lang)
    with gr.Row():
        box = gr.Textbox(placeholder=t("chat_placeholder", initial_lang), show_label=False, scale=8,
                         elem_id="chat-input", submit_btn=True)
    with gr.Row():
        clear = gr.Button(t("clear", initial_lang), size="sm", elem_id="chat-clear")
    gr.Markdown(f"**{t('examples', 'fr')} / {t('examples', 'en')}**")
    with gr.Row(elem_id="chat-examples"):
        for question in EXAMPLES["fr"][:2] + EXAMPLES["en"][:2]:
            gr.Button(question, size="sm").click(lambda q=question: q, None, box, api_visibility="private")

    def _respond(question: str, history: list, lang_value: str, request: gr.Request):
        session, shown = _open(scope, request), history
        for box_value, shown, _same in respond(engine, data_answerer, question, history, session, lang_value):
            yield box_value, shown
        if not isinstance(history, RefusedHistory):  # a refused request changes nothing stored
            _keep(scope, session, shown)

    def _answer(question: str, history: list, lang_value: str, request: gr.Request):
        session = _open(scope, request)
        box_value, shown, session = final_frame(respond(engine, data_answerer, question, history, session,
                                                        lang_value))
        if not isinstance(history, RefusedHistory):  # a refused request changes nothing stored
            _keep(scope, session, shown)
        return box_value, shown

    # The offline engine answers in milliseconds and its turn reaches the browser as one frame anyway; a plain
    # function spares Gradio a generator's extra steps (a thread hop per step, the whole chat sent twice).
    offline = getattr(engine, "name", None) == "offline"
    # Offline turns are pure-Python CPU work: under the GIL more workers only contend. The load benchmark gave p95
    # 1.18-1.22 s with 4 workers against 1.33-1.42 s with the app's default 16 (two alternating pairs, 50 users).
    submitted = box.submit(_answer if offline else _respond, [box, chatbot, lang], [box, chatbot],
                           api_name="chat", api_visibility="undocumented",
                           concurrency_limit=OFFLINE_CHAT_WORKERS if offline else "default")

    def _clear(request: gr.Request):
        session = _open(scope, request)
        clear_conversation(engine, session)
        _keep(scope, session, [])
        return []

    refresh = connect_panel(panel, chatbot, engine, scope, workers=OFFLINE_CHAT_WORKERS)
    submitted.then(refresh, panel.shown, panel.outputs(), api_visibility="private")
    # The chat's own trash icon and the button: the conversation and every engine's memory of it go.
    for event in (clear.click, chatbot.clear):
        event(_clear, None, chatbot, api_visibility="private").then(
            refresh, panel.shown, panel.outputs(), api_visibility="private")
    lang.change(lambda lg: (gr.update(placeholder=t("chat_placeholder", lg)), gr.update(value=t("clear", lg)),
                            gr.update(placeholder=t("app_intro", lg))),
                lang, [box, clear, chatbot], api_visibility="private")
    return ChatTab(chatbot, panel, refresh)
