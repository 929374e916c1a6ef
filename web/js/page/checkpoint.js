/**
 * @fileoverview Save model / Load model. Save asks the worker for the run's checkpoint (Live.save:
 * settings, vocabulary, weights, Adagrad memory, where it stood, its corpus), adds what only the
 * page knows — the loss curve and the pinned samples — under "page", and downloads the JSON
 * (a Blob URL and <a download>). Load sends the file the reader picks to the worker (Live.load);
 * a bad file is refused there, in py_core's words, and the current run goes on untouched.
 */
import { state, setState } from "./state.js";
import { onFrame } from "./frame.js";
import { chart } from "./render.js";
import { MILESTONES } from "../shared/protocol.js";

const $ = (id) => document.getElementById(id);
const FILE_LIMIT = 64 * 1024 * 1024; // bytes (a 512-unit network with a long corpus is ~25 MB)
const PAGE_FORMAT = "rnn-live-page/1"; // the "page" part of a saved file
const MAX_POINTS = 10_000; // loss-curve points accepted from a file
const MAX_SAMPLE = 2_000; // characters of a pinned sample accepted from a file
const NOT_SAVED = "(not in the saved file)";

const count = (n) => n.toLocaleString("en-US");
const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

let nextId = 1;
let loading = null; // {name, page}: the file being loaded, its page data (unchecked) or null
let pending = false; // the note says a save or load is under way

/** Show `text` under the tools ("" hides it); `underway`: it announces work not yet done. */
function note(text, underway = false) {
  const el = $("tool-note");
  el.textContent = text;
  el.hidden = !text;
  pending = underway;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The worker's checkpoint with the page's part added (as it was, if it will not parse). */
function withPage(json, iteration) {
  try {
    const data = JSON.parse(json);
    data.page = { format: PAGE_FORMAT, iteration, curve: chart.points(), timeline: state.timeline };
    return JSON.stringify(data);
  } catch {
    return json; // e.g. a diverged run's NaN, which Python writes and JSON.parse refuses
  }
}

/** A saved loss curve, if it is one: increasing iterations up to `iteration`, finite losses. */
function savedCurve(page, iteration) {
  const curve = page && Array.isArray(page.curve) ? page.curve.slice(0, MAX_POINTS) : [];
  let last = -1;
  for (const p of curve) {
    const fine = Array.isArray(p) && Number.isInteger(p[0]) && p[0] > last && p[0] <= iteration &&
      typeof p[1] === "number" && Number.isFinite(p[1]);
    if (!fine) return [];
    last = p[0];
  }
  return curve.map(([x, y]) => [x, y]);
}

export function install({ send }) {
  const save = $("save");
  const input = $("load-input");
  save.addEventListener("click", () => {
    note("Saving…", true);
    send({ type: "save", id: nextId++ });
  });
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = ""; // the same file again still fires "change"
    if (!file) return;
    if (file.size > FILE_LIMIT) {
      setState({ errors: { ...state.errors, checkpoint: `“${file.name}” is ${(file.size / 1e6).toFixed(1)} MB; a saved model is at most ${FILE_LIMIT / 1024 / 1024} MB.` } });
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch {
      setState({ errors: { ...state.errors, checkpoint: `Could not read “${file.name}”.` } });
      return;
    }
    let page = null;
    try {
      page = JSON.parse(text).page || null;
    } catch {
      // not JSON: the worker says so, in py_core's words
    }
    loading = { name: file.name, page };
    note(`Loading “${file.name}”…`, true);
    send({ type: "load", text });
  });

  onFrame((s) => {
    const usable = !!s.run && !s.fatal;
    save.disabled = !usable;
    input.disabled = !usable;
    $("load-label").classList.toggle("disabled", !usable);
    if (s.fatal && pending) {
      note(""); // the worker that was saving or loading is gone: that will never finish
      loading = null;
    }
  });

  return {
    checkpoint({ iteration, json }) {
      const seed = state.runSettings ? state.runSettings.seed : 0;
      const name = `rnn-live-seed${seed}-${iteration}.json`;
      download(name, withPage(json, iteration));
      note(`Saved the network at iteration ${count(iteration)} as “${name}”.`);
    },
    run({ info, resumed }) {
      if (!resumed) return;
      const file = loading;
      loading = null;
      // A resumed run: its curve and pinned samples from the file, where it has them.
      const page = file && file.page && file.page.format === PAGE_FORMAT && file.page.iteration === resumed.iteration ? file.page : null;
      const curve = savedCurve(page, resumed.iteration);
      chart.restore(curve.length ? curve : [[resumed.iteration, resumed.smoothLoss]]);
      const timeline = {};
      for (const m of MILESTONES.filter((m) => m <= resumed.iteration)) {
        const sample = page && page.timeline ? page.timeline[m] : undefined;
        timeline[m] = typeof sample === "string" ? sample.slice(0, MAX_SAMPLE) : NOT_SAVED;
      }
      const settings = { ...state.settings };
      for (const name of Object.keys(state.runSettings || {})) settings[name] = info[name];
      setState({ timeline, settings, iteration: resumed.iteration, smoothLoss: resumed.smoothLoss,
        errors: without(state.errors, "checkpoint") });
      note(`Loaded ${file ? `“${file.name}”` : "the model"}: iteration ${count(resumed.iteration)}.`);
    },
    error({ source, message }) {
      if (source !== "checkpoint") return;
      const name = loading ? loading.name : null;
      loading = null;
      note("");
      if (name) setState({ errors: { ...state.errors, checkpoint: `Could not load “${name}”: ${message}` } });
    },
  };
}
