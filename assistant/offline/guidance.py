"""Handlers that answer from the knowledge base: choose KPIs, start a plan, guidance, greeting, decline."""

from __future__ import annotations

import re

from assistant.offline.compose import first_sentences, t
from assistant.offline.context import Ctx
from assistant.offline.selection import STAGES, Situation, choose_kpis, read_situation
from tools.registry import get_tool

TEXTS = {
    "hello": ("Hello! I am the KPI assistant, running **offline** (rules and a curated knowledge base, no LLM). "
              "I can:\n- compute a KPI from your figures (CAC, conversion rate, CLV, ROI, retention, CPL…);\n"
              "- judge it against sourced rules (“is my CAC healthy?”);\n- explain a KPI or a concept;\n"
              "- run a what-if or find the value that hits a target;\n- choose a short set of KPIs for your situation "
              "and start a KPI plan.",
              "Bonjour ! Je suis l'assistant KPI, en mode **hors ligne** (règles et base de connaissances, sans "
              "LLM). Je peux :\n- calculer un KPI à partir de vos chiffres (CAC, taux de conversion, CLV, ROI, "
              "rétention, CPL…) ;\n- le juger selon des règles sourcées (« mon CAC est-il bon ? ») ;\n- expliquer "
              "un KPI ou une notion ;\n- simuler un « et si » ou trouver la valeur qui atteint une cible ;\n- "
              "choisir un petit jeu de KPI adapté à votre situation et amorcer un plan KPI."),
    "welcome": ("You're welcome! Ask me another KPI question whenever you like.",
                "Avec plaisir ! Posez-moi une autre question sur vos KPI quand vous voulez."),
    "decline": ("That is outside what I do: I am a marketing KPI assistant, so I will not answer that one. Ask me "
                "about your acquisition cost, conversion, customer value, retention, ROI, or which KPIs to track.",
                "Cela sort de mon domaine : je suis un assistant KPI marketing, je ne répondrai donc pas à cette "
                "question. Interrogez-moi sur votre coût d'acquisition, votre conversion, la valeur client, la "
                "rétention, le ROI, ou les KPI à suivre."),
    "cannot_write": ("Writing content (posts, emails, ads) is beyond what I can do offline: I do not generate text. "
                     "I can measure it once it runs (open, click, engagement and conversion rates).",
                     "Rédiger du contenu (posts, e-mails, publicités) dépasse ce que je sais faire hors ligne : je ne "
                     "génère pas de texte. Je peux en mesurer l'effet une fois diffusé (taux d'ouverture, de clic, "
                     "d'engagement, de conversion)."),
    "nothing_found": ("I found nothing on that in the knowledge base.",
                      "Je n'ai rien trouvé à ce sujet dans la base de connaissances."),
    "select_intro": ("A short set of KPIs for your situation ({situation}), covering the funnel from awareness to "
                     "loyalty:", "Un petit jeu de KPI pour votre situation ({situation}), couvrant le parcours de la "
                     "découverte à la fidélisation :"),
    "select_missing": ("Tell me your objective (growth, profitability, retention, awareness), B2B or B2C, how mature "
                       "the business is and whether you have a CRM, and I will refine the choice.",
                       "Précisez votre objectif (croissance, rentabilité, fidélisation, notoriété), B2B ou B2C, la "
                       "maturité de l'activité et si vous avez un CRM, et j'affinerai le choix."),
    "select_next": ("Ask me to compute any of them from your figures; the **KPI plan** tab turns this set into a "
                    "plan with targets and owners.",
                    "Demandez-moi d'en calculer un à partir de vos chiffres ; l'onglet **Plan KPI** transforme ce jeu "
                    "en plan avec cibles et responsables."),
    "plan_intro": ("**Starting your KPI plan** ({situation})", "**Amorce de votre plan KPI** ({situation})"),
    "plan_steps": ("- **Objective**: write it SMART (specific, measurable, achievable, relevant, time-bound).\n"
                   "- **KPIs**: {kpis}.\n- **Actions**: one row per action — activity · objective · KPI · target · "
                   "status; set each target from your own baseline.\n- **Review**: check the KPIs on a fixed "
                   "cadence and move budget to what works.",
                   "- **Objectif** : formulez-le SMART (spécifique, mesurable, atteignable, réaliste, temporellement "
                   "défini).\n- **KPI** : {kpis}.\n- **Actions** : une ligne par action — activité · objectif · KPI · "
                   "cible · statut ; fixez chaque cible à partir de votre propre point de départ.\n- **Revue** : "
                   "suivez les KPI à intervalle fixe et réallouez le budget vers ce qui marche."),
    "plan_next": ("Open the **KPI plan** tab to fill in the action table, set the targets and export it.",
                  "Ouvrez l'onglet **Plan KPI** pour remplir le tableau d'actions, fixer les cibles et l'exporter."),
}
_STAGE_NAMES = {"awareness": ("awareness", "découverte"), "consideration": ("consideration", "considération"),
                "conversion": ("conversion", "conversion"), "loyalty": ("loyalty", "fidélisation")}
