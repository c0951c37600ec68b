"""The container files stay valid without a Docker daemon: the Dockerfile, compose.yaml and the nginx config are
parsed and checked for the services, ports, volumes, environment and health checks a team deployment needs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from assistant.settings_doc import env_names, settings_fields

ROOT = Path(__file__).resolve().parents[2]
SETTING_NAMES = {n for name, field in settings_fields().items() for n in env_names(name, field)}
APPS = ("app1", "app2")


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile as stages of (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((instruction, args.strip()))
    return stages


def env_pairs(args: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in shlex.split(args))


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nginx() -> str:
    return (ROOT / "deploy" / "nginx" / "kpi.conf.template").read_text(encoding="utf-8")


def test_the_image_is_slim_multi_stage_and_installs_only_the_lock():
    stages = dockerfile_stages()
    assert len(stages) == 2
    for stage in stages:
        assert re.fullmatch(r"python:\$\{PYTHON_VERSION\}-slim( AS \w+)?", stage[0][1])
    build = " ".join(args for instruction, args in stages[0] if instruction == "RUN")
    assert "uv sync --locked" in build and "--extra" not in build and "--all-extras" not in build
    copied = [source for instruction, args in stages[0] if instruction == "COPY" for source in args.split()[:-1]]
    assert {"pyproject.toml", "uv.lock", "assistant", "knowledge", "tools"} <= set(copied)
    assert all((ROOT / name).exists() for name in copied)
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    assert {".git", ".venv*", "data", "tests"} <= set(ignored)
    assert not {"assistant", "knowledge", "tools", "uv.lock", "pyproject.toml", "README.md"} & set(ignored)


def test_the_image_runs_as_a_user_with_the_index_built_at_build_time():
    final = dockerfile_stages()[-1]
    instructions = [instruction for instruction, _ in final]
    users = [args for instruction, args in final if instruction == "USER"]
    assert users and users[-1] not in ("root", "0")
    build_index = next(i for i, (instruction, args) in enumerate(final)
                       if instruction == "RUN" and "kpi index build" in args)
    assert build_index < instructions.index("USER")  # built as root into /data, then handed to the user
    env = {k: v for instruction, args in final if instruction == "ENV" for k, v in env_pairs(args).items()}
    assert {k for k in env if k.startswith("KPI_")} <= SETTING_NAMES
    assert env["KPI_HOST"] == "0.0.0.0" and env["KPI_DATA_DIR"] == "/data"
    assert ("EXPOSE", env["KPI_PORT"]) in final
    assert "HEALTHCHECK" in instructions and "/gradio_api/info" in dict(final)["HEALTHCHECK"]
    assert dict(final)["CMD"] == '["kpi", "serve"]'


def test_compose_has_two_app_replicas_a_proxy_chroma_postgres_and_an_optional_llm(compose):
    services = compose["services"]
    assert set(services) == {*APPS, "proxy", "chroma", "postgres", "ollama"}
    assert services["ollama"]["profiles"] == ["llm"]
    assert [name for name, service in services.items() if "profiles" in service] == ["ollama"]
    assert all("healthcheck" in service and service["healthcheck"]["test"] for service in services.values())
    assert services["app1"] == services["app2"]  # the same app twice (one YAML anchor)


def test_every_setting_compose_gives_the_app_exists_and_points_at_a_real_service(compose):
    services = compose["services"]
    for app in APPS:
        env = services[app]["environment"]
        assert sorted(k for k in env if k not in SETTING_NAMES) == []
        chroma = urlparse(env["KPI_CHROMA_URL"])
        assert chroma.hostname in services
        command = services[chroma.hostname]["command"]
        assert command[:2] == ["chroma", "run"] and command[command.index("--port") + 1] == str(chroma.port)
        assert {"/data"} == {v.split(":")[1] for v in services[app]["volumes"]} and env["KPI_DATA_DIR"] == "/data"
        assert services[app]["build"] == "." and (ROOT / "Dockerfile").is_file()
        depends = services[app]["depends_on"]
        assert {depends[s]["condition"] for s in ("chroma", "postgres")} == {"service_healthy"}
        assert f"{env['KPI_PORT']}" in " ".join(services[app]["healthcheck"]["test"])
        database = urlparse(env["KPI_DATABASE_URL"].replace("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
                                                            "secret"))
        postgres = services["postgres"]["environment"]
        assert (database.scheme, database.hostname, database.port) == ("postgresql", "postgres", 5432)
        assert (database.username, database.path) == (postgres["POSTGRES_USER"], f"/{postgres['POSTGRES_DB']}")


def test_named_volumes_are_declared_and_keep_each_store(compose):
    declared = set(compose["volumes"])
    used = {v.split(":")[0] for s in compose["services"].values() for v in s.get("volumes", [])
            if not v.startswith((".", "/"))}
    assert used == declared
    chroma = compose["services"]["chroma"]
    assert f"chroma-data:{chroma['command'][chroma['command'].index('--path') + 1]}" in chroma["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_secrets_are_required_from_the_environment_and_explained_in_the_readme(compose):
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert {"KPI_CHROMA_TOKEN", "POSTGRES_PASSWORD"} <= required
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in sorted(required) if name not in readme] == []
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_the_proxy_balances_the_replicas_with_sticky_sessions_and_streams(compose, nginx):
    proxy = compose["services"]["proxy"]
    mounted = {v.split(":")[0]: v.split(":")[1] for v in proxy["volumes"]}
    assert mounted["./deploy/nginx/kpi.conf.template"].startswith("/etc/nginx/templates/")
    assert {p.split(":")[-1] for p in proxy["ports"]} == {"80", "8000"}
    upstream = re.search(r"upstream kpi_app \{(.*?)\}", nginx, re.S).group(1)
    port = compose["services"]["app1"]["environment"]["KPI_PORT"]
    assert re.findall(r"server (\w+):(\d+)", upstream) == [(app, port) for app in APPS]
    assert re.search(r"hash \$kpi_route consistent;", upstream)
    assert "Set-Cookie \"kpi_route=$kpi_route" in nginx
    assert "proxy_buffering off;" in nginx and "proxy_set_header Upgrade $http_upgrade;" in nginx
    assert set(proxy["depends_on"]) == {*APPS, "chroma"}


def test_the_published_chroma_port_refuses_requests_without_the_token(compose, nginx):
    chroma_block = nginx[nginx.index("listen 8000;"):]
    assert 'return 401' in chroma_block and "proxy_pass http://chroma:8000;" in chroma_block
    assert '"Bearer ${KPI_CHROMA_TOKEN}"' in chroma_block and '"${KPI_CHROMA_TOKEN}" 1;' in nginx
    assert "KPI_CHROMA_TOKEN" in compose["services"]["proxy"]["environment"]
    assert "ports" not in compose["services"]["chroma"] and "ports" not in compose["services"]["postgres"]
