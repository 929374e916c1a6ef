/**
 * @fileoverview "Skip to 5,000": train at full speed to the next multiple of 5,000 without
 * drawing a sample every frame (the worker posts samples only at the milestones, which the
 * timeline still pins), then pause and show where the run has got to. Pause stops a skip.
 */
import { state, setState } from "./state.js";
import { onFrame } from "./frame.js";

export const SKIP_EVERY = 5000; // skip to the next multiple of this

const count = (n) => n.toLocaleString("en-US");

/** Where a skip from `iteration` lands. */
export const skipTarget = (iteration) => (Math.floor(iteration / SKIP_EVERY) + 1) * SKIP_EVERY;

export function install({ send }) {
  const button = document.getElementById("skip");
  button.addEventListener("click", () => send({ type: "skip", to: skipTarget(state.iteration) }));
  onFrame((s) => {
    const text = s.skipTo ? `Skipping to ${count(s.skipTo)}…` : `Skip to ${count(skipTarget(s.iteration))}`;
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
