"""Deterministic answers to questions about the uploaded data ('which channel has the best CAC in March?')."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from assistant.dataset.kpis import RATIO_BY_KEY, RATIOS, KpiTable, aggregate, column_label
from assistant.dataset.vocab import INTENTS, METRICS, MONTHS
from assistant.dataset.why import answer_why, direction, is_why
from assistant.reply import Reply
from knowledge.language import detect_language
from tools.base import fmt


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " " + re.sub(r"[^a-z0-9→]+", " ", text).strip() + " "


def _has(q: str, phrase: str) -> bool:
    return f" {phrase} " in q


def guess_language(text: str) -> str:
    """'fr' or 'en': the product's one detector (knowledge.language), so the data tab answers like the chat."""
    return detect_language(text, "en")


def _metric(q: str, table: KpiTable, raw: str) -> str | None:
    for phrase, key in METRICS:
        if _has(q, phrase) and (phrase != "ca" or re.search(r"(?<![\wç])ca(?!\w)", raw.lower())):
            if key == "conversion":
                return next((k for k in ("conversion_rate", "lead_to_customer", "visit_to_lead")
                             if k in table.ratios), None)
            if key in table.ratios or key in table.columns:
                return key
    return None


def _intent(q: str) -> str | None:
    return next((key for phrase, key in INTENTS if _has(q, phrase)), None)


def _period(q: str, table: KpiTable) -> tuple[list[str] | None, str | None]:
    """(matching period labels, what the user named) — labels None when no period is named."""
    m = re.search(r" (\d{4}) (\d{1,2}) ", q)
    if m:
        wanted = f"{m.group(1)}-{int(m.group(2)):02d}"
        return [p for p in table.periods if p.startswith(wanted)], wanted
    for word, month in MONTHS.items():
        # "may" is also an English verb: only a month after "in" or before a year
        if _has(q, word) and (word != "may" or _has(q, "in may") or re.search(r" may 20\d\d ", q)):
            year = re.search(r" (20\d{2}) ", q)
            prefix = f"{year.group(1)}-{month:02d}" if year else None
            hits = [p for p in table.periods if (p.startswith(prefix) if prefix else p[4:7] == f"-{month:02d}")]
            return hits, word
    for p in table.periods:
        if _has(q, _norm(p).strip()):
            return [p], p
    return None, None


def _channel(q: str, table: KpiTable) -> str | None:
    return next((c for c in sorted(table.channels, key=len, reverse=True) if _has(q, _norm(c).strip())), None)


def _unit(key: str) -> str:
    return " %" if key in RATIO_BY_KEY and RATIO_BY_KEY[key].scale == 100 else ""


def _num(v: float, lang: str) -> str:
    return fmt(float(v)).replace(".", ",") if lang == "fr" else fmt(float(v))


def _value(v: float | None, key: str, lang: str = "en") -> str:
    if v is None or pd.isna(v):
        return "non défini" if lang == "fr" else "undefined"
    return f"{_num(v, lang)}{_unit(key)}"


def _label(key: str, lang: str) -> str:
    """The KPI's name for a sentence (the unit goes with the number)."""
    return column_label(key, lang).removesuffix(" (%)")


def _aggregate_rows(table: KpiTable, keys: list[str], periods: list[str] | None,
                    channel: str | None = None) -> pd.DataFrame:
    """Sums of the selected rows, ratios recomputed from those sums (never from per-period ratios)."""
    d = table.detail
    if periods is not None:
        d = d[d["period_label"].isin(periods)]
    if channel:
        d = d[d["channel"] == channel]
    specs = [r for r in RATIOS if r.key in table.ratios]
    return aggregate(d, keys, table.columns, specs)


def _scope(periods: list[str] | None, channel: str | None, lang: str) -> str:
    whole = "tout le fichier" if lang == "fr" else "whole file"
    return ", ".join(filter(None, [channel, ", ".join(periods) if periods else whole]))


