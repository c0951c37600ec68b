"""A small OpenAI-compatible chat server on 127.0.0.1 that plays a script: real HTTP for the real client.

Each request to `/v1/chat/completions` takes the next step of the script (the last step repeats once the script
is used up, so "always fails" and "calls tools forever" are one step). A step is a dict:
- `{"content": "text"}`: a final answer;
- `{"tool": name, "args": {...}}` or `{"tool": name, "raw_args": "not json"}`: one tool call;
- `{"status": 429, "headers": {...}}`: an HTTP error with an OpenAI-style error body (`"echo_key": True` quotes
  the Authorization header in it, as OpenAI's 401 does);
- any step may add `"delay": seconds` before the server answers.
Streaming requests get server-sent events, split into several chunks like a real server.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _completion(step: dict[str, Any], n: int) -> tuple[dict[str, Any], str]:
    """The assistant message of a step, and its finish reason."""
    if "tool" in step:
        args = step.get("raw_args", json.dumps(step.get("args", {})))
        call = {"id": f"call_{n}", "type": "function", "function": {"name": step["tool"], "arguments": args}}
        return {"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"
    return {"role": "assistant", "content": step.get("content", "")}, "stop"


def _chunks(message: dict[str, Any], finish: str, n: int) -> list[dict[str, Any]]:
    """The deltas of a streamed answer: role, content in pieces or a tool call in two pieces, then the finish."""
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    if message.get("tool_calls"):
        fn = message["tool_calls"][0]["function"]
        half = len(fn["arguments"]) // 2
        deltas.append({"tool_calls": [{"index": 0, "id": f"call_{n}", "type": "function",
                                       "function": {"name": fn["name"], "arguments": fn["arguments"][:half]}}]})
        deltas.append({"tool_calls": [{"index": 0, "function": {"arguments": fn["arguments"][half:]}}]})
    else:
        words = message["content"].split(" ")
        deltas.extend({"content": w if i == 0 else " " + w} for i, w in enumerate(words))
    out = [{"index": 0, "delta": d, "finish_reason": None} for d in deltas]
    out.append({"index": 0, "delta": {}, "finish_reason": finish})
    return out


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up (a turn past its deadline) closes the socket mid-answer: that is the test's point, not
    an error to print after the test run."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            super().handle_error(request, client_address)


class ScriptedOpenAIServer:
    """Start with `with ScriptedOpenAIServer(script) as server:`; `server.base_url` is the `/v1` URL."""

    def __init__(self, script: list[dict[str, Any]]):
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []  # each: {"body": json, "headers": {lowercase name: value}}
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """Where the client points."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def calls(self) -> int:
        """Chat completion requests received."""
        return len(self.requests)

    def __enter__(self) -> ScriptedOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next_step(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[dict[str, Any], int]:
        with self._lock:
            self.requests.append({"body": body, "headers": headers})
            n = len(self.requests)
            return self.script[min(n, len(self.script)) - 1], n

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                step, n = server._next_step(body, {k.lower(): v for k, v in self.headers.items()})
                time.sleep(step.get("delay", 0))
                if "status" in step:
                    # Like OpenAI's 401, which quotes the key it refused.
                    said = self.headers.get("Authorization", "") if step.get("echo_key") else ""
                    err = {"error": {"message": f"scripted HTTP {step['status']} {said}".strip(), "type": "scripted",
                                     "code": None}}
                    return self._json(step["status"], err, step.get("headers"))
                message, finish = _completion(step, n)
                base = {"id": f"chatcmpl-{n}", "created": 0, "model": body.get("model", "scripted")}
                if not body.get("stream"):
                    choice = {"index": 0, "message": message, "finish_reason": finish}
                    usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
                    return self._json(200, {**base, "object": "chat.completion", "choices": [choice], "usage": usage})
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                for choice in _chunks(message, finish, n):
                    chunk = {**base, "object": "chat.completion.chunk", "choices": [choice]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
