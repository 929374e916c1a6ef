/**
 * @fileoverview The page state: ONE object, changed only through `setState(patch)`, which also
 * mirrors the settings into the URL (history.replaceState) and tells the subscribers (the
 * renderer). Nothing else writes to `state`. The loss curve's points live in the chart, not here.
 */

export const state = {
  loading: {}, // stage name -> "start" | "done"
  settings: {}, // the page settings as the controls hold them (valid values only), by name
  runSettings: null, // the model settings the current run was built with
  embed: false, // ?embed=1 (reserved)
  present: false, // ?present=1 (reserved)
  errors: {}, // source -> message; shown together in the error area
  invalid: {}, // setting name -> true while its control holds refused text
  training: false, // the worker's loop is running
  fatal: false, // loading failed: nothing can run
  run: null, // Live.info() of the current run: vocab, baseline, hidden, ...
  corpus: null, // {custom, chars, original?, dropped?, symbols}
  corpusFile: null, // the name of a file loaded into the text box, not applied yet
  iteration: 0,
  smoothLoss: null, // nats per character
  diverged: false,
  throughput: null, // iterations per second while training
  sample: "",
  heatmap: null, // {phrase, units, values[unit][char]}
  heatmapError: "",
  view: { phrase: "", units: [], temperature: null },
  timeline: {}, // milestone iteration -> sample
};

/** The status the page shows (data-state): loading | ready | training | paused | error. */
export function statusOf(s) {
  if (s.fatal) return "error";
  if (!s.run) return "loading";
  if (s.training) return "training";
  return s.iteration > 0 ? "paused" : "ready";
}

const subscribers = new Set();
let urlOf = null; // (state) -> query string; set once the settings table is known
const URL_KEYS = ["settings", "embed", "present"];

/** Call `fn(state, patch)` after every change. */
export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

/** From now on, mirror the state into the URL with `fn(state) -> "?query"`. */
export function mirrorUrl(fn) {
  urlOf = fn;
  writeUrl();
}

export function setState(patch) {
  Object.assign(state, patch);
  if (urlOf && URL_KEYS.some((key) => key in patch)) writeUrl();
  for (const fn of subscribers) fn(state, patch);
}

function writeUrl() {
  const query = urlOf(state);
  if (query !== location.search) history.replaceState(history.state, "", `${location.pathname}${query}${location.hash}`);
}
