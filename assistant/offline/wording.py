"""Tool messages in the user's words: field and tool titles instead of ids, 'cannot be negative' instead of '≥ 0'."""

from __future__ import annotations

import re

from assistant.offline.slots import tool_fields
from tools.registry import get_tool

_NOT_NEGATIVE = re.compile(r"(?:(?:Input should|must) be greater than or equal to|doit être supérieur ou égal à) "
                           r"0 \((?:got|reçu) (-[\d.]+)\)")
_NEGATIVE = ("cannot be negative (you gave {v})", "ne peut pas être négatif (vous avez donné {v})")


def readable(text: str, tool_id: str, lang: str) -> str:
    """Ids replaced by titles ('marketing_spend' -> 'marketing spend'), a negative figure's rule said plainly."""
    spec = get_tool(tool_id)
    text = re.sub(rf"\b{re.escape(tool_id)}\b\s*:\s*", "", text, count=1)  # 'cac: field: rule' names the tool twice
    text = re.sub(rf"\b{re.escape(tool_id)}\b", spec.title(lang), text)
    for f in tool_fields(tool_id):
        text = re.sub(rf"\b{re.escape(f.name)}\b", spec.field_title(f.name, lang).lower(), text)
    return _NOT_NEGATIVE.sub(lambda m: _NEGATIVE[1 if lang == "fr" else 0].format(v=m.group(1).removesuffix(".0")),
                             text)
