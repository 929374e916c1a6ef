/**
 * @fileoverview The page's drawing rhythm. `requestFrame(draw)` is requestAnimationFrame, except
 * that while the worker trains fast the page draws at most BUSY_FPS frames a second: on a two-core
 * machine every frame the page draws is taken from the worker (at 33 frames a second the page's
 * frames cost it ~7% of its speed, docs/performance.md, "The page's frames"). Every callback asked for
 * before a frame runs in that one frame. `onFrame(draw)`: call `draw(state)` at most once per such
 * frame after the page state changes (render.js, and the modules that draw their own parts); it
 * returns the function that asks for that frame.
 */
import { state, subscribe } from "./state.js";
import { DRAW_EVERY_STEP } from "../shared/protocol.js";

const BUSY_FPS = 15;

/** Training faster than one snapshot per step: the page keeps its frames few and cheap (page.css). */
export const busy = (s) => s.training && !(Number(s.settings.speed) <= DRAW_EVERY_STEP);

const waiting = new Set(); // callbacks for the next frame
let armed = false;
let last = 0; // performance.now() of the last frame drawn

function draw() {
  armed = false;
  last = performance.now();
  const callbacks = [...waiting];
  waiting.clear();
  for (const callback of callbacks) callback();
}

export function requestFrame(callback) {
  waiting.add(callback);
  if (armed) return;
  armed = true;
  const wait = busy(state) ? last + 1000 / BUSY_FPS - performance.now() : 0;
  if (wait > 1) setTimeout(() => requestAnimationFrame(draw), wait);
  else requestAnimationFrame(draw);
}

export function onFrame(draw) {
  let asked = false;
  const schedule = () => {
    if (asked) return;
    asked = true;
    requestFrame(() => {
      asked = false;
      draw(state);
    });
  };
  subscribe(schedule);
  schedule();
  return schedule;
}

/** Run the frame that is waiting now, at once (a frame whose drawing the browser is holding back
 * — an <iframe> out of view — still shows its buttons as the state says: embed/parent.js). */
export function flushFrame() {
  if (armed) draw();
}
