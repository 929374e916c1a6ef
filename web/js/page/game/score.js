/**
 * @fileoverview The guessing game's scores, from guess counts alone (no DOM): Shannon's way of
 * measuring how predictable a text is ("Prediction and Entropy of Printed English", Bell System
 * Technical Journal 30:50–64, 1951). Whoever guesses — the reader or the network — needs some number
 * of guesses at each character; q_i is the share of characters that needed i guesses. Then the
 * entropy per character of the text, for that guesser, lies between
 *
 *   lower = Σ_i i·(q_i − q_{i+1})·ln i          and          upper = −Σ_i q_i·ln q_i      (nats)
 *
 * A port of py_core.shannon.bounds (tests/browser/test_page_game.py checks it against that).
 */

/** counts[i] = characters that needed i + 1 guesses, from a list of guess counts (1, 2, …). */
export function histogram(guesses) {
  const counts = [];
  for (const g of guesses) {
    while (counts.length < g) counts.push(0);
    counts[g - 1] += 1;
  }
  return counts;
}

/** [lower, upper] in nats from counts[i] = characters that needed i + 1 guesses; nulls if none. */
export function bounds(counts) {
  const n = counts.reduce((a, b) => a + b, 0);
  if (!n) return [null, null];
  const q = counts.map((c) => c / n); // q[i]: the share that needed i + 1 guesses
  let lower = 0;
  let upper = 0;
  q.forEach((qi, k) => {
    const i = k + 1;
    if (qi > 0) upper -= qi * Math.log(qi);
    lower += i * (qi - (q[k + 1] ?? 0)) * Math.log(i);
  });
  return [lower, Math.max(0, upper)]; // (−0 when every character took the same number of guesses)
}

/** The shares never rise with the number of guesses, as an ideal predictor's do (py_core.shannon.falling):
 * only then does the lower bound apply to this guesser. */
export const falling = (counts) => counts.every((c, i) => i === 0 || counts[i - 1] >= c);

/** A guesser's score over `guesses` (one count per character): nulls before the first character. */
export function score(guesses) {
  const n = guesses.length;
  const counts = histogram(guesses);
  const [lower, upper] = bounds(counts);
  return {
    n,
    meanGuesses: n ? guesses.reduce((a, b) => a + b, 0) / n : null,
    first: n ? guesses.filter((g) => g === 1).length / n : null, // the share right at the first guess
    lower,
    upper,
    falls: falling(counts), // the lower bound applies (see `falling`)
  };
}

/** The mean of `values` (the network's surprise −ln p over the same characters: its loss there). */
export const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
