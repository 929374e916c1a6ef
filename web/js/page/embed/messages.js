/**
 * @fileoverview The messages between an embedded panel (`?embed=1`) and the page that frames it,
 * sent with window.postMessage. They are plain objects whose `type` starts with "rnn-live:"; a
 * page may hear other messages too and must ignore what is not one of these.
 *
 * frame → parent (posted to window.parent with targetOrigin "*": they say only what the frame
 * shows anyway, and the frame cannot know who framed it; the parent checks `event.origin` and
 * `event.source`, as web/embed-host.js does):
 *   {type: "rnn-live:height", height}
 *       height: the frame's content height in CSS pixels (a whole number ≥ 1). Posted once the
 *       page is laid out and whenever it changes (a ResizeObserver on <html>).
 *   {type: "rnn-live:state", state, iteration, loss}
 *       state: the panel's status, "loading" | "ready" | "training" | "paused" | "error" (its
 *       data-state); iteration: training steps so far; loss: the smoothed loss in nats per
 *       character, or null before the first run. Posted at once when `state` changes, and when
 *       the numbers change at most every STATE_EVERY_MS (4 a second while training).
 *
 * parent → frame (accepted only when embedded and only from window.parent, `event.source ===
 * window.parent`; from any other window, or malformed: ignored, with one console warning):
 *   {type: "rnn-live:command", command}
 *       command: "train" | "pause" | "step" | "reset". Each presses the panel's own button, as
 *       the keyboard does (page/keys.js), so a disabled button stays disabled: "train" while
 *       training and "pause" while not training do nothing.
 *   {type: "rnn-live:command", command: "skip", to}
 *       to: a whole number of iterations, a multiple of the Skip button's step (5,000; 15,000 on
 *       the echo text) beyond the current iteration. Refused while the Skip button is disabled.
 * No other fields are allowed.
 */

export const HEIGHT = "rnn-live:height";
export const STATE = "rnn-live:state";
export const COMMAND = "rnn-live:command";
export const COMMANDS = ["train", "pause", "step", "reset", "skip"];
export const STATE_EVERY_MS = 250; // at most 4 state messages a second while the numbers change

const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/** Is `data` one of ours (any rnn-live message)? Other messages on the window are not our business. */
export const ours = (data) => isObject(data) && typeof data.type === "string" && data.type.startsWith("rnn-live:");

/**
 * A command message: {command, to?} or {problem} (why it is refused). `data` is known to be ours.
 * Only its shape is checked here; whether it can run now is the panel's (parent.js).
 */
export function parseCommand(data) {
  if (data.type !== COMMAND) return { problem: `“${String(data.type).slice(0, 40)}” is not a message a panel accepts (only ${COMMAND}).` };
  const keys = Object.keys(data).sort().join(",");
  const { command } = data;
  if (!COMMANDS.includes(command)) return { problem: `the command must be one of ${COMMANDS.join(", ")}.` };
  if (command !== "skip") {
    return keys === "command,type" ? { command } : { problem: `“${command}” takes no other fields.` };
  }
  if (keys !== "command,to,type") return { problem: "“skip” takes exactly one other field, `to`." };
  if (!Number.isSafeInteger(data.to) || data.to <= 0) return { problem: "“skip” needs `to`, a whole number of iterations." };
  return { command, to: data.to };
}
