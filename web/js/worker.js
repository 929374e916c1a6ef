/**
 * @fileoverview The training worker (a module Web Worker). It loads Pyodide, NumPy and py_core —
 * starting the moment this module is evaluated — then runs one `py_core.live.Live` in time-sliced
 * chunks of ~30 ms, so a Pause, Step or Reset is read between two chunks and answered within a
 * frame. It posts plain data only (the message list is in protocol.js); Python never runs on
 * the page's thread and no PyProxy ever leaves this file.
 */
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
import { MILESTONES } from "./protocol.js";

const ROOT = new URL("../", import.meta.url); // the site root (web/)
const SONNETS_FILE = "/home/pyodide/sonnets.txt"; // corpus.sonnets() reads the raw text here
const CHUNK_MS = 30; // the time slice of one training chunk
const SNAPSHOT_MS = 150; // while training fast, at most one sample + heatmap this often
const DRAW_EVERY_STEP = 10; // at or below this many iterations per second, snapshot each step
const MAX_CHUNK_STEPS = 100_000; // a chunk's step cap; the time budget ends it long before
const DEFAULT_UNITS = [0, 1, 2, 3]; // as py_core.live.DEFAULT_UNITS, trimmed for tiny networks
const PHRASE_LENGTH = 15; // a new corpus's heatmap phrase: about this long, like "shall i compare"
const FIX = "Run `python scripts/fetch_assets.py`, then reload the page.";

const post = (message) => self.postMessage(message);

// --- loading: corpus and Python in parallel, then NumPy, then py_core ----------------------------

async function stage(name, work) {
  post({ type: "loading", stage: name, status: "start" });
  const result = await work();
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

/** loadPackage does not throw on a missing file or a bad hash: collect its complaints instead. */
async function loadPackages(pyodide, names, what) {
  const problems = [];
  await pyodide.loadPackage(names, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) throw new Error(`Could not load ${what} (${problems.join(" ").trim()}). ${FIX}`);
}

const assets = fetchOk("generated/assets.json", "the asset list").then((r) => r.json());
const rawSonnets = stage("corpus", async () => {
  const { corpus } = await assets;
  return (await fetchOk(corpus, "the sonnets")).text();
});
// Pyodide 0.27 only warns, then waits forever, when it cannot fetch its wasm: check its files first.
const PYODIDE_FILES = ["pyodide.asm.wasm", "pyodide.asm.js", "python_stdlib.zip", "pyodide-lock.json"];
const pyodideFiles = Promise.all(PYODIDE_FILES.map((f) => fetchOk(`vendor/pyodide/${f}`, `Pyodide's ${f}`, "HEAD")));
const python = stage("python", async () => {
  const starting = loadPyodide({ env: { RNN_LIVE_SONNETS: SONNETS_FILE } });
  starting.catch(() => {}); // reported below, unless a missing file is reported first
  await pyodideFiles;
  try {
    return await starting;
  } catch (e) {
    throw new Error(`Python (Pyodide) did not start: ${e.message}. ${FIX}`);
  }
});
const ready = (async () => {
  const [pyodide, raw, { coreWheel }] = await Promise.all([python, rawSonnets, assets]);
  await stage("numpy", () => loadPackages(pyodide, ["numpy"], "NumPy"));
  return stage("model", async () => {
    await loadPackages(pyodide, [new URL(coreWheel, ROOT).href], "py_core");
    pyodide.FS.writeFile(SONNETS_FILE, raw);
    // These two module proxies live as long as the worker (their attributes are borrowed).
    const live = pyodide.pyimport("py_core.live");
    const corpus = pyodide.pyimport("py_core.corpus");
    return {
      pyodide,
      Live: live.Live,
      corpusReport: live.corpus_report,
      modelSettings: live.MODEL_SETTINGS.toJs(), // the settings a Live is built from
      sonnets: corpus.sonnets(), // the normalised default corpus, exactly as CPython reads it
    };
  });
})();
ready.catch((e) => post({ type: "error", source: "load", fatal: true, message: e.message }));

// --- Python calls: plain data out, proxies destroyed, ValueError as a reader's message ----------

/** A Python result as plain JS data (dicts → objects), the proxy destroyed. */
function plain(value) {
  if (!value || typeof value.toJs !== "function") return value;
  try {
    return value.toJs({ dict_converter: Object.fromEntries });
  } finally {
    value.destroy();
  }
}

class ReaderError extends Error {} // a ValueError from py_core: its message is for the reader

/** Call a Python callable for plain data; a ValueError becomes a ReaderError in py_core's words. */
function call(fn, ...args) {
  return plain(raw(fn, ...args));
}

/** Call a Python callable and keep what it returns as it is (e.g. a PyProxy of a new object). */
function raw(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    if (e && e.type === "ValueError") {
      const last = String(e.message).trim().split("\n").pop();
      throw new ReaderError(last.replace(/^ValueError: /, ""));
    }
    throw e;
  }
}

const METHODS = ["train", "status", "sample", "heatmap", "view"]; // Live's methods a run calls

