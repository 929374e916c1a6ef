/**
 * @fileoverview Loading, in the worker: the asset list, then the corpus and Python in parallel,
 * then NumPy, then py_core — starting the moment this module is evaluated. Every file the site
 * pins is checked against its sha256 (generated/assets.json); every failure becomes one message
 * in a reader's words ending in LOAD_FIX, posted as a fatal {type: "error", source: "load"}.
 *
 * `ready` resolves to the environment a run is built from (see the end of this file);
 * `heldOut()` to the held-out poem's raw text (The Rape of Lucrece), fetched when first needed.
 */
import { loadPyodide } from "../../vendor/pyodide/pyodide.mjs";
import { LOAD_FIX } from "../shared/protocol.js";
import { countDownloads } from "./downloads.js";
import { mark } from "./marks.js";
import { post } from "./post.js";

const ROOT = new URL("../../", import.meta.url); // the site root (web/)
const SONNETS_FILE = "/home/pyodide/sonnets.txt"; // corpus.sonnets() reads the raw text here
const FIX = LOAD_FIX; // ends every loading failure: Retry, or fetch the files again

async function stage(name, work) {
  post({ type: "loading", stage: name, status: "start" });
  mark(`${name}-start`);
  const result = await work();
  mark(`${name}-done`);
  post({ type: "loading", stage: name, status: "done" });
  return result;
}

async function fetchOk(path, what, method = "GET") {
  let response;
  try {
    response = await fetch(new URL(path, ROOT), { method });
  } catch {
    throw new Error(`Could not fetch ${what} (${path}). ${FIX}`);
  }
  if (!response.ok) throw new Error(`Could not fetch ${what} (${path}: HTTP ${response.status}). ${FIX}`);
  return response;
}

/**
 * A file's bytes, checked against the sha256 that generated/assets.json pins. (crypto.subtle
 * exists only in secure contexts — https, localhost: elsewhere the file is used unchecked.)
 */
async function fetchVerified(path, sha256, what) {
  const bytes = new Uint8Array(await (await fetchOk(path, what)).arrayBuffer());
  if (!self.crypto || !crypto.subtle) return bytes;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== sha256) {
    throw new Error(`${what} (${path}) is damaged: its SHA-256 checksum is not the one the site lists. ${FIX}`);
  }
  return bytes;
}

/** loadPackage does not throw on a missing file or a bad hash: collect its complaints instead. */
async function loadPackages(pyodide, names, what) {
  const problems = [];
  await pyodide.loadPackage(names, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) {
    throw new Error(`Could not load ${what}: the file is missing or does not match its checksum ` +
      `(${problems.join(" ").trim()}). ${FIX}`);
  }
}

/**
 * Pyodide 0.27 only logs "wasm instantiation failed!" (then the reason) when its WebAssembly
 * file is corrupt, and waits forever. Until `done` settles, such a warning rejects instead.
 */
function wasmFailure(done) {
  const warn = console.warn;
  let failed = null;
  const failure = new Promise((_, reject) => {
    console.warn = (...args) => {
      warn.apply(console, args);
      if (failed) failed.detail ??= String(args[0] && args[0].message ? args[0].message : args[0]);
      else if (args[0] === "wasm instantiation failed!") {
        failed = { detail: null };
        queueMicrotask(() => reject(new Error(`pyodide.asm.wasm could not be compiled (${failed.detail || "not WebAssembly"})`)));
      }
    };
  });
  done.finally(() => { console.warn = warn; }).catch(() => {});
  return failure;
}

const assets = fetchOk("generated/assets.json", "the asset list").then((r) => r.json());
// The big downloads are counted (posted as "download" messages) from before the first of them starts.
const counting = assets.then(({ sizes }) => countDownloads(ROOT, sizes || {}, post));
counting.catch(() => {}); // (a missing asset list is reported by the stages)
const rawSonnets = stage("corpus", async () => {
  const { corpus, corpusSha256 } = await assets;
  return fetchVerified(corpus, corpusSha256, "The sonnets");
});
// Pyodide 0.27 only warns, then waits forever, when it cannot fetch its wasm: check its files first.
// Its standard library and lock file are the trimmed ones (web/lean/) unless the site was built --full.
const PYODIDE_FILES = ["vendor/pyodide/pyodide.asm.wasm", "vendor/pyodide/pyodide.asm.js"];
const pyodideFiles = assets.then(({ stdlib = "vendor/pyodide/python_stdlib.zip", lockFile = "vendor/pyodide/pyodide-lock.json" }) =>
  Promise.all([...PYODIDE_FILES, stdlib, lockFile].map((f) => fetchOk(f, `Pyodide's ${f.split("/").pop()}`, "HEAD"))));
