/**
 * @fileoverview The page state: ONE object, changed only through `setState(patch)`, which also
 * mirrors the settings into the URL (history.replaceState) and tells the subscribers (the
 * renderer). Nothing else writes to `state`. The loss curve's points live in the chart, not here.
 */

const flags = new URLSearchParams(location.search); // ?embed=1, ?present=1: known before the first frame

export const state = {
  loading: {}, // stage name -> "start" | "done"
  downloaded: 0, // share (0–1) of the big downloads' bytes received so far (load-progress.js)
  settings: {}, // the page settings as the controls hold them (valid values only), by name
  runSettings: null, // the model settings the current run was built with
  embed: flags.get("embed") === "1", // the live panel alone, for an <iframe> (embed.js)
  present: flags.get("present") === "1", // presenter mode: the panel in large type (present.js)
  errors: {}, // source -> message; shown together in the error area
  invalid: {}, // setting name -> true while its control holds refused text
  training: false, // the worker's loop is running
  fatal: false, // loading failed: nothing can run
  run: null, // Live.info() of the current run: vocab, baseline, hidden, ...
  shown: false, // the current run's first sample and heatmap have arrived (until then: loading)
  corpus: null, // {custom, chars, original?, dropped?, symbols}
  corpusFile: null, // the name of a file loaded into the text box, not applied yet
  iteration: 0,
  smoothLoss: null, // nats per character
  diverged: false,
  throughput: null, // iterations per second while training
  sample: "",
  heatmap: null, // {phrase, units, values[unit][char]}
  heatmapError: "",
  attention: null, // the attention model's map of the heatmap's phrase (Live.attention_map), else null
  surprise: null, // "What it expected": Live.surprise() of the line, {chars, surprise, guesses}
  surpriseError: "", // why the current run cannot read the line, if it cannot
  view: { phrase: "", units: [], temperature: null },
  timeline: {}, // milestone iteration -> sample
  skipTo: null, // skipping ahead to this iteration (skip.js), or null
  msPerStep: null, // the worker's measured cost of one training step, in ms
  memory: null, // {iteration, reach}: reach[k-1] = ‖∂h_t/∂h_{t−k}‖, k = 1…25 (the decay plot)
  memoryStart: null, // the same at this run's iteration 0, drawn faintly for comparison
  units: null, // "What the units track": the worker's last "units" message (units/card.js)
  comparison: null, // the n-gram rival: Live.comparison() + {iteration, dropped}, or {error}
  // Compare mode and the built-in texts (compare/compare.js, compare/echo.js):
  compare: flags.get("compare") === "1", // ?compare=1: two models train side by side
  // The model the reader chose to train beside the run (?rival=rnn|lstm|window|attention), or null:
  // the default, the LSTM beside the RNN and the RNN beside any other (shared/models.js rivalFor).
  rivalChoice: null,
  text: flags.get("text") === "echo" ? "echo" : "sonnets", // the built-in text: ?text=sonnets|echo
  rival: null, // compare mode: Live.info() of the rival (the other cell), else null
  rivalLoss: null, // its smoothed loss, nats per character
  rivalSample: "",
  rivalHeatmap: null, // {phrase, units, values} as `heatmap`, for the rival
  runHeatmap: null, // the run's own heatmap (in compare mode `heatmap` is whichever is shown)
  heatmapOf: "run", // compare mode: whose memory the heatmap shows, "run" | "rival"
  runAttention: null, // compare mode: the run's attention map (`attention` is whichever is shown)
  rivalAttention: null, // ... and the rival's, when it is the attention model
  memoryRival: null, // compare mode: the rival's reach, as `memory`
  stepTimes: null, // "It is strictly sequential": the worker's "step-times" answer, {pending}, {error} or null
  echoAttention: null, // on the echo text, with an attention model in play: Live.echo_attention() + {iteration}
  echo: null, // on the echo text: {iteration, recall: {rnn?, lstm?}} (Live.echo_recall by cell)
};

/** The status the page shows (data-state): loading | ready | training | paused | error. */
export function statusOf(s) {
  if (s.fatal) return "error";
  if (!s.run || !s.shown) return "loading";
  if (s.training) return "training";
  return s.iteration > 0 ? "paused" : "ready";
}

const subscribers = new Set();
let urlOf = null; // (state) -> query string; set once the settings table is known
const URL_KEYS = ["settings", "embed", "present", "compare", "text", "rivalChoice"];

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
