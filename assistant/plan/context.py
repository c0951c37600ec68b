"""The wizard's context of a plan (objective, market, offer, maturity, business, data, channels) in words of either
language: shown when a plan is reopened and written into every export, so a file says which client it was built for."""

from __future__ import annotations

from assistant.plan.model import WizardSettings
from assistant.plan.texts import CHOICES, label
from assistant.plan.wizard import CHANNEL_TITLES

FIELDS = ("objective", "segment", "offer", "maturity", "business_model", "data", "channels")


def _choice(key: str, value: str, lang: str) -> str:
    return next((fr if lang == "fr" else en for v, en, fr in CHOICES[key] if v == value), value)


def context_values(settings: WizardSettings | None, lang: str) -> dict[str, str]:
    """{field: words} for the seven wizard answers (empty strings when the plan has no saved context)."""
    if settings is None:
        return dict.fromkeys(FIELDS, "")
    data = [key for key in ("web_analytics", "crm", "automation") if getattr(settings, key)]
    return {
        "objective": _choice("objective", settings.objective, lang),
        "segment": _choice("segment", settings.segment, lang),
        "offer": _choice("offer", settings.offer, lang),
        "maturity": _choice("maturity", settings.maturity, lang),
        "business_model": _choice("business_model", settings.business_model, lang),
        "data": ", ".join(_choice("data", d, lang) for d in data),
        "channels": ", ".join(CHANNEL_TITLES[c].get(lang) for c in settings.channels),
    }


def context_headers(lang: str) -> dict[str, str]:
    """{field: column header} in `lang` (the wizard's own labels)."""
    return {f: label(f, lang) for f in FIELDS}


def context_line(settings: WizardSettings | None, lang: str) -> str:
    """'Objective: Growth · Market: B2C · …' (empty without a saved context)."""
    if settings is None:
        return ""
    values, heads = context_values(settings, lang), context_headers(lang)
    sep = " : " if lang == "fr" else ": "
    return " · ".join(f"{heads[f]}{sep}{values[f] or '—'}" for f in FIELDS)
