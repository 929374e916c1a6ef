/**
 * @fileoverview The page's wiring. It starts the training worker at once (so Pyodide loads while
 * the rest of the page settles), loads the settings table and builds the controls from it, then
 * connects reader actions → worker messages and worker messages → setState(). Drawing is
 * render.js's job; Python never runs on this thread.
 *
 * Debug hook (for the CPython parity test, and honest by construction): in the console,
 *   await rnnLive.debugLosses(20)
 * asks the worker for the per-iteration losses of a fresh run with the current run's corpus
 * and settings, computed by py_core under Pyodide. And for the fault tests,
 *   rnnLive.debugStallAfter(2000)
 * makes the watchdog (watchdog.js) give up on a silent worker after 2 s instead of 60 s (no
 * argument: back to 60 s). It is not a setting: it never reaches the URL or a shared link.
 *   rnnLive.debugPending()
 * is how many requests the worker has not finished yet (0: everything asked has been answered).
 *   await rnnLive.debugTimes()
 * is where the worker's time went since training last started (scripts/bench_browser.py).
 */
import { state, setState, mirrorUrl } from "./state.js";
import * as table from "./settings.js";
import { chart, registerControls } from "./render.js";
import { installFeatures } from "./features.js";
import { LOAD_FIX, divergedMessage, recoveryRate, stalledMessage, workerFailed } from "./faults.js";
import { carriesFiles, readTextFile, tooLong } from "./corpus-file.js";
import { STALL_MS, Watchdog } from "./watchdog.js";
import { TEXTS, textError } from "./compare/texts.js";
import { rivalError } from "../shared/models.js";
import { takeWorker } from "./boot.js";
import { offerOffline } from "./offline.js";

let worker = null; // the training worker: startWorker() makes it, Retry replaces it
const $ = (id) => document.getElementById(id);

let settingsTable = null;
let tableRequest = null; // the settings table's fetch while it is in flight (a Retry abandons it)
let modelNames = []; // the settings a run is built from (py_core.live.MODEL_SETTINGS, from the worker)
// The latest run's corpus and model settings: what Retry starts again after the worker is lost.
// text: the reader's own text (or a loaded model's), null for the sonnets.
let lastRun = null;

// The page waits on the worker while it loads, while it trains and while a request is unanswered.
// A worker that goes silent then is ended, and the reader gets the message and Retry.
const watchdog = new Watchdog({
  busy: () => !state.run || state.training,
  stalled(request) {
    worker.terminate(); // it may be stuck for good; a late answer would only confuse the page
    fatal(stalledMessage(state, request, !!settingsTable, watchdog.limitMs));
  },
});

function send(message) {
  watchdog.sent(message.type);
  worker.postMessage(message);
}

// --- small helpers for the one state object ----------------------------------------------------

const without = (object, ...keys) => Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
const withError = (source, message) => ({ errors: { ...state.errors, [source]: message } });
const pick = (object, keys) => Object.fromEntries(keys.map((k) => [k, object[k]]));
const modelSettings = () => ({ ...state.settings }); // the worker keeps the ones a run takes

function fatal(message) {
  watchdog.stop(); // nothing more is expected of this worker
  setState({ fatal: true, training: false, ...withError("load", message) });
}

/** Iterations per second over the last second or so of progress reports. */
const meter = {
  marks: [],
  clear() { this.marks = []; },
  add(iteration) {
    const now = performance.now();
    this.marks.push([now, iteration]);
    while (this.marks.length > 2 && now - this.marks[0][0] > 1500) this.marks.shift();
    const [t0, i0] = this.marks[0];
    return now - t0 >= 250 ? ((iteration - i0) * 1000) / (now - t0) : null;
  },
};

// --- worker → page -------------------------------------------------------------------------------

const debugReplies = new Map();
let nextDebugId = 1;
/** The promise waiting for debug answer `id` ({resolve, reject}), no longer waiting; or undefined. */
function answered(id) {
  const reply = debugReplies.get(id);
  debugReplies.delete(id);
  return reply;
}

