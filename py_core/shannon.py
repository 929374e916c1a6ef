"""Shannon's guessing game: how many guesses each character needed, and what that says in nats.

Shannon (1951, "Prediction and Entropy of Printed English") had a reader guess a text one
character at a time, told only "right" or "wrong", and counted the guesses each character
needed. If q_i is the share of characters that needed exactly i guesses (i = 1, 2, …), the
entropy of the text per character, for an ideal predictor, lies between

    lower = Σ_i i·(q_i − q_{i+1})·ln i           (q_i = 0 beyond the last count)
    upper = −Σ_i q_i·ln q_i                       nats per character

The upper bound holds for any reader: the guess counts carry the whole text. The lower one
assumes an ideal predictor, which orders every guess best first, so that q_i falls as i
grows. The formulas are applied as printed, to the counts as played: a reader who always
needed exactly two guesses gets lower = 2 ln 2 and upper = 0. That is no contradiction but
Shannon's point: such a reader is far from ideal (swap its first two guesses and it is always
right first, and the text it reads has no entropy left), so the lower bound does not apply to
it. `falling(counts)` says whether the counts fall as an ideal predictor's do.

`lines` gives the verse lines the game plays, one per line of the held-out poem.
"""
from __future__ import annotations

import math

from . import corpus, surprise


def bounds(counts) -> tuple[float, float]:
    """(lower, upper) in nats per character; counts[i] = characters that needed i + 1 guesses.

    ValueError unless `counts` is a list of whole numbers ≥ 0 with a positive sum.
    """
    if isinstance(counts, (str, bytes, dict)) or not hasattr(counts, "__iter__"):
        raise ValueError("The guess counts must be a list of whole numbers.")
    counts = list(counts)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts) or sum(counts) == 0:
        raise ValueError("The guess counts must be whole numbers of at least 0, "
                         "and at least one of them positive.")
    total = sum(counts)
    q = [n / total for n in counts]  # q[i-1]: share of characters that needed i guesses
    upper = -math.fsum(x * math.log(x) for x in q if x > 0)
    q = q + [0.0]  # q_{K+1} = 0
    lower = math.fsum(i * (q[i - 1] - q[i]) * math.log(i) for i in range(2, len(q)))  # (i = 1: ln 1 = 0)
    return lower, upper


def falling(counts) -> bool:
    """True if the shares never rise with the number of guesses (an ideal predictor's do)."""
    counts = list(counts)
    return all(a >= b for a, b in zip(counts, counts[1:]))


def lines(raw: str, vocab_chars: str | None = None, min_chars: int = 20, limit: int = 150,
          start: str | None = None) -> list[str]:
    """The lines the game plays: `raw` normalised (corpus.normalize), one per line, in order.

    Only symbols in `vocab_chars` are kept if it is given (a dropped symbol leaves no double
    space, as in surprise.line_of); then only lines with at least `min_chars` symbols and at
    most surprise.MAX_CHARS (what the surprise view reads), at most `limit` of them. `start`:
    begin at the first line that begins with it (normalised), when there is one (the poem after
    its front matter).
    """
    if not isinstance(raw, str):
        raise ValueError("The game's text must be text.")
    for name, n in (("min_chars", min_chars), ("limit", limit)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"{name} must be a whole number of at least 1; got “{n}”.")
    picked = []
    for line in corpus.known_lines(raw, vocab_chars, start):
        if min_chars <= len(line) <= surprise.MAX_CHARS:
            picked.append(line)
            if len(picked) == limit:
                break
    return picked
