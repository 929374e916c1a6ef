/**
 * @fileoverview "Skip to 5,000": train at full speed to the next multiple of 5,000 without
 * drawing a sample every frame (the worker posts samples only at the milestones, which the
 * timeline still pins), then pause and show where the run has got to. Pause stops a skip.
 */
import { state, setState } from "./state.js";
import { onFrame } from "./frame.js";

export const SKIP_EVERY = 5000; // skip to the next multiple of this
const SKIP_EVERY_ECHO = 15_000; // on the echo text, where its result shows (compare/echo.js)

const count = (n) => n.toLocaleString("en-US");

/** Where a skip from `iteration` lands. */
export const skipTarget = (iteration, every = SKIP_EVERY) => (Math.floor(iteration / every) + 1) * every;
const skipEvery = (s) => (s.text === "echo" ? SKIP_EVERY_ECHO : SKIP_EVERY);
/** The Skip button's step for state `s` (an embed's "skip" command must aim at a multiple of it). */
export const skipStep = skipEvery;

let button = null;
let sendSkip = null;
/** Skip to `to` as the Skip button does, and only when it could be pressed (false: it is disabled). */
export function requestSkip(to) {
  if (!button || button.disabled) return false;
  sendSkip({ type: "skip", to });
  return true;
}

export function install({ send }) {
  button = document.getElementById("skip");
  sendSkip = send;
  button.addEventListener("click", () => send({ type: "skip", to: skipTarget(state.iteration, skipEvery(state)) }));
  onFrame((s) => {
    const text = s.skipTo ? `Skipping to ${count(s.skipTo)}…` : `Skip to ${count(skipTarget(s.iteration, skipEvery(s)))}`;
    if (button.textContent !== text) button.textContent = text;
    button.disabled = !s.run || s.fatal || s.diverged || !!s.skipTo;
    button.classList.toggle("is-skipping", !!s.skipTo);
  });
  return {
    training({ on, skip }) {
      setState({ skipTo: on && skip ? skip : null });
    },
    run() {
      if (state.skipTo) setState({ skipTo: null });
    },
  };
}
