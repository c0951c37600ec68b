"""What a selection says, in French and English: why each KPI fits this business, what is left out for lack of
data (what a CRM would add), the channels without a KPI of their own and why, and the chat's answer."""

from __future__ import annotations

from assistant.selection.answer import Answer, entry_title
from assistant.selection.choose import Pick, Selection
from assistant.selection.kpis import Kpi, universe
from assistant.selection.profile import Profile, rules
from tools.base import Text

STAGE_NAMES = {"awareness": Text(en="awareness", fr="découverte"),
               "consideration": Text(en="consideration", fr="considération"),
               "conversion": Text(en="conversion", fr="conversion"), "loyalty": Text(en="loyalty", fr="fidélisation")}
CRM_ADDS_AT_MOST = 4
# A KPI left out for missing data is worth mentioning when the business model or the objective wanted it.
WORTH_MENTIONING = 6  # points: a fit weight of 2 for the business model, or the objective's priority


def _title(section: str, key: str, lang: str) -> str:
    return rules()[section][key]["title"]["fr" if lang == "fr" else "en"]


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'et' if lang == 'fr' else 'and'} {items[-1]}"


def situation_text(p: Profile, lang: str) -> str:
    """'restaurant · B2C · growth · no CRM · channels: Social media' — what the selection was told."""
    parts = []
    if p.model:
        parts.append(_title("models", p.model, lang))
    if p.segment and not any(p.segment in part for part in parts):  # 'B2B industry' already says B2B
        parts.append(p.segment)
    if p.offer == "subscription" and p.model != "saas":
        parts.append("abonnement" if lang == "fr" else "subscription")
    if p.objective:
        parts.append(("objectif " if lang == "fr" else "objective: ") + _title("objectives", p.objective, lang))
    if p.maturity:
        parts.append(("maturité " if lang == "fr" else "maturity: ") + _title("maturity", p.maturity, lang))
    if p.crm is not None:
        parts.append(("avec CRM" if p.crm else "sans CRM") if lang == "fr" else ("with a CRM" if p.crm else "no CRM"))
    if p.channels:
        names = [_title("channels", c, lang) for c in p.channels]
        parts.append(("canaux : " if lang == "fr" else "channels: ") + ", ".join(names))
    return " · ".join(parts) or ("situation non précisée" if lang == "fr" else "situation not specified")


def why(pick: Pick, p: Profile) -> Text:
    """The one line on why this KPI matters for this business (its model's line, else the general one)."""
    return pick.kpi.why(p.business)


def cited_why(pick: Pick, p: Profile) -> Text:
    """The why line followed by its source: the knowledge entry behind the KPI."""
    line = why(pick, p)
    return Text(en=f"{line.en} (source: {entry_title(pick.kpi.entry, 'en')})",
                fr=f"{line.fr} (source : {entry_title(pick.kpi.entry, 'fr')})")


def reasons(pick: Pick, p: Profile) -> list[Text]:
    """What else put the KPI in the list: the objective, an active channel, the maturity, the user's request."""
    out: list[Text] = []
    if "asked" in pick.because:
        out.append(Text(en="You asked for it.", fr="Vous l'avez demandé."))
    if "objective" in pick.because and p.objective:
        entry = rules()["objectives"][p.objective]["entry"]
        out.append(Text(
            en=f"A priority for your {_title('objectives', p.objective, 'en')} objective ({entry_title(entry, 'en')}).",
            fr=f"Une priorité pour votre objectif de {_title('objectives', p.objective, 'fr')} "
               f"({entry_title(entry, 'fr')})."))
    if "segment" in pick.because and p.segment == "B2B":
        entry = rules()["segments"]["B2B"]["entry"]
        out.append(Text(en=f"B2B: links marketing to the sales pipeline ({entry_title(entry, 'en')}).",
                        fr=f"B2B : relie le marketing au pipeline commercial ({entry_title(entry, 'fr')})."))
    if "offer" in pick.because and p.offer == "subscription":
        out.append(Text(en="Subscription: read through churn, what you lose each month.",
                        fr="Abonnement : se lit par le churn, ce que vous perdez chaque mois."))
    channels = [b.split(":", 1)[1] for b in pick.because if b.startswith("channel:")]
    if channels:
        en = _join([_title("channels", c, "en") for c in channels], "en")
        fr = _join([_title("channels", c, "fr") for c in channels], "fr")
        out.append(Text(en=f"Main measure of your {en} channel{'s' if len(channels) > 1 else ''}.",
                        fr=f"Mesure principale de vos canaux {fr}." if len(channels) > 1 else
                        f"Mesure principale de votre canal {fr}."))
    if "maturity" in pick.because and p.maturity:
        entry = rules()["maturity"][p.maturity]["entry"]
        out.append(Text(en=f"Fits a {_title('maturity', p.maturity, 'en')} maturity ({entry_title(entry, 'en')}).",
                        fr=f"Adapté à une maturité {_title('maturity', p.maturity, 'fr')} "
                           f"({entry_title(entry, 'fr')})."))
    if pick.because == ("coverage",):
        stage = STAGE_NAMES[pick.stage]
        out.append(Text(en=f"Covers the {stage.en} stage: 5–7 KPIs should span the customer journey (article 002).",
                        fr=f"Couvre l'étape {stage.fr} : 5 à 7 KPI doivent couvrir tout le parcours client "
                           "(article 002)."))
    return out


