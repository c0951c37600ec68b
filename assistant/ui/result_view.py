"""A tool result (the `kpi calc --json` shape) as the Calculators tab shows it, in the user's language: value with
its unit, the formula as the answers write it, conventions and warnings without internal ids, the verdict with its
source's title, the details with titles. Pure: no Gradio."""

from __future__ import annotations

from typing import Any

from assistant.offline.compose import formula_text, french_numbers
from assistant.offline.wording import readable, readable_health
from assistant.ui.details import details_markdown
from assistant.ui.render_meta import level_word, meta_summary
from assistant.ui.texts import t
from assistant.ui.units import format_value
from tools.base import KpiResult
from tools.registry import ToolInputError
from tools.sources import source_text

_LEVEL_ICON = {"good": "🟢", "watch": "🟠", "alert": "🔴"}


def _text(item: Any, lang: str) -> str:
    """A bilingual Text in its dict form ({'en','fr'}) or a plain string."""
    if isinstance(item, dict):
        return item.get(lang) or item.get("en", "")
    return str(item)


def result_markdown(result: dict[str, Any], lang: str, title: str | None = None) -> str:
    """A tool result (the `kpi calc --json` shape) as Markdown: value with unit, formula, conventions,
    warnings, verdict with its source, details."""
    if result.get("tool") == "kpi_health":  # the KPI's title in the formula, missing context said in words
        try:
            result = readable_health(KpiResult.model_validate(result), (result.get("inputs") or {}).get("segment"),
                                     lang).contract()
        except (ValueError, LookupError):
            pass
    lines = [f"### {title}"] if title else []
    lines.append(f"## {format_value(result.get('value'), result.get('unit', ''), lang)}")
    lines.append(f"{_label('formula', lang)} `{_formula(result, lang)}`")
    if result.get("convention"):
        lines += ["", f"**{t('conventions', lang)}**"] + [f"- {_readable(c, result, lang)}"
                                                          for c in result["convention"]]
    if result.get("warnings"):
        lines += ["", f"**⚠️ {t('warnings', lang)}**"] + [f"- {_readable(w, result, lang)}"
                                                           for w in result["warnings"]]
    verdict = result.get("verdict")
    if verdict:
        level = verdict.get("level", "")
        word = level_word(level, lang)
        colon = " :" if lang == "fr" else ":"
        lines += ["", f"**{t('verdict', lang)}{colon} {_LEVEL_ICON.get(level, '')} {word}** — "
                      f"{_text(verdict['why'], lang)}",
                  f"*{t('source', lang)}{colon} {source_text(verdict.get('source', ''), lang)} "
                  f"({t('segment', lang)}{colon} {_segment(verdict.get('segment', ''), lang)})*"]
    summary = meta_summary(result, lang)
    if summary:
        lines += [""] + summary
    elif result.get("details"):
        currency = (result.get("inputs") or {}).get("currency") or "EUR"
        shown = details_markdown(result["details"], lang, currency if isinstance(currency, str) else "EUR")
        if shown:
            lines += ["", f"**{t('details', lang)}**", ""] + shown
    return "\n".join(lines)


def _segment(segment: Any, lang: str) -> str:
    """A rule's segment: 'all' reads 'tous' in French; B2B, B2C and the like are the same in both languages."""
    return t("segment_all", lang) if segment == "all" else str(segment or "")


def _readable(item: Any, result: dict[str, Any], lang: str) -> str:
    """A tool's convention or warning in the user's words: titles instead of ids (the calculator's, for a what-if or
    a solve), decimal commas in French."""
    text = _text(item, lang)
    details = result.get("details") or {}
    tool = details.get("kpi") if result.get("tool") in ("what_if", "solve_for") else result.get("tool")
    try:
        text = readable(text, tool, lang) if isinstance(tool, str) else text
    except ToolInputError:
        pass
    return french_numbers(text, lang)


def _label(key: str, lang: str) -> str:
    return f"**{t(key, lang)}** :" if lang == "fr" else f"**{t(key, lang)}**:"


def _formula(result: dict[str, Any], lang: str) -> str:
    """The formula as the answers write it (a French name and decimal commas in French)."""
    formula = str(result.get("formula", ""))
    if result.get("tool") == "what_if" and "change = " in formula:  # the old and new formulas are listed below
        change = formula.split("change = ", 1)[1]
        return f"{t('change', lang)} = {change.replace('.', ',') if lang == 'fr' else change}"
    if result.get("tool") == "kpi_health":  # 'Taux de churn = 3': the KPI judged, not the health check
        return french_numbers(formula, lang)
    try:
        return formula_text(KpiResult.model_validate(result), lang)
    except (ValueError, LookupError):  # a result the registry does not know: as the tool wrote it
        return str(result.get("formula", ""))


def error_markdown(message: str, lang: str) -> str:
    """A bad-input message for the page (never a traceback)."""
    return f"❌ **{t('bad_input', lang)}**: {message}"
