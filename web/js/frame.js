/**
 * @fileoverview `onFrame(draw)`: call `draw(state)` at most once per animation frame after the page
 * state changes — the same rhythm render.js keeps, for the modules that draw their own parts.
 */
import { state, subscribe } from "./state.js";

export function onFrame(draw) {
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      draw(state);
    });
  };
  subscribe(schedule);
  schedule();
}
