"""`kpi serve` options and settings: where the app listens and keeps its data, and bad values refused clearly."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.serve import _settings
from assistant.config import ROOT, default_data_dir, is_checkout


def test_options_override_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KPI_HOST", "127.0.0.2")
    monkeypatch.setenv("KPI_PORT", "8100")
    settings = _settings("0.0.0.0", 8123, tmp_path / "team")
    assert (settings.host, settings.port, settings.data_dir) == ("0.0.0.0", 8123, tmp_path / "team")
    settings = _settings(None, None, None)
    assert (settings.host, settings.port) == ("127.0.0.2", 8100)


def test_gradio_variables_still_set_the_address(monkeypatch):
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    settings = _settings(None, None, None)
    assert (settings.host, settings.port) == ("0.0.0.0", 7999)


def test_a_checkout_keeps_its_data_folder_and_an_installed_package_uses_the_user_one(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert is_checkout() and default_data_dir() == ROOT / "data"
    monkeypatch.setattr("assistant.config.is_checkout", lambda root=ROOT: False)
    assert default_data_dir() == tmp_path / "share" / "kpi-assistant"
    assert not is_checkout(Path(tmp_path))


def test_a_bad_port_in_the_environment_exits_2_naming_the_setting(monkeypatch):
    monkeypatch.setenv("KPI_PORT", "seventy")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "KPI_PORT" in result.output and "integer" in result.output


def test_an_unusable_data_folder_exits_1_with_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(app, ["serve", "--data-dir", str(blocker / "data")])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot use the data folder {blocker / 'data'}")
