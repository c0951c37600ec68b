"""What the user wants: one of a fixed list of intents, read from cue phrases, numbers and named KPIs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.offline.cues import (
    ASK_QUANTITY,
    COMPARE,
    COMPUTE_REQUEST,
    COMPUTE_VERB,
    DOMAIN,
    EXPLAIN,
    EXPLAIN_ONLY,
    FOLLOW_ON,
    GREETING,
    GUIDANCE,
    HEALTH,
    HELP,
    KPI_COUNT,
    OFF_TOPIC,
    PLAN,
    SELECT,
    SOLVE,
    WHAT_IF,
)
from assistant.offline.lexicon import kpi_mentions
from assistant.offline.numbers import Num, extract_numbers
from assistant.offline.slots import Tokens, mask, tokens_of
from assistant.offline.typos import correct_typos
from knowledge.language import detect_language, normalize

INTENTS = ("greeting", "out_of_scope", "compute", "health", "explain", "what_if", "solve", "compare", "select",
           "plan", "guidance", "note", "followup")


@dataclass
class Analysis:
    """Everything read from one question, shared by the intent rules and the handlers."""

    question: str
    lang: str
    converted: str
    nums: tuple[Num, ...]
    tokens: Tokens
    norm: str  # normalised text with numbers as #i placeholders, typos corrected
    mentions: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def kpis(self) -> list[str]:
        """Named KPIs (registry ids), first mention first, no repeats."""
        seen: list[str] = []
        for tool, _, _ in self.mentions:
            if tool not in seen:
                seen.append(tool)
        return seen

    def has(self, pattern: re.Pattern) -> bool:
        """True when the cue pattern occurs in the normalised question."""
        return pattern.search(self.norm) is not None


def analyse(question: str, default_lang: str = "en") -> Analysis:
    """Read a question once: language, numbers, placeholders, corrected words, named KPIs."""
    lang = detect_language(question, default_lang)
    nums, converted = extract_numbers(question, lang)
    norm = correct_typos(normalize(mask(converted, nums)))
    tokens = tokens_of(norm)
    return Analysis(question=question, lang=lang, converted=converted, nums=nums, tokens=tokens, norm=norm,
                    mentions=kpi_mentions(norm))


def counted_numbers(a: Analysis) -> set[int]:
    """Numbers that count KPIs ('5 KPIs', '5 à 7 indicateurs'), not figures to compute with."""
    out: set[int] = set()
    for m in KPI_COUNT.finditer(a.norm):
        out.update(int(g) for g in m.groups() if g is not None)
    return out


def classify(a: Analysis, has_pending: bool, has_last: bool, stated: dict[str, int],
             remembered_kpi: bool = False) -> str:
    """The intent of the question (one of INTENTS). Order matters: the most specific cues are tried first."""
    n = normalize(a.question)
    if not n.strip("?!. "):
        return "greeting"
    domain = bool(a.kpis) or a.has(DOMAIN)
    free = [i for i in range(len(a.nums)) if i not in stated.values() and i not in counted_numbers(a)]
    figures = [i for i in range(len(a.nums)) if i not in counted_numbers(a)]
    if has_pending and figures and not (a.has(SELECT) or a.has(PLAN) or a.has(WHAT_IF)) and (
            len(a.tokens.words) <= 6 or not a.kpis):
        return "followup"
    if figures and all(w.startswith("#") or not w.isalnum() for w in a.tokens.words):
        return "compute"  # a bare "15" with nothing pending: ask what it measures
    if a.has(OFF_TOPIC) and not a.kpis and not (domain and figures):
        return "out_of_scope"
    if (a.has(GREETING) or a.has(HELP)) and not figures and not domain and len(a.tokens.words) <= 8:
        return "greeting"
    return _by_cues(a, domain, free, figures, has_last, stated, remembered_kpi)


def _by_cues(a: Analysis, domain: bool, free: list[int], figures: list[int], has_last: bool,
             stated: dict[str, int], remembered_kpi: bool) -> str:
    if a.has(PLAN):
        return "plan"
    if a.has(SELECT) and not free:
        return "select"
    if a.has(WHAT_IF) and (has_last or figures):
        return "what_if"
    asks_other_kpi = any(k not in stated for k in a.kpis)  # 'CAC 300 €, ... combien de mois ?' names the payback
    if (a.has(SOLVE) or (stated and free and a.has(ASK_QUANTITY) and not asks_other_kpi)) and figures:
        return "solve"
    if a.has(COMPARE) and len(figures) >= 2:
        return "compare"
    if a.has(HEALTH) and (a.kpis or stated or (remembered_kpi and "?" in a.question)):
        return "health"
    if figures and (a.kpis or a.has(COMPUTE_VERB) or domain):
        if stated and not free and "?" not in a.question and not a.has(COMPUTE_VERB):
            return "note"
        return "compute"
    if a.kpis and not figures and a.has(COMPUTE_REQUEST) and not a.has(EXPLAIN_ONLY):
        return "compute"  # "calcule mon CAC": ask for the inputs, then compute
    if a.has(GUIDANCE) and domain:
        return "guidance"
    if a.has(HELP) and not a.kpis and not figures:
        return "greeting"
    follow_on = _follow_on(a, figures, has_last)
    if follow_on:
        return follow_on
    if a.has(EXPLAIN) or (a.kpis and not figures):
        # "why?", "explique-moi" right after a KPI was discussed are about that KPI
        about_last = remembered_kpi and not figures and len(a.tokens.words) <= 8 and not a.has(OFF_TOPIC)
        return "explain" if domain or about_last else "out_of_scope"
    if a.has(GREETING) or a.has(HELP):
        return "greeting"
    return "guidance" if domain else "out_of_scope"


def _follow_on(a: Analysis, figures: list[int], has_last: bool) -> str | None:
    """'and for last month?' (ask the last KPI's inputs again) / 'and for last month we lost 20?' (change one)."""
    if not has_last or a.kpis or not a.has(FOLLOW_ON) or len(a.tokens.words) > 8:
        return None
    if figures:
        return "what_if"
    return None if a.has(EXPLAIN) else "compute"
