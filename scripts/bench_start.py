"""How long the page takes to be ready: a cold load, reloads with a warm HTTP cache, return visits
served by the service worker, and a reload with no network, with a breakdown of the worker's
start. Prints one JSON object (progress on stderr).

    python scripts/bench_start.py [--rounds 5] [--links localhost,20] [--site NAME=WEB_DIR ...]

Each round launches Chromium on a new, empty profile (a real on-disk profile: an incognito
context keeps no code cache), loads the page (cold), then reloads it twice (warm 1, warm 2: the
second is a return visit once Chromium has had a chance to keep Pyodide's compiled wasm), all with
service workers blocked: the HTTP cache alone. Then, on another new profile with service workers
allowed: the first visit (sw-cold), a wait until web/sw.js has cached the build, two reloads
served by it (sw1, sw2), and a reload with the context offline (Chromium's network emulation,
context.set_offline), which must reach ready too. Ready
is the page's own clock (performance.now(), navigation start = 0) when the status first reads
data-state="ready", recorded by a MutationObserver. The breakdown comes from the worker's marks
(rnnLive.debugStart(), web/js/worker/marks.js), on the same clock:

  worker        the worker module starts running (boot.js created it, its modules arrived)
  wasm          Pyodide's WebAssembly: fetch + compile + instantiate (instantiateStreaming)
  python        loadPyodide as a whole: wasm, the standard library, Python's bootstrap
  numpy         loadPackage("numpy"): the wheel unpacked, its side modules compiled
  import numpy  `import numpy`
  py_core       `import py_core.live` (and corpus, echo)
  corpus        corpus.sonnets(): reading and normalising the text
  first run     the first run: Live built, heatmap view, surprise line, first snapshot posted
  page          from the snapshot's post to the page showing data-state="ready"

Links: "localhost" (no throttling) and "20" (20 Mbit/s + 40 ms, Chromium's network emulation
over CDP, as scripts/bench/network.py). `--site` serves other copies of web/ (e.g. one built
from an older commit) and alternates them with this one within each round, so the machine's
noise falls on all alike. Medians and ranges over the rounds; timings are never asserted.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import serve  # noqa: E402
from bench.network import throttle  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LINKS = {"localhost": None, "20": (20.0, 40)}
READY = """
(() => {
  window.__readyAt = null;
  const seen = () => {
    const s = document.querySelector('[data-testid=status]');
    if (window.__readyAt === null && s && s.dataset.state === 'ready') window.__readyAt = performance.now();
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-state'] });
})();
"""
# (label, from mark, to mark): the breakdown, in the order the worker reaches them.
PARTS = [
    ("worker", "navigation", "worker"),
    ("wasm", "wasm-start", "wasm-done"),
    ("python", "python-start", "python-done"),
    ("numpy", "numpy-start", "numpy-done"),
    ("import numpy", "import-numpy", "import-py_core"),
    ("py_core", "import-py_core", "sonnets"),
    ("corpus", "sonnets", "model-done"),
    ("first run", "run-start", "run-snapshot"),
    ("page", "run-snapshot", "ready"),
]


def serve_dir(web: Path):
    server = serve.Server(("127.0.0.1", 0), partial(serve.Handler, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def poll(page, js, timeout=180.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(js)
        if value is not None and value is not False:
            return value
        time.sleep(0.05)
    raise TimeoutError(js)


def one_load(page, url, reload: bool) -> dict:
    """Navigate (or reload); the ready time and the worker's marks, in ms from navigation start."""
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    ready = poll(page, "window.__readyAt")
    if not page.evaluate("typeof rnnLive.debugStart === 'function'"):  # (an older build: no marks)
        return {"ready": ready, "parts": {}, "marks": {"ready": ready}, "wasm_cached": None, "files": {}}
    start = page.evaluate("rnnLive.debugStart()")
    origin = start["pageOrigin"]
    marks = {k: v - origin for k, v in start["marks"].items()}
    marks.update(navigation=0.0, ready=ready)
    parts = {label: marks[b] - marks[a] for label, a, b in PARTS if a in marks and b in marks}
    files = {r["name"].rsplit("/", 1)[-1]: {"ms": round(r["end"] - r["start"], 1), "cached": r["transferSize"] == 0}
             for r in start["resources"]}
    wasm = files.get("pyodide.asm.wasm", {})
    return {"ready": ready, "parts": parts, "marks": marks, "wasm_cached": wasm.get("cached"), "files": files}


SW_ACTIVE = """async () => { const g = await navigator.serviceWorker.getRegistration();
  return !!(g && g.active && g.active.state === 'activated'); }"""


def round_of(browser_type, url, link, sw: bool = False) -> list[dict]:
    """Cold, warm 1, warm 2 on a new profile, service workers blocked; or (sw) the first visit,
    two reloads served by the service worker and one offline."""
    with tempfile.TemporaryDirectory() as profile:
        ctx = browser_type.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                     viewport={"width": 1280, "height": 800},
                                                     service_workers="allow" if sw else "block")
        try:
            ctx.add_init_script(READY)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            if link:
                throttle(ctx, page, link)
            if not sw:
                return [one_load(page, url, reload=i > 0) for i in range(3)]
            loads = [one_load(page, url, reload=False)]
            poll(page, SW_ACTIVE, timeout=120)
            loads += [one_load(page, url, reload=True) for _ in range(2)]
            ctx.set_offline(True)
            loads.append(one_load(page, url, reload=True))
            ctx.set_offline(False)
            return loads
        finally:
            ctx.close()