const FROM_WORKER = {
  loading({ stage, status }) {
    setState({ loading: { ...state.loading, [stage]: status } });
  },
  run({ info, corpus, text, modelSettings: names }) {
    modelNames = names;
    lastRun = { text: corpus && corpus.custom ? text : null, settings: pick(info, modelNames) };
    chart.reset(info.baseline);
    meter.clear();
    setState({
      run: info, shown: false, corpus, runSettings: pick(info, modelNames), training: false, iteration: 0,
      smoothLoss: info.baseline, diverged: false, throughput: null, timeline: {}, corpusFile: null,
      errors: without(state.errors, "run", "settings", "corpus"),
    });
  },
  progress({ first, smoothLosses, iteration, smoothLoss, diverged }) {
    chart.addPoints(first, smoothLosses);
    const rate = state.training ? meter.add(iteration) : null;
    const patch = { iteration, smoothLoss, diverged, throughput: rate ?? state.throughput };
    if (diverged && !state.diverged) {
      const lr = settingsTable.byName.lr;
      patch.errors = { ...state.errors, run: divergedMessage(iteration, state.runSettings.lr, recoveryRate(state, lr)) };
    }
    setState(patch);
  },
  snapshot({ iteration, smoothLoss, sample, heatmap, heatmapError, attention }) {
    setState({ iteration, smoothLoss, sample, heatmap, heatmapError, attention: attention || null, shown: true });
    offerOffline(); // (the page is ready: from now on its files can be kept for the next visit)
  },
  milestone({ iteration, sample }) {
    setState({ timeline: { ...state.timeline, [iteration]: sample } });
  },
  view({ phrase, units, temperature }) {
    setState({ view: { phrase, units, temperature }, errors: without(state.errors, "view") });
  },
  training({ on }) {
    meter.clear();
    setState({ training: on, throughput: null });
  },
  error({ source, message, fatal: isFatal }) {
    if (isFatal) fatal(message);
    else setState(withError(source, message));
  },
  "debug-losses"({ id, losses, error }) {
    const reply = answered(id);
    if (reply) error ? reply.reject(new Error(error)) : reply.resolve(losses);
  },
  "debug-memory"({ id, wasmBytes }) {
    // performance.memory is Chromium's (precise only with --enable-precise-memory-info).
    answered(id)?.resolve({ workerBytes: wasmBytes, pageBytes: performance.memory?.usedJSHeapSize ?? null });
  },
  "debug-times"({ id, times }) {
    answered(id)?.resolve(times);
  },
  "debug-start"({ id, marks, resources }) {
    answered(id)?.resolve({ marks, resources, pageOrigin: performance.timeOrigin });
  },
};

// The features around the panel (article figures, classroom tools, embed) hear the worker too,
// after the handlers above.
for (const [type, handler] of Object.entries(installFeatures({ send }))) {
  const base = FROM_WORKER[type];
  FROM_WORKER[type] = base ? (message) => { base(message); handler(message); } : handler;
}

/** Start a training worker (Pyodide starts loading at once); an earlier one is ended first. The
 * first is the one boot.js started before this module arrived. */
function startWorker() {
  if (worker) worker.terminate();
  let current = null;
  const handlers = {
    message(event) {
      if (current !== worker) return;
      watchdog.heard(event.data);
      const handler = FROM_WORKER[event.data && event.data.type];
      if (handler) handler(event.data);
    },
    // An error that escapes the worker (its script failed to load or threw): it cannot be trusted
    // to go on, so it is ended and the reader is offered Retry.
    error(event) {
      event.preventDefault();
      if (current !== worker) return;
      current.terminate();
      fatal(workerFailed(!!state.run, event.message));
    },
    messageerror() {
      if (current !== worker) return;
      current.terminate();
      fatal(workerFailed(!!state.run, "a message from it could not be read"));
    },
  };
  watchdog.watch();
  const booted = takeWorker();
  current = worker = booted ? booted.worker : new Worker(new URL("../worker/worker.js", import.meta.url), { type: "module" });
  for (const kind of Object.keys(handlers)) current[`on${kind}`] = handlers[kind];
  for (const [kind, event] of booted ? booted.kept : []) handlers[kind](event);
}
startWorker();

