/**
 * @fileoverview The benchmark harness page's script: starts the two workers and exposes
 * `window.bench` for scripts/bench_browser.py to drive through Playwright.
 *   bench.ready()                    -> Promise<{loadMs}> once Pyodide + py_core + gist are loaded
 *   bench.runPython(impl, steps)     -> Promise<{ms, smoothLoss}>  impl = "core" | "gist" | "lstm"
 *   bench.runPython("profile" | "profile-lstm", steps) -> Promise<{ms, profile}>  µs per iteration by phase
 *   bench.runJs(steps)               -> Promise<{ms, smoothLoss}>  the Float64Array port
 */
const pyWorker = new Worker("/bench/pyodide_worker.js", { type: "module" });
const jsWorker = new Worker("/bench/js_port_worker.js", { type: "module" });

let pending = null;
const ready = new Promise((resolve, reject) => {
  pyWorker.onmessage = ({ data }) => {
    if (data.type === "ready") resolve(data);
    else if (data.type === "error") (pending ? pending.reject : reject)(new Error(data.message));
    else if (data.type === "result" && pending) pending.resolve(data);
  };
});

async function corpusIds() {
  const raw = await (await fetch("/bench/ids.json")).json();
  return raw;
}

window.bench = {
  ready: () => ready,
  runPython: (impl, steps) => ready.then(() => new Promise((resolve, reject) => {
    pending = { resolve, reject };
    pyWorker.postMessage({ type: "run", impl, steps });
  })),
  runJs: async (steps) => {
    const { ids, vocabSize } = await corpusIds();
    return new Promise((resolve) => {
      jsWorker.onmessage = ({ data }) => resolve(data);
      jsWorker.postMessage({ ids, vocabSize, hidden: 64, seqLength: 25, steps });
    });
  },
};
