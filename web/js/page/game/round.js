/**
 * @fileoverview One round of the guessing game, without the DOM: the line, the worker's reading of
 * it (how many guesses the network needed at each character), and the reader's guesses so far.
 *
 * The reader guesses the character at `pos`; a wrong guess counts (a repeat does not: it is
 * refused); the right one reveals it, scored as the guesses it took. "Reveal" gives up on the
 * character: it is scored as REVEAL_GUESSES, the most anyone can need (every symbol a reader can
 * type, tried in turn), so that giving up can never score better than guessing on. Counting only
 * the guesses made (wrong + 1) would let a reader who reveals every character score a perfect 1;
 * leaving revealed characters out would let them drop exactly the hard ones.
 */

export const SYMBOLS = "abcdefghijklmnopqrstuvwxyz "; // what a reader can guess
export const REVEAL_GUESSES = SYMBOLS.length; // a character given up on counts as this many guesses

export class Round {
  /** From the worker's {type: "game"} answer. */
  constructor(answer) {
    this.chars = answer.reading.chars;
    this.line = answer.line; // {index, count} of a held-out line, or null for the reader's own
    this.adopt(answer);
    this.pos = 0; // the character being guessed
    this.tried = []; // wrong guesses at `pos`, in order
    this.reader = []; // guesses the reader needed at each character revealed so far
    this.gaveUp = []; // whether each was revealed with "reveal"
  }

  /** The network's reading (a new one of the same line, e.g. after a model was loaded). */
  adopt({ iteration, reading, rival }) {
    Object.assign(this, { iteration, reading, rival });
  }

  get done() {
    return this.pos >= this.chars.length;
  }

  get current() {
    return this.chars[this.pos];
  }

  /**
   * One guess `c` (already lower-case): "right" | "wrong" | "again" (tried already here) |
   * "invalid" (not a symbol a reader can guess) | "done" (the line is over).
   */
  guess(c) {
    if (this.done) return "done";
    if (c.length !== 1 || !SYMBOLS.includes(c)) return "invalid";
    if (this.tried.includes(c)) return "again";
    if (c !== this.current) {
      this.tried.push(c);
      return "wrong";
    }
    this.advance(this.tried.length + 1, false);
    return "right";
  }

  /** Give up on the current character. */
  reveal() {
    if (!this.done) this.advance(REVEAL_GUESSES, true);
  }

  advance(guesses, gaveUp) {
    this.reader.push(guesses);
    this.gaveUp.push(gaveUp);
    this.pos += 1;
    this.tried = [];
  }

  /** The network's (or with `rival`, the rival's) guess counts over the characters revealed so far. */
  network(rival = false) {
    const r = rival ? this.rival : this.reading;
    return r ? r.ranks.slice(0, this.pos) : [];
  }

  /** Its surprise −ln p at those characters, nats. */
  surprise(rival = false) {
    const r = rival ? this.rival : this.reading;
    return r ? r.surprise.slice(0, this.pos) : [];
  }
}
