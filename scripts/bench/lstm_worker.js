/**
 * @fileoverview Benchmark worker for the LSTM (scripts/bench_lstm_browser.py): py_core's RNN
 * and LSTM Trainers under the page's own Pyodide and NumPy, in a module worker. Not part of the
 * page. It loads what the page loads plus scripts/bench/lstm_bench.py (which takes its phase
 * profile from pyodide_bench.py, itself importing gist_port.py), then answers
 *   in  {type: "run", impl, steps}   out {type: "result", impl, steps, ms, value}
 *       impl: "rnn" | "lstm" | "pair" (both, in lockstep, as compare mode trains them) |
 *             "profile-rnn" | "profile-lstm" (value: µs per iteration by phase)
 *   out {type: "ready", loadMs} once loaded, {type: "error", message} on any failure.
 */
import { loadPyodide } from "/vendor/pyodide/pyodide.mjs";

const t0 = performance.now();
const ready = (async () => {
  const assets = await (await fetch("/generated/assets.json")).json();
  const py = await loadPyodide({ indexURL: "/vendor/pyodide/" });
  const failures = [];
  await py.loadPackage(["numpy", "/" + assets.coreWheel], { errorCallback: (m) => failures.push(m), messageCallback: () => {} });
  if (failures.length) throw new Error(failures.join("; "));
  for (const name of ["lstm_bench.py", "pyodide_bench.py", "gist_port.py"]) {
    py.FS.writeFile(`/home/pyodide/${name}`, await (await fetch(`/bench/${name}`)).text());
  }
  py.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
  const bench = py.pyimport("lstm_bench");
  const run = bench.make(await (await fetch("/" + assets.corpus)).text());
  bench.destroy();
  return run;
})();

ready.then(() => self.postMessage({ type: "ready", loadMs: performance.now() - t0 }),
  (e) => self.postMessage({ type: "error", message: String(e && e.message || e) }));

self.onmessage = async ({ data }) => {
  try {
    const run = await ready;
    const start = performance.now();
    const out = run(data.impl, data.steps);
    self.postMessage({ type: "result", impl: data.impl, steps: data.steps, ms: performance.now() - start, value: JSON.parse(out) });
  } catch (e) {
    self.postMessage({ type: "error", message: String(e && e.message || e) });
  }
};
