/**
 * @fileoverview What the surprise view costs the worker, under Pyodide (in Node, on the page's
 * own Pyodide 0.27.7, NumPy and py_core wheel from web/): Live.surprise() on the default line,
 * converted to plain data the way worker.js does it, beside the two other things a snapshot
 * computes (Live.sample(), Live.heatmap()), all after 3,000 training steps, in one run.
 *
 *   node scripts/bench/surprise_pyodide.mjs [calls]      (after python3 scripts/fetch_assets.py)
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web");
const assets = JSON.parse(await readFile(path.join(WEB, "generated/assets.json"), "utf8"));
const { loadPyodide } = await import(path.join(WEB, "vendor/pyodide/pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: path.join(WEB, "vendor/pyodide/"), env: { RNN_LIVE_SONNETS: "/home/pyodide/sonnets.txt" } });
await pyodide.loadPackage(path.join(WEB, assets.numpyWheel), { messageCallback: () => {} });
pyodide.unpackArchive(await readFile(path.join(WEB, assets.coreWheel)), "wheel");
pyodide.FS.writeFile("/home/pyodide/sonnets.txt", await readFile(path.join(WEB, assets.corpus)));

const calls = Number(process.argv[2]) || 300;
const live = pyodide.pyimport("py_core.live");
const corpus = pyodide.pyimport("py_core.corpus");
const values = pyodide.toPy({ seed: 1 });
const run = live.Live(corpus.sonnets(), values);
run.train(3000, 1e9).destroy();

const plain = (value) => {
  if (!value || typeof value.toJs !== "function") return value;
  try {
    return value.toJs({ dict_converter: Object.fromEntries });
  } finally {
    value.destroy();
  }
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
function time(name, fn) {
  for (let i = 0; i < 20; i++) plain(fn()); // warm up
  const ms = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    plain(fn());
    ms.push(performance.now() - start);
  }
  return { name, ms: median(ms) };
}
const [surprise, sample, heatmap] = [run.surprise, run.sample, run.heatmap];
const rows = [
  time("Live.surprise() + toJs (80 characters)", () => surprise()),
  time("Live.sample() + toJs (200 characters)", () => sample()),
  time("Live.heatmap() + toJs (4 × 15)", () => heatmap()),
];
const check = plain(surprise());
console.log(`Pyodide ${pyodide.version}, Node ${process.version}, ${calls} calls each, median:`);
for (const { name, ms } of rows) console.log(`  ${name.padEnd(42)} ${ms.toFixed(3)} ms  (${(ms / rows[0].ms).toFixed(2)}× surprise)`);
console.log(`  (the line read: “${check.chars.join("")}”)`);
process.exit(0);
