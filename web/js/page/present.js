/**
 * @fileoverview Presenter mode (?present=1, the Present button, the P key): only the live panel —
 * controls, numbers, loss curve, sample, heatmap — in large, high-contrast type for a projector
 * (the layout is css/classroom.css's, keyed on <html data-present="1">). Full screen (the button,
 * the F key) where the browser allows it; in an <iframe> that needs allow="fullscreen".
 */
import { state, setState } from "./state.js";
import { onFrame } from "./frame.js";

const $ = (id) => document.getElementById(id);

// Known from the URL before the first frame, so the full page never flashes up first.
document.documentElement.dataset.present = state.present ? "1" : "0";
document.documentElement.dataset.embed = state.embed ? "1" : "0";

export function togglePresent() {
  if (state.embed) return; // an embedded panel is already the panel alone
  setState({ present: !state.present });
  if (!state.present && document.fullscreenElement) document.exitFullscreen().catch(() => {});
}

export function toggleFullscreen() {
  if (!document.fullscreenEnabled) return;
  const done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
  done.catch(() => {}); // refused (no user gesture, or not allowed): nothing changes
}

export function install() {
  const present = $("present");
  const full = $("fullscreen");
  present.addEventListener("click", togglePresent);
  full.addEventListener("click", toggleFullscreen);
  const label = () => {
    full.textContent = document.fullscreenElement ? "Exit full screen" : "Full screen";
  };
  document.addEventListener("fullscreenchange", label);
  label();
  onFrame((s) => {
    present.textContent = s.present ? "Exit presenter" : "Present";
    present.hidden = s.embed;
    full.hidden = !document.fullscreenEnabled || !(s.present || s.embed);
  });
  return null;
}
