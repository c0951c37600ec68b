"""llama-cpp-python's server with a chat handler for Qwen2.5 tool calling in Qwen's own format.

    python scripts/qwen_tools_format.py --model M.gguf --chat_format qwen-tools [other llama_cpp.server arguments]

Why not llama-cpp-python's `chatml-function-calling` format: its prompt template has no branch for `tool` messages,
so a model served with it never sees a tool's result. Given a calculator's result (2.2 %), Qwen2.5-Coder-1.5B wrote
its own arithmetic (2.23 %) or called the same tool again; and its text answers ignore `max_tokens`. This handler
renders the conversation as Qwen2.5 was trained to read it (the template in the GGUF: tools listed in the system
message, calls as `<tool_call>` JSON, results as `<tool_response>` in a user turn), honours `max_tokens` and `stop`,
constrains a required tool's arguments with its JSON schema (a grammar), and parses the calls back into OpenAI
`tool_calls`. Streaming requests get the finished answer as chunks.

The rendering and parsing are plain functions (tests/llm/test_local_chat_format.py); only `handler` and `main` need
llama_cpp, which is installed in the server's own venv (scripts/llm_local.sh), not in the project's.
"""

from __future__ import annotations

import json
import re
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

NAME = "qwen-tools"
_END = "<|im_end|>"
_TOOLS_INTRO = ("\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                "You are provided with function signatures within <tools></tools> XML tags:\n<tools>")
_TOOLS_OUTRO = ("\n</tools>\n\nFor each function call, return a json object with function name and arguments within "
                "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
                "<args-json-object>}\n</tool_call>")
_CALL = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_FENCE = re.compile(r"^(?:```(?:json)?)?\s*(.*?)\s*(?:```)?$", re.DOTALL)  # either fence may be missing


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _arguments(raw: Any) -> Any:
    """A call's arguments as an object when they are JSON text (OpenAI sends a string), else as given."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _text(content: Any) -> str:
    if isinstance(content, list):  # content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return content or ""


def render_prompt(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> str:
    """The conversation in Qwen2.5's chat format (the GGUF's own template), ending with the assistant's turn."""
    out: list[str] = []
    system = ""
    if messages and messages[0].get("role") == "system":
        system, messages = _text(messages[0].get("content")), messages[1:]
    if tools:
        listed = "".join("\n" + _json(t) for t in tools)
        out.append(f"<|im_start|>system\n{system or 'You are a helpful assistant.'}{_TOOLS_INTRO}{listed}"
                   f"{_TOOLS_OUTRO}{_END}\n")
    elif system:
        out.append(f"<|im_start|>system\n{system}{_END}\n")
    for i, message in enumerate(messages):
        role = message.get("role")
        if role == "tool":
            if i == 0 or messages[i - 1].get("role") != "tool":
                out.append("<|im_start|>user")
            out.append(f"\n<tool_response>\n{_text(message.get('content'))}\n</tool_response>")
            if i == len(messages) - 1 or messages[i + 1].get("role") != "tool":
                out.append(f"{_END}\n")
        elif role == "assistant" and message.get("tool_calls"):
            content = _text(message.get("content"))
            out.append("<|im_start|>assistant" + (f"\n{content}" if content else ""))
            for call in message["tool_calls"]:
                fn = call.get("function", call)
                out.append(f'\n<tool_call>\n{{"name": "{fn["name"]}", "arguments": '
                           f"{_json(_arguments(fn.get('arguments', {})))}}}\n</tool_call>")
            out.append(f"{_END}\n")
        else:
            out.append(f"<|im_start|>{role}\n{_text(message.get('content'))}{_END}\n")
    out.append("<|im_start|>assistant\n")
    return "".join(out)


def _call_from(obj: Any, names: set[str]) -> dict[str, str] | None:
    if isinstance(obj, dict) and isinstance(obj.get("name"), str) and (not names or obj["name"] in names):
        args = obj.get("arguments", obj.get("parameters", {}))
        return {"name": obj["name"], "arguments": args if isinstance(args, str) else _json(args)}
    return None


