/**
 * @fileoverview "One vector for the whole past", from the reader's run: where the attention model
 * looks just before each echo line's closing key (Live.echo_attention, posted with the echo
 * figure's numbers), drawn as each head's weight on the characters it can see
 * (charts/lookback.js), with a sentence written from the numbers: the share of each head's
 * weight on the line's opening key, against what an even spread over its span would give, and
 * the model's surprise at the closing key. A button starts attention beside the RNN on the echo
 * text (or the echo text alone, for an attention run).
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { Lookback } from "../../charts/lookback.js";
import { cellOf } from "../compare/compare.js";

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
const pct = (x) => `${Math.round(x * 100)}%`;
const SKIP = 5_000; // where attention has found the key in every seed of docs/lineage.md's table
const LOOKS_BACK = 2; // a head "looks at the key" when its share is at least this many times an even spread's
const RECALLS = 1; // nats below a guess among the keys at which the model is said to recall the key

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Whether the run or its rival is the attention model. */
const attentionInPlay = (s) => cellOf(s.run) === "attention" || (!!s.rival && cellOf(s.rival) === "attention");

/** The sentence, from Live.echo_attention() (+ iteration) and the attention model's echo recall. */
export function lookbackVerdict(look, recall) {
  if (!look || !look.share) return "No held-out echo line could be read by this model.";
  const even = (look.opening[1] - look.opening[0]) / Math.min(look.reach, look.query + 1); // the key's share of an even spread
  const at = look.iteration === 0 ? "Untrained" : `At iteration ${count(look.iteration)}`;
  const heads = look.share.map((x, h) => `head ${h + 1} ${pct(x)}`).join(", ");
  const best = Math.max(...look.share);
  const surprise = recall && typeof recall.nats === "number"
    ? ` Its surprise at the closing key’s first letter: ${recall.nats.toFixed(2)} nats (a guess among the 20 keys: ${recall.baseline.toFixed(2)}).` : "";
  const recalls = !!recall && typeof recall.nats === "number" && recall.nats <= recall.baseline - RECALLS;
  const together = look.share.reduce((a, b) => a + b, 0);
  let verdict;
  if (best >= LOOKS_BACK * even) verdict = " It does not squeeze the line into one vector: one head goes back and reads the key where it lies.";
  else if (recalls) {
    verdict = ` No single head stands out on the key, yet the model recalls it: together its heads give the key ${pct(together)} ` +
      `of their weight (${pct(look.share.length * even)} if spread evenly), and read it where it lies.`;
  } else verdict = " No head singles the key out yet: it has not learned to look back for it.";
  return `${at}, just before the closing key, the share of each head’s weight on the line’s opening key is ${heads} ` +
    `(mean of ${count(look.lines)} held-out lines; spread evenly over the ${Math.min(look.reach, look.query + 1)} characters it can see, ` +
    `a head would give it ${pct(even)}).${verdict}${surprise}`;
}

export function install({ send }) {
  const chart = new Lookback($("lookback"));
  $("lookback-start").addEventListener("click", () => {
    const settings = { ...state.settings };
    if (!attentionInPlay(state)) {
      send({ type: "compare", on: true, settings, rival: "attention" });
      setState({ compare: true, rivalChoice: "attention" });
    }
    if (state.text !== "echo" || !attentionInPlay(state)) send({ type: "echo", settings });
    $("panel-title").scrollIntoView({ behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  });
  $("lookback-skip").addEventListener("click", () => send({ type: "skip", to: SKIP }));

  onFrame((s) => {
    const ready = s.text === "echo" && attentionInPlay(s);
    const start = $("lookback-start");
    start.hidden = ready;
    start.disabled = !s.run || s.fatal;
    setText(start, cellOf(s.run) === "attention" ? "Train this attention model on the echo text" : "Train attention beside the RNN on the echo text");
    const skip = $("lookback-skip");
    skip.hidden = !ready || s.iteration >= SKIP;
    skip.disabled = !s.run || s.fatal || s.diverged || !!s.skipTo;
    setText(skip, s.skipTo ? `Skipping to ${count(s.skipTo)}…` : `Skip to ${count(SKIP)}`);
    const look = ready ? s.echoAttention : null;
    $("lookback").hidden = !(look && look.share);
    if (look && look.share) chart.update(look);
    const recall = s.echo && s.echo.recall ? s.echo.recall.attention : null;
    let verdict = "Measured once an attention model trains on the echo text: the button below starts one beside the RNN.";
    if (ready) verdict = look ? lookbackVerdict(look, recall) : "Measuring…";
    setText($("lookback-verdict"), verdict);
  });
  return {
    run() {
      setState({ echoAttention: null });
    },
    echo({ iteration, attention }) {
      setState({ echoAttention: attention ? { ...attention, iteration } : null });
    },
  };
}
