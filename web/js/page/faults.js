/**
 * @fileoverview What the page says when a run or the worker fails, in a reader's words, and what
 * the button next to the message offers. Divergence: the loss stopped being a finite number, so
 * training paused; the fix is a lower learning rate and a new run. A worker that failed to load
 * or crashed, or went silent (watchdog.js): Retry starts a new worker. Pure functions of the page
 * state; no DOM here.
 */
import { LOAD_FIX, STAGES } from "../shared/protocol.js";

export { LOAD_FIX };

const rate = (x) => String(Number(x.toPrecision(2)));

/**
 * The learning rate the Reset button in a divergence message offers: the reader's own choice if
 * they have already lowered it, else the default (or a tenth of the run's, if that is not lower).
 */
export function recoveryRate(state, lrSetting) {
  const ran = state.runSettings && state.runSettings.lr;
  if (!(ran > 0)) return lrSetting.default;
  if (state.settings.lr < ran) return state.settings.lr;
  return ran > lrSetting.default ? lrSetting.default : Math.max(lrSetting.min, Number(rate(ran / 10)));
}

/** Why training stopped, for the error area. `iteration` is the last one that finished. */
export function divergedMessage(iteration, lr, suggestion) {
  return `The network diverged at iteration ${iteration + 1}: its loss grew too large to compute, so training ` +
    `stopped. A learning rate of ${lr} makes each update overshoot and the weights blow up. ` +
    `Start again with a lower learning rate, such as ${suggestion}.`;
}

/** The worker's error event, as a reader's message (`loaded`: it had finished loading). */
export function workerFailed(loaded, detail) {
  const why = detail ? ` (${detail})` : "";
  return loaded
    ? `The training worker stopped unexpectedly${why}. The run is lost; press Retry to start a new one.`
    : `The training worker could not start${why}. ${LOAD_FIX}`;
}

/** A request as the reader knows it: the control that sent it, where there is one. */
const REQUESTS = {
  train: "“Train”", pause: "“Pause”", step: "“Step”", reset: "“Reset”", skip: "“Skip to …”",
  corpus: "“Train on this text”", sonnets: "“Back to the sonnets”", save: "“Save model”", load: "“Load model”",
  view: "a change of heatmap phrase, units or temperature", speed: "a change of speed",
  figures: "the article’s live figures",
  game: "a line for “Can you beat it?”",
};

const seconds = (ms) => {
  const n = Number((ms / 1000).toPrecision(2));
  return `${n} second${n === 1 ? "" : "s"}`;
};

/** What loading was doing when it went silent: the stages under way, else the part still to come. */
function loadingStep(s, tableLoaded) {
  const going = STAGES.filter(({ name }) => s.loading[name] === "start");
  if (going.length) return going.map(({ label }) => `“${label.replace(/…$/, "")}”`).join(" and ");
  if (!STAGES.some(({ name }) => s.loading[name])) return "starting the training worker (js/worker/worker.js)";
  const next = STAGES.find(({ name }) => s.loading[name] !== "done");
  if (next) return `“${next.label.replace(/…$/, "")}”`;
  // The worker is ready; the page fetches the settings table itself, then asks for the first run.
  return tableLoaded ? "building the first run" : "loading the settings table (generated/settings.json)";
}

/**
 * The watchdog's message: what the page was waiting for when the worker went silent for
 * `limitMs`. `request`: the oldest unanswered request's type, or null; `tableLoaded`: the
 * settings table has arrived.
 */
export function stalledMessage(s, request, tableLoaded, limitMs) {
  const time = seconds(limitMs);
  if (!s.run) return `Loading stalled: ${loadingStep(s, tableLoaded)} made no progress for ${time}. ${LOAD_FIX}`;
  const what = request ? `${REQUESTS[request] || `a “${request}” request`} got no answer` : "training made no progress";
  return `The training worker stopped answering: ${what} for ${time}. The run is lost; press Retry to start a new one.`;
}