/** Retry after a fatal error: a new worker loads everything again and starts a new run like the lost one. */
function retry() {
  for (const reply of debugReplies.values()) reply.reject(new Error("The training worker was restarted."));
  debugReplies.clear();
  meter.clear();
  setState({
    fatal: false, loading: {}, run: null, runSettings: null, training: false, iteration: 0, smoothLoss: null,
    diverged: false, throughput: null, sample: "", heatmap: null, heatmapError: "", attention: null, timeline: {},
    errors: without(state.errors, "load", "run", "corpus", "view"),
  });
  startWorker();
  if (settingsTable) firstRun();
  else init();
}

/** Send a debug request; its answer (matched by id) resolves the promise. */
function ask(type, fields = {}) {
  return new Promise((resolve, reject) => {
    const id = nextDebugId++;
    debugReplies.set(id, { resolve, reject });
    send({ type, id, ...fields });
  });
}

window.rnnLive = Object.freeze({
  /** Per-iteration losses (nats/char) of a fresh run like the current one, from the worker. */
  debugLosses: (n = 20) => ask("debug-losses", { n }),
  /** {workerBytes: the worker's wasm heap, pageBytes: this page's JS heap or null}. */
  debugMemory: () => ask("debug-memory"),
  /** Where the worker's time went since training last started (worker/loop.js, `times`), in ms. */
  debugTimes: () => ask("debug-times"),
  /** When each stage of the worker's start was reached (worker/marks.js), epoch ms. */
  debugStart: () => ask("debug-start"),
  /** The watchdog's limit from now on, in ms (none: the default, 60 s). */
  debugStallAfter(ms) {
    const limit = Number(ms);
    watchdog.setLimit(ms == null ? STALL_MS : limit > 0 ? limit : STALL_MS);
  },
  /** How many requests the worker has not finished yet. */
  debugPending() {
    return watchdog.pending.length;
  },
});

// --- page → worker -------------------------------------------------------------------------------

function reset() {
  setState({ invalid: {}, errors: without(state.errors, ...modelNames) });
  send({ type: "reset", settings: modelSettings() });
}

/** A control's text committed (change or Enter): validate with the table, then apply. */
function commit(setting, text) {
  const parsed = table.parse(settingsTable, setting, text);
  const { name } = setting;
  if (!("value" in parsed)) {
    setState({ invalid: { ...state.invalid, [name]: true }, ...withError(name, parsed.message) });
    return;
  }
  const changed = parsed.value !== state.settings[name];
  setState({
    settings: { ...state.settings, [name]: parsed.value },
    invalid: without(state.invalid, name),
    errors: without(state.errors, name),
  });
  if (!changed) return;
  if (name === "temperature") send({ type: "view", temperature: parsed.value });
  if (name === "speed") send({ type: "speed", speed: parsed.value });
}

function onEnter(input, fn) {
  input.addEventListener("change", () => fn(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") fn(input.value);
  });
}

$("train").addEventListener("click", () => send({ type: state.training ? "pause" : "train" }));
$("step").addEventListener("click", () => send({ type: "step" }));
$("reset").addEventListener("click", reset);
$("apply").addEventListener("click", reset);
$("dismiss").addEventListener("click", () => setState({ errors: {} }));
$("retry").addEventListener("click", retry);
$("error-reset").addEventListener("click", () => {
  // After a divergence: a new run, with a learning rate that should not diverge.
  const lr = recoveryRate(state, settingsTable.byName.lr);
  setState({ settings: { ...state.settings, lr }, invalid: without(state.invalid, "lr") });
  reset();
});

onEnter($("phrase"), (phrase) => {
  if (phrase !== state.view.phrase) send({ type: "view", phrase });
  else setState({ errors: without(state.errors, "view") }); // back to what is shown: nothing wrong
});
onEnter($("units"), (text) => {
  // Whole numbers go as numbers; anything else goes as typed, for py_core to refuse in its words.
  const units = text.split(/[\s,]+/).filter(Boolean).map((t) => (/^\d{1,6}$/.test(t) ? Number(t) : t));
  if (units.join(" ") !== state.view.units.join(" ")) send({ type: "view", units });
  else setState({ errors: without(state.errors, "view") });
});

