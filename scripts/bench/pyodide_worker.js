/**
 * @fileoverview Benchmark worker: py_core's Trainer and the line-by-line gist port, under the
 * page's own Pyodide and NumPy, in a module worker, so the two can be timed side by side.
 *
 * Not part of the page (scripts/bench_browser.py serves it at /bench/). It loads the same files
 * the page loads (vendor/pyodide, the standard library and NumPy wheel generated/assets.json
 * names — the trimmed bytecode build in web/lean/ —, py_core's wheel, the sonnets) plus
 * scripts/gist_port.py and scripts/bench/pyodide_bench.py, then answers:
 *   in  {type: "run", impl: "core" | "gist" | "lstm", steps}  out {type: "result", impl, steps, ms, smoothLoss}
 *   in  {type: "run", impl: "profile" | "profile-lstm", steps} out {type: "result", impl, steps, ms, profile}
 *       (profile: pyodide_bench.profile's µs per iteration in each phase of a training step;
 *       "lstm" is py_core's LSTM with H=30, about the RNN's weight count)
 *   out {type: "ready", loadMs} once loaded, {type: "error", message} on any failure.
 */
import { loadPyodide } from "/vendor/pyodide/pyodide.mjs";

const t0 = performance.now();
const ready = (async () => {
  const assets = await (await fetch("/generated/assets.json")).json();
  // The same files as the page's worker (web/js/worker/load.js): the trimmed bytecode build's
  // standard library and NumPy (web/lean/) unless the site was built --full.
  const py = await loadPyodide({
    indexURL: "/vendor/pyodide/",
    ...(assets.stdlib ? { stdLibURL: "/" + assets.stdlib } : {}),
    ...(assets.lockFile ? { lockFileURL: "/" + assets.lockFile } : {}),
  });
  const failures = [];
  await py.loadPackage(["numpy", "/" + assets.coreWheel], { errorCallback: (m) => failures.push(m), messageCallback: () => {} });
  if (failures.length) throw new Error(failures.join("; "));
  for (const name of ["gist_port.py", "pyodide_bench.py"]) {
    py.FS.writeFile(`/home/pyodide/${name}`, await (await fetch(`/bench/${name}`)).text());
  }
  py.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
  const bench = py.pyimport("pyodide_bench");
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
    const value = data.impl.startsWith("profile") ? { profile: JSON.parse(out) } : { smoothLoss: out };
    self.postMessage({ type: "result", impl: data.impl, steps: data.steps, ms: performance.now() - start, ...value });
  } catch (e) {
    self.postMessage({ type: "error", message: String(e && e.message || e) });
  }
};
