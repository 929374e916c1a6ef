/**
 * @fileoverview The guessing game's worker side ("Can you beat it?", page/game/): the network
 * plays a line. Which line: the reader's own, or verse line `index` of the held-out poem (The Rape
 * of Lucrece, never trained on; Live.game_lines: its verse lines of 20–120 characters, in this
 * run's symbols). How it plays: Live.surprise reads the whole line at once, from an empty memory after a line
 * break, so `ranks[t]` — how many guesses it needed at character t, its predictions in order — is
 * fixed by the line and the weights alone, whatever the reader guesses. The round's reading is
 * taken with the weights of the moment it is asked for (`iteration`), and so is the rival's in
 * compare mode (the same iteration: they train in lockstep).
 *
 * Message: {type: "game", text?, index?} → {type: "game", iteration, line, reading, rival}
 * (see ../shared/protocol.js); a line it cannot read is an error with source "game".
 */
import { ReaderError } from "./bridge.js";
import { heldOut } from "./load.js";

const verse = new Map(); // a run's symbols -> the held-out poem's lines it can read (Live.game_lines)

async function verseLines(call, run) {
  const vocab = run.info.vocab;
  if (!verse.has(vocab)) {
    const raw = await heldOut();
    const gameLines = run.live.game_lines; // (a bound method's proxy: destroyed once called)
    try {
      verse.set(vocab, call(gameLines, raw));
    } finally {
      gameLines.destroy();
    }
  }
  return verse.get(vocab);
}

/** The answer to {type: "game", text?, index?} for `run`: a ReaderError if it cannot play the line. */
export async function playLine(call, run, { text, index }) {
  let line = null;
  let at = null; // {index, count} of a held-out verse line
  if (typeof text === "string") {
    line = text;
  } else {
    const lines = await verseLines(call, run);
    if (!lines.length) throw new ReaderError("The held-out poem has no line of 20 characters this network can read all of: type your own line.");
    const n = lines.length;
    const i = (((Math.floor(Number(index)) || 0) % n) + n) % n;
    line = lines[i];
    at = { index: i, count: n };
  }
  const reading = { cell: run.info.cell, ...call(run.surprise, line) };
  const rival = run.rival ? { cell: run.rival.info.cell, ...call(run.rival.surprise, line) } : null;
  return { type: "game", iteration: run.iteration, line: at, reading, rival };
}
