/**
 * @fileoverview The worker's state, in one object: the current run and what outlives a run. Only
 * the worker's own modules read and write it; nothing here crosses to the page.
 */
export const session = {
  run: null, // the current Run (bridge.js), or null before the first one exists
  training: false, // the loop (loop.js) is running
  compare: false, // compare mode: every run has a rival with the other cell (pair.js)
  rival: null, // compare mode: the model the reader chose to train beside the run, or null (its default)
  echoText: null, // the built-in text that needs memory, made when first asked for
  view: { phrase: null, units: null, temperature: null }, // the reader's choices, kept across runs
};
