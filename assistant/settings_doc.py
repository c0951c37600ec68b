"""The settings model written out for people: `.env.example` is generated from it, and a test holds the README's
settings tables to it. Regenerate after adding a setting: `.venv/bin/python -m assistant.settings_doc > .env.example`.
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import AliasChoices
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from assistant.config import Settings

HEADER = """\
# Every setting of the KPI assistant (assistant/config.py), with its default. Copy this file to .env (or export
# the variables) and uncomment what you change. Generated: .venv/bin/python -m assistant.settings_doc > .env.example
"""


def env_names(name: str, field: FieldInfo) -> list[str]:
    """The environment variables a field is read from, the preferred one first."""
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    if isinstance(alias, str):
        return [alias]
    return [f"{Settings.model_config.get('env_prefix', '')}{name}".upper()]


def default_text(field: FieldInfo) -> str:
    """The default as it is written in a .env file ('' for none or one computed at run time)."""
    value = field.default
    if value is PydanticUndefined or value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, dict)):
        return json.dumps(value)  # how pydantic-settings reads a list or a dict from the environment
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _choices(field: FieldInfo) -> list[str]:
    annotation = field.annotation
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return []


def settings_fields() -> dict[str, FieldInfo]:
    """Every setting, in the model's order."""
    return dict(Settings.model_fields)


def env_example() -> str:
    """The text of `.env.example`: each setting's description, allowed values, other names and default."""
    blocks = [HEADER]
    for name, field in settings_fields().items():
        primary, *others = env_names(name, field)
        lines = [f"# {field.description}"]
        if choices := _choices(field):
            lines.append(f"# One of: {', '.join(choices)}")
        if others:
            lines.append(f"# Also read from: {', '.join(others)}")
        lines.append(f"# {primary}={default_text(field)}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def main(argv: Any = None) -> None:
    """Print `.env.example`."""
    print(env_example(), end="")


if __name__ == "__main__":
    main()
