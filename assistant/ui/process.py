"""Run the app (or a Chroma server) in a child process on a free loopback port, and wait until it answers (tests
and benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
# Variables that would make the child talk to a real LLM provider or a remote store.
_CLEARED = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "KPI_LLM_API_KEY", "KPI_LLM_BASE_URL", "KPI_CHROMA_URL",
            "KPI_EMBEDDER", "GRADIO_SERVER_NAME")


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/gradio_api/info", timeout=2) as resp:  # noqa: S310 (loopback only)
            return resp.status == 200
    except urllib.error.HTTPError as err:
        return err.code == 401  # a login is configured: the server is up and asks who we are
    except OSError:
        return False


class AppProcess(NamedTuple):
    """A started app: its base URL and process id."""

    url: str
    pid: int


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process (all its threads) has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running_app(data_dir: Path, log_path: Path, engine: str = "offline", startup_timeout: float = 240.0,
                extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`python app.py` on 127.0.0.1 and a free port with its data under `data_dir`; yields the base URL and
    stops the process afterwards. The log goes to `log_path` and is shown if the app does not start."""
    with app_process(data_dir, log_path, engine, startup_timeout, extra_env) as app:
        yield app.url


@contextmanager
def app_process(data_dir: Path, log_path: Path, engine: str = "offline", startup_timeout: float = 240.0,
                extra_env: dict[str, str] | None = None) -> Iterator[AppProcess]:
    """As `running_app`, yielding the URL and the process id (to measure the server's own CPU time)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update({"KPI_DATA_DIR": str(data_dir), "KPI_ENGINE": engine, "GRADIO_SERVER_NAME": "127.0.0.1",
                "GRADIO_SERVER_PORT": str(port), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", **(extra_env or {})})
    url = f"http://127.0.0.1:{port}"
    with supervised([sys.executable, str(ROOT / "app.py")], url, log_path, startup_timeout, env=env, cwd=ROOT,
                    ready=_ready, what="the app") as proc:
        yield AppProcess(url, proc.pid)


@contextmanager
def supervised(command: list[str], url: str, log_path: Path, startup_timeout: float, env: dict[str, str],
               cwd: Path, ready: Callable[[str], bool], what: str) -> Iterator[subprocess.Popen]:
    """Start `command`, wait until `ready(url)`, yield the process, and stop it afterwards (the log tail is shown
    when it does not start)."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup_timeout
        while not ready(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = Path(log_path).read_text()[-3000:]
                raise RuntimeError(f"{what} did not start (exit code {proc.poll()}); log tail:\n{tail}")
            time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _chroma_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as resp:  # noqa: S310 (loopback only)
            return resp.status == 200
    except OSError:
        return False


@contextmanager
def chroma_server(path: Path, log_path: Path, startup_timeout: float = 60.0) -> Iterator[str]:
    """A real Chroma server (`chroma run`, shipped with chromadb) on a free loopback port, storing under `path`;
    yields its URL and stops it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
               "--port", str(port)]
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with supervised(command, url, log_path, startup_timeout, env=env, cwd=Path(path).parent, ready=_chroma_ready,
                    what="the Chroma server"):
        yield url
