"""User-facing strings of the chat, calculators and about tabs, in English and French."""

from __future__ import annotations

# key -> (English, French). One table so a missing translation is visible at a glance.
_TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Marketing KPI assistant", "Assistant KPI marketing"),
    "app_intro": (
        "Ask about your marketing KPIs, run a calculator, build a KPI plan or bring your own data. "
        "Every number comes from a calculator, your input or a cited source.",
        "Posez vos questions sur vos KPI marketing, lancez un calculateur, construisez un plan de KPI ou importez "
        "vos données. Chaque chiffre vient d'un calculateur, de vos données ou d'une source citée.",
    ),
    "language": ("Language", "Langue"),
    "tab_chat": ("Chat", "Discussion"),
    "tab_calculators": ("Calculators", "Calculateurs"),
    "tab_plan": ("KPI plan", "Plan de KPI"),
    "tab_data": ("Data", "Données"),
    "tab_about": ("About / configuration", "À propos / configuration"),
    "tool": ("Calculator", "Calculateur"),
    "calculate": ("Calculate", "Calculer"),
    "result": ("Result", "Résultat"),
    "value": ("Value", "Valeur"),
    "formula": ("Formula", "Formule"),
    "conventions": ("Conventions", "Conventions"),
    "warnings": ("Warnings", "Avertissements"),
    "verdict": ("Verdict", "Verdict"),
    "source": ("Source", "Source"),
    "segment": ("segment", "segment"),
    "segment_all": ("all", "tous"),
    "change": ("Change", "Variation"),
    "details": ("Details", "Détails"),
    "undefined": ("undefined", "non défini"),
    "yes": ("yes", "oui"),
    "no": ("no", "non"),
    "bad_input": ("Invalid input", "Saisie invalide"),
    "what_if": ("What if…", "Et si…"),
    "what_if_help": (
        "Change one input and compare the old and new value.",
        "Changez une donnée et comparez l'ancienne et la nouvelle valeur.",
    ),
    "what_if_field": ("Input to change", "Donnée à changer"),
    "new_value": ("New value", "Nouvelle valeur"),
    "run_what_if": ("Compare", "Comparer"),
    "solve": ("Reverse solve", "Calcul inverse"),
    "solve_help": (
        "Find the value of one input that reaches a target for this KPI.",
        "Trouvez la valeur d'une donnée qui permet d'atteindre une cible pour ce KPI.",
    ),
    "solve_field": ("Input to find", "Donnée à trouver"),
    "target": ("Target KPI value", "Valeur cible du KPI"),
    "run_solve": ("Solve", "Résoudre"),
    "table_hint": ("One row per item; empty rows are ignored.",
                   "Une ligne par élément ; les lignes vides sont ignorées."),
    "json_hint": ("JSON, e.g. {\"marketing_spend\": 1200}", "JSON, par ex. {\"marketing_spend\": 1200}"),
    "list_hint": ("Numbers separated by commas, e.g. 120, 95, 80",
                  "Nombres séparés par des points-virgules, ex. 120 ; 95 ; 80,5"),
    "optional": ("optional", "facultatif"),
    "required": ("required", "obligatoire"),
    "pick_field": ("Pick the input first.", "Choisissez d'abord la donnée."),
    "chat_placeholder": ("Ask about a KPI, give your numbers…", "Posez une question sur un KPI, donnez vos chiffres…"),
    "send": ("Send", "Envoyer"),
    "clear": ("New conversation", "Nouvelle conversation"),
    "examples": ("Examples", "Exemples"),
    "sources": ("Sources", "Sources"),
    "notices": ("Notice", "Remarque"),
    "engine_offline": ("offline engine (rules)", "moteur hors ligne (règles)"),
    "engine_llm": ("LLM agent", "agent LLM"),
    "answered_by": ("Answered by", "Réponse du"),
    "inputs": ("Inputs", "Données"),
    "tool_step": ("Calculator", "Calculateur"),
    "engine_error": (
        "Sorry, the assistant failed to answer this one. Your conversation is kept; try rephrasing.",
        "Désolé, l'assistant n'a pas pu répondre. Votre conversation est conservée ; essayez de reformuler.",
    ),
    "empty_question": ("Type a question first.", "Écrivez d'abord une question."),
    "your_data": ("Your data", "Vos données"),
}


def t(key: str, lang: str) -> str:
    """The string `key` in `lang` ('fr' or 'en', English otherwise)."""
    en, fr = _TEXTS[key]
    return fr if lang == "fr" else en
