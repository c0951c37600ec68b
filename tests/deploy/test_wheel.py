"""The wheel holds every file the app needs, and an installed wheel serves the app with `kpi serve`, keeping its
data in the per-user data folder (never in site-packages)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from assistant.ui.process import free_port, supervised

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"
PACKAGES = ("assistant", "knowledge", "tools")

pytestmark = pytest.mark.slow


def package_files() -> set[str]:
    """Every file of the packages in the checkout (tracked by git when it is a clone)."""
    listed = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout.strip():
        return {line for line in listed.stdout.splitlines() if (ROOT / line).is_file()}
    return {str(p.relative_to(ROOT)) for pkg in PACKAGES for p in (ROOT / pkg).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built like a release: sdist first, then the wheel from the sdist (uv build)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([str(UV), "build", "--quiet", "--out-dir", str(out), str(ROOT)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return next(out.glob("kpi_assistant-*.whl"))


def test_the_wheel_holds_every_file_of_the_packages_and_the_example_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(package_files() - names) == []
    assert {"knowledge/examples/marketing_sample.csv", "knowledge/examples/marketing_sample_en.csv",
            "assistant/prompts/system_fr.md", "knowledge/eval/queries.yaml"} <= names
    assert len([n for n in names if n.startswith("knowledge/entries/") and n.endswith(".yaml")]) > 100
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "data/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "kpi = assistant.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _ready(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/gradio_api/info", timeout=2) as resp:  # noqa: S310 (loopback only)
            return resp.status == 200
    except OSError:
        return False


def test_an_installed_wheel_serves_the_app_with_its_data_in_the_user_data_folder(wheel, tmp_path):
    from gradio_client import Client

    venv = tmp_path / "venv"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(UV), "pip", "install", "--quiet", "--python", str(python), "--no-deps", str(wheel)],
                   check=True, timeout=120)
    # The dependencies come from this environment (appended after the wheel's own folder, so the wheel's code wins).
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz_dependencies.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "GRADIO_"))}
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "share"), "KPI_EMBEDDING_CACHE":
                os.environ["KPI_EMBEDDING_CACHE"], "PYTHONUNBUFFERED": "1", "GRADIO_ANALYTICS_ENABLED": "False"})
    where = subprocess.run(
        [str(python), "-c", "import assistant, json; from assistant.config import Settings; "
         "from assistant.dataset.report import EXAMPLES; print(json.dumps([assistant.__file__, "
         "str(Settings(_env_file=None).data_dir), str(EXAMPLES / 'marketing_sample.csv')]))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    module, data_dir, example = json.loads(where.stdout)
    assert module.startswith(str(site))
    assert data_dir == str(home / "share" / "kpi-assistant")
    assert example.startswith(str(site)) and Path(example).is_file()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with supervised([str(venv / "bin" / "kpi"), "serve", "--port", str(port)], url, tmp_path / "serve.log", 240,
                    env=env, cwd=tmp_path, ready=_ready, what="kpi serve"):
        hits = json.loads(Client(url, verbose=False).predict("ratio CLV CAC", "en", 1, api_name="/search_knowledge"))
    assert hits and hits[0]["id"]
    assert (home / "share" / "kpi-assistant" / "chroma").is_dir()
    assert not (site / "data").exists() and not (tmp_path / "data").exists()
