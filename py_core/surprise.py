"""What the network expected: its surprise at each character of a line, and its top guesses.

The network starts from a zero memory, reads a newline (as if a new line of verse began), then
the line; after each symbol it has read it predicts the next one. So every character c_t of the
line is predicted, from everything before it:

    surprise_t = -ln p_t[c_t]        nats; 0 if it was certain and right, ln V for a blind guess
    rank_t                           how many guesses it would need, most likely symbol first:
                                     1 + the symbols ahead of c_t in its order (Shannon's game)

It is a whole-sequence operation, like the rest of py_core: one call to the model's
`hidden_states` (the only stepped part), then one product for the output layer and one
log-softmax over all positions. It needs only `hidden_states(ids) -> (T, H)` and the output
layer `Why (V, H)`, `by (V,)`, so it works for any cell that has them (the RNN, the LSTM).
"""
from __future__ import annotations

import numpy as np

from . import corpus

TOP = 5  # guesses reported per position
MAX_CHARS = 120  # the longest line read (the page's text field allows as many)
START = "\n"  # read first, so that the line's first character is predicted too


def line_of(raw: str, vocab: corpus.Vocabulary) -> str:
    """`raw` as the network reads it: normalised, on one line, only symbols it knows.

    ValueError, in one sentence, if nothing is left or it is longer than MAX_CHARS.
    """
    if not isinstance(raw, str):
        raise ValueError("The line to read must be text.")
    if not raw.strip():
        raise ValueError("The line to read is empty: type a few words.")
    if START not in vocab:
        raise ValueError("This network has never read a line break, so it cannot start a line.")
    line = corpus.normalize(raw).replace("\n", " ")
    line = " ".join("".join(c for c in line if c in vocab).split())  # (a dropped symbol leaves no double space)
    if not line:
        raise ValueError("The line has no symbol the network knows: type some letters a–z.")
    if len(line) > MAX_CHARS:
        raise ValueError(f"The line is too long: {len(line)} characters after normalising; "
                         f"the network reads at most {MAX_CHARS}.")
    return line


def log_probs(model, vocab: corpus.Vocabulary, line: str) -> tuple[np.ndarray, np.ndarray]:
    """(actual, log_p) for `line` (as `line_of` returns it): the ids of its characters (T,) and,
    at each position, the log-probability of every symbol being next (T, V)."""
    ids = np.asarray(vocab.encode(START + line))  # (T+1,): the newline, then the line
    h = model.hidden_states(ids[:-1])  # the memory after each symbol but the last (T, H)
    y = h @ model.Why.T + model.by  # unnormalised log-probabilities of the next symbol (T, V)
    y -= y.max(axis=1, keepdims=True)
    return ids[1:], y - np.log(np.exp(y).sum(axis=1, keepdims=True))  # log-softmax (T, V)


def surprise(model, vocab: corpus.Vocabulary, line: str) -> dict:
    """{chars, surprise, guesses, ranks} for `line` (already as `line_of` returns it), as plain data.

    chars: the line's symbols (T,); surprise: -ln p of each, in nats (T,); guesses: for each
    position the TOP most likely symbols as [symbol, p], most likely first; ranks: where each
    actual symbol stands in that order over all V symbols, 1-based (T,). Equal probabilities
    keep vocabulary order (a stable sort), in the guesses and the ranks alike.
    """
    actual, log_p = log_probs(model, vocab, line)
    T = len(line)
    nats = -log_p[np.arange(T), actual]  # surprise at each actual character (T,)
    order = np.argsort(-log_p, axis=1, kind="stable")  # every symbol, most likely first (T, V)
    top = order[:, :TOP]  # the guesses (T, TOP)
    place = np.argsort(order, axis=1, kind="stable")  # where each symbol stands in `order` (T, V)
    ranks = place[np.arange(T), actual] + 1  # guesses needed for each actual character (T,)
    p_top = np.exp(np.take_along_axis(log_p, top, axis=1))  # their probabilities (T, TOP)
    symbols = vocab.chars
    return {
        "chars": list(line),
        "surprise": nats.tolist(),
        "guesses": [[[symbols[i], p] for i, p in zip(row, ps)] for row, ps in zip(top.tolist(), p_top.tolist())],
        "ranks": ranks.tolist(),
    }
