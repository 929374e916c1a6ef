/**
 * @fileoverview The pieces of the panel a writer can embed: `?embed=1&show=loss,sample` shows only
 * those. ONE table, part name → the element(s) it shows and what it needs; the URL parser, the
 * frame's layout (pieces.js) and the Embed sheet's check boxes (sheet.js) all read it, so a new
 * part is one row here.
 *
 * `compare`: the part exists only in compare mode
 * (`compare=1`). `whole`: the embed without `show` (the whole panel) shows it too; the Embed sheet
 * ticks exactly these by default, and writes no `show` while they are what is ticked.
 */

export const PARTS = [
  { name: "controls", label: "Controls (Train, Step, Reset, Skip, iteration, loss)", elements: [".controlbar"], whole: true },
  { name: "loss", label: "Loss chart", elements: ["#loss-card"], whole: true },
  { name: "sample", label: "What it writes now", elements: ["#sample-card"], whole: true },
  { name: "heatmap", label: "Heatmap of its memory", elements: ["#heatmap-card"], whole: true },
  { name: "timeline", label: "From noise to words (timeline)", elements: ["#timeline-card"], whole: true },
  { name: "surprise", label: "What it expected (surprise)", elements: ["#surprise-card"], whole: false },
  { name: "game", label: "The guessing game", elements: ["#game-card"], whole: false },
  { name: "compare", label: "An RNN and an LSTM side by side", elements: ["#compare"], compare: true, whole: true },
];

export const byName = Object.fromEntries(PARTS.map((part) => [part.name, part]));

const RAW_LIMIT = 24; // a quoted value is cut to this many characters (as the settings table's rawLimit)

/** The parts a frame may show, as the message lists them. */
function valid() {
  return PARTS.map((part) => (part.compare ? `${part.name} (with compare=1)` : part.name)).join(", ");
}

function quote(raw) {
  const chars = Array.from(raw);
  return chars.length > RAW_LIMIT ? chars.slice(0, RAW_LIMIT - 1).join("") + "…" : raw;
}

/**
 * `show` from the URL: {parts: [names, in table order]} or {message} (then the frame shows the
 * whole panel, as a bad setting falls back to its default). Names are matched like the settings'
 * choices: surrounding spaces dropped, any case. Every item must name a part.
 */
export function parseShow(raw, { compare = false } = {}) {
  const text = String(raw);
  const items = text.split(",").map((item) => item.trim().toLowerCase());
  const fail = (why) => ({ message: `This embed cannot show “${quote(text)}”: ${why} The parts it can show are ${valid()}. Showing the whole panel instead.` });
  if (!items.some(Boolean)) return fail("the list of parts is empty.");
  const empty = items.indexOf("");
  if (empty >= 0) return fail("the list has an empty item (two commas in a row, or one at an end).");
  for (const item of items) {
    const part = byName[item];
    if (!part) return fail(`“${quote(item)}” is not one of them.`);
    if (part.compare && !compare) return fail(`“${part.name}” needs compare mode: add compare=1 to the frame’s address.`);
  }
  return { parts: PARTS.map((part) => part.name).filter((name) => items.includes(name)) };
}
