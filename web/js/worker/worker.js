/**
 * @fileoverview The training worker (a module Web Worker). It loads Pyodide, NumPy and py_core —
 * starting the moment this module is evaluated — then runs one `py_core.live.Live` in time-sliced
 * chunks of ~30 ms, so a Pause, Step or Reset is read between two chunks and answered within a
 * frame. It posts plain data only (the message list is in protocol.js); Python never runs on
 * the page's thread and no PyProxy ever leaves this file.
 */
import { loadPyodide } from "../../vendor/pyodide/pyodide.mjs";
import { DRAW_EVERY_STEP, MILESTONES } from "../shared/protocol.js";
import { Figures } from "./figures.js";
import { SurpriseLine } from "./surprise.js";
import { LOAD_FIX } from "../page/faults.js";
import { countDownloads } from "./downloads.js";
import * as pair from "./pair.js";

const ROOT = new URL("../../", import.meta.url); // the site root (web/)
const SONNETS_FILE = "/home/pyodide/sonnets.txt"; // corpus.sonnets() reads the raw text here
const CHUNK_MS = 30; // the time slice of one training chunk
const SNAPSHOT_MS = 250; // while training fast, at most one sample + heatmap this often (~3.5 ms each)
const SNAPSHOT_SHARE = 0.01; // ... and at most this share of the worker's time (a slow or busy machine)
const MAX_CHUNK_STEPS = 100_000; // a chunk's step cap; the time budget ends it long before
const DEFAULT_UNITS = [0, 1, 2, 3]; // as py_core.live.DEFAULT_UNITS, trimmed for tiny networks
const PHRASE_LENGTH = 15; // a new corpus's heatmap phrase: about this long, like "shall i compare"
const SKIP_CHUNK_MS = 200; // skipping ahead: longer chunks, no sample or heatmap between milestones
const SKIP_MAX = 10_000_000; // the furthest a skip may aim (the `steps` setting's maximum)
const FIX = LOAD_FIX; // ends every loading failure: Retry, or fetch the files again

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
const ready = (async () => {
  const [pyodide, raw] = await Promise.all([python, rawSonnets]);
  await numpyPrefetch;
  await stage("numpy", () => loadPackages(pyodide, ["numpy"], "NumPy"));
  return stage("model", async () => {
    pyodide.unpackArchive(await coreWheel, "wheel"); // into site-packages
    const importlib = pyodide.pyimport("importlib");
    importlib.invalidate_caches();
    importlib.destroy();
    pyodide.FS.writeFile(SONNETS_FILE, raw);
    // These two module proxies live as long as the worker (their attributes are borrowed).
    const live = pyodide.pyimport("py_core.live");
    const corpus = pyodide.pyimport("py_core.corpus");
    const echo = pyodide.pyimport("py_core.echo");
    return {
      pyodide,
      Live: live.Live,
      corpusReport: live.corpus_report,
      matchedHidden: live.rival_hidden, // (V, cell, H) -> the other cell's H with about as many weights
      echoText: echo.text, // () -> the built-in text that needs memory (?text=echo)
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

const METHODS = ["train", "status", "sample", "heatmap", "view", // Live's methods a run calls
  "memory_reach", "set_held_out", "comparison", "save", "surprise", "echo_recall"];

/** One training run: a Live, its bound methods (kept, then destroyed with it), its corpus. */
class Run {
  constructor(env, text, settings, corpus, live = null) {
    settings = Object.fromEntries(env.modelSettings.filter((k) => k in settings).map((k) => [k, settings[k]]));
    if (live) {
      this.live = live; // resumed from a checkpoint (see `load`)
    } else {
      const values = env.pyodide.toPy(settings);
      try {
        this.live = raw(env.Live, text, values);
      } finally {
        values.destroy();
      }
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
    if (this.rival) this.rival.destroy();
  }
}

// --- the worker's state ---------------------------------------------------------------------------

let run = null;
let speed = "max";
let training = false;
let loop = 0; // bumped whenever the loop stops or restarts, so stale ticks do nothing
let pace = { since: 0, done: 0 }; // steps done since `since` (for the slower speeds)
let nextSnapshot = 0; // performance.now() after which a sample + heatmap is due while training fast
let snapshotMs = 0; // what the last snapshot cost
// Where the worker's time went since training last started, in ms ("debug-times"): the calls to
// train (trainMs; pythonMs of it inside Live.train), snapshots, the article's figures; the rest
// of wallMs is the loop's own (messages, the yield between chunks).
let times = null;
let skipTo = null; // skipping ahead to this iteration (full speed, few snapshots), or null
let compare = false; // compare mode: every run has a rival with the other cell (compare/worker-pair.js)
let echoText = null; // the built-in text that needs memory, made when first asked for
const view = { phrase: null, units: null, temperature: null }; // the reader's choices, kept across runs
const figures = new Figures({ post, call, ReaderError, heldOut, training: () => training }); // the article's live figures
const surpriseLine = new SurpriseLine({ call, ReaderError }); // the line "What it expected" reads

let heldOutText = null; // the held-out poem (never trained on), fetched when first needed
function heldOut() {
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

// --- messages, handled strictly in order ----------------------------------------------------------

let queue = Promise.resolve();
let handled = 0; // messages dealt with so far: the page's watchdog counts its requests against it
self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(() => handle(message)).catch(report)
    .finally(() => post({ type: "handled", count: ++handled }));
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
  if (e && e.pyodide_fatal_error) {
    // Python itself broke (e.g. out of memory): nothing in this worker can run any more.
    post({ type: "error", source: "load", fatal: true, message: `Python stopped working: ${e.message}` });
    return;
  }
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
  echo(env, { settings }) {
    echoText ??= call(env.echoText);
    tagged("settings", () => start(env, echoText, settings, { custom: false, echo: true }, false));
  },
  compare(env, { on, settings }) {
    compare = !!on;
    // Both start from iteration 0 (a new pair, or the run alone again), on the same text.
    if (run && !!run.rival !== compare) tagged("settings", () => start(env, run.text, settings, run.corpus, true));
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
    if (run) figures.update(run, true);
  },
  step() {
    if (!run) return;
    if (training) stopLoop();
    if (!run.diverged) chunk(1, Number.MAX_VALUE);
    snapshot(true);
    figures.update(run, true);
  },
  skip(env, { to }) {
    const target = Math.floor(Number(to));
    if (!run || run.diverged || !(target > run.iteration) || target > SKIP_MAX) return;
    if (training) stopLoop();
    skipTo = target;
    startLoop();
  },
  figures(env, { on }) {
    figures.enable(run, !!on);
  },
  save(env, { id }) {
    if (!run) return;
    tagged("checkpoint", () => post({ type: "checkpoint", id, iteration: run.iteration, json: call(run.save) }));
  },
  load(env, { text }) {
    tagged("checkpoint", () => start(env, null, null, null, true, resume(env, String(text))));
  },
  speed(env, message) {
    speed = String(message.speed);
    pace = { since: performance.now(), done: 0 };
  },
  surprise(env, { text }) {
    if (run) tagged("surprise", () => post({ type: "surprise", surprise: surpriseLine.set(run, text) }));
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
  "debug-times"(env, { id }) {
    const wallMs = times ? (times.end ?? performance.now()) - times.start : 0;
    const { start, end, ...spent } = times || {};
    post({ type: "debug-times", id, times: { wallMs, ...spent } });
  },
  "debug-memory"(env, { id }) {
    // The wasm heap is where Python and NumPy live; it only ever grows, so it shows leaks.
    post({ type: "debug-memory", id, wasmBytes: env.pyodide._module.HEAP8.buffer.byteLength });
  },
};

/**
 * Build a new run; only once it exists does the old one go (a refused corpus changes nothing).
 * The heatmap keeps the reader's phrase on a Reset; a new corpus starts with its own first words
 * (the sonnets with "shall i compare").
 */
function start(env, text, settings, corpus, samePhrase, resumed = null) {
  const next = resumed || new Run(env, text, settings, corpus);
  if (resumed) ({ text, corpus } = resumed);
  if (resumed) compare = false; // a loaded model trains alone (the page hears it: no rival)
  if (compare) {
    // Compare mode: the rival, same text and seed, the other cell (a loaded model runs alone).
    try {
      const matched = (V, cell, H) => call(env.matchedHidden, V, cell, H);
      next.rival = new Run(env, next.text, pair.rivalSettings(next.settings, next.info.vocab_size, matched), corpus);
    } catch (e) {
      next.destroy();
      throw e;
    }
  }
  if (training) stopLoop();
  if (run) run.destroy();
  run = next;
  if (!corpus || !corpus.chars) {
    run.corpus = { custom: false, echo: !!(corpus && corpus.echo), chars: run.info.corpus_chars, symbols: run.info.vocab_size };
  }
  const from = resumed ? { resumed: { iteration: run.iteration, smoothLoss: run.smoothLoss } } : {};
  // The reader's own text goes back with the run: a Retry after this worker is lost starts on it again.
  const own = run.corpus.custom ? { text: run.text } : {};
  const rival = run.rival ? run.rival.info : null;
  post({ type: "run", info: run.info, corpus: run.corpus, modelSettings: env.modelSettings, rival, ...own, ...from });
  // Carry the units over, without those this network doesn't have.
  const H = run.info.hidden;
  let units = (view.units || DEFAULT_UNITS).filter((u) => u < H);
  if (!units.length) units = DEFAULT_UNITS.filter((u) => u < H);
  const opening = text.slice(0, 400); // py_core normalises it and keeps the first 40 symbols
  const ownWords = corpus && (corpus.custom || corpus.echo); // not the sonnets: its own first words
  const phrases = samePhrase ? [view.phrase, null, opening] : ownWords ? [opening, null] : [null, opening];
  for (const phrase of phrases) {
    try {
      let chosen = applyView(env, { phrase, units, temperature: view.temperature });
      if (phrase === opening && run.corpus.echo) {
        chosen = applyView(env, { phrase: text.split("\n")[0] }); // a key, the filler, the key again
      } else if (phrase === opening && chosen.phrase.length > PHRASE_LENGTH) {
        chosen = applyView(env, { phrase: firstWords(chosen.phrase) });
      }
      view.phrase = chosen.phrase; // (not the units: a small network's trimmed list is not a choice)
      call(run.heatmap); // the default phrase may hold a symbol this corpus lacks
      break;
    } catch (e) {
      if (!(e instanceof ReaderError)) throw e;
    }
  }
  surpriseLine.newRun(run);
  snapshot(true);
  figures.newRun(run);
}

/** A Run resumed from checkpoint JSON (Live.load); a ReaderError if the file is unusable. */
function resume(env, json) {
  const load = env.Live.load;
  let live;
  try {
    live = raw(load, json);
  } finally {
    load.destroy();
  }
  try {
    const trainer = live.trainer;
    const text = trainer.text; // the saved corpus, normalised
    trainer.destroy();
    const resumed = new Run(env, text, {}, null, live);
    resumed.settings = Object.fromEntries(env.modelSettings.map((k) => [k, resumed.info[k]]));
    const status = call(resumed.status);
    resumed.iteration = status.iteration;
    resumed.smoothLoss = status.smooth_loss;
    resumed.pinned = new Set(MILESTONES.filter((m) => m <= status.iteration)); // from before the save
    resumed.corpus = text === env.sonnets ? null
      : { custom: true, saved: true, chars: text.length, original: text.length, dropped: 0, symbols: resumed.info.vocab_size };
    return resumed;
  } catch (e) {
    live.destroy();
    throw e;
  }
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
    if (run.rival) pair.viewRival(env, call, run.rival, chosen);
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
  const now = performance.now();
  pace = { since: now, done: 0 };
  times = { start: now, end: null, trainMs: 0, pythonMs: 0, snapshotMs: 0, figuresMs: 0, chunks: 0, steps: 0 };
  // Nothing extra is due until its share of the training time has been earned.
  nextSnapshot = Math.max(nextSnapshot, now + Math.max(SNAPSHOT_MS, snapshotMs / SNAPSHOT_SHARE));
  figures.trainingStarts(now);
  post({ type: "training", on: true, skip: skipTo });
  schedule(0);
}

function stopLoop() {
  training = false;
  skipTo = null;
  loop += 1;
  if (times) times.end = performance.now();
  post({ type: "training", on: false });
}

/** Time `work()` into times[key] while training. */
function timed(key, work) {
  const start = performance.now();
  try {
    return work();
  } finally {
    if (times && training) times[key] += performance.now() - start;
  }
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
  if (skipTo !== null) return skipSlice();
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
  timed("snapshotMs", () => snapshot(slow || performance.now() >= nextSnapshot));
  timed("figuresMs", () => figures.update(run, false));
  if (!(perSecond > 0)) return schedule(0);
  pace.done += progress.steps;
  if (progress.steps < progress.asked) pace = { since: performance.now(), done: 0 }; // can't keep up: no burst
  schedule(pace.since + (pace.done * 1000) / perSecond - performance.now());
}

/** Skip ahead: full speed, long chunks, a sample only at milestones; at the target, show it all. */
function skipSlice() {
  const progress = chunk(skipTo - run.iteration, SKIP_CHUNK_MS);
  timed("snapshotMs", () => snapshot(false)); // a milestone still pins its sample
  if (!progress.diverged && run.iteration < skipTo) return schedule(0);
  stopLoop();
  snapshot(true);
  figures.update(run, true);
}

/** Train up to `steps` iterations within `budgetMs`, never past the next milestone; post it. */
function chunk(steps, budgetMs) {
  const next = MILESTONES.find((m) => m > run.iteration);
  if (next !== undefined) steps = Math.min(steps, next - run.iteration);
  // In compare mode the run gets its share of the budget, then the rival trains as many steps.
  const share = run.rival ? pair.budgetShare(run.msPerStep, run.rival.msPerStep) : 1;
  const r = timed("trainMs", () => call(run.train, steps, budgetMs * share));
  if (times && training) Object.assign(times, { pythonMs: times.pythonMs + r.elapsed_ms, chunks: times.chunks + 1, steps: times.steps + r.steps });
  r.asked = steps;
  run.msPerStep = r.ms_per_step;
  const rival = run.rival ? timed("trainMs", () => pair.trainRival(call, run.rival, r.steps)) : null;
  run.iteration = r.iteration;
  run.diverged = r.diverged || !!(rival && rival.diverged);
  post({
    type: "progress", first: r.first, smoothLosses: r.smooth_losses, steps: r.steps,
    iteration: r.iteration, smoothLoss: r.smooth_loss, msPerStep: r.ms_per_step, diverged: run.diverged, rival,
  });
  r.diverged = run.diverged;
  return r; // (a divergence is in the progress report: the page explains it)
}

/** Post the sample and heatmap if `force`d or a milestone is due; a milestone pins that sample. */
function snapshot(force) {
  if (!force && !(MILESTONES.includes(run.iteration) && !run.pinned.has(run.iteration))) return;
  const started = performance.now();
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
  const rival = run.rival ? pair.rivalSnapshot(call, ReaderError, run.rival) : null;
  post({ type: "snapshot", iteration: status.iteration, smoothLoss: status.smooth_loss, sample, heatmap, heatmapError,
    ...surpriseLine.read(run), rival });
  snapshotMs = performance.now() - started;
  nextSnapshot = started + Math.max(SNAPSHOT_MS, snapshotMs / SNAPSHOT_SHARE);
  if (MILESTONES.includes(status.iteration) && !run.pinned.has(status.iteration)) {
    run.pinned.add(status.iteration);
    post({ type: "milestone", iteration: status.iteration, sample });
  }
}
