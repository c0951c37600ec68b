"""The KPIs a plan can propose: funnel stage, formula, data source and data needs, in both languages.

Most entries are registry calculators (same id); a few channel metrics of article 004 (organic traffic, average
position, reach, time on page, downloads) and the lead volume of article 003 have no calculator: they are read
directly in the analytics or platform tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tools.base import Text

Stage = Literal["awareness", "consideration", "conversion", "loyalty"]
STAGES: tuple[Stage, ...] = ("awareness", "consideration", "conversion", "loyalty")
STAGE_TITLES: dict[str, Text] = {
    "awareness": Text(en="Awareness", fr="Découverte"),
    "consideration": Text(en="Consideration", fr="Considération"),
    "conversion": Text(en="Conversion", fr="Conversion"),
    "loyalty": Text(en="Loyalty", fr="Fidélisation"),
}

# Data a KPI needs: web analytics, a CRM, marketing automation. Checked against the wizard's answers.
Need = Literal["analytics", "crm", "automation"]

GA = Text(en="Web analytics (Google Analytics 4 / Matomo)", fr="Analytics web (Google Analytics 4 / Matomo)")
ADS = Text(en="Ad platforms (Google Ads, Meta Ads, LinkedIn Campaign Manager)",
           fr="Régies publicitaires (Google Ads, Meta Ads, LinkedIn Campaign Manager)")
CRM = Text(en="CRM (HubSpot, Salesforce, Pipedrive…)", fr="CRM (HubSpot, Salesforce, Pipedrive…)")
EMAIL = Text(en="Email tool (Mailchimp, Brevo, HubSpot…)", fr="Outil d'emailing (Mailchimp, Brevo, HubSpot…)")
SOCIAL = Text(en="Social platforms' insights (Meta, LinkedIn, TikTok…)",
              fr="Statistiques des réseaux sociaux (Meta, LinkedIn, TikTok…)")
SALES = Text(en="Accounting / sales records + spend", fr="Comptabilité / registre des ventes + dépenses")


@dataclass(frozen=True)
class KpiDef:
    """One KPI a plan can hold."""

    id: str
    title: Text
    stage: Stage
    formula: Text
    source: Text
    tool: str | None = None
    needs: tuple[Need, ...] = ()


def _k(id_: str, en: str, fr: str, stage: Stage, f_en: str, f_fr: str, source: Text, tool: bool = True,
       needs: tuple[Need, ...] = ()) -> KpiDef:
    return KpiDef(id_, Text(en=en, fr=fr), stage, Text(en=f_en, fr=f_fr), source, id_ if tool else None, needs)


_DEFS = [
    _k("organic_traffic", "Organic traffic", "Trafic organique", "awareness",
       "Visits from search engines over the period", "Visites issues des moteurs de recherche sur la période",
       Text(en="Web analytics + Google Search Console", fr="Analytics web + Google Search Console"), False,
       ("analytics",)),
    _k("average_position", "Average search position", "Position moyenne", "awareness",
       "Mean ranking of your pages on the tracked keywords", "Classement moyen de vos pages sur les mots-clés suivis",
       Text(en="Google Search Console", fr="Google Search Console"), False),
    _k("social_reach", "Reach", "Portée (reach)", "awareness",
       "Distinct people who saw your posts", "Personnes distinctes ayant vu vos publications", SOCIAL, False),
    _k("cost_per_mille", "Cost per thousand impressions (CPM)", "Coût pour mille impressions (CPM)", "awareness",
       "CPM = ad spend / impressions × 1 000", "CPM = dépenses publicitaires / impressions × 1 000", ADS),
    _k("click_through_rate", "Click-through rate (CTR)", "Taux de clic (CTR)", "consideration",
       "CTR = clicks / impressions × 100", "CTR = clics / impressions × 100", ADS),
    _k("cost_per_click", "Cost per click (CPC)", "Coût par clic (CPC)", "consideration",
       "CPC = ad spend / clicks", "CPC = dépenses publicitaires / clics", ADS),
    _k("social_engagement_rate", "Social engagement rate", "Taux d'engagement social", "consideration",
       "(likes + comments + shares) / reach × 100", "(j'aime + commentaires + partages) / portée × 100", SOCIAL),
    _k("email_open_rate", "Email open rate", "Taux d'ouverture des emails", "consideration",
       "Opens / delivered × 100", "Ouvertures / emails délivrés × 100", EMAIL),
    _k("email_click_rate", "Email click rate (CTR)", "Taux de clic des emails (CTR)", "consideration",
       "Clicks / delivered × 100", "Clics / emails délivrés × 100", EMAIL),
    _k("time_on_page", "Average time on page", "Temps moyen par page", "consideration",
       "Total engaged time / page views", "Temps d'engagement total / pages vues", GA, False, ("analytics",)),
    _k("content_downloads", "Content downloads", "Téléchargements de contenus", "consideration",
       "Number of downloads of guides, white papers, tools",
       "Nombre de téléchargements de guides, livres blancs, outils",
       Text(en="Web analytics or marketing automation (forms)",
            fr="Analytics web ou marketing automation (formulaires)"), False),
    _k("lead_volume", "Lead volume", "Volume de leads", "conversion",
       "Number of leads (forms, demo requests, sign-ups) over the period",
       "Nombre de leads (formulaires, demandes de démo, inscriptions) sur la période",
       Text(en="Forms / CRM / spreadsheet of requests", fr="Formulaires / CRM / tableur des demandes"), False),
    _k("cost_per_lead", "Cost per lead (CPL)", "Coût par lead (CPL)", "conversion",
       "CPL = marketing spend / leads", "CPL = dépenses marketing / leads", ADS),
    _k("conversion_rate", "Conversion rate", "Taux de conversion", "conversion",
       "Conversions / visitors (or leads) × 100", "Conversions / visiteurs (ou leads) × 100", GA, needs=("analytics",)),
    _k("funnel_conversion", "Conversion rate per funnel stage", "Taux de conversion par étape", "conversion",
       "Stage N+1 / stage N × 100, for each step", "Étape N+1 / étape N × 100, pour chaque étape",
       Text(en="Web analytics + your lead list or CRM", fr="Analytics web + votre liste de leads ou CRM"),
       needs=("analytics",)),
    _k("qualified_lead_rate", "Qualified lead rate", "Taux de leads qualifiés", "conversion",
       "Qualified leads / leads × 100", "Leads qualifiés / leads × 100", CRM, needs=("crm",)),
    _k("mql_to_sql_rate", "MQL → SQL rate", "Taux MQL → SQL", "conversion",
       "SQL / MQL × 100", "SQL / MQL × 100", CRM, needs=("crm",)),
    _k("customer_acquisition_cost", "Customer acquisition cost (CAC)", "Coût d'acquisition client (CAC)",
       "conversion", "CAC = (marketing spend + sales spend) / new customers",
       "CAC = (dépenses marketing + dépenses commerciales) / nouveaux clients", SALES),
    _k("roas", "Return on ad spend (ROAS)", "Retour sur dépenses publicitaires (ROAS)", "conversion",
       "ROAS = revenue from ads / ad spend", "ROAS = chiffre d'affaires des pubs / dépenses publicitaires", ADS),
    _k("marketing_roi", "Marketing ROI", "ROI marketing", "conversion",
       "ROI = (revenue − cost) / cost × 100", "ROI = (revenus − coût) / coût × 100", SALES),
    _k("pipeline_contribution", "Marketing contribution to pipeline", "Contribution marketing au pipeline",
       "conversion", "Influenced opportunities / total pipeline × 100",
       "Opportunités influencées / pipeline total × 100",
       Text(en="CRM with attribution (HubSpot, Salesforce, Bizible…)",
            fr="CRM avec attribution (HubSpot, Salesforce, Bizible…)"), needs=("crm",)),
    _k("sales_velocity", "Sales velocity", "Vélocité des ventes", "conversion",
       "Opportunities × win rate × average deal value / sales cycle (days)",
       "Opportunités × taux de conversion × valeur moyenne / durée du cycle (jours)", CRM, needs=("crm",)),
    _k("average_order_value", "Average order value", "Panier moyen", "conversion",
       "Revenue / orders", "Chiffre d'affaires / commandes",
       Text(en="E-commerce back office / sales records", fr="Back-office e-commerce / registre des ventes")),
    _k("retention_rate", "Retention rate", "Taux de rétention / fidélisation", "loyalty",
       "Returning customers / total customers × 100", "Clients récurrents / clients totaux × 100",
       Text(en="Sales records or CRM", fr="Registre des ventes ou CRM")),
    _k("repeat_purchase_rate", "Repeat purchase rate", "Taux de réachat", "loyalty",
       "Customers with 2+ purchases / customers × 100", "Clients ayant racheté / clients × 100",
       Text(en="CRM / e-commerce back office", fr="CRM / back-office e-commerce")),
    _k("churn_rate", "Churn rate", "Taux d'attrition (churn)", "loyalty",
       "Customers lost / customers at start × 100", "Clients perdus / clients en début de période × 100",
       Text(en="Billing / subscription tool", fr="Outil de facturation / d'abonnement")),
    _k("clv_simple", "Customer lifetime value (CLV)", "Valeur vie client (CLV)", "loyalty",
       "CLV = average basket × purchases per customer", "CLV = panier moyen × nombre d'achats par client",
       CRM, needs=("crm",)),
    _k("clv_b2b", "Customer lifetime value (CLV, B2B)", "Valeur vie client (CLV, B2B)", "loyalty",
       "CLV = average revenue × frequency × lifetime − CAC", "CLV = revenu moyen × fréquence × durée − CAC",
       CRM, needs=("crm",)),
    _k("clv_margin_churn", "Customer lifetime value (CLV, subscription)", "Valeur vie client (CLV, abonnement)",
       "loyalty", "CLV = ARPU × gross margin / churn rate", "CLV = ARPU × marge brute / taux de churn",
       Text(en="CRM + billing tool", fr="CRM + outil de facturation"), needs=("crm",)),
    _k("clv_cac_ratio", "CLV:CAC ratio", "Ratio CLV/CAC", "loyalty",
       "CLV / CAC", "CLV / CAC", CRM, needs=("crm",)),
    _k("cac_payback", "CAC payback period", "Délai de récupération du CAC", "loyalty",
       "CAC / (monthly ARPU × gross margin)", "CAC / (ARPU mensuel × marge brute)",
       Text(en="CRM + billing tool", fr="CRM + outil de facturation"), needs=("crm",)),
]

CATALOG: dict[str, KpiDef] = {d.id: d for d in _DEFS}
NEED_TITLES: dict[str, Text] = {
    "analytics": Text(en="web analytics", fr="un outil d'analytics web"),
    "crm": Text(en="a CRM", fr="un CRM"),
    "automation": Text(en="marketing automation", fr="un outil de marketing automation"),
}


def get_kpi(kpi_id: str) -> KpiDef:
    """The catalog entry, or ValueError naming the known ids."""
    try:
        return CATALOG[kpi_id]
    except KeyError:
        raise ValueError(f"Unknown KPI '{kpi_id}'. Known: {', '.join(CATALOG)}") from None
