/**
 * @fileoverview An embedded panel and the page that frames it (the protocol is messages.js's):
 * the frame tells its parent its content height and its state, and takes commands from its
 * parent only, carried out by pressing the panel's own buttons — a command can do nothing the
 * reader's buttons cannot. Nothing happens here unless the page is embedded (`?embed=1`) in a
 * frame.
 */
import { state, statusOf, subscribe } from "../state.js";
import { HEIGHT, STATE, STATE_EVERY_MS, ours, parseCommand } from "./messages.js";
import { requestSkip, skipStep } from "../skip.js";
import { flushFrame } from "../frame.js";
import { forgetResume } from "../embed.js";

const $ = (id) => document.getElementById(id);

function tell(message) {
  window.parent.postMessage(message, "*"); // (nothing private: see messages.js)
}

/** Post the content height whenever it changes. */
function watchHeight() {
  let told = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === told || height < 1) return;
    told = height;
    tell({ type: HEIGHT, height });
  };
  new ResizeObserver(post).observe(document.documentElement);
}

/** Post the state: at once when the status changes, otherwise at most every STATE_EVERY_MS. */
function watchState() {
  let last = null; // the last message posted
  let lastAt = -Infinity;
  let timer = null;
  const now = () => ({ type: STATE, state: statusOf(state), iteration: state.iteration, loss: state.run ? state.smoothLoss : null });
  const post = () => {
    clearTimeout(timer);
    timer = null;
    last = now();
    lastAt = performance.now();
    tell(last);
  };
  const changed = () => {
    const next = now();
    if (last && next.state === last.state && next.iteration === last.iteration && next.loss === last.loss) return;
    if (!last || next.state !== last.state) return post();
    const wait = lastAt + STATE_EVERY_MS - performance.now();
    if (wait <= 0) post();
    else if (!timer) timer = setTimeout(post, wait);
  };
  subscribe(changed);
  changed();
}

/** Press one of the panel's buttons (as keys.js does): nothing if it is disabled. */
function press(id) {
  const button = $(id);
  if (button && !button.disabled) button.click();
}

/** A refused command: one console warning each (for the writer; the reader sees nothing). */
function refuse(problem) {
  console.warn(`RNN live: ignored a message: ${problem}`);
}

function command(event) {
  if (!ours(event.data)) return;
  if (event.source !== window.parent) return refuse("it did not come from the page that frames this panel.");
  const parsed = parseCommand(event.data);
  if (parsed.problem) return refuse(parsed.problem);
  flushFrame(); // the buttons as the state is now, even if the browser holds this frame's drawing back
  const training = statusOf(state) === "training";
  switch (parsed.command) {
    case "train": if (!training) press("train"); break;
    case "pause": // (Train is the toggle) A panel held out of view stays paused when it is back.
      if (training) press("train");
      forgetResume();
      break;
    case "step": press("step"); break;
    case "reset": press("reset"); break;
    case "skip": {
      const step = skipStep(state);
      if (parsed.to % step !== 0 || parsed.to <= state.iteration) {
        refuse(`skip \`to\` must be a multiple of ${step} beyond the current iteration, ${state.iteration}.`);
      } else if (!requestSkip(parsed.to)) {
        refuse(state.skipTo ? `it is already skipping to ${state.skipTo}.` : "the panel cannot skip yet (its run is not ready, or it has stopped).");
      }
      break;
    }
  }
}

export function install() {
  if (!state.embed || window.parent === window) return;
  watchHeight();
  watchState();
  window.addEventListener("message", command);
}