/** One training run: a Live, its bound methods (kept, then destroyed with it), its corpus. */
class Run {
  constructor(env, text, settings, corpus) {
    settings = Object.fromEntries(env.modelSettings.filter((k) => k in settings).map((k) => [k, settings[k]]));
    const values = env.pyodide.toPy(settings);
    try {
      this.live = raw(env.Live, text, values);
    } finally {
      values.destroy();
    }
    this.text = text;
    this.settings = settings;
    this.corpus = corpus;
    this.pinned = new Set(); // milestones already posted
    this.iteration = 0;
    this.diverged = false;
    for (const name of METHODS) this[name] = this.live[name];
    const info = this.live.info;
    this.info = call(info); // {vocab, vocab_size, baseline, corpus_chars, params, hidden, seq, lr, clip, seed}
    info.destroy();
  }

  destroy() {
    this.live.destroy(); // its borrowed method proxies go with it
  }
}

// --- the worker's state ---------------------------------------------------------------------------

let run = null;
let speed = "max";
let training = false;
let loop = 0; // bumped whenever the loop stops or restarts, so stale ticks do nothing
let pace = { since: 0, done: 0 }; // steps done since `since` (for the slower speeds)
let lastSnapshot = 0;
const view = { phrase: null, units: null, temperature: null }; // the reader's choices, kept across runs

// --- messages, handled strictly in order ----------------------------------------------------------

let queue = Promise.resolve();
self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(() => handle(message)).catch(report);
};

async function handle(message) {
  let env;
  try {
    env = await ready;
  } catch {
    return; // the load error has been posted once already
  }
  const handler = HANDLERS[message && message.type];
  if (handler) handler(env, message);
}

function report(e) {
  const source = e.source || "run";
  if (!run) {
    // Without a first run there is nothing to show: that is a failed load.
    post({ type: "error", source: "load", fatal: true, message: `The first run could not start: ${e.message}` });
    return;
  }
  if (e instanceof ReaderError) post({ type: "error", source, fatal: false, message: e.message });
  else post({ type: "error", source, fatal: false, message: `Something went wrong in the worker: ${e.message}` });
}

function tagged(source, work) {
  try {
    return work();
  } catch (e) {
    e.source = source;
    throw e;
  }
}

const HANDLERS = {
  reset(env, { settings }) {
    tagged("settings", () => start(env, run ? run.text : env.sonnets, settings, run ? run.corpus : null, true));
  },
  sonnets(env, { settings }) {
    tagged("settings", () => start(env, env.sonnets, settings, null, false));
  },
  corpus(env, { text, settings }) {
    tagged("corpus", () => {
      const report = call(env.corpusReport, String(text));
      start(env, String(text), settings, { custom: true, ...report }, false);
    });
  },
  train() {
    if (run && !run.diverged && !training) startLoop();
  },
  pause() {
    if (training) stopLoop();
    if (run) snapshot(true);
  },
  step() {
    if (!run) return;
    if (training) stopLoop();
    if (!run.diverged) chunk(1, Number.MAX_VALUE);
    snapshot(true);
  },
  speed(env, message) {
    speed = String(message.speed);
    pace = { since: performance.now(), done: 0 };
  },
  view(env, { phrase, units, temperature }) {
    tagged("view", () => {
      if (!run) return;
      const chosen = applyView(env, { phrase, units, temperature });
      Object.assign(view, chosen);
      snapshot(true);
    });
  },
  "debug-losses"(env, { id, n }) {
    if (!run) return post({ type: "debug-losses", id, losses: [], error: "No run yet." });
    const count = Math.max(1, Math.min(1000, Math.floor(Number(n)) || 1));
    const probe = new Run(env, run.text, run.settings, null);
    const losses = [];
    try {
      for (let i = 0; i < count; i++) losses.push(call(probe.train, 1, Number.MAX_VALUE).loss);
    } finally {
      probe.destroy();
    }
    post({ type: "debug-losses", id, losses });
  },
};

/**
 * Build a new run; only once it exists does the old one go (a refused corpus changes nothing).
 * The heatmap keeps the reader's phrase on a Reset; a new corpus starts with its own first words
 * (the sonnets with "shall i compare").
 */
function start(env, text, settings, corpus, samePhrase) {
  const next = new Run(env, text, settings, corpus);
  if (training) stopLoop();
  if (run) run.destroy();
  run = next;
  if (!corpus) run.corpus = { custom: false, chars: run.info.corpus_chars, symbols: run.info.vocab_size };
  post({ type: "run", info: run.info, corpus: run.corpus, modelSettings: env.modelSettings });
  // Carry the units over, without those this network doesn't have.
  const H = run.info.hidden;
  let units = (view.units || DEFAULT_UNITS).filter((u) => u < H);
  if (!units.length) units = DEFAULT_UNITS.filter((u) => u < H);
  const opening = text.slice(0, 400); // py_core normalises it and keeps the first 40 symbols
  const phrases = samePhrase ? [view.phrase, null, opening] : corpus && corpus.custom ? [opening, null] : [null, opening];
  for (const phrase of phrases) {
    try {
      let chosen = applyView(env, { phrase, units, temperature: view.temperature });
      if (phrase === opening && chosen.phrase.length > PHRASE_LENGTH) {
        chosen = applyView(env, { phrase: firstWords(chosen.phrase) });
      }
      view.phrase = chosen.phrase; // (not the units: a small network's trimmed list is not a choice)
      call(run.heatmap); // the default phrase may hold a symbol this corpus lacks
      break;
    } catch (e) {
      if (!(e instanceof ReaderError)) throw e;
    }
  }
  snapshot(true);
}

