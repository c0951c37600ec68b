"""An ASGI middleware that refuses a JSON request body nested too deeply or holding a number too long, with a
message saying so, before any parser sees it.

Gradio's API answered a 50 000-deep body with "There was an error parsing the body", and the MCP transport with
a bare 500 "Error handling POST request" (Python's json raised RecursionError; a 5 000-digit number raises
ValueError). The scan is linear and never parses; non-JSON bodies (file uploads) pass untouched.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.inputs import json_problem

# Gradio's own payloads (a chat history of messages with parts) stay under 12 levels; tool inputs under 5.
MAX_BODY_DEPTH = 64
MAX_GUARDED_BYTES = 50 * 1024 * 1024  # bodies larger than this are not buffered here (the server's limits apply)


class JsonBodyGuard:
    """Pure ASGI middleware: buffers a JSON POST body, scans it once, and answers 400 when it is refused."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """Pass everything through but a JSON body `json_problem` refuses."""
        if scope["type"] != "http" or scope.get("method") != "POST" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks, more, size = [], True, 0
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > MAX_GUARDED_BYTES:
                break
        body = b"".join(chunks)
        problem = None if size > MAX_GUARDED_BYTES else json_problem(body.decode("utf-8", "replace"), MAX_BODY_DEPTH)
        if problem is None:
            replay = [{"type": "http.request", "body": body, "more_body": more}]
            await self.app(scope, _replay(replay, receive), send)
            return
        await _refuse(scope, send, f"request body: {problem.en} / corps de la requête : {problem.fr}")


def _is_json(scope: dict) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return b"json" in value.lower()
    return False


def _replay(messages: list[dict], receive: Any) -> Any:
    pending = list(messages)

    async def replayed() -> dict:
        return pending.pop(0) if pending else await receive()

    return replayed


async def _refuse(scope: dict, send: Any, message: str) -> None:
    if "/mcp" in scope.get("path", ""):  # a JSON-RPC error, as an MCP client expects
        payload: dict = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": message}}
    else:
        payload = {"detail": message, "error": message}
    body = json.dumps(payload, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 400,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