def _need_title(need: str, lang: str) -> str:
    return rules()["needs"][need]["title"]["fr" if lang == "fr" else "en"]


def data_notes(sel: Selection) -> list[Text]:
    """What is left out for missing data: what a CRM would add, and the other sources the user lacks."""
    worth = [lo for lo in sel.left_out if lo.score >= WORTH_MENTIONING]
    out: list[Text] = []
    crm = [lo.kpi.title for lo in worth if "crm" in lo.missing][:CRM_ADDS_AT_MOST]
    if crm:
        out.append(Text(
            en="Without a CRM, this list keeps to what you can measure today (sales records, web analytics, ad and "
               f"email tools). A CRM (HubSpot, Pipedrive, Salesforce…) would add: {_join([t.en for t in crm], 'en')}.",
            fr="Sans CRM, cette liste s'en tient à ce que vous pouvez mesurer aujourd'hui (registre des ventes, "
               "analytics web, outils publicitaires et d'e-mailing). Un CRM (HubSpot, Pipedrive, Salesforce…) "
               f"ajouterait : {_join([t.fr for t in crm], 'fr')}."))
    for need in ("analytics", "automation", "sales_records"):
        titles = [lo.kpi.title for lo in worth if need in lo.missing and "crm" not in lo.missing]
        if titles:
            out.append(Text(
                en=f"Without {_need_title(need, 'en')}: {_join([t.en for t in titles], 'en')} left out; add "
                   f"{'them' if len(titles) > 1 else 'it'} once the data exists.",
                fr=f"Sans {_need_title(need, 'fr')} : {_join([t.fr for t in titles], 'fr')} "
                   f"{'écartés ; ajoutez-les' if len(titles) > 1 else 'écarté ; ajoutez-le'} quand la donnée "
                   "existera."))
    return out


def _channel_kpis(ch: str) -> list[Kpi]:
    skip = set(rules()["not_proposed"])
    return [k for k in universe().values() if ch in k.decl.channels and not k.decl.vanity and k.id not in skip]


def channel_notes(sel: Selection, chosen_ids: list[str] | None = None) -> list[Text]:
    """For each active channel that no chosen KPI measures, why not (and what would measure it). `chosen_ids`: the
    KPIs actually kept (after a swap), the selection's own by default."""
    out = []
    chosen = set(sel.ids if chosen_ids is None else chosen_ids)
    for ch in sel.profile.channels:
        kpis = _channel_kpis(ch)
        if any(k.id in chosen for k in kpis):
            continue
        name = Text(en=_title("channels", ch, "en"), fr=_title("channels", ch, "fr"))
        ranked = [pk for pk in sel.ranked if pk.id in {k.id for k in kpis} and pk.id not in chosen]
        if ranked:
            best = ranked[0].kpi.title
            out.append(Text(
                en=f"Channel {name.en}: no KPI of its own in this list — its main measure, {best.en}, ranked below "
                   "the ones chosen here. Swap it in if this channel takes a real share of your budget or "
                   "time.",
                fr=f"Canal {name.fr} : pas de KPI dédié dans cette liste — sa mesure principale, {best.fr}, arrive "
                   "après ceux retenus ici. Échangez-la si ce canal prend une vraie part de votre "
                   "budget ou de votre temps."))
            continue
        missing = sorted({n for lo in sel.left_out if lo.kpi.id in {k.id for k in kpis} for n in lo.missing})
        lacks = Text(en=f" (they need {_join([_need_title(n, 'en') for n in missing], 'en')})" if missing else "",
                     fr=f" (il faut {_join([_need_title(n, 'fr') for n in missing], 'fr')})" if missing else "")
        titles = [k.title for k in kpis] or [Text(en="none", fr="aucun")]
        out.append(Text(
            en=f"Channel {name.en}: its KPIs ({_join([t.en for t in titles], 'en')}) cannot be proposed here"
               f"{lacks.en}; judge the channel by the conversion and cost KPIs above, tagging its traffic and leads "
               "with their source.",
            fr=f"Canal {name.fr} : ses KPI ({_join([t.fr for t in titles], 'fr')}) ne peuvent pas être proposés ici"
               f"{lacks.fr} ; jugez le canal avec les KPI de conversion et de coût ci-dessus, en marquant la source "
               "de son trafic et de ses leads."))
    return out


