"""The chat's history input, checked by us: Gradio validates it before the handler runs, and a client sending
something that is not a list of messages got the generic "upstream app has raised an exception"."""

from __future__ import annotations

from typing import Any

import gradio as gr
from gradio.components.chatbot import ChatbotDataMessages
from pydantic import PrivateAttr, ValidationError, model_validator

from tools.base import Text

MAX_HISTORY_MESSAGES = 1000  # a client-side echo of the chat; the engine's memory is the session's, not this


class RefusedHistory(list):
    """An empty history standing for one that was refused; `reason` says why, naming the field."""

    def __init__(self, reason: Text):
        super().__init__()
        self.reason = reason


class _CheckedMessages(ChatbotDataMessages):
    _refused: Text | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_the_reason(cls, value: Any, handler: Any) -> Any:
        if isinstance(value, list) and len(value) > MAX_HISTORY_MESSAGES:
            return cls._refusal(Text(
                en=f"history: at most {MAX_HISTORY_MESSAGES} messages (got {len(value)}); clear the chat",
                fr=f"history : {MAX_HISTORY_MESSAGES} messages au plus (reçu : {len(value)}) ; effacez la "
                   "conversation"), handler)
        try:
            return handler(_text_parts(value))
        except ValidationError:
            if not isinstance(value, list):
                kind = {dict: ("an object", "un objet"), str: ("text", "du texte")}.get(
                    type(value), (type(value).__name__, type(value).__name__))
                reason = Text(en=f"history: must be a list of messages (got {kind[0]})",
                              fr=f"history : doit être une liste de messages (reçu : {kind[1]})")
            else:
                reason = Text(en="history: each message must be an object with a role (user or assistant) and a "
                                 "content", fr="history : chaque message doit être un objet avec un rôle (user ou "
                                               "assistant) et un contenu")
            return cls._refusal(reason, handler)

    @classmethod
    def _refusal(cls, reason: Text, handler: Any) -> Any:
        empty = handler([])
        empty._refused = reason
        return empty


def _text_parts(value: Any) -> Any:
    """Messages whose content is a plain string (the usual OpenAI-style shape) get Gradio 6's list of parts."""
    if not isinstance(value, list):
        return value
    return [{**m, "content": [{"type": "text", "text": m["content"]}]}
            if isinstance(m, dict) and isinstance(m.get("content"), str) else m for m in value]


def checked_history(chatbot: gr.Chatbot) -> gr.Chatbot:
    """The chatbot with its history input checked by us; a refused one reaches the handler as a RefusedHistory,
    so the chat answers with the reason. (A gr.Chatbot subclass would do the same, but Gradio writes a .pyi stub
    next to the module of every component class it meets, inside an installed package too.)"""
    chatbot.data_model = _CheckedMessages
    own = chatbot.preprocess

    def preprocess(payload: ChatbotDataMessages | None) -> Any:
        reason = getattr(payload, "_refused", None)
        return RefusedHistory(reason) if reason is not None else own(payload)

    chatbot.preprocess = preprocess
    return chatbot
