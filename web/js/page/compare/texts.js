/**
 * @fileoverview The built-in texts a run can train on (`?text=sonnets|echo`): Shakespeare's
 * sonnets, the default, and the echo text (py_core.echo), which needs memory — every line closes
 * with the key word it opened with. The reader's own text is neither; the URL then has no `text`.
 */

export const TEXTS = ["sonnets", "echo"]; // the first is the default

/** The message for a `text` URL value that is not one of TEXTS (null if it is, or absent). */
export function textError(value) {
  if (value === null || TEXTS.includes(value)) return null;
  const shown = value.length > 24 ? `${value.slice(0, 23)}…` : value;
  return `Text must be one of ${TEXTS.join(", ")}; got “${shown}”.`;
}

/** Which text a new run trains on, from the worker's corpus report. */
export const textOf = (corpus) => (corpus && corpus.custom ? "own" : corpus && corpus.echo ? "echo" : "sonnets");