def _rank(table: KpiTable, key: str, intent: str, periods: list[str] | None, lang: str) -> str:
    rows = _aggregate_rows(table, ["channel"], periods)
    undefined = [str(c) for c in rows.loc[rows[key].isna(), "channel"]]
    rows = rows.dropna(subset=[key])
    label, scope = _label(key, lang), _scope(periods, None, lang)
    if rows.empty:
        return (f"Aucun canal n'a de {label} défini ({scope})." if lang == "fr"
                else f"No channel has a defined {label} ({scope}).")
    lower_better = RATIO_BY_KEY[key].lower_is_better if key in RATIO_BY_KEY else False
    ascending = {"best": lower_better, "worst": not lower_better, "min": True, "max": False}[intent]
    rows = rows.sort_values(key, ascending=ascending, kind="stable")
    top = rows.iloc[0]
    others = ", ".join(f"{r.channel} {_value(getattr(r, key), key, lang)}" for r in rows.iloc[1:].itertuples())
    word = {"best": ("best", "Meilleur {}"), "worst": ("worst", "{} le moins bon"), "min": ("lowest", "{} le plus bas"),
            "max": ("highest", "{} le plus élevé")}[intent]
    if lang == "fr":
        ans = f"{word[1].format(label)} ({scope}) : **{top.channel}**, {_value(top[key], key, lang)}."
        ans += f" Autres canaux : {others}." if others else ""
        return ans + (f" Non défini pour : {', '.join(undefined)}." if undefined else "")
    ans = f"{word[0].capitalize()} {label} ({scope}): **{top.channel}**, {_value(top[key], key, lang)}."
    ans += f" Other channels: {others}." if others else ""
    return ans + (f" Undefined for: {', '.join(undefined)}." if undefined else "")


def _by_channel(table: KpiTable, key: str, periods: list[str] | None, lang: str) -> str:
    rows = _aggregate_rows(table, ["channel"], periods)
    listing = " ; ".join(f"{r.channel} {_value(getattr(r, key), key, lang)}" for r in rows.itertuples())
    if lang != "fr":
        listing = listing.replace(" ; ", "; ")
    sep = " : " if lang == "fr" else ": "
    label = _label(key, lang) + (" par canal" if lang == "fr" else " by channel")
    return f"{label} ({_scope(periods, None, lang)}){sep}{listing}."


def _total(table: KpiTable, key: str, periods: list[str] | None, channel: str | None, lang: str) -> str:
    agg = _aggregate_rows(table, [], periods, channel)
    if agg.empty or agg.isna().all(axis=None):
        return "Aucune donnée pour cette sélection." if lang == "fr" else "No data for this selection."
    row = agg.iloc[0]
    label, scope, sep = _label(key, lang), _scope(periods, channel, lang), " : " if lang == "fr" else ": "
    if key not in RATIO_BY_KEY:
        return f"{label} ({scope}){sep}{_num(row[key], lang)}."
    r = RATIO_BY_KEY[key]
    num = row["revenue"] - row["spend"] if key == "roi" else row[r.numerator]
    how = f"{_num(num, lang)} / {_num(row[r.denominator], lang)}" + (f" × {fmt(r.scale)}" if r.scale != 1 else "")
    note = "calculé sur les totaux" if lang == "fr" else "computed from the totals"
    return f"{label} ({scope}){sep}{_value(row[key], key, lang)} ({how}, {note})."


def _trend(table: KpiTable, key: str, channel: str | None, lang: str) -> str:
    src = table.detail[table.detail["channel"] == channel] if channel else table.by_period
    pts = [(p, v) for p, v in zip(src["period_label"], src[key], strict=True) if not pd.isna(v)]
    label = _label(key, lang)
    who = channel or ("tous canaux" if lang == "fr" else "all channels")
    if len(pts) < 2:
        return (f"Pas assez de périodes pour une tendance de {label} ({who})." if lang == "fr"
                else f"Not enough periods for a {label} trend ({who}).")
    series = ", ".join(f"{p} {_value(v, key, lang)}" for p, v in pts)
    (p0, v0), (p1, v1) = pts[0], pts[-1]
    change = f"{(v1 - v0) / v0 * 100:+.1f} %" if v0 else "n/a"
    if lang == "fr":
        return f"{label} ({who}) : {series}. De {p0} à {p1} : {change.replace('.', ',')}."
    return f"{label} ({who}): {series}. From {p0} to {p1}: {change}."


