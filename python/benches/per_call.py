"""Per-call cost of the Python package against the native command line.

Not a test (no wall-clock comparison decides anything): run it by hand,
``python python/benches/per_call.py [path/to/xorigin]``, with the package installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import xorigin
from xorigin import _xorigin

REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "target" / "release" / "xorigin"
FIXTURES = sorted((REPO / "spec-fixtures").rglob("*.json"))

CHECK = dict(
    url="https://api.b.test/items", origin="https://app.a.test", method="PUT",
    headers={"Content-Type": "application/json"},
    preflight={"status": 204, "headers": {"Access-Control-Allow-Origin": "https://app.a.test",
                                          "Access-Control-Allow-Methods": "PUT",
                                          "Access-Control-Allow-Headers": "content-type"}},
    response={"headers": {"Access-Control-Allow-Origin": "https://app.a.test"}},
)
CHECK_FLAGS = [
    "check", CHECK["url"], "--origin", CHECK["origin"], "-X", "PUT", "--json",
    "-H", "Content-Type: application/json",
    "--preflight-header", "Access-Control-Allow-Origin: https://app.a.test",
    "--preflight-header", "Access-Control-Allow-Methods: PUT",
    "--preflight-header", "Access-Control-Allow-Headers: content-type",
    "--response-header", "Access-Control-Allow-Origin: https://app.a.test",
]


def per_call(f, n: int) -> float:
    """Best of 5 runs of n calls, in microseconds per call."""
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            f()
        best = min(best, (time.perf_counter() - t) / n)
    return best * 1e6


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    dicts = [json.loads(t) for t in texts]
    check_text = json.dumps(dict(CHECK, headers=dict(CHECK["headers"])))
    rows = [
        ("check, 3 browsers (xorigin.check)", per_call(lambda: xorigin.check(**CHECK), 200)),
        ("  of which the engine (check_json, text in/out)",
         per_call(lambda: _xorigin.check_json(check_text), 200)),
        ("check, 1 browser (xorigin.check browser=chromium)",
         per_call(lambda: xorigin.check(**CHECK, browser="chromium"), 200)),
    ]

    def simulate_all_dicts() -> None:
        for d in dicts:
            xorigin.simulate(d, "chromium")

    def simulate_all_native() -> None:
        for t in texts:
            _xorigin.simulate_json(t, "chromium")

    n = len(texts)
    rows.append(("simulate, mean per fixture (xorigin.simulate, dict in)",
                 per_call(simulate_all_dicts, 1) / n))
    rows.append(("  of which the engine (simulate_json, text in/out)",
                 per_call(simulate_all_native, 1) / n))

    t = time.perf_counter()
    for _ in range(20):
        subprocess.run([str(CLI), *CHECK_FLAGS], capture_output=True, check=False)
    rows.append(("native CLI `xorigin check --json`, one process per call",
                 (time.perf_counter() - t) / 20 * 1e6))
    t = time.perf_counter()
    subprocess.run([str(CLI), "simulate", "--browser", "chromium", "--json", *map(str, FIXTURES)],
                   capture_output=True, check=True)
    rows.append((f"native CLI `xorigin simulate --json`, {n} files in one process, per fixture",
                 (time.perf_counter() - t) / n * 1e6))
    for name, us in rows:
        print(f"{us:10.1f} µs  {name}")


if __name__ == "__main__":
    main()
