"""`make bench`: every benchmark in turn, each printing its own figures."""

from __future__ import annotations

import importlib
import sys
import time

BENCHES = ["retrieval", "offline", "llm", "data_files", "load", "replicas"]


def main() -> int:
    """Run the benchmarks named on the command line, or all of them."""
    names = sys.argv[1:] or BENCHES
    for name in names:
        print(f"\n=== benchmark: {name} ===", flush=True)
        start = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"(took {time.perf_counter() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
