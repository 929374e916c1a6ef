/**
 * @fileoverview Embed mode (?embed=1): the live panel alone, for an <iframe> on someone else's
 * page (the layout is css/classroom.css's, keyed on <html data-embed="1">). An embedded panel
 * pauses its training when it is scrolled out of view (IntersectionObserver, which inside an iframe
 * watches the top-level viewport) or its tab is hidden (visibilitychange), and picks up training
 * when it is back, but only if it was running when it left. A skip ahead is not paused: it was
 * asked for with its target, is over in seconds, and an article that sends "skip" expects it done. A
 * command from the framing page (embed/parent.js) that starts training out of view is held the
 * same way until the panel is in view. Pieces of the panel (`show=`): embed/pieces.js.
 */
import { state } from "./state.js";
import * as pieces from "./embed/pieces.js";
import * as parent from "./embed/parent.js";

let inView = true;
let resume = null; // what to send when the panel is back: {type: "train"}

/** The framing page's "pause" while the panel is held out of view: it stays paused when back. */
export function forgetResume() {
  resume = null;
}

export function install({ send }) {
  pieces.install();
  parent.install();
  // Samples scroll inside their fixed height here: a keyboard must reach them (focusable).
  if (state.embed) for (const sample of document.querySelectorAll(".sample")) sample.tabIndex = 0;
  const check = () => {
    if (!state.embed) return;
    const away = !inView || document.visibilityState === "hidden";
    // A skip is bounded and was asked for with its target (by the reader or the framing page's
    // "skip" command): it runs to it even out of view. Open-ended training pauses away.
    if (away && state.training && !state.skipTo) {
      resume = { type: "train" };
      send({ type: "pause" });
    } else if (!away && resume && state.run && !state.training) {
      // (Back before the worker confirmed the pause: `training` calls this again when it does.)
      const message = resume;
      resume = null;
      send(message);
    }
  };
  new IntersectionObserver((entries) => {
    inView = entries[entries.length - 1].isIntersecting;
    check();
  }).observe(document.querySelector(".panel"));
  document.addEventListener("visibilitychange", check);
  // The reader's own Train, Step or Reset (or a new run) supersedes an automatic resume.
  for (const id of ["train", "step", "reset", "skip"]) document.getElementById(id).addEventListener("click", () => { resume = null; });
  return {
    run() {
      resume = null;
    },
    training() {
      check(); // started while out of view (by the framing page's command): held until it is back
    },
  };
}
