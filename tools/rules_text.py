"""What a health rule returns, with its numbers written the way each language writes them (2.5 / 2,5)."""

from __future__ import annotations

from tools.base import Level, Text, fmt

Out = tuple[Level, Text] | None


def fmt_fr(x: float, digits: int = 2) -> str:
    """A number for a French sentence: grouped thousands, a decimal comma ('1 200,5')."""
    return fmt(x, digits).replace(".", ",")


def say(level: Level, en: str, fr: str, **values: float | str) -> Out:
    """The verdict `level` with its reason: `{name}` placeholders get each number in each language's notation.

    Round a number before passing it when it should show fewer than two decimals; a string (a currency) is kept.
    """
    def written(x: float | str, lang_fmt) -> str:
        return x if isinstance(x, str) else lang_fmt(x)

    return level, Text(en=en.format(**{k: written(v, fmt) for k, v in values.items()}),
                       fr=fr.format(**{k: written(v, fmt_fr) for k, v in values.items()}))
