/**
 * @fileoverview Share and Embed. Share shows (and tries to copy) a link that carries every page
 * setting, the seed included, so whoever opens it trains exactly this network step for step.
 * Embed shows an <iframe> snippet for the panel alone (?embed=1), or for the pieces ticked in its
 * builder (embed/sheet.js), with the host script that fits the frame to its content. The clipboard is used when the
 * browser allows it; the text is always in a selectable field as well. A link cannot carry a
 * reader's own text: the sheet says so when the run trains on one.
 */
import { state } from "./state.js";
import { onFrame } from "./frame.js";
import { format } from "./settings.js";
import * as builder from "./embed/sheet.js";
import { reachSetting } from "../shared/models.js";

const $ = (id) => document.getElementById(id);
const REACH_ROWS = ["window", "context"];
const SETTINGS_ORDER = ["cell", "window", "context", "hidden", "seq", "lr", "clip", "seed", "temperature", "speed"]; // as the table lists them
export const EMBED_SIZE = { width: builder.DEFAULT_WIDTH, height: builder.WHOLE_HEIGHT }; // the whole panel's iframe (CSS pixels)

/** This page's address with every setting written out (no embed/present flags). */
export function shareLink(s, extra = {}) {
  const url = new URL(location.pathname, location.href);
  for (const name of SETTINGS_ORDER) {
    const reach = REACH_ROWS.includes(name); // window, context: written for the model that reads them
    if (reach && reachSetting(s.settings.cell) !== name) continue;
    if (s.settings[name] !== undefined) url.searchParams.set(name, format(s.settings[name]));
  }
  if (s.compare) url.searchParams.set("compare", "1"); // two models side by side
  if (s.compare && s.rivalChoice) url.searchParams.set("rival", s.rivalChoice); // (absent: the default rival)
  if (s.text === "echo") url.searchParams.set("text", "echo"); // a built-in text (not the reader's own)
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  return url.href;
}

const attribute = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** The embed's own address: `show` the pieces (null: the whole panel). */
export const embedLink = (s, show) => shareLink(s, show ? { embed: "1", show } : { embed: "1" }).replace(/%2C/g, ",");

/**
 * The HTML a writer pastes into their page: the frame (the pieces ticked in the Embed sheet, at the
 * width chosen there) and the host script that fits its height (web/embed-host.js).
 */
export function embedCode(s, choice = builder.choice(s)) {
  const src = attribute(embedLink(s, choice.show));
  const host = attribute(new URL("embed-host.js", new URL(location.pathname, location.href)).href);
  const what = choice.show ? ` (${choice.show.split(",").join(", ")})` : "";
  return `<iframe src="${src}" title="RNN live${what}: a recurrent network learning to spell, live" ` +
    `width="${choice.width}" height="${choice.height}" style="max-width: 100%; border: 0" ` +
    `loading="lazy" allow="fullscreen"></iframe>\n<script src="${host}" async></script>`;
}

async function copy(text, field, note) {
  field.focus();
  field.select();
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = "Copied to the clipboard.";
  } catch {
    note.textContent = "Select the text and copy it (Ctrl+C, or ⌘C on a Mac).";
  }
}

export function install() {
  const sheets = {
    share: { button: $("share"), sheet: $("share-sheet"), field: $("share-link"), note: $("share-note"), text: shareLink },
    embed: { button: $("embed"), sheet: $("embed-sheet"), field: $("embed-code"), note: $("embed-note"), text: embedCode },
  };
  let open = null; // which sheet is showing
  builder.install({
    changed: () => { if (open === "embed") sheets.embed.field.value = embedCode(state); },
    previewUrl: (choice) => embedLink(state, choice.show),
  });

  const show = (name) => {
    open = open === name ? null : name;
    for (const [key, part] of Object.entries(sheets)) {
      part.sheet.hidden = key !== open;
      part.button.setAttribute("aria-expanded", key === open ? "true" : "false");
      part.note.textContent = "";
    }
    builder.setOpen(open === "embed", embedLink(state, builder.choice().show));
    if (!open) return;
    const part = sheets[open];
    part.field.value = part.text(state);
    copy(part.field.value, part.field, part.note);
  };
  sheets.share.button.addEventListener("click", () => show("share"));
  sheets.embed.button.addEventListener("click", () => show("embed"));
  $("share-copy").addEventListener("click", () => copy(sheets.share.field.value, sheets.share.field, sheets.share.note));
  $("embed-copy").addEventListener("click", () => copy(sheets.embed.field.value, sheets.embed.field, sheets.embed.note));
  for (const part of Object.values(sheets)) {
    part.field.addEventListener("focus", () => part.field.select());
    part.sheet.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        show(open); // close it
        part.button.focus();
      }
    });
  }

  // An open sheet follows the settings; a link cannot carry the reader's own text: say so.
  let linked = null; // the link last written
  onFrame((s) => {
    $("open-full").hidden = !s.embed;
    $("share-warning").hidden = !(s.corpus && s.corpus.custom);
    const link = shareLink(s);
    if (link === linked) return;
    linked = link;
    $("open-full").href = link;
    if (!open) return;
    const part = sheets[open];
    part.field.value = part.text(s);
  });
  return null;
}
