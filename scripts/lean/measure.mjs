// Which Python modules the page uses, measured: Pyodide under Node loads NumPy and py_core
// the way web/js/worker/load.js does, runs scripts/lean/workload.py, and prints the sorted names of
// every module then imported (one per line).
//
//   node scripts/lean/measure.mjs            # on the original (full) stdlib and NumPy
//   node scripts/lean/measure.mjs --lean     # on the trimmed build in web/lean/ (must still run)
//
// fetch_assets.py keeps every module printed here (plus a margin) in the trimmed build; the
// list it uses is scripts/lean/measured.txt, written by `... > scripts/lean/measured.txt`.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WEB = path.join(ROOT, "web");
const VENDOR = path.join(WEB, "vendor/pyodide") + "/";
const lean = process.argv.includes("--lean");
const { loadPyodide } = await import(path.join(VENDOR, "pyodide.mjs"));

const assets = JSON.parse(readFileSync(path.join(WEB, "generated/assets.json"), "utf8"));
const options = { indexURL: VENDOR, env: { RNN_LIVE_SONNETS: "/home/pyodide/sonnets.txt" } };
if (lean) {
  if (!assets.lockFile || !assets.stdlib) throw new Error("web/ is a --full build: no trimmed files to run on");
  options.lockFileURL = path.join(WEB, assets.lockFile);
  options.stdLibURL = path.join(WEB, assets.stdlib);
}
const pyodide = await loadPyodide(options);
const problems = [];
await pyodide.loadPackage(["numpy"], { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
if (problems.length) throw new Error(problems.join(" "));
const wheel = readFileSync(path.join(WEB, assets.coreWheel));
pyodide.unpackArchive(new Uint8Array(wheel), "wheel");
const importlib = pyodide.pyimport("importlib");
importlib.invalidate_caches();
pyodide.FS.writeFile("/home/pyodide/sonnets.txt", readFileSync(path.join(WEB, assets.corpus)));
let out = "";
pyodide.setStdout({ batched: (line) => { out += line; } });
await pyodide.runPythonAsync(readFileSync(path.join(ROOT, "scripts/lean/workload.py"), "utf8"));
for (const name of JSON.parse(out)) console.log(name);
