"""The read-back panel's rules, pure (no Gradio): a calculation's read figures as rows the user can correct, the
rows back into the calculator's inputs; numbers typed are read as the calculator forms read them (typed_numbers.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.reader.numbers import extract_numbers
from assistant.reply import ReadBack
from assistant.ui.texts import t
from assistant.ui.typed_numbers import parse_number
from assistant.values import number_text, value_text
from tools.base import Text
from tools.registry import ToolInputError, get_tool

NOT_USED = ""  # the field of a figure that goes to no input
MAX_ROWS = 10  # rows the panel has: every calculator has at most 6 numeric inputs; the rest hold unused figures


class CorrectionRefused(ValueError):
    """A correction that cannot be recomputed: a message in both languages, nothing changed."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text

    def message(self, lang: str) -> str:
        """The message in `lang`."""
        return self.text.get(lang)


@dataclass(frozen=True)
class Row:
    """One line of the panel: the input a figure goes to (NOT_USED for none), the figure as the user reads it, where
    it came from ('question', 'earlier', 'computed', 'derived', 'position', 'edited', 'unused', 'missing', 'spare')
    and, for an unused figure, how the user wrote it; `number` is the figure's exact value (the text is rounded)."""

    field: str
    value: str
    origin: str
    written: str = ""
    parts: tuple[float, ...] = ()
    number: float | None = None


def numeric_fields(tool: str) -> dict[str, str]:
    """The calculator's numeric inputs and their kind (money, count, %, months...), in the form's order."""
    return get_tool(tool).kinds()


def field_choices(tool: str, lang: str) -> list[tuple[str, str]]:
    """The dropdown of a row: the calculator's numeric inputs by title, then 'not used'."""
    spec = get_tool(tool)
    return [(spec.field_title(name, lang), name) for name in numeric_fields(tool)] + [(t("rb_not_used", lang),
                                                                                      NOT_USED)]


def field_unit(tool: str, field: str, currency: str | None) -> str | None:
    """The unit a value of `field` is read in: the currency for money, '%', 'months', 'days'; None for a count."""
    kind = numeric_fields(tool).get(field)
    if kind == "money":
        return currency or "EUR"
    return kind if kind in ("%", "months", "days") else None


def reading_currency(reading: ReadBack) -> str | None:
    """The currency of the read money figures (None when none was money)."""
    return next((i.unit for i in reading.inputs if i.unit and re.fullmatch(r"[A-Z]{3}", i.unit)), None)


def _required(tool: str) -> list[str]:
    model = get_tool(tool).input_model
    return [name for name in numeric_fields(tool) if model.model_fields[name].is_required()]


def panel_rows(reading: ReadBack, lang: str) -> list[Row]:
    """The panel's rows: each read input, each required input still missing (empty, to type), each figure of the
    question no calculation used (assigned to nothing), and one spare row to add a figure; at most MAX_ROWS."""
    rows = [Row(i.field, number_text(i.value, lang), i.source, parts=tuple(i.parts), number=i.value)
            for i in reading.inputs
            if i.field in numeric_fields(reading.tool)]
    read = {r.field for r in rows}
    rows += [Row(name, "", "missing") for name in _required(reading.tool) if name not in read]
    for written in reading.unused:
        nums, _ = extract_numbers(written, lang)
        rows.append(Row(NOT_USED, number_text(nums[0].value, lang) if nums else written, "unused", written,
                        number=nums[0].value if nums else None))
    rows = rows[:MAX_ROWS - 1]
    return [*rows, Row(NOT_USED, "", "spare")]


