"""Handlers that answer from the knowledge base: choose KPIs, start a plan, guidance, greeting, decline."""

from __future__ import annotations

import re
from functools import partial

from assistant.offline.compose import first_sentences, pick, t
from assistant.offline.context import Ctx
from assistant.offline.selection import STAGES, read_situation, used_entries
from assistant.selection import choose
from assistant.selection.explain import data_notes, selection_answer, situation_text
from knowledge.language import normalize

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
    "select_missing": ("Tell me your objective (growth, profitability, retention, awareness), your business model "
                       "and whether you have a CRM, and I will refine the choice.",
                       "Précisez votre objectif (croissance, rentabilité, fidélisation, notoriété), votre modèle "
                       "d'activité et si vous avez un CRM, et j'affinerai le choix."),
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


_tx = partial(pick, TEXTS)  # a template of this module's table in the user's language, filled in


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


def _asked_count(ctx: Ctx) -> int | None:
    """'What 5 KPIs…' -> 5, kept within the 3-7 a small team can follow; None when no count is asked."""
    m = re.search(r"#(\d+) (?:kpis?|indicateurs?|metriques?|metrics?|indicators?)", ctx.a.norm)
    if not m:
        return None
    n = ctx.a.nums[int(m.group(1))].value
    return int(n) if n.is_integer() and 3 <= n <= 7 else None


def select(ctx: Ctx) -> list[str]:
    """5-7 KPIs for the user's business (the same choice as the plan wizard), one cited line per KPI on why it
    matters for this business, then what is left out for lack of data and what to tell to refine it."""
    sel = choose(read_situation(normalize(ctx.a.question)), _asked_count(ctx))
    if not sel.picks:
        ctx.turn.say(_tx("nothing_found", ctx.lang))
        return []
    for block in selection_answer(sel, ctx.lang).render(ctx.turn.cite):
        ctx.turn.say(block)
    return sel.ids


def plan(ctx: Ctx) -> None:
    """The skeleton of a KPI plan: SMART objective, the chosen KPIs, the action table, the review cadence."""
    s = read_situation(normalize(ctx.a.question))
    sel = choose(s)
    used = used_entries(sel, ctx.lang)
    ctx.turn.say(_tx("plan_intro", ctx.lang, situation=situation_text(sel.profile, ctx.lang)))
    names = ", ".join(pk.kpi.title.get(ctx.lang) for pk in sel.picks) or "—"
    ctx.turn.say(_tx("plan_steps", ctx.lang, kpis=names))
    for note in data_notes(sel):
        ctx.turn.say(note.get(ctx.lang))
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
