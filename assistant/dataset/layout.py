"""Where the table really is in an export: the header under its title rows, and the rows that are not data.

Exports from ad platforms and accounting tools put a title ("Rapport mensuel — Google Ads") above the header and
TOTAL or subtotal rows among the data. Summed again, those rows would count as one more channel and period and
double every total, so they are excluded, each named with its row and why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.dataset.columns import NUMERIC, recognise
from assistant.dataset.errors import DatasetError
from assistant.dataset.grid import RawRow, is_blank
from assistant.dataset.limits import HEAD_ROWS
from tools.base import Text

_TOTAL = re.compile(r"^(?:(?P<sub>sous ?(?:totaux|totals?)|sub ?totals?)|grand ?totals?|totaux|totals?|somme|sum|"
                    r"ensemble|overall|cumul)(?:$| )")


@dataclass(frozen=True)
class Excluded:
    """A row of the file left out of every figure, and why."""

    row: int
    kind: str  # total | subtotal | sum | no_figures
    reason: Text


def _words(value: object) -> str:
    """'Sous-Total (SEA)' → 'sous total sea'."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _score(cells: list[object]) -> tuple[int, int]:
    """(distinct recognised columns, of which numeric) for a candidate header row."""
    found = {recognise(str(c)) for c in cells if isinstance(c, str) and c.strip()}
    found.discard(None)
    return len(found), len(found & set(NUMERIC))


def find_header(rows: list[RawRow]) -> int:
    """Index of the header among the first rows: the one naming the most known columns (at least one figure)."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:HEAD_ROWS]):
        known, numeric = _score(row.cells)
        if numeric and known > best_score:
            best, best_score = i, known
    if best is None:
        found = ", ".join(str(c) for c in rows[0].cells[:20] if not is_blank(c)) if rows else ""
        more = " …" if rows and len(rows[0].cells) > 20 else ""
        raise DatasetError(Text(
            en=f"No column was recognised (found: {found}{more}). Expected names such as period, channel, spend, "
               "impressions, clicks, visitors, leads, MQL, SQL, opportunities, customers, revenue.",
            fr=f"Aucune colonne reconnue (trouvé : {found}{more}). Noms attendus : période, canal, dépenses, "
               "impressions, clics, visiteurs, leads, MQL, SQL, opportunités, clients, CA."))
    return best


def title_note(rows: list[RawRow]) -> Text | None:
    """The rows skipped above the header, quoted (a title, an export date)."""
    if not rows:
        return None
    texts = [(r.number, " ".join(str(c) for c in r.cells if not is_blank(c))[:60]) for r in rows[:3]]
    more_en = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
    more_fr = f" et {len(rows) - 3} autres" if len(rows) > 3 else ""
    return Text(en=f"{len(rows)} row(s) above the header skipped ("
                   + "; ".join(f"row {n}: '{t}'" for n, t in texts) + more_en + ").",
                fr=f"{len(rows)} ligne(s) au-dessus de l'en-tête ignorée(s) ("
                   + " ; ".join(f"ligne {n} : « {t} »" for n, t in texts) + more_fr + ").")


def total_label(cells: list[object]) -> tuple[str, str] | None:
    """(kind, label) when one of the row's text cells says TOTAL, subtotal, grand total, somme…"""
    for cell in cells:
        if not isinstance(cell, str) or not cell.strip():
            continue
        m = _TOTAL.match(_words(cell))
        if m:
            return ("subtotal" if m.group("sub") else "total"), cell.strip()
    return None


def total_row(row: int, kind: str, label: str) -> Excluded:
    """A row labelled TOTAL or subtotal."""
    what_en, what_fr = ("Subtotal row", "Ligne de sous-total") if kind == "subtotal" else ("TOTAL row", "Ligne TOTAL")
    return Excluded(row, kind, Text(
        en=f"{what_en} ('{label}'): left out, the totals are recomputed from the data rows.",
        fr=f"{what_fr} (« {label} ») : écartée, les totaux sont recalculés à partir des lignes de données."))


def sum_row(row: int, first: int, last: int) -> Excluded:
    """An unlabelled row whose figures are the sum of the rows above it."""
    return Excluded(row, "sum", Text(
        en=f"Unlabelled sum row: its figures equal the sum of rows {first}–{last}; left out so nothing counts twice.",
        fr=f"Ligne de somme sans libellé : ses chiffres valent la somme des lignes {first} à {last} ; écartée pour ne "
           "rien compter deux fois."))


def no_figures_row(row: int, text: str) -> Excluded:
    """A row with text but no figure in any recognised column (a note, a source line)."""
    quoted = text[:60]
    return Excluded(row, "no_figures", Text(
        en=f"No figure in this row ('{quoted}'): left out.",
        fr=f"Aucun chiffre sur cette ligne (« {quoted} ») : écartée."))