def row_note(tool: str, row_field: str, origin: str, lang: str, currency: str | None = None, written: str = "",
             parts: tuple[float, ...] = ()) -> str:
    """The small text next to a value: its unit and where it came from ('€ · message précédent')."""
    unit = field_unit(tool, row_field, currency) if row_field else None
    shown = value_text(1, unit, lang).replace(number_text(1, lang), "", 1).strip() if unit else ""  # '€', 'mois'
    if origin == "unused":
        where = t("rb_from_unused", lang).format(written=_quoted(written, lang))
    elif origin == "derived" and parts:
        where = t("rb_from_derived", lang).format(parts=" ; ".join(number_text(p, lang) for p in parts))
    else:
        where = t(f"rb_from_{origin}", lang) if origin in _ORIGINS else ""
    return " · ".join(p for p in (shown, where) if p)


_ORIGINS = ("question", "earlier", "computed", "derived", "position", "edited", "missing", "spare")


def _quoted(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f"“{text}”"


def corrected_inputs(tool: str, rows: list[tuple[str, str]], lang: str,
                     shown: list[Row] | None = None) -> dict[str, float]:
    """The calculator's inputs from the panel's (field, typed value) rows. A row without a field is ignored; a row
    with a field needs a number. A value left as the panel showed it (`shown`, the rows as drawn) keeps its exact
    figure, not the rounded text. Raises CorrectionRefused (both languages) naming the row's input."""
    spec = get_tool(tool)
    fields = numeric_fields(tool)
    inputs: dict[str, float] = {}
    for index, (field, typed) in enumerate(rows):
        if not field:
            continue
        if field not in fields:
            raise CorrectionRefused(Text(en=f"{field!r} is not an input of {spec.title('en')}.",
                                         fr=f"{field!r} n'est pas une donnée de {spec.title('fr')}."))
        title = {lg: _quoted(spec.field_title(field, lg), lg) for lg in ("en", "fr")}
        if not (typed or "").strip():
            raise CorrectionRefused(Text(
                en=f"{title['en']}: type a number, or choose “{t('rb_not_used', 'en')}” for this row.",
                fr=f"{title['fr']} : saisissez un nombre, ou choisissez « {t('rb_not_used', 'fr')} » pour cette "
                   "ligne."))
        drawn = shown[index] if shown is not None and index < len(shown) else None
        try:  # '1 200,50' in French, '1,200.50' in English; what reads two ways there is refused, never guessed
            value = drawn.number if drawn is not None and drawn.number is not None and typed.strip() == drawn.value \
                else parse_number(typed, lang)
        except ToolInputError as err:
            raise CorrectionRefused(Text(en=f"{title['en']}: {err.message('en')}",
                                         fr=f"{title['fr']} : {err.message('fr')}")) from None
        if field in inputs:
            raise CorrectionRefused(Text(
                en=f"{title['en']} has two values ({number_text(inputs[field], 'en')} and {number_text(value, 'en')}):"
                   f" keep one and set the other row to “{t('rb_not_used', 'en')}”.",
                fr=f"{title['fr']} a deux valeurs ({number_text(inputs[field], 'fr')} et {number_text(value, 'fr')})"
                   f" : gardez-en une et mettez l'autre ligne sur « {t('rb_not_used', 'fr')} »."))
        inputs[field] = int(value) if fields[field] == "count" and value.is_integer() else value
    return inputs


def swapped(fields: list[str], index: int, new: str, old: str) -> list[str]:
    """The rows' fields after row `index` went from `old` to `new`: a row that held `new` takes `old` (a swap; it
    becomes 'not used' when `old` was none), so one input never gets two values by a move."""
    out = list(fields)
    for j, field in enumerate(out):
        if j != index and new and field == new:
            out[j] = old
    out[index] = new
    return out


def correction_line(tool: str, inputs: dict[str, float], lang: str, currency: str | None) -> str:
    """The user's side of a recomputation in the chat: 'Recalculer avec : dépenses marketing 1 500 €, …'."""
    spec = get_tool(tool)
    items = [f"{spec.field_title(name, lang)} {value_text(value, field_unit(tool, name, currency), lang)}"
             for name, value in inputs.items() if name in numeric_fields(tool)]
    return t("rb_recompute_line", lang).format(items=", ".join(items) or "—")
