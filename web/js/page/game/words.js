/**
 * @fileoverview The sentence under the game's scores, written from the numbers of the round played:
 * who is ahead (or won), by how many guesses per character, the network of which iteration, and what
 * Shannon's bounds make of each guesser.
 */
import { capital } from "../../shared/words.js";

const count = (n) => n.toLocaleString("en-US");
const f2 = (x) => x.toFixed(2);
const plural = (n, one, many) => `${count(n)} ${n === 1 ? one : many}`;

/**
 * round: the Round; reader, network, rival: score() of each (rival null unless compare mode);
 * names: {network, rival} ("the RNN", "the LSTM"); loss: the network's mean surprise on those
 * characters; seqLength: characters it reads per training iteration.
 */
export function verdict({ round, reader, network, rival, names, loss, seqLength }) {
  if (!reader.n) return "Type your first guess: the scores fill in as the line is revealed.";
  const at = `of iteration ${count(round.iteration)}`;
  const others = [[names.network, network], ...(rival ? [[names.rival, rival]] : [])];
  const parts = [];
  const theirs = others.map(([name, s]) => `${name} ${f2(s.meanGuesses)}`).join(" and ");
  parts.push(`Over ${round.done ? "the line’s" : "the first"} ${plural(reader.n, "character", "characters")} ` +
    `you needed ${f2(reader.meanGuesses)} guesses per character; ${theirs} (${rival ? "their" : "its"} weights ${at}).`);
  const [bestName, best] = others.reduce((a, b) => (b[1].meanGuesses < a[1].meanGuesses ? b : a));
  const lead = best.meanGuesses - reader.meanGuesses;
  const won = round.done ? "won" : "are ahead";
  if (Math.abs(lead) < 0.005) parts.push(round.done ? "A draw." : "A draw so far.");
  else if (lead > 0) parts.push(`You ${won} by ${f2(lead)} guesses per character.`);
  else parts.push(`${capital(bestName)} ${round.done ? "won" : "is ahead"} by ${f2(-lead)} guesses per character.`);
  parts.push(`Shannon’s bounds put the entropy of this text, as you guess it, ${range(reader)}; ` +
    `as ${names.network} guesses it, ${range(network)} (its true loss on these characters: ${f2(loss)} nats).`);
  if (!reader.falls || !network.falls) {
    parts.push("(The lower bound holds only for a guesser whose counts fall — right first most often, then " +
      "second, … — as an ideal one’s do; for counts that do not, only the upper bound is a bound.)");
  }
  if (round.done && lead > 0) {
    const read = round.iteration * seqLength;
    parts.push(read ? `It has read ${count(read)} characters of its training text so far; you have read far more than that.`
      : "At iteration 0 it has read nothing at all.");
  }
  return parts.join(" ");
}

/** "between a and b nats per character", or "at most b …" when the lower bound does not apply. */
const range = (s) => (s.falls ? `between ${f2(s.lower)} and ${f2(s.upper)} nats per character`
  : `at most ${f2(s.upper)} nats per character`);