pyodideFiles.catch(() => {}); // (reported by the "python" stage)
const python = stage("python", async () => {
  const { stdlib, lockFile } = await assets;
  await counting;
  const starting = loadPyodide({
    env: { RNN_LIVE_SONNETS: SONNETS_FILE },
    ...(stdlib ? { stdLibURL: new URL(stdlib, ROOT).href } : {}),
    ...(lockFile ? { lockFileURL: new URL(lockFile, ROOT).href } : {}),
  });
  starting.catch(() => {}); // reported below, unless a missing file is reported first
  const broken = wasmFailure(starting);
  broken.catch(() => {}); // (raced below)
  await pyodideFiles;
  try {
    return await Promise.race([starting, broken]);
  } catch (e) {
    throw new Error(`Python (Pyodide) did not start: ${e.message}. ${FIX}`);
  }
});
// Both wheels are fetched while Python starts, not after it. NumPy's lands in the HTTP cache,
// where loadPackage (which checks it against Pyodide's lock file) finds it; a failure here is
// left for loadPackage to report. py_core's is ours, not in the lock file: checked here.
const numpyPrefetch = counting.then(() => assets).then(({ numpyWheel }) => fetch(new URL(numpyWheel, ROOT)))
  .then((response) => response.arrayBuffer()).catch(() => {});
const coreWheel = assets.then(({ coreWheel: path, coreWheelSha256 }) => fetchVerified(path, coreWheelSha256, "py_core's wheel"));
coreWheel.catch(() => {}); // (reported by the "model" stage)
export const ready = (async () => {
  const [pyodide, raw] = await Promise.all([python, rawSonnets]);
  await numpyPrefetch;
  await stage("numpy", () => loadPackages(pyodide, ["numpy"], "NumPy"));
  return stage("model", async () => {
    pyodide.unpackArchive(await coreWheel, "wheel"); // into site-packages
    const importlib = pyodide.pyimport("importlib");
    importlib.invalidate_caches();
    importlib.destroy();
    pyodide.FS.writeFile(SONNETS_FILE, raw);
    mark("import-numpy");
    pyodide.pyimport("numpy").destroy(); // (timed apart from py_core's own modules)
    mark("import-py_core");
    // These two module proxies live as long as the worker (their attributes are borrowed).
    const live = pyodide.pyimport("py_core.live");
    const corpus = pyodide.pyimport("py_core.corpus");
    const echo = pyodide.pyimport("py_core.echo");
    mark("sonnets");
    const sonnets = corpus.sonnets(); // the normalised default corpus, exactly as CPython reads it
    return {
      pyodide,
      Live: live.Live,
      corpusReport: live.corpus_report,
      matchedHidden: live.rival_hidden, // (V, cell, H) -> the other cell's H with about as many weights
      echoText: echo.text, // () -> the built-in text that needs memory (?text=echo)
      modelSettings: live.MODEL_SETTINGS.toJs(), // the settings a Live is built from
      sonnets,
    };
  });
})();
ready.catch((e) => post({ type: "error", source: "load", fatal: true, message: e.message }));

let heldOutText = null; // the held-out poem (never trained on), fetched when first needed

/** The held-out poem's raw text (a promise); a failure is retried on the next call. */
export function heldOut() {
  heldOutText ??= assets.then(async ({ heldOut: path }) => {
    const response = path ? await fetch(new URL(path, ROOT)).catch(() => null) : null;
    if (!response || !response.ok) {
      throw new Error(`Could not fetch the held-out poem (${path || "generated/assets.json lists none"}).`);
    }
    return response.text();
  }).catch((e) => {
    heldOutText = null; // the next run tries again
    throw e;
  });
  return heldOutText;
}
