/**
 * @fileoverview The page's wiring. It starts the training worker at once (so Pyodide loads while
 * the rest of the page settles), loads the settings table and builds the controls from it, then
 * connects reader actions → worker messages and worker messages → setState(). Drawing is
 * render.js's job; Python never runs on this thread.
 *
 * Debug hook (for the CPython parity test, and honest by construction): in the console,
 *   await rnnLive.debugLosses(20)
 * asks the worker for the per-iteration losses of a fresh run with the current run's corpus
 * and settings, computed by py_core under Pyodide.
 */
import { state, setState, mirrorUrl } from "./state.js";
import * as table from "./settings.js";
import { chart, registerControls } from "./render.js";

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (message) => worker.postMessage(message);
const $ = (id) => document.getElementById(id);
const FETCH_FIX = "Run `python scripts/fetch_assets.py`, then reload the page.";
const CORPUS_LIMIT = 2_000_000; // characters of a reader's text (the sonnets are ~95,000)

let settingsTable = null;
let modelNames = []; // the settings a run is built from (py_core.live.MODEL_SETTINGS, from the worker)

// --- small helpers for the one state object ----------------------------------------------------

const without = (object, ...keys) => Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
const withError = (source, message) => ({ errors: { ...state.errors, [source]: message } });
const pick = (object, keys) => Object.fromEntries(keys.map((k) => [k, object[k]]));
const modelSettings = () => ({ ...state.settings }); // the worker keeps the ones a run takes

function fatal(message) {
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

const FROM_WORKER = {
  loading({ stage, status }) {
    setState({ loading: { ...state.loading, [stage]: status } });
  },
  run({ info, corpus, modelSettings: names }) {
    modelNames = names;
    chart.reset(info.baseline);
    meter.clear();
    setState({
      run: info, corpus, runSettings: pick(info, modelNames), training: false, iteration: 0,
      smoothLoss: info.baseline, diverged: false, throughput: null, timeline: {}, corpusFile: null,
      errors: without(state.errors, "run", "settings", "corpus"),
    });
  },
  progress({ first, smoothLosses, iteration, smoothLoss, diverged }) {
    chart.addPoints(first, smoothLosses);
    const rate = state.training ? meter.add(iteration) : null;
    setState({ iteration, smoothLoss, diverged, throughput: rate ?? state.throughput });
  },
  snapshot({ iteration, smoothLoss, sample, heatmap, heatmapError }) {
    setState({ iteration, smoothLoss, sample, heatmap, heatmapError });
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
    const reply = debugReplies.get(id);
    debugReplies.delete(id);
    if (reply) error ? reply.reject(new Error(error)) : reply.resolve(losses);
  },
};

worker.onmessage = (event) => {
  const handler = FROM_WORKER[event.data && event.data.type];
  if (handler) handler(event.data);
};
worker.onerror = (event) => {
  event.preventDefault();
  fatal(`The training worker could not start${event.message ? ` (${event.message})` : ""}. ${FETCH_FIX}`);
};

window.rnnLive = Object.freeze({
  /** Per-iteration losses (nats/char) of a fresh run like the current one, from the worker. */
  debugLosses(n = 20) {
    return new Promise((resolve, reject) => {
      const id = nextDebugId++;
      debugReplies.set(id, { resolve, reject });
      send({ type: "debug-losses", id, n });
    });
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

onEnter($("phrase"), (phrase) => {
  if (phrase !== state.view.phrase) send({ type: "view", phrase });
});
onEnter($("units"), (text) => {
  // Whole numbers go as numbers; anything else goes as typed, for py_core to refuse in its words.
  const units = text.split(/[\s,]+/).filter(Boolean).map((t) => (/^\d{1,6}$/.test(t) ? Number(t) : t));
  if (units.join(" ") !== state.view.units.join(" ")) send({ type: "view", units });
});

$("corpus-apply").addEventListener("click", () => {
  const text = $("corpus-input").value;
  if (text.length > CORPUS_LIMIT) {
    setState(withError("corpus", `That text is ${text.length.toLocaleString("en-US")} characters long; the limit is ${CORPUS_LIMIT.toLocaleString("en-US")}.`));
    return;
  }
  send({ type: "corpus", text, settings: modelSettings() });
});
$("corpus-sonnets").addEventListener("click", () => send({ type: "sonnets", settings: modelSettings() }));
$("corpus-file").addEventListener("change", async (event) => {
  const input = event.target;
  const file = input.files && input.files[0];
  input.value = ""; // picking the same file again still fires "change"
  if (!file) return;
  if (file.size > CORPUS_LIMIT * 4) {
    setState(withError("corpus", `“${file.name}” is ${(file.size / 1e6).toFixed(1)} MB; the limit is ${(CORPUS_LIMIT * 4 / 1e6).toFixed(0)} MB.`));
    return;
  }
  try {
    $("corpus-input").value = await file.text();
    setState({ errors: without(state.errors, "corpus"), corpusFile: file.name });
  } catch {
    setState(withError("corpus", `Could not read “${file.name}”.`));
  }
});

// --- the settings table: controls, URL, the first run ---------------------------------------------

async function init() {
  try {
    settingsTable = await table.loadTable("generated/settings.json");
  } catch (e) {
    fatal(`Could not load the settings table (generated/settings.json: ${e.message}). ${FETCH_FIX}`);
    return;
  }
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
  setState({
    settings: values,
    errors: { ...state.errors, ...errors },
    embed: params.get("embed") === "1",
    present: params.get("present") === "1",
  });
  mirrorUrl((s) => {
    const query = new URLSearchParams(table.writeQuery(settingsTable, s.settings, location.search));
    for (const flag of ["embed", "present"]) {
      if (s[flag]) query.set(flag, "1");
      else query.delete(flag);
    }
    const text = query.toString();
    return text ? `?${text}` : "";
  });

  send({ type: "speed", speed: values.speed });
  send({ type: "reset", settings: modelSettings() });
  send({ type: "view", temperature: values.temperature });
}

init();
