"""The compose file's nginx config, run for real (nginx on loopback) in front of two app replicas and a Chroma
server: browsers stick to one replica, answers stream through it, and the Chroma port wants the token."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assistant.config import Settings
from assistant.ui.process import app_process, free_port, supervised
from knowledge.build import open_knowledge_base

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "kpi.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TOKEN = "team-token-" + uuid.uuid4().hex[:8]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (make test installs it)")]


def render(replicas: list[str], chroma: str, app_port: int, chroma_port: int) -> str:
    """The template as nginx's container would fill it in, with the compose hosts mapped to loopback ports."""
    text = TEMPLATE.read_text(encoding="utf-8").replace("${KPI_CHROMA_TOKEN}", TOKEN)
    for n, replica in enumerate(replicas, start=1):
        text = text.replace(f"server app{n}:7860", f"server {replica}")
    text = text.replace("http://chroma:8000", f"http://{chroma}")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{app_port};")
    return text.replace("listen 8000;", f"listen 127.0.0.1:{chroma_port};")


def nginx_conf(prefix: Path, site: str) -> Path:
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    conf = prefix / "nginx.conf"
    # Started as root (CI), nginx would run its worker as `nobody`, which cannot enter pytest's private temp folder.
    user = "user root root;" if os.geteuid() == 0 else ""
    conf.write_text(f"""
daemon off;
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$cookie_kpi_route $upstream_addr $status';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
""", encoding="utf-8")
    return conf


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _listening(url: str) -> bool:
    try:
        return get(urlparse(url).port, "/nginx-health")[0] == 200
    except OSError:
        return False


def test_the_proxy_config_is_valid_sticky_streams_and_guards_chroma(tmp_path, chroma_server):
    from gradio_client import Client

    prefix = tmp_path / "nginx"
    prefix.mkdir()
    env = {"KPI_CHROMA_URL": chroma_server, "KPI_CHROMA_DATABASE": "kpi"}
    with (app_process(tmp_path / "data1", tmp_path / "app1.log", extra_env=env) as app1,
          app_process(tmp_path / "data2", tmp_path / "app2.log", extra_env=env) as app2):
        replicas = [urlparse(app.url).netloc for app in (app1, app2)]
        app_port, chroma_port = free_port(), free_port()
        conf = nginx_conf(prefix, render(replicas, urlparse(chroma_server).netloc, app_port, chroma_port))
        checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        with supervised([NGINX, "-p", str(prefix), "-c", str(conf)], f"http://127.0.0.1:{app_port}",
                        tmp_path / "nginx.out", 30, env={}, cwd=prefix, ready=_listening, what="nginx"):
            # A browser without the cookie gets one, and keeps its replica for every later request.
            status, headers, _ = get(app_port, "/")
            assert status == 200
            route = re.match(r"kpi_route=([0-9a-f]{32});", headers["set-cookie"]).group(1)
            browsers = [route] + [uuid.uuid4().hex for _ in range(15)]
            for browser in browsers:
                for _ in range(3):
                    assert get(app_port, "/gradio_api/info", {"Cookie": f"kpi_route={browser}"})[0] == 200

            # A full queued call (join, then the event stream) through the proxy.
            client = Client(f"http://127.0.0.1:{app_port}", headers={"Cookie": f"kpi_route={route}"}, verbose=False)
            result = json.loads(client.predict("customer_acquisition_cost",
                                               '{"marketing_spend": 1200, "new_customers": 15}',
                                               api_name="/calculate_kpi"))
            assert result["value"] == 80.0

            # The Chroma port: nothing without the token, the real client with it (either header).
            assert get(chroma_port, "/api/v2/heartbeat")[0] == 401
            assert get(chroma_port, "/api/v2/heartbeat", {"Authorization": "Bearer wrong"})[0] == 401
            assert get(chroma_port, "/api/v2/heartbeat", {"X-Chroma-Token": TOKEN})[0] == 200
            through_proxy = Settings(data_dir=tmp_path / "laptop", chroma_url=f"http://127.0.0.1:{chroma_port}",
                                     chroma_token=TOKEN, chroma_database="kpi", _env_file=None)
            assert open_knowledge_base(through_proxy).search("CLV CAC ratio", k=1)

    lines = [line.split() for line in (prefix / "access.log").read_text().splitlines()]
    by_browser: dict[str, set[str]] = {}
    for cookie, upstream, _status in lines:
        if cookie in browsers and upstream != "-":
            by_browser.setdefault(cookie, set()).add(upstream)
    assert all(len(upstreams) == 1 for upstreams in by_browser.values()), by_browser
    assert len(by_browser) == len(browsers)
    used = set().union(*by_browser.values())
    assert used == set(replicas)  # 16 browsers: both replicas serve some (all on one: 1 chance in 32 768)
