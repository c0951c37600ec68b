"""What the offline engine remembers across turns, kept as plain data in session.state["offline"]."""

from __future__ import annotations

from typing import Any

from assistant.session import Session

# Remembered figures stay plain JSON so a session can be saved or shown as it is.
_EMPTY = {"lang": None, "figures": {}, "fields": {}, "last": None, "pending": None, "messages": [], "facts": {}}
# Earlier messages with figures kept to be read again for another KPI ('and my CPL?'); the latest win.
MAX_MESSAGES = 6


class Memory:
    """The session's remembered figures (KPI values and raw inputs), last calculation and pending question."""

    def __init__(self, session: Session):
        state = session.state.setdefault("offline", {})
        for key, default in _EMPTY.items():
            state.setdefault(key, {} if isinstance(default, dict) else default)
        self._s = state

    @property
    def lang(self) -> str | None:
        """The language of the previous turns (breaks ties for very short messages such as '15')."""
        return self._s["lang"]

    @lang.setter
    def lang(self, value: str) -> None:
        self._s["lang"] = value

    def remember_kpi(self, tool_id: str, value: float | None, unit: str | None = None, stated: bool = False) -> None:
        """A KPI value the user stated ("my CAC is 80 €") or a tool computed."""
        if value is not None:
            self._s["figures"].pop(tool_id, None)  # re-inserted: the order says which value is the latest
            self._s["figures"][tool_id] = {"value": value, "unit": unit, "stated": stated}
            self._s["last_kpi"] = tool_id

    @property
    def figures_question(self) -> str | None:
        """The latest earlier message that carried figures ('3k for 120 leads and 9 sales')."""
        return self._s.get("figures_question")

    @figures_question.setter
    def figures_question(self, question: str) -> None:
        self._s["figures_question"] = question

    @property
    def last_intent(self) -> str | None:
        """The intent of the previous turn ('why?' after a verdict asks about the verdict)."""
        return self._s.get("last_intent")

    def discussed(self, tool_id: str) -> None:
        """A KPI just explained is what a following 'why?' or 'is that good?' is about, even with no value."""
        self._s["last_kpi"] = tool_id

    @property
    def last_kpi(self) -> str | None:
        """The KPI most recently stated or computed (what 'is that good?' refers to)."""
        return self._s.get("last_kpi")

    def kpi(self, tool_id: str) -> float | None:
        """A remembered KPI value, or None."""
        f = self._s["figures"].get(tool_id)
        return None if f is None else f["value"]

    def kpi_values(self) -> dict[str, float]:
        """Every remembered KPI value, most recent last."""
        return {k: f["value"] for k, f in self._s["figures"].items()}

    def was_stated(self, tool_id: str) -> bool:
        """True when the user gave this KPI's value (rather than a tool computing it)."""
        return bool(self._s["figures"].get(tool_id, {}).get("stated"))

    def kpi_unit(self, tool_id: str) -> str | None:
        """Unit of a remembered KPI value."""
        f = self._s["figures"].get(tool_id)
        return None if f is None else f.get("unit")

    def remember_fields(self, inputs: dict[str, Any]) -> None:
        """Raw inputs the user gave (spend, customers, price...), reusable by a later question."""
        for k, v in inputs.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self._s["fields"][k] = v

    def field(self, name: str) -> float | None:
        """A remembered raw input, or None."""
        return self._s["fields"].get(name)

    @property
    def fields(self) -> dict[str, Any]:
        """Every remembered raw input."""
        return dict(self._s["fields"])

    def set_last(self, tool_id: str, inputs: dict[str, Any]) -> None:
        """The last calculation, the base of a what-if follow-up."""
        self._s["last"] = {"tool": tool_id, "inputs": dict(inputs)}

    @property
    def last(self) -> dict[str, Any] | None:
        """{'tool', 'inputs'} of the last calculation, or None."""
        return self._s["last"]

    def set_pending(self, intent: str, tool_id: str, inputs: dict[str, Any], missing: list[str],
                    extra: dict[str, Any] | None = None) -> None:
        """A calculation waiting for the inputs the engine asked for."""
        self._s["pending"] = {"intent": intent, "tool": tool_id, "inputs": dict(inputs), "missing": list(missing),
                              "extra": dict(extra or {})}

    @property
    def pending(self) -> dict[str, Any] | None:
        """The calculation waiting for an answer, or None."""
        return self._s["pending"]

    def clear_pending(self) -> None:
        """Forget the waiting calculation (answered, or the user moved on)."""
        self._s["pending"] = None

    @property
    def messages(self) -> list[str]:
        """Earlier messages that carried figures, oldest first."""
        return list(self._s["messages"])

    def add_message(self, question: str) -> None:
        """Keep a message with figures for later turns (only the last few)."""
        self._s["messages"] = [*self._s["messages"], question][-MAX_MESSAGES:]

    @property
    def facts(self) -> dict[str, Any]:
        """Context the user gave: segment, period, phase, currency (the dict itself, to update)."""
        return self._s["facts"]