def answer_data_question(question: str, lang: str, table: KpiTable | None) -> str | None:
    """An answer computed from the uploaded data, or None when the question is not about it."""
    if table is None or not question.strip():
        return None
    q = _norm(question)
    key, intent, channel = _metric(q, table, question), _intent(q), _channel(q, table)
    periods, named = _period(q, table)
    why = is_why(q, channel is not None or periods is not None)
    about_data = why or intent is not None or channel is not None or periods is not None or any(
        _has(q, w) for w in ("my data", "mes donnees", "my file", "mon fichier", "uploaded"))
    if key is None or not about_data:
        return None
    if periods == []:
        known = ", ".join(table.periods)
        return (f"Votre fichier n'a pas de données pour « {named} » (périodes : {known})." if lang == "fr"
                else f"Your file has no data for '{named}' (periods: {known}).")
    if why and key in table.ratios:
        return answer_why(table, key, periods, channel, lang, direction(q))
    if intent == "trend":
        return _trend(table, key, channel, lang)
    if intent == "by_channel":
        return _by_channel(table, key, periods, lang)
    if intent in ("best", "worst", "min", "max") and not channel:
        if key not in RATIO_BY_KEY and intent in ("best", "worst"):
            intent = "max" if intent == "best" else "min"  # a volume has no "best": the most is read as best
        return _rank(table, key, intent, periods, lang)
    return _total(table, key, periods, channel, lang)


def data_tool(table: KpiTable) -> Callable[[str], str]:
    """A plain function (query → answer) over the user's data, for an LLM adapter to wrap."""

    def query_user_data(query: str) -> str:
        """Answer a question about the user's uploaded marketing data (best channel, totals, trends)."""
        from assistant.inputs import InputRefused, clean_question

        try:
            query = clean_question(query, field="query")
        except InputRefused as err:  # the model sent something no user would type: say so, in both languages
            return err.message()
        lang = guess_language(query)
        ans = answer_data_question(query, lang, table)
        if ans is not None:
            return ans
        metrics = ", ".join(column_label(k, lang) for k in table.columns + table.ratios)
        if lang == "fr":
            return (f"Je n'ai pas compris la question sur vos données. Indicateurs : {metrics}. Canaux : "
                    f"{', '.join(table.channels)}. Périodes : {', '.join(table.periods)}. Exemples : « quel canal a "
                    "le meilleur CAC en mars ? », « total des dépenses », « tendance du taux de conversion ».")
        return (f"I could not read this as a question about your data. Metrics: {metrics}. Channels: "
                f"{', '.join(table.channels)}. Periods: {', '.join(table.periods)}. Examples: 'which channel has the "
                "best CAC in March?', 'total spend', 'trend of conversion rate'.")

    return query_user_data



def answer_session_question(question: str, session) -> Reply | None:
    """The chat's data answerer: a Reply computed from `session.dataset`, or None (the engine answers)."""
    table = getattr(session, "dataset", None)
    if not isinstance(table, KpiTable):
        return None
    lang = guess_language(question)
    text = answer_data_question(question, lang, table)
    if text is None:
        return None
    src = table.source_name or ("vos données" if lang == "fr" else "your data")
    notice = (f"Réponse calculée à partir de votre fichier « {src} » (ratios recalculés sur les sommes)."
              if lang == "fr" else f"Answered from your uploaded file '{src}' (ratios recomputed from the sums).")
    return Reply(answer=text, language=lang, engine="offline", notices=[notice])