def parse_reply(text: str, tool_names: list[str] | tuple[str, ...] = ()) -> tuple[str, list[dict[str, str]]]:
    """(text content, tool calls as {name, arguments JSON text}) from what the model wrote.

    Calls are `<tool_call>` blocks (a last one cut by max_tokens included); an answer that is only a JSON object
    naming an offered tool (a model that forgot the tags, or fenced it) is a call too. A block whose JSON is broken
    keeps its text as arguments when the name can be read, so the client reports an invalid tool call.
    """
    names = set(tool_names)
    calls: list[dict[str, str]] = []
    if "<tool_call>" in text:
        for match in _CALL.finditer(text):
            body = match.group(1).strip()
            try:
                call = _call_from(json.loads(body), set())
            except ValueError:
                name = re.search(r'"name"\s*:\s*"([^"]+)"', body)
                args = re.search(r'"arguments"\s*:\s*(.*?)\}?\s*$', body, re.DOTALL)
                call = {"name": name.group(1), "arguments": args.group(1) if args else "{"} if name else None
            if call is not None:
                calls.append(call)
        content = _CALL.sub("", text).strip()
        return content, calls
    bare = text.strip()
    fenced = _FENCE.match(bare)
    candidate = fenced.group(1) if fenced else bare
    if candidate.startswith("{") and names:
        try:
            call = _call_from(json.loads(candidate), names)
        except ValueError:
            call = None
        if call is not None:
            return "", [call]
    return text.strip(), calls


def _completion_message(content: str, calls: list[dict[str, str]]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content or None}
    if calls:
        message["tool_calls"] = [{"id": f"call_{uuid.uuid4().hex[:12]}", "type": "function", "function": c}
                                 for c in calls]
    return message


def _chunks(base: dict[str, Any], message: dict[str, Any], finish: str) -> Iterator[dict[str, Any]]:
    """The finished answer as OpenAI stream chunks."""
    def chunk(delta: dict[str, Any], reason: str | None = None) -> dict[str, Any]:
        return {**base, "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": delta, "finish_reason": reason, "logprobs": None}]}

    yield chunk({"role": "assistant", "content": ""})
    if message.get("content"):
        yield chunk({"content": message["content"]})
    for i, call in enumerate(message.get("tool_calls", [])):
        yield chunk({"tool_calls": [{"index": i, **call}]})
    yield chunk({}, finish)


def _tool_choice_name(tool_choice: Any) -> str | None:
    if isinstance(tool_choice, dict):
        return (tool_choice.get("function") or {}).get("name")
    return None


def handler(llama: Any, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None,
            tool_choice: Any = None, functions: list[dict[str, Any]] | None = None, function_call: Any = None,
            stream: bool = False, stop: str | list[str] | None = None, max_tokens: int | None = None,
            model: str | None = None, grammar: Any = None, **sampling: Any) -> Any:
    """llama-cpp-python chat completion handler: render, generate, parse."""
    from llama_cpp import llama_grammar

    if functions and not tools:
        tools = [{"type": "function", "function": f} for f in functions]
        tool_choice = function_call
    if tool_choice == "none":
        tools = None
    tools = tools or None
    names = [t["function"]["name"] for t in tools or []]
    prompt = render_prompt(messages, tools)
    stops = [s for s in ([stop] if isinstance(stop, str) else stop or []) if s] + [_END, "<|endoftext|>"]
    keep = {k: v for k, v in sampling.items() if k in (
        "temperature", "top_p", "top_k", "min_p", "typical_p", "seed", "presence_penalty", "frequency_penalty",
        "repeat_penalty", "tfs_z", "mirostat_mode", "mirostat_tau", "mirostat_eta", "logits_processor",
        "logit_bias") and v is not None}
    forced = _tool_choice_name(tool_choice) if tools else None
    if forced in names:
        schema = next(t["function"].get("parameters") or {} for t in tools or [] if t["function"]["name"] == forced)
        try:
            grammar = llama_grammar.LlamaGrammar.from_json_schema(_json(schema), verbose=False)
        except Exception:  # a schema the converter does not handle: any JSON object
            grammar = llama_grammar.LlamaGrammar.from_string(llama_grammar.JSON_GBNF, verbose=False)
        prompt += f'<tool_call>\n{{"name": "{forced}", "arguments": '
    elif tools and tool_choice == "required":
        prompt += "<tool_call>\n"
    done = llama.create_completion(prompt=prompt, max_tokens=max_tokens, stop=stops, stream=False, model=model,
                                   grammar=grammar, **keep)
    text = done["choices"][0]["text"]
    if forced in names:
        content, calls = "", [{"name": forced, "arguments": text.strip()}]
    else:
        content, calls = parse_reply(("<tool_call>\n" if tool_choice == "required" and tools else "") + text, names)
    finish = "tool_calls" if calls else done["choices"][0].get("finish_reason") or "stop"
    message = _completion_message(content, calls)
    base = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": model or done.get("model")}
    if stream:
        return _chunks(base, message, finish)
    return {**base, "object": "chat.completion", "usage": done.get("usage"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}]}


def main() -> None:
    """Register the handler, then run llama_cpp.server with the command line's arguments."""
    from llama_cpp.llama_chat_format import register_chat_completion_handler
    from llama_cpp.server.__main__ import main as serve

    register_chat_completion_handler(NAME)(handler)
    sys.argv[0] = "llama_cpp.server"
    serve()


if __name__ == "__main__":
    main()
