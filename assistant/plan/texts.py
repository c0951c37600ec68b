"""Labels of the KPI plan tab, in English and French."""

from __future__ import annotations

LABELS = {
    "wizard": ("1. Your context", "1. Votre contexte"), "objective": ("Objective", "Objectif"),
    "segment": ("Market", "Marché"), "offer": ("Offer", "Offre"), "maturity": ("Maturity", "Maturité"),
    "business_model": ("Business", "Activité"),
    "data": ("Data you have", "Données disponibles"), "channels": ("Active channels", "Canaux actifs"),
    "name": ("Plan name", "Nom du plan"), "propose": ("Propose KPIs", "Proposer des KPI"),
    "kpis": ("2. Proposed KPIs", "2. KPI proposés"), "swap_old": ("Replace", "Remplacer"),
    "swap_new": ("by", "par"), "swap": ("Swap", "Échanger"), "smart": ("3. SMART objective", "3. Objectif SMART"),
    "preset": ("Article example", "Exemple des articles"), "metric": ("KPI", "KPI"),
    "baseline": ("Baseline", "Valeur de départ"), "target": ("Target", "Cible"), "unit": ("Unit", "Unité"),
    "deadline": ("Deadline (YYYY-MM-DD)", "Échéance (AAAA-MM-JJ)"), "owner": ("Owner", "Responsable"),
    "channel": ("Channel / scope", "Canal / périmètre"), "check": ("Check", "Vérifier"),
    "add_objective": ("Add to plan", "Ajouter au plan"), "actions": ("4. Action table", "4. Tableau d'actions"),
    "fill": ("One row per KPI", "Une ligne par KPI"), "store": ("5. Save and reopen", "5. Enregistrer et rouvrir"),
    "save": ("Save (new version)", "Enregistrer (nouvelle version)"), "my_plans": ("My plans", "Mes plans"),
    "version": ("Version", "Version"), "open": ("Open", "Ouvrir"), "new_name": ("New name", "Nouveau nom"),
    "duplicate": ("Duplicate", "Dupliquer"), "rename": ("Rename", "Renommer"), "delete": ("Delete", "Supprimer"),
    "refresh": ("Refresh", "Actualiser"), "export": ("6. Export", "6. Export"), "file": ("File", "Fichier"),
}
CHOICES = {
    "objective": [("growth", "Growth", "Croissance"), ("profitability", "Profitability", "Rentabilité"),
                  ("retention", "Retention", "Fidélisation"), ("awareness", "Awareness", "Notoriété")],
    "segment": [("B2B", "B2B", "B2B"), ("B2C", "B2C", "B2C")],
    "offer": [("product", "Product", "Produit"), ("service", "Service", "Service"),
              ("subscription", "Subscription", "Abonnement")],
    "maturity": [("starting", "Starting", "Démarrage"), ("established", "Established", "Établie"),
                 ("advanced", "Advanced", "Avancée")],
    "business_model": [("online_shop", "Online shop", "Boutique en ligne"), ("saas", "SaaS", "SaaS"),
                       ("services", "Services (consulting, agency…)", "Services (conseil, agence…)"),
                       ("local", "Local shop or restaurant", "Commerce de proximité ou restaurant"),
                       ("industry", "B2B industry", "Industrie B2B"), ("general", "Other", "Autre")],
    "data": [("web_analytics", "Web analytics (GA4, Matomo)", "Analytics web (GA4, Matomo)"),
             ("crm", "CRM", "CRM"), ("automation", "Marketing automation", "Marketing automation")],
}


def label(key: str, lang: str) -> str:
    """The label `key` in `lang`."""
    en, fr = LABELS[key]
    return fr if lang == "fr" else en


def choices(key: str, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of a choice list in `lang`."""
    return [(fr if lang == "fr" else en, value) for value, en, fr in CHOICES[key]]