$("corpus-apply").addEventListener("click", () => {
  const text = $("corpus-input").value;
  const refused = tooLong(text.length);
  if (refused) {
    setState(withError("corpus", refused));
    return;
  }
  send({ type: "corpus", text, settings: modelSettings() });
});
$("corpus-sonnets").addEventListener("click", () => send({ type: "sonnets", settings: modelSettings() }));
/** A reader's file into the text box, if it is text and not too long (else a message). */
async function loadFile(file) {
  if (!file) return;
  const { text, message } = await readTextFile(file);
  if (message) {
    setState(withError("corpus", message));
    return;
  }
  $("corpus-input").value = text;
  setState({ errors: without(state.errors, "corpus"), corpusFile: file.name });
}
$("corpus-file").addEventListener("change", (event) => {
  const input = event.target;
  const file = input.files && input.files[0];
  input.value = ""; // picking the same file again still fires "change"
  loadFile(file);
});
// A file dropped anywhere is read like an upload: the browser would otherwise open it instead
// of the page, and the run would be lost.
document.addEventListener("dragover", (event) => {
  if (carriesFiles(event)) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  loadFile(event.dataTransfer.files[0]);
});

// --- the settings table: controls, URL, the first run ---------------------------------------------

async function init() {
  // A Retry after the table's fetch stalled abandons that fetch: if it ever finished, the controls
  // would be built twice.
  if (tableRequest) tableRequest.abort();
  const request = (tableRequest = new AbortController());
  try {
    settingsTable = await table.loadTable("generated/settings.json", request.signal);
  } catch (e) {
    if (!request.signal.aborted) fatal(`Could not load the settings table (generated/settings.json: ${e.message}). ${LOAD_FIX}`);
    return;
  }
  tableRequest = null;
  const shown = table.pageSettings(settingsTable);
  const controls = {};
  for (const setting of shown) {
    const { field, input } = table.buildControl(setting);
    const slot = document.querySelector(`[data-slot="${setting.name}"]`) || document.querySelector('[data-slot="model"]');
    slot.append(field);
    controls[setting.name] = input;
    onEnter(input, (text) => commit(setting, text));
  }
  registerControls(controls, settingsTable);

  const params = new URLSearchParams(location.search);
  const { values, errors } = table.readQuery(settingsTable, location.search);
  const badText = textError(params.get("text"));
  const badRival = rivalError(params.get("rival"));
  setState({
    settings: values,
    errors: { ...state.errors, ...errors, ...(badText ? { text: badText } : {}), ...(badRival ? { rival: badRival } : {}) },
    embed: params.get("embed") === "1",
    present: params.get("present") === "1",
    compare: params.get("compare") === "1",
    rivalChoice: badRival ? null : params.get("rival"),
  });
  mirrorUrl((s) => {
    const query = new URLSearchParams(table.writeQuery(settingsTable, s.settings, location.search));
    for (const flag of ["embed", "present", "compare"]) {
      if (s[flag]) query.set(flag, "1");
      else query.delete(flag);
    }
    if (TEXTS.includes(s.text) && s.text !== TEXTS[0]) query.set("text", s.text);
    else query.delete("text"); // the sonnets (the default), or the reader's own text
    if (s.compare && s.rivalChoice) query.set("rival", s.rivalChoice);
    else query.delete("rival");
    const text = query.toString();
    return text ? `?${text}` : "";
  });

  firstRun();
}

/**
 * What a new worker is told first: the reader's speed, a run, their temperature. The run is the
 * reader's settings on the sonnets; after a Retry it is the lost run again, on its own text with
 * the model settings it was built with, and the heatmap phrase and units it showed. (Changes the
 * reader had not applied yet stay pending in the controls: they might be what broke it, e.g. a
 * sequence longer than the reader's text.)
 */
function firstRun() {
  const settings = { ...modelSettings(), ...(lastRun ? lastRun.settings : {}) };
  send({ type: "speed", speed: state.settings.speed });
  if (state.compare) send({ type: "compare", on: true, settings, rival: state.rivalChoice }); // (sets the mode: there is no run yet)
  if (lastRun && lastRun.text != null) send({ type: "corpus", text: lastRun.text, settings });
  else if (state.text === "echo") send({ type: "echo", settings });
  else send({ type: "reset", settings });
  const shown = lastRun && state.view && state.view.phrase ? { phrase: state.view.phrase, units: state.view.units } : {};
  send({ type: "view", temperature: state.settings.temperature, ...shown });
}

init();
