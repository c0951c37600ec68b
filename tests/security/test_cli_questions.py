"""`kpi ask` and `kpi chat`: questions are cleaned and capped before any engine runs."""

from __future__ import annotations

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_kpi_ask_refuses_a_question_over_the_cap_with_exit_code_2():
    result = runner.invoke(app, ["ask", "x" * 4001, "--engine", "offline"])
    assert result.exit_code == 2
    assert "QUESTION: at most 4,000 characters (got 4,001)" in result.output
    assert "4\u202f000 caractères au plus" in result.output


def test_kpi_ask_refuses_a_question_made_only_of_control_characters():
    result = runner.invoke(app, ["ask", "\x1b[31m\x07", "--engine", "offline"])
    assert result.exit_code == 2
    assert "QUESTION: required" in result.output


def test_kpi_chat_says_why_a_long_line_is_refused_and_goes_on(monkeypatch):
    from assistant.cli import ask as ask_module

    class Echo:
        name = "offline"

        def answer(self, question, session):
            from assistant.reply import Reply

            return Reply(answer=f"read: {question}", language="en", engine="offline")

    monkeypatch.setattr(ask_module, "build", lambda engine: Echo())
    result = runner.invoke(app, ["chat"], input="y" * 5000 + "\nCAC \x1b[31m 1200 \x07 15\nexit\n")
    assert result.exit_code == 0
    assert "at most 4,000 characters (got 5,000)" in result.output
    assert "read: CAC 1200 15" in result.output
