"""Tool messages in the user's words: field and tool titles instead of ids, 'cannot be negative' instead of '≥ 0'."""

from __future__ import annotations

import re

from tools.base import KpiResult, Text
from tools.registry import get_tool

_NOT_NEGATIVE = re.compile(r"(?:(?:Input should|must) be greater than or equal to|doit être supérieur ou égal à) "
                           r"0 \((?:got|reçu) (-[\d.]+)\)")
_NEGATIVE = ("cannot be negative (you gave {v})", "ne peut pas être négatif (vous avez donné {v})")


def readable(text: str, tool_id: str, lang: str) -> str:
    """Ids replaced by titles ('marketing_spend' -> 'marketing spend'), a negative figure's rule said plainly."""
    spec = get_tool(tool_id)
    text = re.sub(rf"\b{re.escape(tool_id)}\b\s*:\s*", "", text, count=1)  # 'cac: field: rule' names the tool twice
    text = re.sub(rf"\b{re.escape(tool_id)}\b", spec.title(lang), text)
    for name in spec.input_model.model_fields:
        title = spec.field_title(name, lang).lower()
        # a plain-word id ('visitors') is already prose inside an English sentence: only the leading 'visitors:' is
        # an id there; in French every id is English, so it is replaced wherever it stands
        acronym = spec.field_title(name, lang).lower() == name  # 'cac' -> 'CAC' wherever it stands
        anywhere = "_" in name or acronym or lang == "fr"
        pattern = rf"\b{re.escape(name)}\b" if anywhere else rf"^{re.escape(name)}(?=\s?:)"
        text = re.sub(pattern, spec.field_title(name, lang) if acronym else title, text)
    return _NOT_NEGATIVE.sub(lambda m: _NEGATIVE[1 if lang == "fr" else 0].format(v=m.group(1).removesuffix(".0")),
                             text)


_OTHER_SEGMENT = ("My only sourced rule for {title} is for {rule_segment}, and you said {segment}: I have no "
                  "{segment} threshold, so no verdict.",
                  "Ma seule règle sourcée pour {title} vaut pour le {rule_segment}, et vous parlez de {segment} : je "
                  "n'ai pas de seuil {segment}, donc pas de verdict.")
_NO_SEGMENT = ("My sourced rule for {title} covers {rule_segment} only: tell me if you sell {rule_segment} to use it.",
               "Ma règle sourcée pour {title} ne vaut que pour le {rule_segment} : dites-moi si vous vendez en "
               "{rule_segment} pour l'appliquer.")


def readable_health(result: KpiResult, segment: str | None, lang: str) -> KpiResult:
    """A health check as the user reads it: the KPI's title in the formula, a rule for another segment explained."""
    kpi = result.inputs.get("kpi", "")
    title = get_tool(kpi).title(lang) if kpi else ""
    formula = re.sub(rf"^{re.escape(kpi)}\b", title, result.formula) if kpi else result.formula
    formula = formula.split(" →")[0]  # the verdict (or its absence) is said in words below, not as a rule id
    warnings = []
    i = 1 if lang == "fr" else 0
    for w in result.warnings:
        rule = next((r for r in result.details.get("rules", []) if r["rule"] in w.en and "segment" in w.en), None)
        if rule is None and "period" in w.en and "context" in w.en:
            text = _NEEDS_PERIOD[i].format(title=title)
            warnings.append(Text(en=text, fr=text))
        elif rule is None:
            warnings.append(w)
        elif segment:
            text = _OTHER_SEGMENT[i].format(title=title, rule_segment=rule["segment"], segment=segment)
            warnings.append(Text(en=text, fr=text))
        else:
            text = _NO_SEGMENT[i].format(title=title, rule_segment=rule["segment"])
            warnings.append(Text(en=text, fr=text))
    return result.model_copy(update={"formula": formula, "warnings": warnings})


_NEEDS_PERIOD = ("To judge {title} I need the period it covers: is it per month, per quarter or per year?",
                 "Pour juger {title}, il me faut la période couverte : par mois, par trimestre ou par an ?")
_PERIODS = (("month", re.compile(r"\b(?:month|monthly|mois|mensuel\w*|par mois|/mois)\b")),
            ("quarter", re.compile(r"\b(?:quarter|quarterly|trimestre|trimestriel\w*)\b")),
            ("year", re.compile(r"\b(?:year|yearly|annual\w*|an|ans|annee|annuel\w*|/an)\b")))


def period_of(norm: str) -> str | None:
    """'month' / 'quarter' / 'year' when the question says which period a rate covers."""
    return next((p for p, rx in _PERIODS if rx.search(norm)), None)
