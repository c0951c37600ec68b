"""`make bench` (data_files): how fast hostile uploads are refused, and what a legitimate file at the limits costs.

Before the limits were checked ahead of parsing, the same 417 KB XLSX cost 145 s of CPU and the 100 000-column CSV
45 s (loaded, not even refused), measured with the loader of commit 1eb9599 on this machine; the issue reported
132 s / 1 GB and 38 s. About 40 s in all (the two files at the limits load in seconds each); run it alone with
`python -m benchmarks data_files`.
"""

from __future__ import annotations

import io
import resource
import statistics
import time

from assistant.dataset.load import DatasetError, load_bytes
from benchmarks.hostile_files import wide_csv, xlsx_bomb, xlsx_many_cells, xlsx_many_strings

REFUSED_REPEATS = 5
LOADED_REPEATS = 3  # a file at the limits takes seconds to load: three runs keep the whole benchmark under a minute


def _time(raw: bytes, name: str, repeats: int) -> tuple[float, str]:
    """Median wall time in ms over `repeats` loads, and the outcome (refused or loaded)."""
    times, outcome = [], ""
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            data = load_bytes(raw, name)
            outcome = f"loaded, {len(data.frame)} rows"
        except DatasetError as err:
            outcome = f"refused: {err.text.en[:70]}"
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), outcome


def _legit_csv(rows: int) -> bytes:
    lines = ["Mois;Canal;Dépenses;Clics;Leads;Clients;CA"]
    lines += [f"2025-{i % 12 + 1:02d};Canal {i % 7};{1000 + i % 300},50;{800 + i % 90};{60 + i % 9};{5 + i % 4};"
              f"{4000 + i % 700}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode("cp1252")


def _legit_xlsx(rows: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["Month", "Channel", "Spend", "Clicks", "Customers", "Revenue"])
    for i in range(rows):
        ws.append([f"2025-{i % 12 + 1:02d}", f"Channel {i % 7}", 1000.5 + i % 300, 800 + i % 90, 5 + i % 4, 4000])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    """Print one line per file: its size, the median time, and what happened."""
    cases = [
        ("XLSX zip bomb (124 MB unzipped)", xlsx_bomb(124), "bomb.xlsx", REFUSED_REPEATS),
        ("XLSX, 1.5 M cells", xlsx_many_cells(1_500_000), "cells.xlsx", REFUSED_REPEATS),
        ("XLSX, 300 000 shared strings", xlsx_many_strings(300_000), "strings.xlsx", REFUSED_REPEATS),
        ("CSV, 100 000 columns", wide_csv(100_000), "wide.csv", REFUSED_REPEATS),
        ("CSV, 50 000 rows (the limit), Windows-1252", _legit_csv(50_000), "big.csv", LOADED_REPEATS),
        ("XLSX, 20 000 rows", _legit_xlsx(20_000), "big.xlsx", LOADED_REPEATS),
    ]
    print(f"{'file':46} {'size':>9} {'median ms':>10}  outcome")
    for label, raw, name, repeats in cases:
        ms, outcome = _time(raw, name, repeats)
        print(f"{label:46} {len(raw) // 1024:>6} KB {ms:>10.1f}  {outcome}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory of this process: {peak} MB (building the files included)")


if __name__ == "__main__":
    main()
