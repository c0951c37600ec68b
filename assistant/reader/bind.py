"""Which figure goes to which input: each number is bound by the words around it, inside its clause.

A cardinal number modifies the noun right after it ("15 nouveaux clients", "30 sales reps"); a number after a
verb or a noun is that word's object ("dépensé 1 200 €", "un CAC de 80 €"). So each number is scored against
the phrases that follow it (strongest, nearest first) and precede it, within its clause (punctuation and other
numbers end it; function words and currency signs do not count as distance). The words are the declarations';
the kinds (money, count, %) come from each calculator's schema. Cost is linear in the question: each number
looks at a few tokens on each side.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.reader.numbers import Num
from assistant.reader.text import Tokens
from assistant.reader.vocab import Mention, Target

RIGHT, LEFT = 3.0, 2.2
RIGHT_STEP, LEFT_STEP = 0.5, 0.35
MAX_RIGHT, MAX_LEFT = 3, 4
_SYMBOLS = frozenset("€$£%:=/+-") | {"->", "→"}
_ELLIPSIS_LINKS = frozenset({"and", "et", "to", "a", "then", "puis", "->", "→", ",", "vs", "versus", "contre", "or",
                             "ou", "but", "mais"})


@dataclass(frozen=True)
class Attachment:
    """A number read as naming `target`, with how strongly and from which side."""

    target: Target
    score: float
    side: str  # "right", "left" or "inherited"
    at: int = -1  # first token of the words
    gap: int = 0  # content words between the figure and the words
    specific: float = 1.0  # 1 for words only one kind of input has, less for words many share
    end: int = -1  # token after the words

    @property
    def names(self) -> bool:
        """Words that name what the figure is (an input, a KPI, something counted), not a cue word."""
        return self.target[0] != "cue"

    @property
    def own_noun(self) -> bool:
        """The words right after the figure: its own noun ('15 clients', '1 200 € dépensés')."""
        return self.side == "right" and self.gap == 0 and self.names


@dataclass
class Figure:
    """One number of the question and everything its words could make of it."""

    index: int
    num: Num
    token: int
    attachments: list[Attachment] = field(default_factory=list)

    def best(self, kinds: tuple[str, ...] = ("field", "kpi", "other")) -> Attachment | None:
        """The strongest attachment among targets of these kinds."""
        options = [a for a in self.attachments if a.target[0] in kinds]
        return max(options, key=lambda a: a.score, default=None)

    def score_for(self, target: Target) -> float:
        """How strongly the words name `target` (0 when they do not)."""
        return max((a.score for a in self.attachments if a.target == target), default=0.0)


def _gap(toks: Tokens, a: int, b: int, colon_ends: bool = False) -> int | None:
    """Content words strictly between token a and token b (a < b); None when a clause boundary lies between.
    A colon ends a figure's clause on its right ('80 % : payback ?') but labels it from its left ('CAC : 80')."""
    d = 0
    aside = 0  # '(salaries share + travel)' between a label and its figure is an aside, not a clause boundary
    for k in range(a + 1, b):
        t = toks[k]
        if t.text in "()" and _closed_aside(toks, k, a, b):
            aside += 1 if t.text == "(" else -1
            continue
        if aside:
            continue
        if t.ends_clause or t.num is not None or (colon_ends and t.text == ":"):
            return None
        if t.is_content:
            d += 1
    return d


def _closed_aside(toks: Tokens, k: int, a: int, b: int) -> bool:
    """The parenthesis at k opens or closes an aside that lies wholly between tokens a and b, with no figure in it."""
    if toks[k].text == "(":
        end = next((j for j in range(k + 1, b) if toks[j].text == ")"), None)
        return end is not None and all(toks[j].num is None for j in range(k + 1, end))
    start = next((j for j in range(k - 1, a, -1) if toks[j].text == "("), None)
    return start is not None and all(toks[j].num is None for j in range(start + 1, k))


def _score(mention: Mention, base: float, step: float, gap: int) -> float:
    # A longer phrase is more specific; an earlier word in a declared list is a little stronger; a KPI's own
    # name says more than an input word shared by many calculators ('panier moyen 75 €' is the basket itself).
    bonus = 0.1 if mention.target[0] == "kpi" else 0.0
    return (base - step * gap) * mention.specific + 0.25 * (mention.length - 1) - 0.02 * min(mention.rank, 20) + bonus


PARTITIVE = 0.4  # a noun after 'of the', 'des', 'parmi' names the group a count is taken from: a weak label
REACH = 16  # tokens around a figure where its words can be (a phrase of a few words within the allowed gaps)


def _near(by_start: dict[int, list[Mention]], pos: int) -> list[Mention]:
    """Mentions that start within reach of token `pos`: the scan stays linear in the question's length."""
    return [m for k in range(max(0, pos - REACH), pos + REACH) for m in by_start.get(k, ())]


