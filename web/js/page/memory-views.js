/**
 * @fileoverview Each model's own memory view, under the heatmap (which every model has: its last
 * hidden layer). The fixed-window model: the heatmap's phrase with the n characters its
 * prediction after a chosen character reads highlighted, and everything before them marked out
 * of its reach (data-testid="window-view"). The attention model: how much each head weighs each
 * earlier character of the phrase, for every character (data-testid="attention-map",
 * charts/attention-map.js, from the snapshot's `attention`, Live.attention_map). The RNN and the
 * LSTM carry h, which the heatmap already shows: neither view is shown for them. In compare mode
 * the view follows the heatmap: the model whose memory it shows (the run, or the rival).
 */
import { state } from "./state.js";
import { onFrame } from "./frame.js";
import { AttentionMap } from "../charts/attention-map.js";
import { theModel } from "../shared/models.js";

const $ = (id) => document.getElementById(id);
const shown = (c) => (c === " " ? "␣" : c);
const spoken = (c) => (c === " " ? "a space" : `“${c}”`);

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** The Live.info() of the model the heatmap shows: the run's, or in compare mode maybe the rival's. */
const shownModel = (s) => (s.rival && s.heatmapOf === "rival" ? s.rival : s.run);

export function install() {
  const map = new AttentionMap($("attention-map"));
  const position = $("window-position");
  let drawnWindow = "";
  const drawWindow = (s) => {
    const phrase = (s.heatmap && s.heatmap.phrase) || "";
    const info = shownModel(s);
    const n = info ? info.window : 0;
    if (!phrase || !n) return;
    position.max = String(phrase.length - 1);
    if (Number(position.value) > phrase.length - 1 || position.dataset.phrase !== phrase) {
      position.value = String(phrase.length - 1); // a new phrase: its last character
      position.dataset.phrase = phrase;
    }
    const q = Number(position.value);
    const key = `${phrase}|${n}|${q}`;
    if (key === drawnWindow) return;
    drawnWindow = key;
    const from = Math.max(0, q - n + 1);
    const spans = [...phrase].map((c, i) => {
      const span = document.createElement("span");
      span.className = "window-char";
      span.dataset.testid = "window-char";
      span.dataset.index = String(i);
      span.dataset.seen = String(i >= from && i <= q);
      if (i === q) span.classList.add("window-now");
      if (i > q) span.classList.add("window-later");
      span.textContent = shown(c);
      return span;
    });
    $("window-phrase").replaceChildren(...spans);
    const seen = q - from + 1;
    const before = from > 0 ? ` Nothing before them reaches it: ${from === 1 ? "the first character is" : `the first ${from} characters are`} out of its reach.` : "";
    setText($("window-words"), `n = ${n}: after reading ${spoken(phrase[q])} (character ${q + 1}), it predicts the next one ` +
      `from ${seen === 1 ? "this one character" : `these ${seen} characters`} alone.${before}`);
    position.setAttribute("aria-valuetext", `character ${q + 1}, ${spoken(phrase[q])}`);
  };
  position.addEventListener("input", () => drawWindow(state));

  onFrame((s) => {
    const info = shownModel(s);
    const cell = info ? info.cell : null;
    $("window-view").hidden = cell !== "window";
    $("attention-view").hidden = cell !== "attention";
    if (cell === "window") drawWindow(s);
    if (cell === "attention" && s.attention) {
      map.update(s.attention);
      const heads = s.attention.heads.length;
      setText($("attention-words"), `${theModel("attention").replace(/^the /, "The ")} has ${heads} heads and looks back over ` +
        `at most ${s.attention.reach} characters. Row: the character just read; column: an earlier character; ` +
        `each cell is the per cent of that head’s attention it gets (a row adds up to 100).`);
    }
  });
  return {};
}
