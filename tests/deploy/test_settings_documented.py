"""Every setting is documented where a user looks: `.env.example` (generated) and the README's settings tables."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.settings_doc import default_text, env_example, env_names, settings_fields

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"`([A-Z][A-Z0-9_]{2,})`")


def readme_rows() -> dict[str, str]:
    """Variable name -> the default cell of its row, for every settings-table row of the README."""
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) >= 3:
            for name in NAME.findall(cells[0]):
                rows[name] = cells[-1]
    return rows


def test_env_example_is_generated_from_the_settings_model():
    assert (ROOT / ".env.example").read_text(encoding="utf-8") == env_example(), (
        "regenerate it: .venv/bin/python -m assistant.settings_doc > .env.example")


def test_every_setting_and_each_of_its_names_is_in_the_readme_tables():
    rows = readme_rows()
    missing = [n for name, field in settings_fields().items() for n in env_names(name, field) if n not in rows]
    assert missing == [], f"add these settings to the README's settings tables: {missing}"


def test_the_readme_tables_name_no_setting_the_model_lacks():
    known = {n for name, field in settings_fields().items() for n in env_names(name, field)}
    assert sorted(set(readme_rows()) - known) == []


def test_the_readme_gives_each_setting_its_model_default():
    rows = readme_rows()
    wrong = {}
    for name, field in settings_fields().items():
        default = default_text(field)
        primary = env_names(name, field)[0]
        if default and primary in rows and f"`{default}`" not in rows[primary]:
            wrong[primary] = (default, rows[primary])
    assert wrong == {}


def test_every_setting_has_a_description():
    assert [name for name, field in settings_fields().items() if not (field.description or "").strip()] == []
