"""Bytes of an uploaded CSV → text, in the encoding people's spreadsheets really use.

charset-normalizer alone guesses wrong on short French exports: with one or two accented bytes it has too little
evidence, and a cp1252 'Dépenses' header came back as cp1250, Big5 ('R嶨廨encement') or a Cyrillic code page.
Spreadsheets write UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or the Windows code page, which
in a French or English office is Windows-1252. So those are tried first, in that order, and cp1252 is kept only
when what it decodes reads as Western text; anything else goes to charset-normalizer.
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from assistant.dataset.errors import DatasetError
from tools.base import Text

# Non-ASCII characters a French or English export plausibly holds (letters with their accents, the euro and
# pound signs, typographic quotes, dashes, spaces, degrees). Text decoded with the wrong code page shows others.
_WESTERN = set("àâäáãåçéèêëíìîïñóòôöõúùûüÿœæßÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜŸŒÆ€£¥¢°§«»‘’‚“”„–—…•·×÷²³µ½¼¾©®™"
               "\u00a0\u202f\u2009¿¡ªº")
PLAUSIBLE_SHARE = 0.9  # share of the non-ASCII characters that must be Western for cp1252 to be believed
ACCENTED_SHARE = 0.3  # most of a French word's letters are plain ASCII; Cyrillic read as cp1252 is all accents


def accented_share(text: str) -> float:
    """Share of the letters that are not ASCII ('Dépenses' 1/8; 'Ðàñõîäû', Cyrillic read as cp1252, 7/7)."""
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if ord(c) > 127) / len(letters) if letters else 0.0


def western_share(text: str) -> float:
    """Share of the non-ASCII characters that a Western European text would hold (1.0 when all are ASCII)."""
    extra = [c for c in text if ord(c) > 127]
    if not extra:
        return 1.0
    return sum(1 for c in extra if c in _WESTERN) / len(extra)


def _controls(text: str) -> bool:
    """True when the text holds control characters no spreadsheet writes (other than tab and line ends)."""
    return bool(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text))


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _controls(text) else text


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises DatasetError when no encoding gives readable text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and (text := _strict(raw, "utf-16")) is not None:
        return text.lstrip("\ufeff"), "utf-16"
    if (text := _strict(raw, "utf-8")) is not None:
        return text, "utf-8"
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned in cp1252: latin-1 maps them
        text = raw.decode("latin-1")
        name = "latin-1"
    else:
        name = "cp1252"
    if not _controls(text) and western_share(text) >= PLAUSIBLE_SHARE and accented_share(text) <= ACCENTED_SHARE:
        return text, name
    best = from_bytes(raw).best()
    if best is None or _controls(str(best)):
        raise DatasetError(Text(en="The file is not text: save it as CSV (UTF-8) or XLSX.",
                           fr="Le fichier n'est pas du texte : enregistrez-le en CSV (UTF-8) ou en XLSX."))
    return unicodedata.normalize("NFC", str(best)).lstrip("\ufeff"), best.encoding