/** The first words of `phrase`, about as long as the default heatmap phrase. */
function firstWords(phrase) {
  const cut = phrase.slice(0, PHRASE_LENGTH + 1).replace(/\s+\S*$/, "");
  return cut || phrase.slice(0, PHRASE_LENGTH);
}

/** Apply heatmap phrase, units and temperature (nulls keep the current ones); post the result. */
function applyView(env, { phrase = null, units = null, temperature = null }) {
  const pyUnits = units === null ? null : env.pyodide.toPy(units);
  try {
    const chosen = call(run.view, phrase, pyUnits, temperature);
    post({ type: "view", ...chosen });
    return chosen;
  } finally {
    if (pyUnits) pyUnits.destroy();
  }
}

// --- training: chunks of ~30 ms, paced for the slower speeds ---------------------------------------

const channel = new MessageChannel(); // a zero-delay yield (setTimeout(0) is clamped to 4 ms)
channel.port1.onmessage = (event) => tick(event.data);

function schedule(delay) {
  const id = loop;
  if (delay <= 0) channel.port2.postMessage(id);
  else setTimeout(() => tick(id), delay);
}

function startLoop() {
  training = true;
  loop += 1;
  pace = { since: performance.now(), done: 0 };
  post({ type: "training", on: true });
  schedule(0);
}

function stopLoop() {
  training = false;
  loop += 1;
  post({ type: "training", on: false });
}

function tick(id) {
  if (id !== loop || !training || !run) return;
  try {
    trainSlice();
  } catch (e) {
    stopLoop();
    report(e);
  }
}

/** One slice of the training loop, then the next one scheduled. */
function trainSlice() {
  const now = performance.now();
  let steps = MAX_CHUNK_STEPS;
  const perSecond = Number(speed); // NaN for "max"
  if (perSecond > 0) {
    steps = Math.floor(((now - pace.since) * perSecond) / 1000) + 1 - pace.done; // due by now
    if (steps <= 0) return schedule(pace.since + (pace.done * 1000) / perSecond - now);
    steps = Math.min(steps, Math.ceil(perSecond / 10));
  }
  const progress = chunk(steps, CHUNK_MS);
  if (progress.diverged) {
    stopLoop();
    snapshot(true);
    return;
  }
  const slow = perSecond <= DRAW_EVERY_STEP;
  snapshot(slow || performance.now() - lastSnapshot >= SNAPSHOT_MS);
  if (!(perSecond > 0)) return schedule(0);
  pace.done += progress.steps;
  if (progress.steps < progress.asked) pace = { since: performance.now(), done: 0 }; // can't keep up: no burst
  schedule(pace.since + (pace.done * 1000) / perSecond - performance.now());
}

/** Train up to `steps` iterations within `budgetMs`, never past the next milestone; post it. */
function chunk(steps, budgetMs) {
  const next = MILESTONES.find((m) => m > run.iteration);
  if (next !== undefined) steps = Math.min(steps, next - run.iteration);
  const r = call(run.train, steps, budgetMs);
  r.asked = steps;
  run.iteration = r.iteration;
  run.diverged = r.diverged;
  post({
    type: "progress", first: r.first, smoothLosses: r.smooth_losses, steps: r.steps,
    iteration: r.iteration, smoothLoss: r.smooth_loss, msPerStep: r.ms_per_step, diverged: r.diverged,
  });
  if (r.diverged) {
    post({
      type: "error", source: "run", fatal: false,
      message: `The loss stopped being a finite number at iteration ${r.iteration + 1}: the run diverged. ` +
        "Lower the learning rate and press Reset.",
    });
  }
  return r;
}

/** Post the sample and heatmap if `force`d or a milestone is due; a milestone pins that sample. */
function snapshot(force) {
  if (!force && !(MILESTONES.includes(run.iteration) && !run.pinned.has(run.iteration))) return;
  lastSnapshot = performance.now();
  const status = call(run.status);
  const sample = call(run.sample);
  let heatmap = null;
  let heatmapError = "";
  try {
    heatmap = call(run.heatmap);
  } catch (e) {
    if (!(e instanceof ReaderError)) throw e;
    heatmapError = e.message;
  }
  post({ type: "snapshot", iteration: status.iteration, smoothLoss: status.smooth_loss, sample, heatmap, heatmapError });
  if (MILESTONES.includes(status.iteration) && !run.pinned.has(status.iteration)) {
    run.pinned.add(status.iteration);
    post({ type: "milestone", iteration: status.iteration, sample });
  }
}
