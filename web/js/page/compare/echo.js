/**
 * @fileoverview The echo text, on the page: the choice of built-in text beside "Train on your
 * own text" (?text=sonnets|echo), and the article's figure in "It forgets" — for each cell in
 * play, the surprise (nats) at the first letter of each line's closing key on held-out echo
 * lines (Live.echo_recall, posted by the worker as "echo"), with a sentence written from the
 * numbers, a button that starts an RNN and an LSTM on the echo text, and "Skip to 15,000".
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { textOf } from "./texts.js";
import { cellOf } from "./compare.js";
import { defaultRival, theModel } from "../../shared/models.js";
import { capital } from "../../shared/words.js";


const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
export const ECHO_SKIP = 15_000; // where the echo result shows (docs/lstm.md, "The echo result")
const CLEAR = 0.25; // nats: a cell this far below the guess recalls the key; this far above, worse than guessing

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

const nats = (x) => (typeof x === "number" ? x.toFixed(2) : "—");

/** The figure's sentence, from the numbers: {cell: {nats, baseline}} at `iteration`. */
export function echoVerdict(iteration, recall) {
  const cells = ["lstm", "rnn", "window", "attention"].filter((c) => recall[c]);
  const known = cells.filter((c) => typeof recall[c].nats === "number");
  if (!known.length) return "No held-out echo line could be scored yet.";
  const baseline = recall[known[0]].baseline;
  const guess = `a guess among the 20 keys (${baseline.toFixed(2)})`;
  const at = iteration === 0 ? "Untrained" : `At iteration ${count(iteration)}`;
  const recalls = known.filter((c) => recall[c].nats <= baseline - CLEAR);
  const worse = known.filter((c) => recall[c].nats >= baseline + CLEAR);
  const score = (c) => `${theModel(c)} pays ${nats(recall[c].nats)} nats`;
  if (recalls.length === known.length) {
    return `${at}, ${known.length > 1 ? "both models recall" : `${theModel(known[0])} recalls`} the opening key: ` +
      `${known.map(score).join(" and ")} on its first letter, against ${guess}.`;
  }
  if (recalls.length) {
    const [good] = recalls;
    const others = known.filter((c) => c !== good);
    return `${at}, ${theModel(good)} recalls the opening key: ${nats(recall[good].nats)} nats on its first ` +
      `letter, against ${guess}. ${capital(others.map(theModel).join(" and "))}, at ${others.map((c) => nats(recall[c].nats)).join(" and ")}, ` +
      "has not learned to carry the key across the filler.";
  }
  const how = worse.length === known.length ? "more than" : "about";
  const later = iteration < ECHO_SKIP ? ` Skip to ${count(ECHO_SKIP)} to see whether that changes.` : "";
  return `${at}, ${known.length > 1 ? "neither model recalls" : `${theModel(known[0])} does not recall`} the opening key: ` +
    `${known.map(score).join(" and ")} on its first letter, ${how} what ${guess} costs.${later}`;
}

export function install({ send }) {
  const choice = $("text-choice");
  choice.addEventListener("change", () => {
    const name = choice.value;
    if (name === "echo") send({ type: "echo", settings: { ...state.settings } });
    else if (name === "sonnets") send({ type: "sonnets", settings: { ...state.settings } });
  });
  $("echo-start").addEventListener("click", () => {
    const settings = { ...state.settings };
    // The pair the button names (the LSTM beside an RNN, the RNN beside any other), whatever rival was chosen before.
    const rival = state.rival ? cellOf(state.rival) : defaultRival(cellOf(state.run));
    if (!state.rival) send({ type: "compare", on: true, settings, rival });
    if (state.text !== "echo" || !state.rival) send({ type: "echo", settings });
    setState({ compare: true, rivalChoice: rival });
    $("panel-title").scrollIntoView({ behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  });
  $("echo-skip").addEventListener("click", () => send({ type: "skip", to: ECHO_SKIP }));

  onFrame(draw);
  return {
    run({ corpus }) {
      setState({ text: textOf(corpus), echo: null });
    },
    echo({ iteration, recall }) {
      setState({ echo: { iteration, recall } });
    },
  };
}

function draw(s) {
  const choice = $("text-choice");
  if (document.activeElement !== choice && choice.value !== s.text) choice.value = s.text;
  choice.disabled = !s.run || s.fatal;

  const onEcho = s.text === "echo";
  const both = !!s.rival;
  const start = $("echo-start");
  start.hidden = onEcho && both;
  start.disabled = !s.run || s.fatal;
  setText(start, onEcho ? "Train an LSTM beside it" : "Train an RNN and an LSTM on the echo text");
  const skip = $("echo-skip");
  skip.hidden = !onEcho;
  skip.disabled = !s.run || s.fatal || s.diverged || !!s.skipTo || s.iteration >= ECHO_SKIP;
  setText(skip, s.skipTo ? `Skipping to ${count(s.skipTo)}…` : `Skip to ${count(ECHO_SKIP)}`);

  // The table: the cells in play, their weights and (on the echo text) their surprise.
  const infos = {};
  if (s.run) infos[cellOf(s.run)] = s.run;
  if (s.rival) infos[cellOf(s.rival)] = s.rival;
  for (const cell of ["rnn", "lstm", "window", "attention"]) {
    const info = infos[cell];
    const row = $(`echo-${cell}-row`);
    if (row) row.hidden = !info; // the fixed-window and attention rows only when one trains
    const value = onEcho && s.echo && s.echo.recall[cell] ? nats(s.echo.recall[cell].nats) : "—";
    setText($(`echo-${cell}-weights`), info ? count(info.params) : "—");
    setText($(`echo-${cell}`), info ? value : "not training");
  }
  let verdict;
  if (!s.run) verdict = "Measuring once the network has loaded…";
  else if (!onEcho) verdict = "These are measured while a network trains on the echo text. The button below starts an RNN and an LSTM on it, side by side.";
  else if (!s.echo) verdict = "Measuring…";
  else verdict = echoVerdict(s.echo.iteration, s.echo.recall);
  // The fixed-window model's reach is its setting: nothing before its last n characters reaches it.
  if (onEcho && s.echo && s.run && cellOf(s.run) === "window" && s.run.window) {
    verdict += ` It sees only its last ${s.run.window} characters: it can use the opening key only where the key falls within them (the Window setting; then Reset).`;
  }
  setText($("echo-verdict"), verdict);
}
