"""The one error of the data package: the file cannot be used, with why in both languages."""

from __future__ import annotations

from tools.base import Text


class DatasetError(ValueError):
    """The file cannot be used; the message says why in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text
