/**
 * @fileoverview The four models the `cell` setting chooses between, as the page names them: a
 * mirror of py_core/models.py (NAMES, YEARS, LINEAGE) plus which of them carry a recurrent state
 * (the model's STATE > 0) and which settings-table row sets how far back they read. The choices
 * themselves come from the settings table; tests/browser/test_page_lineage.py checks this file
 * against py_core.models.
 */

/** By `cell` value: {name, year, recurrent, reach: the row that sets how far back it reads, or null}. */
export const MODELS = {
  window: { name: "Fixed window", year: 2003, recurrent: false, reach: "window" },
  rnn: { name: "RNN", year: 1990, recurrent: true, reach: null },
  lstm: { name: "LSTM", year: 1997, recurrent: true, reach: null },
  attention: { name: "Attention", year: 2017, recurrent: false, reach: "context" },
};

/** The order the page tells the story in (py_core.models.LINEAGE). */
export const LINEAGE = ["window", "rnn", "lstm", "attention"];

/** A model's name ("RNN", "Fixed window"); an unknown value as it is. */
export const modelName = (cell) => (MODELS[cell] ? MODELS[cell].name : String(cell));

/** The name inside a sentence: "the RNN", "the fixed-window model", "the attention model". */
export function theModel(cell) {
  if (cell === "window") return "the fixed-window model";
  if (cell === "attention") return "the attention model";
  return `the ${modelName(cell)}`;
}

/** The name in running text without an article: "RNN", "fixed-window model", "attention model". */
export const modelNoun = (cell) => theModel(cell).replace(/^the /, "");

/** "this RNN", "this fixed-window model", … */
export const thisModel = (cell) => `this ${modelNoun(cell)}`;

/** "an RNN", "an LSTM", "a fixed-window model", "an attention model". */
export const aModel = (cell) => `${cell === "window" ? "a" : "an"} ${modelNoun(cell)}`;

/** Whether the model carries a memory vector from one character to the next. */
export const isRecurrent = (cell) => !MODELS[cell] || MODELS[cell].recurrent;

/** The rival compare mode picks when the reader has not: the LSTM beside the RNN, the RNN beside any other. */
export const defaultRival = (cell) => (cell === "rnn" ? "lstm" : "rnn");

/**
 * The model compare mode trains beside a run of `cell`: the reader's choice `chosen` (the URL's
 * `rival`, the compare card's select), unless it is absent, unknown or the run's own model.
 */
export const rivalFor = (cell, chosen) => (LINEAGE.includes(chosen) && chosen !== cell ? chosen : defaultRival(cell));

/** The message for a `rival` URL value that names no model (null if it does, or is absent). */
export function rivalError(value) {
  if (value === null || value === undefined || LINEAGE.includes(value)) return null;
  const shown = value.length > 24 ? `${value.slice(0, 23)}…` : value;
  return `Rival must be one of ${LINEAGE.join(", ")}; got “${shown}”.`;
}

/** The settings a model is built from beyond the shared ones: its reach row, if any. */
export const reachSetting = (cell) => (MODELS[cell] ? MODELS[cell].reach : null);