def summary(loads: list[dict]) -> dict:
    med = statistics.median
    ready = [x["ready"] for x in loads]
    labels = [label for label, _, _ in PARTS]
    return {
        "ready_ms": round(med(ready)), "ready_ms_range": [round(min(ready)), round(max(ready))],
        "parts_ms": {k: round(med(x["parts"][k] for x in loads if k in x["parts"]))
                     for k in labels if any(k in x["parts"] for x in loads)},
        "marks_ms": {k: round(med(x["marks"][k] for x in loads if k in x["marks"]))
                     for k in loads[0]["marks"] if k != "workerOrigin"},
        "wasm_from_cache": [x["wasm_cached"] for x in loads],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--links", default="localhost,20", help="comma-separated: localhost, 20")
    ap.add_argument("--site", action="append", default=[], metavar="NAME=WEB_DIR",
                    help="another copy of web/ to alternate with this one (e.g. an older build)")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    sites = {"this": ROOT / "web"}
    for spec in a.site:
        name, _, web = spec.partition("=")
        sites[name] = Path(web)
    servers = {name: serve_dir(web) for name, web in sites.items()}
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    out = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
           "rounds": a.rounds}
    loads = {}  # (site, link, kind) -> [load]
    kinds = ("cold", "warm1", "warm2")
    sw_kinds = ("sw-cold", "sw1", "sw2", "offline")
    try:
        with sync_playwright() as p:
            for r in range(a.rounds):
                for link_name in a.links.split(","):
                    order = list(servers) if r % 2 == 0 else list(servers)[::-1]
                    for name in order:
                        got = round_of(p.chromium, serve.url_of(servers[name]), LINKS[link_name])
                        got_sw = round_of(p.chromium, serve.url_of(servers[name]), LINKS[link_name], sw=True)
                        for kind, load in [*zip(kinds, got), *zip(sw_kinds, got_sw)]:
                            loads.setdefault((name, link_name, kind), []).append(load)
                        say(f"round {r + 1}, {name}, {link_name}: " + ", ".join(
                            f"{k} {x['ready']:.0f} ms" + (" (wasm cached)" if x["wasm_cached"] else "")
                            for k, x in [*zip(kinds, got), *zip(sw_kinds, got_sw)]) + " | sw2: " + ", ".join(
                            f"{k} {v:.0f}" for k, v in got_sw[2]["parts"].items()))
    finally:
        for server in servers.values():
            server.shutdown()
    for (name, link_name, kind), got in loads.items():
        out.setdefault(name, {}).setdefault(link_name, {})[kind] = summary(got)
    for name, links in out.items():  # the return visit against the cold load (medians)
        for link_name, by_kind in (links.items() if isinstance(links, dict) else ()):
            if isinstance(by_kind, dict) and "cold" in by_kind and "sw2" in by_kind:
                by_kind["sw2_over_cold"] = round(by_kind["sw2"]["ready_ms"] / by_kind["cold"]["ready_ms"], 2)
                by_kind["warm2_over_cold"] = round(by_kind["warm2"]["ready_ms"] / by_kind["cold"]["ready_ms"], 2)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
