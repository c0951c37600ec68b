"""The `kpi` command. Each sub-command lives in its own module and is added here."""

from __future__ import annotations

import typer

app = typer.Typer(help="Marketing KPI assistant: calculators, knowledge search, questions.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

# --- sub-commands: one line each, added by their modules' owners ---
from assistant.cli.knowledge import register as _register_knowledge  # noqa: E402, I001
_register_knowledge(app)
from assistant.cli.calc import register as _register_calc  # noqa: E402, I001
_register_calc(app)
from assistant.cli.ask import register as _register_ask  # noqa: E402, I001
_register_ask(app)
from assistant.cli.serve import register as _register_serve  # noqa: E402, I001
_register_serve(app)
from assistant.cli.users import register as _register_users  # noqa: E402, I001
_register_users(app)
from assistant.cli.data import register as _register_data  # noqa: E402, I001
_register_data(app)
from assistant.cli.plan import register as _register_plan  # noqa: E402, I001
_register_plan(app)


def main() -> None:
    """Entry point of the `kpi` script."""
    app()
