/**
 * @fileoverview The LSTM benchmark harness page's script (scripts/bench_lstm_browser.py drives it):
 *   lstmBench.start(n)            -> Promise: n workers (lstm_worker.js) loaded
 *   lstmBench.run(i, impl, steps) -> Promise<{ms, value}> on worker i
 *   lstmBench.parallel(impls, steps) -> Promise<{ms}>: impls[i] on worker i, all at once
 */
const workers = [];

function load() {
  const worker = new Worker("/bench/lstm_worker.js", { type: "module" });
  const entry = { worker, pending: null };
  entry.ready = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") resolve(data);
      else if (data.type === "error") (entry.pending ? entry.pending.reject : reject)(new Error(data.message));
      else if (data.type === "result" && entry.pending) entry.pending.resolve(data);
    };
  });
  workers.push(entry);
  return entry.ready;
}

function run(i, impl, steps) {
  const entry = workers[i];
  return entry.ready.then(() => new Promise((resolve, reject) => {
    entry.pending = { resolve, reject };
    entry.worker.postMessage({ type: "run", impl, steps });
  }));
}

window.lstmBench = {
  start: (n) => Promise.all(Array.from({ length: n }, load)),
  run,
  parallel: async (impls, steps) => {
    const t = performance.now();
    await Promise.all(impls.map((impl, i) => run(i, impl, steps)));
    return { ms: performance.now() - t };
  },
};