_OBJ = {"growth": ("growth", "croissance"), "profitability": ("profitability", "rentabilité"),
        "retention": ("retention", "fidélisation"), "awareness": ("awareness", "notoriété")}
_MAT = {"starting": ("starting out", "démarrage"), "established": ("established", "établie"),
        "advanced": ("advanced", "avancée")}


def _tx(key: str, lang: str, **kw) -> str:
    en, fr = TEXTS[key]
    return (fr if lang == "fr" else en).format(**kw)


def greeting(ctx: Ctx) -> None:
    """What the offline engine can do; a short 'you're welcome' to a thank-you (not the whole menu again)."""
    if ctx.a.has("thanks") and ctx.mem.last_intent is not None:
        ctx.turn.say(_tx("welcome", ctx.lang))
        return
    ctx.turn.say(_tx("hello", ctx.lang))
    ctx.turn.say(t("limits", ctx.lang))


def out_of_scope(ctx: Ctx) -> None:
    """Politely decline anything that is not about marketing KPIs."""
    ctx.turn.say(_tx("decline", ctx.lang))


def _situation_text(s: Situation, lang: str) -> str:
    i = 1 if lang == "fr" else 0
    parts = []
    if s.objective:
        parts.append(_OBJ[s.objective][i])
    if s.segment:
        parts.append(s.segment)
    if s.maturity:
        parts.append(_MAT[s.maturity][i])
    if s.crm is not None:
        parts.append(("avec CRM" if s.crm else "sans CRM") if lang == "fr" else ("with a CRM" if s.crm else "no CRM"))
    return " · ".join(parts) or ("situation non précisée" if lang == "fr" else "situation not specified")


def _asked_count(ctx: Ctx) -> int | None:
    """'What 5 KPIs…' -> 5, kept within the 3-7 a small team can follow; None when no count is asked."""
    m = re.search(r"#(\d+) (?:kpis?|indicateurs?|metriques?|metrics?|indicators?)", ctx.a.norm)
    if not m:
        return None
    n = ctx.a.nums[int(m.group(1))].value
    return int(n) if n.is_integer() and 3 <= n <= 7 else None


def select(ctx: Ctx) -> list[str]:
    """A deterministic 5-7 KPI choice for the user's situation, one line per KPI with its stage and why."""
    s = read_situation(ctx.a.norm)
    chosen, used = choose_kpis(ctx.search, s, ctx.lang, _asked_count(ctx))
    if not chosen:
        ctx.turn.say(_tx("nothing_found", ctx.lang))
        return []
    ctx.turn.say(_tx("select_intro", ctx.lang, situation=_situation_text(s, ctx.lang)))
    i = 1 if ctx.lang == "fr" else 0
    lines = []
    for kpi, stage in chosen:
        spec = get_tool(kpi)
        lines.append(f"- **{spec.title(ctx.lang)}** ({_STAGE_NAMES[stage][i]}) — {spec.description(ctx.lang)}")
    ctx.turn.say("\n".join(lines))
    for hit in used[:3]:
        ctx.turn.cite(hit)
    if s.objective is None or s.segment is None:
        ctx.turn.say(_tx("select_missing", ctx.lang))
    return [k for k, _ in chosen]


def plan(ctx: Ctx) -> None:
    """The skeleton of a KPI plan: SMART objective, the chosen KPIs, the action table, the review cadence."""
    s = read_situation(ctx.a.norm)
    chosen, used = choose_kpis(ctx.search, s, ctx.lang)
    ctx.turn.say(_tx("plan_intro", ctx.lang, situation=_situation_text(s, ctx.lang)))
    names = ", ".join(get_tool(k).title(ctx.lang) for k, _ in chosen) or "—"
    ctx.turn.say(_tx("plan_steps", ctx.lang, kpis=names))
    for hit in ctx.search(ctx.a.question + " KPI-driven action plan", k=2, kind="method"):
        n = ctx.turn.cite(hit)
        ctx.turn.say(f"- _{hit.title}_: {first_sentences(hit.text, 260)} [{n}]")
    for hit in used[:2]:
        ctx.turn.cite(hit)
    if s.objective is None:
        ctx.turn.say(_tx("select_missing", ctx.lang))
    ctx.turn.say(_tx("plan_next", ctx.lang))


def guidance(ctx: Ctx) -> None:
    """General advice: the closest knowledge entries, cited, and what an LLM would add."""
    if ctx.a.has("write"):  # writing content is an LLM's job: say so instead of quoting unrelated entries
        ctx.turn.say(_tx("cannot_write", ctx.lang))
        ctx.turn.say(t("limits", ctx.lang))
        return
    kpi = ctx.a.kpis[0] if ctx.a.kpis else None
    hits = ctx.search(ctx.a.question, k=2, kpi=kpi) if kpi else ctx.search(ctx.a.question, k=2)
    if not hits:
        ctx.turn.say(_tx("nothing_found", ctx.lang))
    for hit in hits:
        n = ctx.turn.cite(hit)
        ctx.turn.say(f"**{hit.title}** — {first_sentences(hit.text, 500)} [{n}]")
    ctx.turn.say(t("limits", ctx.lang))


__all__ = ["STAGES", "greeting", "guidance", "out_of_scope", "plan", "select"]
