/**
 * @fileoverview The card "Can you beat it?" (index.html #game-card): Shannon's guessing game. The
 * reader guesses a line one character at a time (the guess field, or the on-screen keys); the
 * network's guess counts for the same characters come from the worker ({type: "game"},
 * worker/game.js), read with its weights of the moment the round began; the scores (score.js) and
 * the sentence under them (words.js) are computed from the round played. Everything the reader
 * types stays in this module: it is never stored, put in the URL or sent to the worker (which
 * gets only the reader's own line to read, as the surprise card's does).
 *
 * The first round begins when the reader comes to the card (it scrolls into view, or its field
 * gets the focus). A round survives Pause, Step, Train and Skip (the network's counts are fixed when it begins); a
 * new run (Reset, new settings or text) starts a new round on the same line, and says so; a loaded
 * model plays the same line again and the reader's guesses are kept.
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { Round, SYMBOLS } from "./round.js";
import { mean, score } from "./score.js";
import { verdict } from "./words.js";
import { theModel } from "../../shared/models.js";

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
const shown = (c) => (c === " " ? "␣" : c);
const spoken = (c) => (c === " " ? "a space" : `“${c}”`);
const percent = (x) => `${Math.round(x * 100)}%`;
const BITS = Math.LN2; // nats per bit
const named = (cell) => theModel(cell).replace(/^the /, "The "); // "The RNN", "The fixed-window model"
const lower = (name) => name.replace(/^The /, "the "); // "The RNN" inside a sentence
const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

/** A score block: data-* for the checks, a small list for the reader. */
function scoreBlock(testid, name) {
  const block = document.createElement("div");
  block.className = "game-score";
  block.dataset.testid = testid;
  const title = document.createElement("h4");
  title.textContent = name; // (until the first round: then with its iteration)
  const list = document.createElement("dl");
  block.append(title, list);
  return block;
}

function drawScore(block, title, s, loss) {
  block.querySelector("h4").textContent = title;
  const rows = [
    ["Guesses per character", s.n ? s.meanGuesses.toFixed(2) : "–"],
    ["Right at the first guess", s.n ? percent(s.first) : "–"],
    ["Entropy, upper bound", s.n ? `${s.upper.toFixed(2)} nats` : "–", s.n ? `${(s.upper / BITS).toFixed(2)} bits per character` : ""],
    ["Entropy, lower bound", s.n ? `${s.lower.toFixed(2)} nats${s.falls ? "" : "*"}` : "–",
      s.n ? `${(s.lower / BITS).toFixed(2)} bits per character${s.falls ? "" : "; * these counts do not fall as an ideal guesser’s do, so it does not apply"}` : ""],
  ];
  if (loss !== undefined) rows.push(["Its loss here, −ln p", loss == null ? "–" : `${loss.toFixed(2)} nats`,
    loss == null ? "" : `${(loss / BITS).toFixed(2)} bits per character`]);
  const list = block.querySelector("dl");
  list.replaceChildren(...rows.map(([name, value, bits]) => {
    const row = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = name;
    dd.textContent = value;
    if (bits) dd.title = bits; // bits on hover
    row.append(dt, dd);
    return row;
  }));
  const data = { meanGuesses: s.meanGuesses, first: s.first, lower: s.lower, upper: s.upper };
  for (const [key, value] of Object.entries(data)) {
    if (value == null) delete block.dataset[key];
    else block.dataset[key] = String(value);
  }
  if (loss == null) delete block.dataset.loss;
  else if (loss !== undefined) block.dataset.loss = String(loss);
}

