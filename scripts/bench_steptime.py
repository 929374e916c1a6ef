"""A step's time as the sequence length T grows, for each of the four models, in CPython and in
Chromium's page, side by side in one run (the article's "It is strictly sequential").

    python scripts/bench_steptime.py [--rounds 3] [--no-page]

Both sides run the same code, py_core/steptime.py (Live.step_times on the sonnets, seed 1, the
default settings: every model at about the RNN's 7,772 weights), round after round alternating
CPython and the page: CPython calls it directly; the page's worker runs it when its button
("Time a step at T = 10, 25, 50 and 100") is pressed, and the numbers are read from the table.
Prints one JSON object: per side, per model, the median over rounds of ms per step at each T;
`growth` (T = 100 against T = 10), `vs_rnn` at each T, and `chromium_over_cpython` at each T.
Timings are never asserted in tests; docs/lineage.md quotes this output.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_browser  # noqa: E402  (its server, Chromium flags and polling)
from py_core.corpus import sonnets  # noqa: E402
from py_core.live import Live  # noqa: E402
from py_core.models import LINEAGE  # noqa: E402

CELLS = "document.querySelectorAll('[data-testid=steps-ms]')"
READ = f"() => [...{CELLS}].map((e) => [e.dataset.cell, Number(e.dataset.seq), Number(e.dataset.value)])"


def cpython_round(run: Live) -> dict:
    got = run.step_times()
    return {cell: dict(zip(got["seqs"], row["ms"])) for cell, row in got["rows"].items()}


def page_round(page) -> dict:
    page.evaluate(f"() => {CELLS}.forEach((e) => e.removeAttribute('data-value'))")
    page.click("[data-testid=steps-measure]")
    bench_browser.poll(page, f"{CELLS}.length === 16 && [...{CELLS}].every((e) => e.dataset.value)", timeout=120)
    out: dict = {}
    for cell, seq, ms in page.evaluate(READ):
        out.setdefault(cell, {})[seq] = ms
    return out


def summary(rounds: list[dict]) -> dict:
    med = {cell: {T: statistics.median(r[cell][T] for r in rounds) for T in rounds[0][cell]} for cell in LINEAGE}
    seqs = sorted(med["rnn"])
    return {cell: {"ms": {T: round(v, 3) for T, v in med[cell].items()},
                   "growth": round(med[cell][seqs[-1]] / med[cell][seqs[0]], 2),
                   "vs_rnn": {T: round(med[cell][T] / med["rnn"][T], 2) for T in seqs}} for cell in LINEAGE}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-page", action="store_true", help="CPython only")
    a = ap.parse_args()
    run = Live(sonnets(), {"seed": 1})
    cpython_round(run)  # warm: NumPy's first calls
    sides = {"cpython": []} if a.no_page else {"cpython": [], "chromium": []}
    page = server = browser = None
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        try:
            if not a.no_page:
                server, url = bench_browser.start_server()
                browser = p.chromium.launch(executable_path=bench_browser.CHROMIUM, args=bench_browser.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                bench_browser.time_ready(page, url + "?seed=1")
                page_round(page)  # warm: V8 compiles the hot wasm first
            for r in range(a.rounds):
                order = list(sides) if r % 2 == 0 else list(sides)[::-1]
                for side in order:
                    sides[side].append(cpython_round(run) if side == "cpython" else page_round(page))
                print(f"round {r + 1} of {a.rounds}", file=sys.stderr)
        finally:
            if browser:
                browser.close()
            if server:
                server.shutdown()
    out = {"date": __import__("datetime").date.today().isoformat(),
           "machine": f"{platform.machine()}, {os.cpu_count()} cores", "rounds": a.rounds,
           **{side: summary(rounds) for side, rounds in sides.items()}}
    if "chromium" in out:
        out["chromium_over_cpython"] = {cell: {T: round(out["chromium"][cell]["ms"][T] / out["cpython"][cell]["ms"][T], 2)
                                               for T in out["cpython"][cell]["ms"]} for cell in LINEAGE}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
