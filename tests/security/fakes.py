"""A recording engine and retriever: the refusal tests assert that nothing reached them."""

from __future__ import annotations

from assistant.reply import Reply


class RecordingEngine:
    """Answers every question with the text it read, and remembers it."""

    name = "offline"

    def __init__(self) -> None:
        self.questions: list[str] = []

    def answer(self, question, session):
        self.questions.append(question)
        return Reply(answer=f"read: {question}", language="en", engine="offline")


class RecordingRetriever:
    """Finds nothing, and remembers each search."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, int, str]] = []
        self.records = []

    def search(self, query, k=5, lang="en", **filters):
        self.queries.append((query, k, lang))
        return []

    def get(self, entry_id, lang="en"):
        return None
