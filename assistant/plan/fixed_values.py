"""The words the plan tab writes itself (statuses, review cadences, KPI names, suggested targets) in both languages,
so switching the UI language translates them in the action table, and version dates read in that language."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from assistant.plan.catalog import CATALOG
from assistant.plan.model import ActionRow, Plan

STATUSES = {"to_start": ("To start", "À lancer"), "in_progress": ("In progress", "En cours"),
            "done": ("Done", "Terminé"), "late": ("Late", "En retard"), "blocked": ("Blocked", "Bloqué")}
CADENCES = {"daily": ("daily", "quotidienne"), "weekly": ("weekly", "hebdomadaire"),
            "monthly": ("monthly", "mensuelle"), "quarterly": ("quarterly", "trimestrielle"),
            "yearly": ("yearly", "annuelle")}
TRANSLATED = ("kpi", "target", "status", "review_cadence")


def status(key: str, lang: str) -> str:
    """A status in `lang` ('to_start' → 'À lancer')."""
    en, fr = STATUSES[key]
    return fr if lang == "fr" else en


def cadence(key: str, lang: str) -> str:
    """A review cadence in `lang` ('monthly' → 'mensuelle')."""
    en, fr = CADENCES[key]
    return fr if lang == "fr" else en


def _pairs(plan: Plan | None) -> list[tuple[str, str]]:
    pairs = list(STATUSES.values()) + list(CADENCES.values())
    pairs += [(d.title.en, d.title.fr) for d in CATALOG.values()]
    if plan is not None:
        pairs += [(k.title.en, k.title.fr) for k in plan.kpis]
        pairs += [(k.target.text.en, k.target.text.fr) for k in plan.kpis]
    return pairs


def translate_actions(actions: list[ActionRow], lang: str, plan: Plan | None = None) -> list[ActionRow]:
    """The rows with every value the tab wrote (status, cadence, KPI name, suggested target) in `lang`; what the
    user typed is left as typed."""
    to = {}
    for en, fr in _pairs(plan):
        src, dst = (en, fr) if lang == "fr" else (fr, en)
        to.setdefault(src.strip().casefold(), dst)
    out = []
    for a in actions:
        update = {}
        for field in TRANSLATED:
            value = getattr(a, field)
            if isinstance(value, str) and value.strip().casefold() in to:
                update[field] = to[value.strip().casefold()]
        out.append(a.model_copy(update=update) if update else a)
    return out


def version_label(version: int, saved_at: str | dt.datetime, lang: str) -> str:
    """'v2 — 3 mars 2026, 14:05 UTC' / 'v2 — March 3, 2026, 2:05 PM UTC' (the store keeps UTC times)."""
    when = saved_at if isinstance(saved_at, dt.datetime) else dt.datetime.fromisoformat(str(saved_at))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    when = when.astimezone(dt.UTC)
    locale = "fr" if lang == "fr" else "en"
    return (f"v{version} — {format_date(when, 'long', locale=locale)}, "
            f"{format_time(when, 'short', locale=locale, tzinfo=dt.UTC)} UTC")
