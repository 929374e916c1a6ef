/**
 * @fileoverview The worker's start, stage by stage, for the benchmark (scripts/bench_start.py):
 * `mark(name)` records when a stage was reached, the first time only, as epoch milliseconds
 * (performance.timeOrigin + now), so the page can set them against its own navigation start.
 * The WebAssembly calls are wrapped to time the compile of Pyodide's wasm and NumPy's side
 * modules; the worker's resource timings say which file came from where and when.
 * Answers {type: "debug-start", id, marks, resources} (../shared/protocol.js).
 */
const marks = {}; // name → epoch ms, first time reached
const at = () => performance.timeOrigin + performance.now();

/** Record that stage `name` was reached now (later calls with the same name are ignored). */
export function mark(name) {
  marks[name] ??= at();
}

/** Time the first call of a WebAssembly function under `name` (name-start, name-done). */
function timeFirst(name, fn) {
  return async function timed(...args) {
    const first = !(`${name}-start` in marks);
    mark(`${name}-start`);
    const result = await fn.apply(this, args);
    if (first) mark(`${name}-done`);
    return result;
  };
}
WebAssembly.instantiateStreaming = timeFirst("wasm", WebAssembly.instantiateStreaming);
mark("worker");

/** The marks, and each fetched file's timings (from the HTTP cache: transferSize 0). */
export function startMarks() {
  const resources = performance.getEntriesByType("resource").map((r) => ({
    name: new URL(r.name).pathname, start: performance.timeOrigin + r.startTime,
    end: performance.timeOrigin + r.responseEnd, transferSize: r.transferSize, decodedSize: r.decodedBodySize,
  }));
  return { marks: { ...marks, workerOrigin: performance.timeOrigin }, resources };
}
