"""Answer composition in French and English: values, formulas, verdicts, pitfalls, questions back, citations.

No template here contains a figure: every number shown comes from the user, a tool result or a cited entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.reply import ReadBack, Reply, SourceRef, ToolCall
from assistant.values import number_text, value_text
from knowledge.types import Hit
from tools.base import KpiResult
from tools.registry import get_tool
from tools.sources import source_text

TEXTS: dict[str, tuple[str, str]] = {
    "ask": ("To compute **{tool}** I still need: {fields}. What {are} the figure{s}?",
            "Pour calculer **{tool}**, il me manque : {fields}. Quel{s} chiffre{s} ?"),
    "ask_health": ("To judge **{tool}** I need {fields}. Can you give {them}?",
                   "Pour juger **{tool}**, il me faut {fields}. Pouvez-vous me donner {les} ?"),
    "verdict": ("**Verdict: {level}** — {why}\n_Rule source: {source}_",
                "**Verdict : {level}** — {why}\n_Source de la règle : {source}_"),
    "no_rule": ("I have no health rule for this value offline, so I will not call it good or bad.",
                "Je n'ai pas de règle de santé pour cette valeur hors ligne : je ne la qualifie donc ni de bonne ni "
                "de mauvaise."),
    "pitfalls": ("**Watch out**", "**Points d'attention**"),
    "sources": ("Sources", "Sources"),
    "tool_error": ("I could not compute it: {msg}", "Je n'ai pas pu le calculer : {msg}"),
    "segment_implied": ("_{segment} rules applied (your business: {business}); tell me if that is not the case._",
                        "_Règles {segment} appliquées (votre activité : {business}) ; dites-le-moi si ce n'est pas "
                        "le cas._"),
    "noted": ("Noted: **{tool}** = {value}.", "C'est noté : **{tool}** = {value}."),
    "from_memory": ("(using figures you gave earlier: {items})", "(avec les chiffres donnés plus tôt : {items})"),
    "whatif_no_base": ("A what-if needs a starting point: give me the figures first (e.g. your spend and new "
                       "customers), then ask what changes.",
                       "Un « et si » a besoin d'un point de départ : donnez-moi d'abord vos chiffres (p. ex. vos "
                       "dépenses et nouveaux clients), puis demandez ce qui change."),
    "whatif_which": ("Which input of **{tool}** should change, and to what (e.g. “cut spend by a fifth”, “to N "
                     "customers”)?",
                     "Quelle entrée de **{tool}** doit changer, et de combien (p. ex. « baisser les dépenses d'un "
                     "cinquième », « passer à N clients ») ?"),
    "weakest": ("**Weakest step: {step} ({rate})** — the stage to work on first.",
                "**Étape la plus faible : {step} ({rate})** — c'est elle à travailler en premier."),
    "whatif_result": ("**{field}: {old_in} → {new_in}** — {tool}: {old} → **{new}** ({change}).",
                      "**{field} : {old_in} → {new_in}** — {tool} : {old} → **{new}** ({change})."),
    "solve_which": ("Tell me which figure to find and the target (e.g. “what CAC keeps CLV:CAC at …?”), with the "
                    "other figures.",
                    "Dites-moi quel chiffre trouver et la cible (p. ex. « quel CAC pour garder un ratio CLV:CAC de "
                    "… ? »), avec les autres chiffres."),
    "solve_result": ("{field} = **{value}** brings **{tool}** to {target}.",
                     "{field} = **{value}** amène **{tool}** à {target}."),
    "compare_incomplete": ("To compare, give the figures of **{tool}** for both options (e.g. “A: spend and "
                           "leads vs B: spend and leads”).",
                           "Pour comparer, donnez les chiffres de **{tool}** pour les deux options (p. ex. « A : "
                           "dépenses et leads contre B : dépenses et leads »)."),
    "compare_best": ("**{best}** does better on {tool} ({how} is better).",
                     "**{best}** fait mieux sur {tool} ({how}, c'est mieux)."),
    "lower": ("lower", "plus bas"),
    "higher": ("higher", "plus haut"),
    "loose": ("Noted: {items}. Tell me the rest (e.g. new customers, visitors or revenue) and which KPI you want, "
              "and I will compute it.",
              "C'est noté : {items}. Donnez-moi la suite (p. ex. nouveaux clients, visiteurs ou chiffre d'affaires) "
              "et le KPI voulu, et je le calcule."),
    "rate_range": ("**{tool}** is a rate: it must be between 0 and 100 %. Can you check the figure?",
                   "**{tool}** est un taux : il doit être compris entre 0 et 100 %. Pouvez-vous vérifier le chiffre ?"),
    "which_kpi": ("What does this figure measure? Tell me the KPI or what it counts (spend, customers, visitors…).",
                  "Que mesure ce chiffre ? Dites-moi le KPI ou ce qu'il compte (dépenses, clients, visiteurs…)."),
    "limits": ("Offline, I work with rules and the knowledge base: I compute KPIs from your figures, judge them "
               "against sourced rules, explain them, choose KPIs and start a plan. For open-ended questions, connect "
               "an LLM: set `KPI_LLM_BASE_URL` (any OpenAI-compatible server, e.g. Ollama) or `OPENAI_API_KEY`.",
               "Hors ligne, je fonctionne avec des règles et la base de connaissances : je calcule des KPI à partir "
               "de vos chiffres, je les juge selon des règles sourcées, je les explique, je choisis des KPI et "
               "j'amorce un plan. Pour les questions ouvertes, connectez un LLM : définissez `KPI_LLM_BASE_URL` "
               "(tout serveur compatible OpenAI, p. ex. Ollama) ou `OPENAI_API_KEY`."),
}
LEVELS = {"good": ("good", "bon"), "watch": ("watch", "à surveiller"), "alert": ("alert", "alerte")}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str, **kw: Any) -> str:
    """An (English, French) template of `table` in the user's language, filled in (each offline module keeps its own
    words in such a table)."""
    en, fr = table[key]
    return (fr if lang == "fr" else en).format(**kw)


def t(key: str, lang: str, **kw: Any) -> str:
    """A template of this module's table in the user's language, filled in."""
    return pick(TEXTS, key, lang, **kw)


def first_sentences(text: str, limit: int = 320) -> str:
    """The opening of a knowledge entry, cut at a sentence end, for a short pitfall line."""
    flat = re.sub(r"\s+", " ", re.sub(r"[*#]", "", text)).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    end = max(cut.rfind(". "), cut.rfind(" ; "), cut.rfind("; "))
    out = cut[:end + 1] if end > 80 else cut.rsplit(" ", 1)[0] + " …"
    return re.sub(r"\s\d{1,2}\.$", "", out.strip()).strip()  # no dangling list marker ("… 2.")


@dataclass
class Turn:
    """One answer being built: text blocks, tool calls and cited entries."""

    lang: str
    blocks: list[str] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    reading: ReadBack | None = None

    def say(self, text: str) -> None:
        """Add a paragraph."""
        if text:
            self.blocks.append(text)

    def cite(self, hit: Hit) -> int:
        """Record a knowledge entry as a source; its 1-based number for a [n] marker."""
        for i, s in enumerate(self.sources, 1):
            if s.id == hit.id:
                return i
        self.sources.append(SourceRef(id=hit.id, title=hit.title, source=hit.source))
        return len(self.sources)

    def record(self, result: KpiResult) -> None:
        """Record a tool run (the `kpi calc --json` shape as its result)."""
        self.tool_calls.append(ToolCall(name=result.tool, arguments=dict(result.inputs), result=result.contract()))

    def reply(self) -> Reply:
        """The finished reply, with the cited entries listed at the end."""
        blocks = list(self.blocks)
        if self.sources:
            lines = [f"[{i}] {s.title} — {source_text(s.source, self.lang)}" for i, s in enumerate(self.sources, 1)]
            blocks.append(f"_{t('sources', self.lang)}_\n" + "\n".join(f"- {line}" for line in lines))
        return Reply(answer="\n\n".join(blocks), language=self.lang, engine="offline", tool_calls=self.tool_calls,
                     sources=self.sources, notices=self.notices, reading=self.reading)


def verdict_text(result: KpiResult, lang: str) -> str:
    """The verdict line with its rule's source, or '' when no rule applied."""
    v = result.verdict
    if v is None:
        return ""
    level = LEVELS[v.level][1 if lang == "fr" else 0]
    return t("verdict", lang, level=level, why=french_numbers(v.why.get(lang), lang),
             source=source_text(v.source, lang))


