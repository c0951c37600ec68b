"""`kpi data FILE [--json]`: the Data tab's report, with a public JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from tests.dataset.samples import EXCEL_FR

runner = CliRunner()
KPI = Path(sys.executable).parent / "kpi"
CONTRACT = {"rows_used", "rows_excluded", "channels", "periods", "total", "by_channel", "by_period", "anomalies"}

# One more month than EXCEL_FR, where social's customers fall: CAC 950 / 3 against (900 + 1 000) / (9 + 10).
THREE_MONTHS = EXCEL_FR.replace("TOTAL;;4 400,50;3 950;215;47;14 100,00\n",
                                "mars 2026;Référencement payant;1 250,00;820;66;12;3 600,00\n"
                                "mars 2026;Réseaux sociaux;950,00;1 000;50;3;1 500,00\n"
                                "TOTAL;;6 600,50;5 770;331;62;19 200,00\n")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(THREE_MONTHS.encode("cp1252"))
    return path


def test_json_report_follows_the_contract_with_ratios_of_sums_keyed_by_calculator(tmp_path):
    r = runner.invoke(app, ["data", str(_file(tmp_path)), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert CONTRACT <= set(out)
    assert out["rows_used"] == 6
    assert out["rows_excluded"] == [{"row": 9, "kind": "total", "reason": "TOTAL row ('TOTAL'): left out, the totals "
                                     "are recomputed from the data rows."}]
    assert out["channels"] == ["Référencement payant", "Réseaux sociaux"]
    assert out["periods"] == ["2026-01", "2026-02", "2026-03"]
    # 6 600.50 spent for 62 customers: a ratio of the sums, not a mean of the monthly CACs
    assert out["total"]["customer_acquisition_cost"] == round(6600.5 / 62, 4)
    assert out["total"]["roas"] == round(19200 / 6600.5, 4)
    assert out["total"]["marketing_roi"] == round((19200 - 6600.5) / 6600.5 * 100, 4)
    assert out["total"]["funnel_conversion"] == {"leads_to_customers": round(62 / 331 * 100, 4)}
    assert out["by_channel"]["Réseaux sociaux"]["cost_per_lead"] == round(2850 / 135, 4)
    assert out["by_period"]["2026-03"]["customer_acquisition_cost"] == round(2200 / 15, 4)
    assert out["sums"]["total"]["spend"] == 6600.5
    cac = next(a for a in out["anomalies"] if a["kpi"] == "customer_acquisition_cost")
    assert {k: cac[k] for k in ("channel", "period", "value", "baseline", "factor", "changed")} == {
        "channel": "Réseaux sociaux", "period": "2026-03", "value": round(950 / 3, 4),
        "baseline": 100.0, "factor": 3.1667, "changed": "customers"}


def test_text_report_in_french_names_the_set_aside_row_and_the_anomaly(tmp_path):
    r = runner.invoke(app, ["data", str(_file(tmp_path)), "--lang", "fr"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("export.csv : 6 lignes utilisées, 2 canaux, 3 périodes.")
    assert "ligne 9 — Ligne TOTAL (« TOTAL ») : écartée" in r.stdout
    assert "CAC: 106,46\xa0€" in r.stdout  # 6 600,50 / 62
    assert "Réseaux sociaux, 2026-03 : CAC de 316,67\xa0€, soit 3,17× son niveau" in r.stdout


def test_a_refused_file_exits_2_with_one_message(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Canal;Dépenses\nSEA;inf\n")
    r = runner.invoke(app, ["data", str(bad), "--lang", "fr"])
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: Certaines cellules sont inutilisables : ligne 2, colonne « Dépenses »")
    assert "Traceback" not in r.output
    assert runner.invoke(app, ["data", str(tmp_path / "missing.csv")]).exit_code == 2


def test_the_installed_command_prints_json(tmp_path):
    out = subprocess.run([str(KPI), "data", str(_file(tmp_path)), "--json"], capture_output=True, text=True,
                         timeout=120, check=True)
    assert json.loads(out.stdout)["rows_used"] == 6
