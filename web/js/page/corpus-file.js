/**
 * @fileoverview A reader's own text, checked before it reaches the worker: a file must be UTF-8
 * text (not binary), and any text must fit CORPUS_LIMIT. What is refused comes back as a
 * message naming the reason and the limit; nothing here touches the DOM or the page state.
 * Normalising the text (to the 28 symbols) is py_core's job, in the worker.
 */

/** Characters of a reader's text the page accepts (the sonnets are ~95,000: this is ~20 times that). */
export const CORPUS_LIMIT = 2_000_000;
const MAX_BYTES = CORPUS_LIMIT * 4; // UTF-8 takes at most 4 bytes a character: larger files are too long

const count = (n) => n.toLocaleString("en-US");

/** The refusal for a text of `length` characters, or "" if it fits. */
export function tooLong(length, what = "That text") {
  if (length <= CORPUS_LIMIT) return "";
  return `${what} is ${count(length)} characters long; the limit is ${count(CORPUS_LIMIT)} ` +
    "(about 20 times Shakespeare’s sonnets). Use a shorter extract.";
}

/**
 * A file's text: {text} or {message}. Refused: files too large to be within the limit, bytes
 * that are not UTF-8, and text holding NUL characters (binary files that happen to decode).
 */
export async function readTextFile(file) {
  const name = `“${file.name}”`;
  if (file.size > MAX_BYTES) {
    return { message: `${name} is ${(file.size / 1e6).toFixed(1)} MB; the limit is ${count(CORPUS_LIMIT)} characters ` +
      `(at most ${MAX_BYTES / 1e6} MB). Use a shorter extract.` };
  }
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    return { message: `Could not read ${name}.` };
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { message: `${name} is not UTF-8 text (is it a binary file, or another encoding?). Save it as UTF-8 plain text and try again.` };
  }
  if (text.includes("\0")) {
    return { message: `${name} looks like a binary file (it contains NUL characters), not text.` };
  }
  const long = tooLong(text.length, name);
  return long ? { message: long } : { text };
}

/** Whether a drag carries files (so the page, not the browser, handles the drop). */
export const carriesFiles = (event) => !!event.dataTransfer && [...event.dataTransfer.types].includes("Files");