def french_numbers(text: str, lang: str) -> str:
    """Decimal commas in a French sentence built by a tool ('2.5:1' -> '2,5:1'); English text unchanged."""
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text) if lang == "fr" else text


_FORMULA_WORDS = {"months": "mois", "month": "mois", "days": "jours", "day": "jour", "per day": "par jour",
                  "undefined": "non défini", "per month": "par mois", "behaviour": "comportement"}


def formula_text(result: KpiResult, lang: str) -> str:
    """The tool's formula with its numbers, in the reader's language: a French name and decimal commas in French."""
    if result.tool == "solve_for":  # 'CAC(new customers = 120) = 50'; '= ?' when no value reaches the target
        spec = get_tool(result.inputs["tool"])
        short = spec.title(lang).split(" (")[-1].rstrip(")") if "(" in spec.title(lang) else ""
        label = short if re.fullmatch(r"[A-Z][A-Z:/ -]*", short) else spec.title(lang)  # 'CAC', not '(attrition)'
        found = number_text(result.value, lang) if result.value is not None else "?"
        none = "" if result.value is not None else (" : aucune solution" if lang == "fr" else ": no solution")
        return (f"{label}({spec.field_title(result.inputs['field'], lang).lower()} = "
                f"{found}) = {number_text(result.inputs['target'], lang)}{none}")
    formula = result.formula
    if lang != "fr":
        return formula
    label, sep, rest = formula.partition(" = ")
    if sep and not re.fullmatch(r"[A-Z:→ >/-]+", label):  # an acronym (CAC, CLV:CAC) reads the same in French
        names = get_tool(result.tool).kpi.names.fr
        label = (names[0][:1].upper() + names[0][1:]) if names else label
    body = re.sub(r"(?<=\d)\.(?=\d)", ",", rest if sep else formula)
    for en, fr in _FORMULA_WORDS.items():
        body = re.sub(rf"\b{en}\b", fr, body)
    return f"{label}{sep}{body}" if sep else body


