/**
 * @fileoverview The loading bar's byte count: "Downloading 3.1 of 5.6 MB · about 4 s left" under
 * the stage list, from the worker's {type: "download"} messages (worker/downloads.js) for the big
 * downloads — Pyodide's wasm, the standard library and NumPy. Megabytes are those on the wire
 * (compressed, when the server compressed them). The time left is shown once the rate has been
 * measured for RATE_MIN_MS, from the rate over the last RATE_WINDOW_MS. The share received also
 * fills the bar (state.downloaded, drawn by render.js).
 */
import { setState } from "./state.js";

const RATE_WINDOW_MS = 3000;
const RATE_MIN_MS = 1000;

const MB = (bytes) => (bytes / 1e6).toFixed(1);

/** "about 4 s left", "about 2 min left", or "" while the rate is not known. */
export function timeLeft(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 1.5) return "almost done";
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

export function install() {
  const line = document.createElement("p");
  line.className = "load-bytes";
  line.id = "load-bytes";
  line.dataset.testid = "load-bytes";
  line.hidden = true;
  document.getElementById("loading").append(line);
  let marks = []; // [time, bytes received] over the last few seconds

  const clear = () => {
    marks = [];
    line.hidden = true;
    line.textContent = "";
  };
  return {
    download({ files }) {
      const received = files.reduce((sum, f) => sum + f.wireReceived, 0);
      const total = files.reduce((sum, f) => sum + f.wireTotal, 0);
      const now = performance.now();
      if (marks.length && received < marks[marks.length - 1][1]) marks = []; // a new worker (Retry)
      marks.push([now, received]);
      while (marks.length > 2 && now - marks[1][0] > RATE_WINDOW_MS) marks.shift();
      const [t0, b0] = marks[0];
      const rate = now - t0 >= RATE_MIN_MS ? ((received - b0) * 1000) / (now - t0) : NaN;
      const left = files.every((f) => f.done) ? "" : timeLeft(rate > 0 ? (total - received) / rate : NaN);
      line.textContent = `Downloading ${MB(received)} of ${MB(total)} MB` + (left ? ` · ${left}` : "");
      line.dataset.received = String(received);
      line.dataset.total = String(total);
      line.hidden = false;
      setState({ downloaded: total > 0 ? received / total : 0 });
    },
    run: clear, // loaded: the line goes with the bar
  };
}
