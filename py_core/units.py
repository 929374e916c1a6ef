"""What the units track: hidden units set against simple features of the text they read.

The network reads a passage from an empty memory (zero state); a_t[u] is unit u's activation
after reading symbol c_t (the RNN's and the LSTM's h, or the LSTM's cell state c). Each feature
y_t is a number per position:

    space          1 if c_t is a space, else 0
    vowel          1 if c_t is one of a e i o u
    word-position  letters read since the last space or line break (0 on those)
    line-position  characters read since the last line break (0 on it)
    next-space     1 if c_{t+1} is a space        } the passage's last position has no next
    next-newline   1 if c_{t+1} is a line break   } symbol: these leave it out (T − 1 positions)

For each feature, over the passage:

    r_u = Σ_t (a_t[u] − ā[u])(y_t − ȳ) / √(Σ_t (a_t[u] − ā[u])² · Σ_t (y_t − ȳ)²)    Pearson
    η²  = Σ_c n_c (ȳ_c − ȳ)² / Σ_t (y_t − ȳ)²      correlation ratio of y on the current symbol

The unit with the largest |r_u| is reported (signed r; ties: the lower unit), a unit that is
constant over the passage has r = 0, and a feature that is constant over it has no unit and
no numbers (None). η says how much of the feature the current symbol alone gives away: for
space and vowel all of it (η = 1), so a unit that tracks them need not remember anything. The
same seed's network before training (r_untrained) shows what reading alone, without learning,
correlates.

Two views of one unit (the card): its top contexts, the TOP stretches of CONTEXT characters
that end where it is most active; and LSTMVis's select-and-match (Strobelt et al. 2018): the
units above a threshold all through a selected stretch and not just outside it, and every other
stretch where they are all above it together. The threshold lies strictly between −1 and 1,
where h lies (the LSTM's c can go beyond, but its interesting range is the same).
"""
from __future__ import annotations

import functools

import numpy as np

from . import corpus

UNITS_CHARS = 1500  # characters of the passage read
MIN_CHARS = 100  # the shortest passage worth correlating over
FEATURES = ("space", "vowel", "word-position", "line-position", "next-space", "next-newline")
AHEAD = 2  # the last AHEAD features look at the next symbol
VOWELS = "aeiou"
TOP = 5  # top contexts shown for a unit
CONTEXT = 20  # characters in a top context, its peak last
STATES = ("h", "c")  # what can be read: h (both cells) or the LSTM's cell state c


def passage(raw: str, vocab_chars: str, start: str | None = None) -> str:
    """`raw` as the units read it: normalised, only `vocab_chars`, cut to UNITS_CHARS.

    `start`: begin at the first line that begins with it, if any (corpus.known_lines).
    ValueError if nothing usable is left or it is shorter than MIN_CHARS.
    """
    if not isinstance(raw, str):
        raise ValueError("The passage must be text.")
    lines = corpus.known_lines(raw, vocab_chars, start)
    if not lines:
        raise ValueError("The passage has no symbol the network knows.")
    text = ("\n".join(lines) + "\n" if "\n" in vocab_chars else " ".join(lines))[:UNITS_CHARS]
    if len(text) < MIN_CHARS:
        raise ValueError(f"The passage is too short: {len(text)} characters after normalising; "
                         f"the units need at least {MIN_CHARS}.")
    return text


def activations(model, vocab: corpus.Vocabulary, chars: str, state: str = "h") -> np.ndarray:
    """a_t after each symbol of `chars`, read from a zero state: h (T, H), or the LSTM's c (T, H)."""
    check_state(model, state)
    ids = vocab.encode(chars)
    with np.errstate(all="ignore"):
        A = model.hidden_states(ids) if state == "h" else model.states(ids)[:, model.H:]
    if not np.isfinite(A).all():
        raise ValueError("The network's numbers are no longer finite, so its units track nothing.")
    return A


def check_state(model, state) -> None:
    if state not in STATES:
        raise ValueError(f"The state to read must be “h” or “c”; got “{state}”.")
    if state == "c" and model.STATE != 2:
        raise ValueError("Only the LSTM has a cell state c: this run's model has none, so read h.")


def feature_values(chars: str) -> np.ndarray:
    """The FEATURES at each position (T, F); the AHEAD features' last row is 0 and never used."""
    rows, word, line = [], 0, 0
    for c, nxt in zip(chars, chars[1:] + "\0"):
        word = 0 if c in " \n" else word + 1
        line = 0 if c == "\n" else line + 1
        rows.append((c == " ", c in VOWELS, word, line, nxt == " ", nxt == "\n"))
    return np.array(rows, dtype=float).reshape(len(chars), len(FEATURES))