def result_text(result: KpiResult, lang: str, title: str | None = None) -> str:
    """Value with unit, the formula with the numbers, conventions and warnings of one tool result."""
    spec = get_tool(result.tool)
    lines = [f"**{title or spec.title(lang)} : {value_text(result.value, result.unit, lang)}**" if lang == "fr"
             else f"**{title or spec.title(lang)}: {value_text(result.value, result.unit, lang)}**"]
    if result.tool != "kpi_health":  # a value the user gave is judged, not computed: no formula to show
        lines.append(f"`{formula_text(result, lang)}`")
    lines += [f"_{french_numbers(c.get(lang), lang)}_" for c in result.convention]
    lines += [f"⚠️ {french_numbers(w.get(lang), lang)}" for w in result.warnings]
    return "\n".join(lines)


def plain_sentences(text: str, limit: int = 300) -> str:
    """The entry's opening sentences that hold no figure: an example's numbers must never pass for the user's."""
    flat = re.sub(r"\s+", " ", re.sub(r"[*#]", "", text)).strip()
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+|\s+-\s+", flat):
        if re.search(r"\d", sentence) or len(sentence) < 12:
            continue
        if sum(len(s) for s in kept) + len(sentence) > limit and kept:
            break
        kept.append(sentence)
    return " ".join(kept)


def pitfall_lines(turn: Turn, hits: list[Hit], limit: int = 1) -> str:
    """One pitfall or tip from the knowledge base, with its [n] citation and no example figures."""
    lines = []
    for hit in hits[:limit]:
        text = plain_sentences(hit.text)
        if not text:
            continue
        n = turn.cite(hit)
        lines.append(f"- **{hit.title}** : {text} [{n}]" if turn.lang == "fr" else f"- **{hit.title}**: {text} [{n}]")
    if not lines:
        return ""
    return t("pitfalls", turn.lang) + "\n" + "\n".join(lines)


def field_list(tool_id: str, fields: list[str], lang: str) -> str:
    """'New customers (new_customers)' items joined in the user's language."""
    spec = get_tool(tool_id)
    names = [f"**{spec.field_title(f, lang)}**" for f in fields]
    if len(names) == 1:
        return names[0]
    joiner = " et " if lang == "fr" else " and "
    return ", ".join(names[:-1]) + joiner + names[-1]
