/**
 * @fileoverview What the page says when a run or the worker fails, in a reader's words, and what
 * the button next to the message offers. Divergence: the loss stopped being a finite number, so
 * training paused; the fix is a lower learning rate and a new run. A worker that failed to load
 * or crashed: Retry starts a new worker. Pure functions of the page state; no DOM here.
 */

/** Shown with every loading failure: what the reader can do, and what the site's owner can. */
export const LOAD_FIX = "Press Retry to try again. If it keeps failing, the site’s files are missing or damaged: " +
  "`python scripts/fetch_assets.py` restores them.";

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
