"""Chroma's embedded store is not process-safe: two real processes building one store must neither hang nor corrupt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE = [{"title": "KPI marketing B2B", "file": "003_9ba33ac6bf34be3b.txt"}]
TOPICS = [("cac", "Coût d'acquisition", "Acquisition cost"), ("churn", "Attrition", "Churn"),
          ("roi", "Retour sur investissement", "Return on investment"), ("smart", "Objectifs SMART", "SMART goals")]

WORKER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from assistant.config import Settings
    from knowledge.build import build_index
    from knowledge.search import KnowledgeBase
    settings = Settings(data_dir=Path(sys.argv[1]), _env_file=None)
    store, report = build_index(settings, Path(sys.argv[2]))
    hits = KnowledgeBase(store).search("return on investment", k=1, lang="fr")
    print(json.dumps({"embedded": report.embedded, "count": store.count(), "top": hits[0].id}))
""")


@pytest.mark.slow
def test_two_processes_building_one_store_both_finish_and_agree(tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    for entry_id, fr, en in TOPICS:
        data = {"id": entry_id, "kind": "definition", "title": {"fr": fr, "en": en},
                "text": {"fr": f"{fr} : définition.", "en": f"{en}: definition."}, "sources": SOURCE}
        (entries / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANONYMIZED_TELEMETRY": "False"}
    data_dir = tmp_path / "data"
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(data_dir), str(entries)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    # The lock serialises the builds: one process embeds the four entries, the other finds them up to date.
    assert sorted(r["embedded"] for r in results) == [0, 4]
    assert [r["count"] for r in results] == [8, 8]
    assert [r["top"] for r in results] == ["roi", "roi"]