export function install({ send }) {
  const card = $("game-card");
  const input = $("game-input");
  const own = $("game-own");
  const keys = $("game-keys");
  const show = $("game-show");
  const blocks = { reader: scoreBlock("game-score-reader", "You"), network: scoreBlock("game-score-network", "The network"),
    rival: scoreBlock("game-score-rival", "Its rival") };
  blocks.rival.hidden = true;
  $("game-scores").append(blocks.reader, blocks.network, blocks.rival);

  let round = null; // the Round on screen, or null before the first answer
  let nextIndex = 0; // the held-out line "New line" asks for
  const asked = []; // what each "game" request sent and not answered yet was for, in order
  let freshWorker = false;
  let note = ""; // said once above the line: why a new round began

  const ask = (why, message) => {
    asked.push({ why, message });
    send({ type: "game", ...message });
  };
  const sameLine = () => (round && !round.line ? { text: round.chars.join("") } : { index: round ? round.line.index : nextIndex });

  const announce = (text) => {
    $("game-announce").textContent = text;
  };
  const hint = announce; // (a refused key: said, and nothing counted)
  const showError = (message) => {
    $("game-error").textContent = message;
    $("game-error").hidden = !message;
  };

  // --- the on-screen keys --------------------------------------------------------------------
  for (const c of SYMBOLS) {
    const key = document.createElement("button");
    key.type = "button";
    key.className = "game-key";
    key.tabIndex = -1; // keyboard readers type in the field; one tab stop, not 27
    key.dataset.key = c;
    key.textContent = c === " " ? "space" : c;
    keys.append(key);
  }
  const revealKey = document.createElement("button");
  revealKey.type = "button";
  revealKey.className = "game-key game-reveal";
  revealKey.id = "game-reveal";
  revealKey.dataset.testid = "game-reveal";
  revealKey.textContent = "reveal";
  keys.append(revealKey);
  keys.addEventListener("click", (e) => {
    const key = e.target.closest("button");
    if (!key) return;
    if (key === revealKey) reveal();
    else guess(key.dataset.key);
  });

  // --- guessing ------------------------------------------------------------------------------
  // Guesses typed before the first line has arrived (the field got the focus and the reader typed
  // at once): kept, and played in order as soon as it comes, so every keypress counts. Bounded by
  // the most a line can take: 120 characters (py_core.surprise.MAX_CHARS), each found at worst
  // by its last guess (every other symbol wrong first).
  const early = [];
  const EARLY_MAX = 120 * SYMBOLS.length;
  function guess(typed) {
    if (!round) {
      if (early.length < EARLY_MAX) early.push(typed);
      want();
      return hint("The line is on its way: your guesses count as soon as it arrives.");
    }
    const c = typed.toLowerCase();
    const result = round.guess(c);
    if (result === "invalid") return hint(`“${typed}” is not a guess: type a letter a–z or a space.`);
    if (result === "done") return hint("This line is over: press New line for another.");
    if (result === "again") return (draw(), hint(`You tried ${spoken(c)} here already.`));
    if (result === "wrong") {
      draw();
      return announce(`Not ${spoken(c)}: ${round.tried.length} wrong here.`);
    }
    draw();
    announce(revealedText(false));
  }

  function reveal() {
    if (!round || round.done) return hint(round ? "This line is over: press New line for another." : "The line is not ready yet.");
    round.reveal();
    draw();
    announce(revealedText(true));
  }

  /** What is said after a character is revealed. */
  function revealedText(gaveUp) {
    const t = round.pos - 1;
    const c = round.chars[t];
    const you = gaveUp ? `Revealed: ${spoken(c)}, counted as ${round.reader[t]} guesses.`
      : `Right: ${spoken(c)}, after ${round.reader[t]} ${round.reader[t] === 1 ? "guess" : "guesses"}.`;
    const net = players().map(([name, r]) => `${name} needed ${r.ranks[t]}.`).join(" ");
    const end = round.done ? " The line is complete. " + $("game-verdict").textContent : "";
    return `${you} ${show.checked || state.present ? net : ""}${end}`.replace(/\s+/g, " ").trim();
  }

  /** [[name, reading]] of the networks playing: the run's, and the rival's in compare mode. */
  function players() {
    if (!round) return [];
    const list = [[named(round.reading.cell), round.reading]];
    if (round.rival) list.push([named(round.rival.cell), round.rival]);
    return list;
  }

  input.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.key.length !== 1) return; // Tab, Enter, arrows…
    e.preventDefault();
    guess(e.key);
  });
  // Keyboards that send no key (some phones, input methods): whatever lands in the field is guessed.
  input.addEventListener("input", () => {
    const typed = input.value;
    input.value = "";
    for (const c of typed) guess(c);
  });
  // A key pressed while an on-screen key has the focus is a guess too, not a panel shortcut.
  keys.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || e.key === " ") return;
    e.preventDefault();
    guess(e.key);
  });

  // --- new lines -----------------------------------------------------------------------------
  $("game-new").addEventListener("click", () => {
    ask("new", { index: round && round.line ? round.line.index + 1 : nextIndex });
  });
  own.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    ask("own", { text: own.value });
  });
  show.addEventListener("change", () => draw());

  // Presenter mode: the projector shows the game instead of the charts, and back.
  const playButton = $("game-play");
  playButton.addEventListener("click", () => {
    const on = document.documentElement.dataset.game !== "1";
    document.documentElement.dataset.game = on ? "1" : "0";
    playButton.textContent = on ? "Back to the charts" : "Can you beat it?";
    draw();
    if (on) input.focus();
  });

  // --- drawing -------------------------------------------------------------------------------
  function draw() {
    card.classList.toggle("hide-network", !show.checked);
    const line = $("game-line");
    const tries = $("game-tries");
    if (!round) {
      line.replaceChildren();
      tries.replaceChildren();
      $("game-iteration").textContent = "Loading the first line…";
      return;
    }
    const cells = [];
    const named = players();
    for (let t = 0; t < round.pos; t++) {
      const li = document.createElement("li");
      li.className = round.gaveUp[t] ? "game-char gave-up" : "game-char";
      li.dataset.testid = "game-char";
      li.dataset.char = round.chars[t];
      li.dataset.reader = String(round.reader[t]);
      li.dataset.network = String(round.reading.ranks[t]);
      if (round.rival) li.dataset.rival = String(round.rival.ranks[t]);
      const symbol = document.createElement("span");
      symbol.className = "game-symbol";
      symbol.textContent = shown(round.chars[t]);
      symbol.setAttribute("aria-hidden", "true");
      const you = document.createElement("span");
      you.className = "game-count you";
      you.textContent = round.gaveUp[t] ? `${round.reader[t]}*` : String(round.reader[t]);
      you.title = round.gaveUp[t] ? "revealed: counted as 27 guesses" : "your guesses";
      you.setAttribute("aria-hidden", "true");
      li.append(symbol, you);
      for (const [, r] of named) {
        const net = document.createElement("span");
        net.className = `game-count net ${r.cell}`;
        net.textContent = String(r.ranks[t]);
        net.title = `${theModel(r.cell)}’s guesses`;
        net.setAttribute("aria-hidden", "true");
        li.append(net);
      }
      const said = document.createElement("span");
      said.className = "visually-hidden";
      said.textContent = `${spoken(round.chars[t])}: you ${round.gaveUp[t] ? "revealed it" : round.reader[t]}` +
        (show.checked || state.present ? named.map(([name, r]) => `, ${lower(name)} ${r.ranks[t]}`).join("") : "");
      li.append(said);
      cells.push(li);
    }
    if (!round.done) {
      const slot = document.createElement("li");
      slot.className = "game-slot";
      slot.setAttribute("aria-current", "step");
      slot.textContent = "?";
      const said = document.createElement("span");
      said.className = "visually-hidden";
      said.textContent = ` character ${round.pos + 1} of ${round.chars.length}, yours to guess`;
      slot.append(said);
      cells.push(slot);
    }
    line.replaceChildren(...cells);
    const theirs = named.map(([name]) => `${lower(name)}’s`).join(", then ");
    $("game-legend").textContent = `Under each character: your guesses${show.checked || state.present ? `, then ${theirs}` : ""}` +
      (round.gaveUp.includes(true) ? "; * revealed, counted as 27." : ".");
    line.setAttribute("aria-label", `The line so far: ${round.pos} of ${round.chars.length} characters`);
    tries.replaceChildren();
    if (round.tried.length) {
      const label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = "Tried here: ";
      tries.append(label, ...round.tried.map((c) => {
        const s = document.createElement("s");
        s.textContent = shown(c);
        return s;
      }));
    }
    drawNetwork(named);
    drawScores(named);
    drawIteration(state);
  }

  /** The networks' guesses at the last character revealed. */
  function drawNetwork(named) {
    const box = $("game-network");
    box.replaceChildren();
    if (!round.pos) return;
    const t = round.pos - 1;
    const before = round.chars.slice(Math.max(0, t - 12), t).join("");
    for (const [name, r] of named) {
      const p = document.createElement("p");
      p.append(`At ${spoken(round.chars[t])}${before ? ` (after “…${before}”)` : ""} ${lower(name)} guessed `);
      const list = document.createElement("span");
      list.className = "game-guesses";
      for (const [symbol, prob] of r.guesses[t]) {
        const g = document.createElement("span");
        g.className = symbol === round.chars[t] ? "game-guess actual" : "game-guess";
        g.textContent = `${shown(symbol === "\n" ? "↵" : symbol)} ${percent(prob)}`;
        list.append(g, " ");
      }
      const needed = document.createElement("strong");
      needed.textContent = `${r.ranks[t]} ${r.ranks[t] === 1 ? "guess" : "guesses"}`;
      p.append(list, "— it needed ", needed, ".");
      box.append(p);
    }
  }

  function drawScores(named) {
    const reader = score(round.reader);
    const network = score(round.network(false));
    const rival = round.rival ? score(round.network(true)) : null;
    drawScore(blocks.reader, "You", reader);
    drawScore(blocks.network, `${named[0][0]}, iteration ${count(round.iteration)}`, network, mean(round.surprise(false)));
    blocks.rival.hidden = !rival;
    if (rival) drawScore(blocks.rival, `${named[1][0]}, iteration ${count(round.iteration)}`, rival, mean(round.surprise(true)));
    const names = { network: lower(named[0][0]), rival: named[1] ? lower(named[1][0]) : null };
    $("game-verdict").textContent = verdict({ round, reader, network, rival, names,
      loss: mean(round.surprise(false)), seqLength: state.run ? state.run.seq : 25 });
  }

  /** Which weights play, and whether training has gone on since. */
  function drawIteration(s) {
    if (!round) return;
    const now = s.iteration;
    const length = `${round.chars.length} characters`;
    const lineFrom = round.line ? `Line ${round.line.index + 1} of ${round.line.count} of the held-out poem, ${length}.` : `Your own line, ${length}.`;
    let text = `${note ? `${note} ` : ""}${lineFrom} The network plays with its weights of iteration ${count(round.iteration)}` +
      " (when this round began).";
    if (now !== round.iteration && s.run) text += ` It is at iteration ${count(now)} now: New line lets it play as it is now.`;
    $("game-iteration").textContent = text;
  }
  onFrame(drawIteration);

  // --- the worker's answers ------------------------------------------------------------------
  function answered(answer) {
    const { why } = asked.shift() || { why: "new" };
    setState({ errors: without(state.errors, "game") });
    showError("");
    if (answer.line) nextIndex = answer.line.index + 1;
    const same = round && answer.reading.chars.join("") === round.chars.join("");
    if (why === "reload" && same) {
      round.adopt(answer);
      note = `A model was loaded: the network now plays this line with its weights (iteration ${count(answer.iteration)}); your guesses so far are kept.`;
      announce(note);
      draw();
      return;
    }
    round = new Round(answer);
    note = why === "reset" ? "A new run started, so a new round begins: the network starts again from its new weights."
      : why === "reload" ? "A model was loaded that reads this line differently, so a new round begins." : "";
    if (why === "own") own.value = ""; // the line stays hidden from whoever plays it
    draw();
    if (note) announce(note);
    else if (why !== "first") announce(`A new line of ${round.chars.length} characters: guess its first character.`);
    if (why === "first") early.splice(0).forEach(guess);
  }

  function refused({ source, message }) {
    if (source !== "game") return;
    const { why } = asked.shift() || { why: "new" };
    if ((why === "reset" || why === "reload") && round && !round.line) {
      // The new run cannot read the reader's line: the held-out poem instead.
      round = null;
      ask(why, { index: nextIndex });
      return;
    }
    showError(message);
    announce(message);
    if (why === "own") own.setAttribute("aria-invalid", "true");
  }
  own.addEventListener("input", () => own.setAttribute("aria-invalid", "false"));

  // The first line is asked for only once the reader comes to the game (the card scrolls into
  // view, the guess field gets the focus, or presenter mode's tool): no work for the worker, and
  // no request of the page's own in flight, for a reader who never plays.
  let wanted = false;
  const want = () => {
    wanted = true;
    if (state.run && !round && !asked.length) ask("first", { index: nextIndex });
  };
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) want();
  }).observe(card);
  input.addEventListener("focus", want);
  playButton.addEventListener("click", want);

  draw();
  return {
    loading() {
      freshWorker = true; // a new worker (a Retry's): the old one's unanswered requests are lost
      asked.length = 0;
    },
    run({ resumed }) {
      const why = !round && !asked.length ? "first" : resumed && !freshWorker ? "reload" : "reset";
      freshWorker = false;
      if (why !== "first") ask(why, sameLine());
      else if (wanted) ask("first", { index: nextIndex });
    },
    game: answered,
    error: refused,
  };
}