def vanity_note(sel: Selection) -> Text | None:
    """Vanity metrics: kept as context when asked for, otherwise said to be left out on purpose where tempting."""
    asked = [pk.kpi.title for pk in sel.picks if pk.kpi.decl.vanity]
    if len(asked) == 1:
        return Text(en=f"{asked[0].en} is a vanity metric: kept because you asked for it, as context next to the KPIs "
                       "— not as a priority.",
                    fr=f"{asked[0].fr} : une métrique de vanité, gardée parce que vous l'avez demandée, comme "
                       "contexte à côté des KPI — pas comme priorité.")
    if asked:
        return Text(en=f"{_join([t.en for t in asked], 'en')} are vanity metrics: kept because you asked for them, as "
                       "context next to the KPIs — not as priorities.",
                    fr=f"{_join([t.fr for t in asked], 'fr')} : des métriques de vanité, gardées parce que vous les "
                       "avez demandées, comme contexte à côté des KPI — pas comme priorités.")
    p = sel.profile
    if p.objective == "awareness" or "social" in p.channels or "influence" in p.channels:
        vanity = [k.title for k in universe().values() if k.decl.vanity]
        return Text(en=f"Left out on purpose: {_join([t.en.lower() for t in vanity], 'en')} — vanity metrics that can "
                       "climb while sales stay flat.",
                    fr=f"Écartés volontairement : {_join([t.fr.lower() for t in vanity], 'fr')} — des métriques de "
                       "vanité qui peuvent grimper pendant que les ventes stagnent.")
    return None


_ASK = {
    "model": ("your business model (online shop, SaaS, services, local shop or restaurant, B2B industry…)",
              "votre modèle d'activité (boutique en ligne, SaaS, services, commerce de proximité ou restaurant, "
              "industrie B2B…)"),
    "objective": ("your objective (growth, profitability, retention, awareness)",
                  "votre objectif (croissance, rentabilité, fidélisation, notoriété)"),
    "maturity": ("how long you have been at it", "depuis quand vous êtes lancé"),
    "crm": ("whether you have a CRM", "si vous avez un CRM"),
    "channels": ("your active channels", "vos canaux actifs"),
}


def missing_prompt(p: Profile, lang: str) -> str:
    """'Tell me …, and I will refine the list.' for the first three things the user did not say ('' if none)."""
    unknown = [k for k, v in (("model", p.model), ("objective", p.objective), ("maturity", p.maturity),
                              ("crm", p.crm), ("channels", p.channels or None)) if v is None][:3]
    if not unknown:
        return ""
    i = 1 if lang == "fr" else 0
    asks = _join([_ASK[k][i] for k in unknown], lang)
    return f"Précisez {asks}, et j'affinerai la liste." if lang == "fr" else \
        f"Tell me {asks}, and I will refine the list."


def selection_answer(sel: Selection, lang: str) -> Answer:
    """The chat's answer: the list with one cited line per KPI, the data, channel and vanity notes, what to add."""
    a = Answer()
    p = sel.profile
    mark = a.cite(rules()["models"][p.business]["entry"], lang)
    a.say((f"Un petit jeu de KPI pour votre situation ({situation_text(p, lang)}){mark}, couvrant le parcours de la "
           "découverte à la fidélisation :") if lang == "fr" else
          (f"A short set of KPIs for your situation ({situation_text(p, lang)}){mark}, covering the funnel from "
           "awareness to loyalty:"))
    lines = [f"- **{pk.kpi.title.get(lang)}** ({STAGE_NAMES[pk.stage].get(lang)}) — {why(pk, p).get(lang)}"
             f"{a.cite(pk.kpi.entry, lang)}" for pk in sel.picks]
    a.say("\n".join(lines))
    if p.objective:
        obj = rules()["objectives"][p.objective]
        firsts = [pk.kpi.title.get(lang) for pk in sel.picks if obj["kpis"].get(pk.id, 0) >= 2]
        if firsts:
            a.say((f"Votre objectif de {_title('objectives', p.objective, 'fr')} met en tête : "
                   if lang == "fr" else f"Your {_title('objectives', p.objective, 'en')} objective puts first: ")
                  + _join(firsts, lang) + "." + a.cite(obj["entry"], lang))
    notes = data_notes(sel)
    if notes:
        a.say(" ".join(n.get(lang) for n in notes) + a.cite("select-by-available-data", lang))
    for note in channel_notes(sel):
        a.say(note.get(lang))
    vanity = vanity_note(sel)
    if vanity:
        a.say(vanity.get(lang) + a.cite("concept-vanity-metrics", lang))
    a.say(missing_prompt(p, lang))
    return a
