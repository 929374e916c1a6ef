/**
 * @fileoverview What the surprise view costs the worker, under Pyodide (in Node, on the page's
 * own Pyodide 0.27.7, NumPy and py_core wheel from web/): Live.surprise() on the default line,
 * converted to plain data the way web/js/worker/bridge.js does it (and the Python call alone), beside the two
 * other things a snapshot computes (Live.sample(), Live.heatmap()), all after 3,000 training
 * steps, measured round-robin in one run.
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
pyodide.unpackArchive(new Uint8Array(await readFile(path.join(WEB, assets.coreWheel))), "wheel");
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
const [surprise, sample, heatmap] = [run.surprise, run.sample, run.heatmap];
const dumps = pyodide.pyimport("json").dumps;
const viaJson = () => { // one string across instead of 80 × 5 small lists
  const result = surprise();
  try {
    return JSON.parse(dumps(result));
  } finally {
    result.destroy();
  }
};
const contenders = [ // measured round-robin, so a busy machine slows them all alike
  ["Live.surprise(), plain data (as the worker gets it)", () => plain(surprise())],
  ["Live.surprise(), through json.dumps and JSON.parse", viaJson],
  ["Live.surprise(), the Python call alone", () => surprise().destroy()],
  ["Live.sample(), 200 characters", () => plain(sample())],
  ["Live.heatmap(), 4 × 15", () => plain(heatmap())],
];
const ms = contenders.map(() => []);
for (let round = -20; round < calls; round++) { // 20 rounds to warm up
  contenders.forEach(([, fn], i) => {
    const start = performance.now();
    fn();
    if (round >= 0) ms[i].push(performance.now() - start);
  });
}
const rows = contenders.map(([name], i) => ({ name, ms: median(ms[i]) }));
const check = plain(surprise());
console.log(`Pyodide ${pyodide.version}, Node ${process.version}, ${calls} rounds, median per call:`);
for (const { name, ms } of rows) console.log(`  ${name.padEnd(52)} ${ms.toFixed(3)} ms  (${(ms / rows[0].ms).toFixed(2)}× the first)`);
console.log(`  (the line read: “${check.chars.join("")}”)`);
process.exit(0);
