"""Period cells → sortable dates and labels ('2025-03' for months), French and English month names included."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pandas as pd

from tools.base import Text

_FR_MONTHS = {
    "janvier": "jan", "janv": "jan", "fevrier": "feb", "fevr": "feb", "fev": "feb", "mars": "mar", "avril": "apr",
    "avr": "apr", "mai": "may", "juin": "jun", "juillet": "jul", "juil": "jul", "aout": "aug", "septembre": "sep",
    "sept": "sep", "octobre": "oct", "novembre": "nov", "decembre": "dec", "dec": "dec",
}
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?([ T].*)?$")


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().strip()


def parse_one(value: object) -> pd.Timestamp | None:
    """A date for one period cell, or None."""
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return pd.Timestamp(value)
    s = _ascii(str(value)).replace(".", " ").strip()
    if not s:
        return None
    m = _MONTH_YEAR.match(s)
    if m:
        s = f"{m.group(2)}-{int(m.group(1)):02d}-01"
    s = " ".join(_FR_MONTHS.get(w, w) for w in s.split())
    try:
        if _ISO.match(s):
            return pd.Timestamp(pd.to_datetime(s, format="ISO8601"))
        return pd.Timestamp(pd.to_datetime(s, format="mixed", dayfirst=True))
    except (ValueError, OverflowError):
        return None


def parse_periods(col: pd.Series) -> tuple[pd.Series, pd.Series, Text | None]:
    """(sort key, label, note). Dates when every cell parses; the text as written (file order) otherwise."""
    uniques = list(dict.fromkeys(col.tolist()))
    # Fast path for ISO dates (the common export format); anything else goes through parse_one.
    iso = pd.to_datetime(pd.Series([str(u).strip() for u in uniques]), format="ISO8601", errors="coerce")
    parsed = {u: (pd.Timestamp(d) if not pd.isna(d) and not isinstance(u, dt.date) else parse_one(u))
              for u, d in zip(uniques, iso, strict=True)}
    if all(p is not None for p in parsed.values()):
        dates = col.map(parsed)
        monthly = all(p.day == 1 for p in parsed.values())
        labels = dates.map(lambda d: d.strftime("%Y-%m" if monthly else "%Y-%m-%d"))
        return dates.map(lambda d: d.to_datetime64()).astype("datetime64[ns]"), labels, None
    order = {u: i for i, u in enumerate(uniques)}
    bad = [str(u) for u, p in parsed.items() if p is None][:5]
    note = Text(en=f"Periods kept as written, in file order (not dates: {', '.join(bad)}).",
                fr=f"Périodes gardées telles quelles, dans l'ordre du fichier (pas des dates : {', '.join(bad)}).")
    return col.map(order), col.map(lambda v: str(v).strip()), note
