/**
 * @fileoverview The example article's script (examples/article.html): points its frames at the
 * panel (`data-panel` on <html>, any origin), and drives them with RNN live's messages
 * (web/js/page/embed/messages.js): links and buttons with `data-frame` + `data-command` send that
 * command to that frame; a section with `data-skip-frame` + `data-skip-to` makes its frame skip
 * ahead once, the first time it scrolls into view; each frame's state messages fill the caption
 * elements `data-state-of` (a live region: the state only) and `data-numbers-of`.
 * A message counts only from the frame's own window and the panel's origin.
 */

const panel = new URL(document.documentElement.dataset.panel || "../index.html", location.href);
const frames = new Map(); // frame id -> {frame, origin, state: the last state message or null}

for (const frame of document.querySelectorAll("iframe[data-show]")) {
  const url = new URL(panel);
  url.search = `?embed=1&show=${frame.dataset.show}${frame.dataset.settings ? `&${frame.dataset.settings}` : ""}`;
  frame.src = url.href;
  frames.set(frame.id, { frame, origin: url.origin, state: null });
}

function send(id, command, fields = {}) {
  const entry = frames.get(id);
  if (!entry || !entry.frame.contentWindow) return;
  entry.frame.contentWindow.postMessage({ type: "rnn-live:command", command, ...fields }, entry.origin);
}

const STATE_WORDS = { loading: "Loading the network…", ready: "Ready.", training: "Training.", paused: "Paused.", error: "The network stopped: see the figure." };
const count = (n) => n.toLocaleString("en-US");

function show(id) {
  const { state } = frames.get(id);
  for (const el of document.querySelectorAll(`[data-state-of="${id}"]`)) {
    const text = STATE_WORDS[state.state] || "";
    if (el.textContent !== text) el.textContent = text;
  }
  for (const el of document.querySelectorAll(`[data-numbers-of="${id}"]`)) {
    el.textContent = state.loss == null ? "" : `Iteration ${count(state.iteration)}, loss ${state.loss.toFixed(3)} nats/char.`;
  }
  const usable = state.state === "ready" || state.state === "paused" || state.state === "training";
  for (const button of document.querySelectorAll(`button[data-frame="${id}"]`)) button.disabled = !usable;
  skipIfSeen(id);
}

window.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "rnn-live:state") return;
  for (const [id, entry] of frames) {
    if (event.source !== entry.frame.contentWindow || event.origin !== entry.origin) continue;
    entry.state = { state: String(data.state), iteration: Number(data.iteration) || 0, loss: typeof data.loss === "number" ? data.loss : null };
    show(id);
  }
});

for (const control of document.querySelectorAll("[data-frame][data-command]")) {
  control.addEventListener("click", (event) => {
    if (control.tagName === "A") {
      // The link scrolls its figure into view (a figure out of view stays paused) and acts.
      event.preventDefault();
      document.querySelector(control.getAttribute("href"))?.scrollIntoView({ block: "nearest" });
    }
    send(control.dataset.frame, control.dataset.command);
  });
}

// Skip ahead once, the first time a section is seen (or as soon as its frame is ready after that).
const seen = new Map(); // frame id -> the iteration to skip to, once its section was seen
function skipIfSeen(id) {
  const to = seen.get(id);
  const entry = frames.get(id);
  if (!to || !entry.state || !["ready", "paused"].includes(entry.state.state)) return;
  seen.set(id, 0); // done (0: never again)
  if (entry.state.iteration < to) send(id, "skip", { to });
}
const watcher = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    const { skipFrame, skipTo } = entry.target.dataset;
    watcher.unobserve(entry.target);
    if (!seen.has(skipFrame)) seen.set(skipFrame, Number(skipTo));
    if (frames.get(skipFrame)?.state) skipIfSeen(skipFrame);
  }
}, { threshold: 0.3 });
for (const section of document.querySelectorAll("[data-skip-frame]")) watcher.observe(section);
