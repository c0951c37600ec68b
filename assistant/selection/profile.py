"""What the user told about their business (objective, business model, market, maturity, data, channels), read
from their words (`words.yaml`) or from the plan wizard's answers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.language import normalize
from tools.declaration import metrics

HERE = Path(__file__).parent


@functools.cache
def rules() -> dict[str, Any]:
    """The selection rules (`rules.yaml`): business models, objectives, maturity, channels, data needs, points."""
    return yaml.safe_load((HERE / "rules.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Profile:
    """A business as the KPI selection sees it; None (or empty) wherever the user said nothing."""

    objective: str | None = None  # growth, profitability, retention, awareness
    model: str | None = None  # online_shop, saas, services, local, industry
    segment: str | None = None  # B2B, B2C
    offer: str | None = None  # product, service, subscription
    maturity: str | None = None  # starting, established, advanced
    data: dict[str, bool] = field(default_factory=dict)  # data need -> available, only what was said
    channels: tuple[str, ...] = ()  # active channels, when said
    asked: tuple[str, ...] = ()  # metrics the user asked for by name (vanity ones are then allowed)

    @property
    def crm(self) -> bool | None:
        """True / False when the user said whether they have a CRM, else None."""
        return self.data.get("crm")

    @property
    def business(self) -> str:
        """The business model, 'general' when not given."""
        return self.model or "general"


def implied(profile: Profile) -> Profile:
    """The profile with the segment and offer its business model implies, where the user did not say them."""
    if profile.model is None:
        return profile
    m = rules()["models"][profile.model]
    return Profile(objective=profile.objective, model=profile.model, segment=profile.segment or m["segment"],
                   offer=profile.offer or m["offer"], maturity=profile.maturity, data=dict(profile.data),
                   channels=profile.channels, asked=profile.asked)


# ---- reading the user's words ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Phrase:
    dimension: str  # model, segment, offer, objective, maturity, data.crm, channel, asked
    value: Any
    pattern: re.Pattern


def _word(w: str, plural_free: bool = True) -> str:
    """One word of a phrase as a pattern: '#' is a number (digits, or the '#i' of a masked text); a word of four
    letters or more also matches with or without a final s ('service' / 'services') unless `plural_free` is off."""
    if w == "#":
        return r"#?\d+"
    if plural_free and len(w) >= 4 and w.isalpha():
        return re.escape(w[:-1] if w.endswith("s") else w) + "s?"
    return re.escape(w)


def _compile(phrase: str, plural_free: bool = True) -> re.Pattern:
    words = normalize(phrase)
    prefix = words.endswith("*")
    body = r"\s+".join(_word(w, plural_free) for w in words.rstrip("*").split())
    return re.compile(rf"(?<![a-z0-9]){body}{'[a-z0-9-]*' if prefix else ''}(?![a-z0-9])")


@functools.cache
def _phrases() -> tuple[tuple[_Phrase, ...], tuple[_Phrase, ...]]:
    raw = yaml.safe_load((HERE / "words.yaml").read_text(encoding="utf-8"))
    out: list[_Phrase] = []
    blocked: list[_Phrase] = []  # phrases that are NOT this value ("salon de coiffure" is no trade show)

    def add(dimension: str, value: Any, spec: dict[str, Any]) -> None:
        # a metric asked by name is named as written: 'likes', not the 'like' of 'someone like me'
        for phrase in (*spec.get("en", ()), *spec.get("fr", ())):
            out.append(_Phrase(dimension, value, _compile(str(phrase), dimension != "asked")))
        blocked.extend(_Phrase(dimension, value, _compile(str(p))) for p in spec.get("not", ()))

    for dimension in ("model", "segment", "offer", "objective", "maturity", "channel"):
        for value, spec in raw[dimension].items():
            add(dimension, value, spec)
    for need, sides in raw["data"].items():
        for available, spec in sides.items():
            add(f"data.{need}", bool(available), spec)
    for mid, decl in metrics().items():  # a vanity metric is allowed in the list when the user names it
        if decl.vanity:
            add("asked", mid, {"en": decl.names.en, "fr": decl.names.fr})
    return tuple(out), tuple(blocked)


def _matches(norm: str) -> list[tuple[int, int, _Phrase]]:
    """Every phrase found, longest first; a phrase inside a longer one of the same dimension does not count."""
    phrases, blocked = _phrases()
    hidden = [(m.start(), m.end(), b.dimension, b.value) for b in blocked for m in b.pattern.finditer(norm)]
    found = [(m.start(), m.end(), ph) for ph in phrases for m in ph.pattern.finditer(norm)]
    found = [f for f in found
             if not any(s <= f[0] and f[1] <= e and (d, v) == (f[2].dimension, f[2].value) for s, e, d, v in hidden)]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, _Phrase]] = []
    for start, end, ph in found:
        if any(k[2].dimension == ph.dimension and start < k[1] and k[0] < end for k in kept):
            continue
        kept.append((start, end, ph))
    return kept


_PRIORITY = {"objective": ("retention", "profitability", "awareness", "growth")}


def _pick(kept: list[tuple[int, int, _Phrase]], dimension: str) -> Any:
    """The value said for one dimension: a fixed priority for objectives, else the longest phrase, then the first."""
    values = [(s, e, ph.value) for s, e, ph in kept if ph.dimension == dimension]
    if not values:
        return None
    order = _PRIORITY.get(dimension)
    if order:
        return min((v for _, _, v in values), key=order.index)
    return max(values, key=lambda v: (v[1] - v[0], -v[0]))[2]


def read_profile(norm: str) -> Profile:
    """The business described in a normalised question ('mon restaurant, sans CRM, on débute' -> local, no CRM...)."""
    kept = _matches(norm)
    data = {}
    for need in rules()["needs"]:
        said = _pick(kept, f"data.{need}")
        if said is not None:
            data[need] = said
    channels = tuple(dict.fromkeys(ph.value for _, _, ph in sorted(kept, key=lambda k: k[0])
                                   if ph.dimension == "channel"))
    asked = tuple(dict.fromkeys(ph.value for _, _, ph in kept if ph.dimension == "asked"))
    return Profile(objective=_pick(kept, "objective"), model=_pick(kept, "model"), segment=_pick(kept, "segment"),
                   offer=_pick(kept, "offer"), maturity=_pick(kept, "maturity"), data=data, channels=channels,
                   asked=asked)