def attach(toks: Tokens, nums: tuple[Num, ...], mentions: list[Mention]) -> list[Figure]:
    """Every number of the question with the targets its surrounding words name."""
    by_start: dict[int, list[Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.start, []).append(m)
    given_ends = {m.end for m in mentions if m.target == ("cue", "given")}
    partitive = {m.start: m.end for m in mentions if m.target == ("cue", "partitive")}
    generic = {m.start: m.end for m in mentions if m.target == ("cue", "generic_people")}
    same_ends = [m.end for m in mentions if m.target == ("cue", "same")]
    figures = []
    for i, n in enumerate(nums):
        pos = toks.positions.get(i)
        if pos is None:
            continue
        before = pos
        while before > 0 and toks[before - 1].text in "€$£":
            before -= 1
        fig = Figure(i, n, pos)
        found: dict[Target, list[Attachment]] = {}
        for m in _near(by_start, pos):
            if m.target[0] == "field" and any(e <= m.start and all(toks[k].is_function for k in range(e, m.start))
                                              for e in same_ends):
                continue  # 'avec le même budget', 'at the same spend': the value said before, not this figure's
            if m.start > pos and m.side != "left":
                if _object_of_next(toks, m, nums, pos):
                    continue  # '500 € qui a généré 1 500 €': the verb is the next figure's
                if any(toks[k].text in _DEMONSTRATIVES and toks[k - 1].text not in _OF
                       and not any(s <= k < e for s, e in partitive.items()) for k in range(pos + 1, m.start)):
                    continue  # '600 this year', '200 € ce mois-ci': a time adverbial ('48 of those joined', '720 k€
                    # de ces opportunités ont été influencés' are not)
                gap = _gap(toks, pos, m.start, colon_ends=True)
                if gap is not None and gap <= MAX_RIGHT:
                    score = _score(m, RIGHT, RIGHT_STEP, gap)
                    if n.unit != "%" and (_group_noun(toks, partitive.get(pos + 1), m.start)
                                          or _only_who(m, pos, generic, by_start)):
                        score *= PARTITIVE  # the group or the people, not what the figure counts
                    att = Attachment(m.target, score, "right", m.start, gap, m.specific, m.end)
                else:
                    continue
            elif m.end <= pos and not n.implicit and m.side != "right":  # 'aucun client': only what follows
                if m.target[0] == "kpi" and before in given_ends and m.end < before:
                    continue  # 'CAC for 1 200 €': what the KPI is computed from, not its value
                gap = _gap(toks, m.end - 1, pos)
                if gap is not None and gap <= MAX_LEFT:
                    att = Attachment(m.target, _score(m, LEFT, LEFT_STEP, gap), "left", m.start, gap, m.specific,
                                     m.end)
                else:
                    continue
            else:
                continue
            found.setdefault(m.target, []).append(att)
        fig.attachments = sorted((_combined(atts) for atts in found.values()), key=lambda a: -a.score)
        figures.append(fig)
    _asides(toks, figures)
    _owned(toks, figures)
    _inherit(toks, figures)
    return [f for f in figures if not (f.num.implicit and not f.attachments)]


INHERIT_MARGIN = 1.0  # a figure in ellipsis takes the previous one's strongest readings only
AGREE = 0.35  # a second word naming the same thing, on the other side or further away, adds to the first


ASIDE = 0.85  # a figure in parentheses names its input a little less surely than one in the main sentence


def _asides(toks: Tokens, figures: list[Figure]) -> None:
    """'(we also took about 40 bookings by phone)': a figure inside parentheses yields to the main sentence's."""
    for fig in figures:
        depth = sum((toks[k].text == "(") - (toks[k].text == ")") for k in range(fig.token))
        if depth > 0:
            fig.attachments = [replace(a, score=a.score * ASIDE) if a.names else a for a in fig.attachments]


def _only_who(m: Mention, pos: int, generic: dict[int, int], by_start: dict[int, list[Mention]]) -> bool:
    """'51 people booked a lesson': a noun right after the figure that only says it counts people, with more words
    after it (they say what is counted)."""
    return m.start == pos + 1 and m.end == generic.get(m.start) and m.end in by_start


def _group_noun(toks: Tokens, after: int | None, start: int) -> bool:
    """True when the words at `start` are the group right after a partitive ('of the openers', 'de nos clients');
    the verb after the group ('clicked', 'sont partis') is what the figure counts."""
    return after is not None and after <= start and all(toks[k].is_function for k in range(after, start))


def _combined(atts: list[Attachment]) -> Attachment:
    """The strongest words for a target, reinforced by a second one that agrees ('délivrée à 2 000 contacts':
    the verb and the noun both fit 'delivered'; the noun alone also fits 'sent')."""
    ranked = sorted(atts, key=lambda a: -a.score)
    top = ranked[0]
    other = next((a for a in ranked[1:] if a.at != top.at), None)
    if other is None:
        return top
    return Attachment(top.target, top.score + AGREE * other.score, top.side, top.at, top.gap, top.specific, top.end)


# Words that join a label to its own figure: 'une CLV de 1 200 €', 'churn of 5 %', 'CAC = 80', 'ARPU d'environ 30'.
_LABEL_LINKS = frozenset({"de", "d'", "of", "=", "est", "is", "was", "etait", "environ", "about", "around", "~"})


def _object_of_next(toks: Tokens, m: Mention, nums: tuple[Num, ...], pos: int) -> bool:
    """True when the words are followed by another number, directly or through a linking word: they name that one
    ('généré 1 500 €'; '500 € pour une CLV de 1 200 €': 'CLV' is the label of 1 200 €, not of 500 €)."""
    k = m.end
    while k < len(toks) and (toks[k].text in ("€", "$", "£") or toks[k].text in _LABEL_LINKS):
        k += 1
    return k < len(toks) and toks[k].num is not None and k != pos


def _owned(toks: Tokens, figures: list[Figure]) -> None:
    """'1.5M impressions for 9 750 €': the noun right after a number is that number's; the next number does not
    also take it from its left."""
    for prev, fig in zip(figures, figures[1:], strict=False):
        heads = {a.at for a in prev.attachments if a.side == "right" and a.names and _gap(toks, prev.token, a.at) == 0}
        content_words = [k for k in range(prev.token + 1, fig.token) if toks[k].is_content]
        if heads and content_words and all(k in range(min(heads), max(heads) + 4) for k in content_words[:1]):
            fig.attachments = [a for a in fig.attachments if not (a.side == "left" and a.at in heads)]


_RANGE = frozenset({"to", "a", "->", "→", "-", "jusqu'a", "vers", "and", "et", "or", "ou", "&"})


def _inherit(toks: Tokens, figures: list[Figure]) -> None:
    """'500 customers in January and 460 in June': a number with no noun of its own, right after a parallel one,
    counts the same thing ('460' customers); 'from 100 to 92 customers': the first takes the second's noun."""
    for prev, fig in zip(figures, figures[1:], strict=False):
        between = [toks[k].text for k in range(prev.token + 1, fig.token)]
        if (not any(a.side == "right" and a.names for a in prev.attachments) and between
                and all(w in _RANGE for w in between)
                and prev.num.unit == fig.num.unit):
            for a in [a for a in fig.attachments if a.side == "right" and a.names]:
                if a.target not in {b.target for b in prev.attachments}:
                    prev.attachments.append(Attachment(a.target, a.score - 0.3, "inherited", a.at))
            prev.attachments.sort(key=lambda a: -a.score)
    for prev, fig in zip(figures, figures[1:], strict=False):
        if any(a.names and a.gap <= 1 for a in fig.attachments):
            continue  # it has words of its own ('un produit à 200 €', '3 % monthly churn')
        links = [toks[k].text for k in range(prev.token + 1, fig.token)]
        if not any(w in _ELLIPSIS_LINKS for w in links) or len(links) > 8:
            continue
        nouns = [a for a in prev.attachments if a.names]  # 'spent 1 200 last month and 1 500 this month': both
        top = max((a.score for a in nouns), default=0.0)
        for a in [a for a in nouns if a.score >= top - INHERIT_MARGIN]:  # its words, not a far, weak reading
            if fig.num.unit == prev.num.unit and a.target not in {b.target for b in fig.attachments}:
                fig.attachments.append(Attachment(a.target, a.score - 0.3, "inherited"))
        fig.attachments.sort(key=lambda a: -a.score)


_RESULT_KIND = {"money": "money", "%": "%", "ratio": "times", "months": "months", "points": "number"}


def kind_of(target: Target) -> str | None:
    """The kind of figure a target takes (an input's schema unit, a KPI's result unit); None for other words."""
    from assistant.reader.fill import kinds_of  # fill reads this module's Figure
    from tools.registry import get_tool

    if target[0] == "field":
        return kinds_of(target[1])[target[2]]
    if target[0] == "kpi":
        result = get_tool(target[1]).kpi.result
        return _RESULT_KIND.get(result) if result else None
    return None


def fits(target: Target, n: Num) -> bool:
    """True when the number's notation can be the target's kind (no € for a count, no % for an amount)."""
    kind = kind_of(target)
    return kind is None or compatible(n, kind) is not None


def nearer_word(f: Figure, att: Attachment, toks: Tokens | None = None) -> bool:
    """True when an input's words stand nearer the figure, on the same side, than `att`'s words (a mere 'at'/'à'
    is not a word that names anything)."""
    for a in f.attachments:
        if a.target[0] != "field" or a.side != att.side or not fits(a.target, f.num):
            continue
        if toks is not None and 0 <= a.at < len(toks) and toks[a.at].is_function:
            continue
        if att.at <= a.at and a.end <= att.end:
            continue  # words inside the KPI's own name ('open rate' in 'newsletter open rate')
        if (att.side == "left" and a.at > att.at) or (att.side == "right" and a.at < att.at):
            return True
    return False


def compatible(n: Num, kind: str) -> float | None:
    """A bonus when the number's notation fits the field's kind, None when it cannot go there."""
    if kind == "money":
        return 0.6 if n.unit == "currency" else (0.0 if n.unit is None else None)
    if kind == "%":
        if n.unit == "%":
            return 0.6
        return 0.0 if n.unit is None and 0 <= n.value <= 100 else None
    if kind == "count":
        if n.unit is not None or n.value < 0:
            return None
        return 0.0 if n.is_integer else -1.0
    if kind in ("days", "months", "hours"):
        return 0.6 if n.unit == kind else (0.0 if n.unit is None else None)
    if kind == "amount":  # a count or an amount of money (pipeline opportunities, by number or by value)
        return 0.3 if n.unit == "currency" else (0.0 if n.unit is None else None)
    if kind == "periods":
        return 0.3 if n.unit in ("years", "months") else (0.0 if n.unit is None else None)
    # times, number: plain numbers (a multiple 'x3' too)
    if n.unit in ("currency", "%"):
        return None
    return 0.2 if n.unit == "ratio" else 0.0


_DEMONSTRATIVES = frozenset("this that these those last next ce cet cette ces dernier derniere prochain".split())
_OF = frozenset({"of", "d'entre", "parmi"})
_DETERMINERS = frozenset("our my the their your nos mes les ses vos leurs notre mon ma total those these ces".split())


_PERIOD_CUES = frozenset({("cue", "month"), ("cue", "quarter"), ("cue", "year")})


def pairs(toks: Tokens, figures: list[Figure], mentions: list[Mention]) -> list[tuple[int, int, bool]]:
    """'36 customers out of 1,200', '30 ventes sur 1 000 visites', '450 € for 1,500 clicks': (part, whole, strict)
    number indexes of two figures joined by a pair word, the first one's noun allowed in between. 'out of', 'sur'
    always put the part first (strict); 'for', 'pour' may not ('150 visiteurs pour 3 ventes')."""
    connectors = {(m.start, m.end): m.target[1] for m in mentions if m.target in (("cue", "pair"), ("cue", "pair_for"))}
    # 'on perd 30 clients par mois sur 1 000': a period said between the two does not part them
    periods = {k for m in mentions if m.target in _PERIOD_CUES for k in range(m.start, m.end)}
    by_start: dict[int, list[tuple[int, str]]] = {}
    for (start, end), kind in connectors.items():
        by_start.setdefault(start, []).append((end, kind))
    out = []
    for a, b in zip(figures, figures[1:], strict=False):
        if _fronted_whole(toks, mentions, a, b):
            out.append((b.index, a.index, True))
            continue
        between = list(range(a.token + 1, b.token))
        if len(between) > 6 or any(toks[k].ends_clause for k in between):
            continue
        ok = None
        for start, end, kind in [(k, e, kd) for k in between for e, kd in by_start.get(k, ())]:
            if not (a.token < start and end <= b.token):
                continue
            before = [k for k in range(a.token + 1, start) if toks[k].is_content and k not in periods]
            after = [k for k in range(end, b.token) if toks[k].text not in _DETERMINERS and not toks[k].is_function
                     and toks[k].text not in ("€", "$", "£", "%")]
            if len(before) <= 2 and not after:
                ok = kind if ok is None else ok
        if ok:
            out.append((a.index, b.index, ok == "pair"))
    return out


def _fronted_whole(toks: Tokens, mentions: list[Mention], a: Figure, b: Figure) -> bool:
    """'Out of 320 demo requests this quarter, only 88 were…', 'Sur 400 devis, 120 signés': the whole said first,
    right after the pair word that opens the sentence or clause, and the part in the next clause."""
    opener = [m for m in mentions if m.target == ("cue", "pair") and m.end == a.token
              and (m.start == 0 or toks[m.start - 1].ends_clause)]
    if not opener or b.token - a.token > 10 or a.num.unit != b.num.unit:
        return False
    breaks = [k for k in range(a.token + 1, b.token) if toks[k].ends_clause]
    return len(breaks) == 1 and toks[breaks[0]].text == ","