def correlations(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Pearson r of each unit with each feature (H, F) over the rows of A (n, H) and Y (n, F):
    0 for a constant unit, NaN for a constant feature."""
    Ac, Yc = A - A.mean(axis=0), Y - Y.mean(axis=0)  # centred (n, H), (n, F)
    den = np.sqrt(np.outer((Ac * Ac).sum(axis=0), (Yc * Yc).sum(axis=0)))  # (H, F)
    with np.errstate(all="ignore"):
        r = np.clip((Ac.T @ Yc) / den, -1.0, 1.0)  # (H, F)
    r[np.ptp(A, axis=0) == 0] = 0.0
    r[:, np.ptp(Y, axis=0) == 0] = np.nan
    return r


def unit_r(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """correlations() of A (T, H) with the features Y (T, F), the AHEAD ones over T − 1 rows."""
    now = len(FEATURES) - AHEAD
    return np.concatenate([correlations(A, Y[:, :now]), correlations(A[:-1], Y[:-1, now:])], axis=1)


def correlation_ratio(y: np.ndarray, ids: np.ndarray) -> float | None:
    """η of y (n,) on the symbol ids (n,); None if y is constant."""
    yc = y - y.mean()
    total = float(yc @ yc)
    if np.ptp(y) == 0 or total == 0:
        return None
    n = np.bincount(ids)  # positions per symbol
    seen = n > 0
    means = np.bincount(ids, y)[seen] / n[seen]  # ȳ_c
    between = float(n[seen] @ (means - y.mean()) ** 2)
    return min(1.0, float(np.sqrt(between / total)))


def table(A: np.ndarray, chars: str, vocab: corpus.Vocabulary, untrained: list) -> list[dict]:
    """The features' rows as plain data: {name, unit, r, r_untrained, r_char} (None if constant)."""
    Y, ids = feature_values(chars), np.asarray(vocab.encode(chars))  # (T, F), (T,)
    r = unit_r(A, Y)  # (H, F)
    rows = []
    for f, name in enumerate(FEATURES):
        n = len(chars) - 1 if f >= len(FEATURES) - AHEAD else len(chars)
        if np.isnan(r[:, f]).any():
            rows.append({"name": name, "unit": None, "r": None, "r_untrained": None, "r_char": None})
            continue
        u = int(np.argmax(np.abs(r[:, f])))
        rows.append({"name": name, "unit": u, "r": float(r[u, f]), "r_untrained": untrained[f],
                     "r_char": correlation_ratio(Y[:n, f], ids[:n])})
    return rows


def initial(cell, V: int, H: int, seed: int, reach: int | None = None):
    """The network a run of `cell` (model.RNN, lstm.LSTM, window.Window, attention.Attention)
    with this seed (and reach, for the last two) had at iteration 0."""
    return cell(V, H, seed, reach=reach) if getattr(cell, "REACH_SETTING", "") else cell(V, H, seed)


@functools.lru_cache(maxsize=8)  # the same seed's initial network never changes
def untrained_r(cell, V: int, H: int, seed: int, vocab_chars: str, chars: str, state: str,
                reach: int | None = None) -> tuple:
    """max_u |r_u| for each feature, for the network `cell` with this seed had at iteration 0."""
    A0 = activations(initial(cell, V, H, seed, reach), corpus.Vocabulary(vocab_chars), chars, state)
    best = np.abs(unit_r(A0, feature_values(chars))).max(axis=0)  # (F,)
    return tuple(None if np.isnan(x) else float(x) for x in best)


def top_contexts(a: np.ndarray, chars: str) -> list[dict]:
    """Up to TOP non-overlapping stretches [start, end) of up to CONTEXT characters, each ending
    at a peak of a (T,) (end − 1), highest peak first: {start, end, text, peak}."""
    picked = []
    for p in np.argsort(-a, kind="stable").tolist():  # highest first; ties: earlier first
        start, end = max(0, p + 1 - CONTEXT), p + 1
        if all(end <= s or e <= start for s, e, _ in picked):
            picked.append((start, end, p))
            if len(picked) == TOP:
                break
    return [{"start": s, "end": e, "text": chars[s:e], "peak": float(a[p])} for s, e, p in picked]


def match(A: np.ndarray, start: int, end: int, threshold: float) -> dict:
    """Select-and-match on A (T, H): the units above `threshold` at every position of
    [start, end) and not above it at start − 1 and at end (where those exist), and the maximal
    stretches [s, e) elsewhere where all of them are above it together. No unit, no match."""
    T = len(A)
    above = A > threshold  # (T, H)
    chosen = above[start:end].all(axis=0)  # (H,)
    if start > 0:
        chosen &= ~above[start - 1]
    if end < T:
        chosen &= ~above[end]
    units = np.flatnonzero(chosen)
    if not units.size:
        return {"units": [], "matches": []}
    together = np.concatenate([[0], above[:, units].all(axis=1), [0]]).astype(np.int8)  # (T+2,)
    edges = np.diff(together)
    runs = zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist())
    return {"units": units.tolist(), "matches": [[s, e] for s, e in runs if (s, e) != (start, end)]}


def check_unit(unit, H: int) -> int:
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit < H:
        raise ValueError(f"Hidden units are numbered 0 to {H - 1}; got “{unit}”.")
    return unit


def check_selection(start, end, T: int) -> tuple[int, int]:
    if any(isinstance(x, bool) or not isinstance(x, int) for x in (start, end)) or not 0 <= start < end <= T:
        raise ValueError(f"A selection is a stretch of the passage's {T} characters, from start "
                         f"to end with 0 ≤ start < end ≤ {T}; got “{start}” to “{end}”.")
    return start, end


def check_threshold(threshold) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not -1 < threshold < 1:
        raise ValueError(f"The threshold must be a number between −1 and 1; got “{threshold}”.")
    return float(threshold)
