"""The echo text: a built-in corpus where memory visibly pays.

Every line opens with one of 20 key words, continues with a short filler of random words, and
closes with the same key:

    river yak wet river
    honey zip vow honey

The keys' first letters are all different and no filler word starts with one of them. All keys
have five letters and all filler words three, so every line has the same length and where the
closing key comes is known without remembering which key opened the line. Once a network has
learned the shape of a line, the closing key's first letter is the only thing left to guess
-- and only memory of the opening key can guess it. A network that has forgotten the opening key
can do no better than a uniform guess among the 20 keys, ln 20 ≈ 3.0 nats on that letter;
one that remembers can get it nearly free. `key_letter_loss` measures exactly that, on
held-out lines (`held_out`), which never occur in the training text.

`filler` is in characters, as the nearest whole number of words (8 characters -> 2 words,
"yak wet", 7 characters; 14 -> 4 words, 15 characters). Everything is drawn from a seeded
generator: the same arguments give the same text in CPython and in the page.
"""
from __future__ import annotations

import math

import numpy as np

# 20 key words of five letters with distinct first letters (a-t); the closing key repeats the
# opening one.
KEYS = ("apple", "bread", "cloud", "dream", "eagle", "flame", "grape", "honey", "ivory", "jewel",
        "knife", "lemon", "maple", "night", "ocean", "pearl", "quilt", "river", "stone", "tiger")
# Filler words: three letters, none starting with a key's first letter (u-z).
FILLER_WORDS = ("urn", "use", "van", "vat", "vet", "vex", "vow", "wag", "war", "wax", "way",
                "web", "wed", "wet", "who", "why", "wig", "win", "wit", "woe", "won", "yak",
                "yam", "yap", "yes", "yet", "yew", "you", "zap", "zen", "zip", "zoo")
FILLER = 8  # characters of filler between the keys, by default (as the nearest whole number of words)
LINES = 2000  # lines in the training text (40,000 characters at the default filler)
HELD_OUT_LINES = 200  # lines key_letter_loss is measured on
HELD_OUT_SEED = 1_000_003  # the held-out lines' generator seed, added to the text's
BASELINE = math.log(len(KEYS))  # nats on the closing key's first letter without memory (ln 20)


def filler_words(filler: int) -> int:
    """How many three-letter words make about `filler` characters (words and the spaces
    between them: n words are 4n - 1 characters), at least one."""
    if isinstance(filler, bool) or not isinstance(filler, (int, np.integer)) or not 1 <= filler <= 200:
        raise ValueError(f"The filler must be a whole number of characters from 1 to 200; got “{filler}”.")
    return max(1, math.floor((int(filler) + 1) / 4 + 0.5))


def _lines(rng: np.random.Generator, n: int, filler: int) -> list[str]:
    words = filler_words(filler)
    keys = rng.integers(0, len(KEYS), n).tolist()
    fill = rng.integers(0, len(FILLER_WORDS), (n, words)).tolist()
    return [" ".join([KEYS[k], *(FILLER_WORDS[w] for w in f), KEYS[k]]) for k, f in zip(keys, fill)]


def text(seed: int = 0, lines: int = LINES, filler: int = FILLER) -> str:
    """The echo text: `lines` lines, one per line of text, over a-z, space and newline."""
    if isinstance(lines, bool) or not isinstance(lines, (int, np.integer)) or not 1 <= lines <= 1_000_000:
        raise ValueError(f"The echo text needs from 1 to 1,000,000 lines; got “{lines}”.")
    return "\n".join(_lines(np.random.default_rng([seed, 0]), int(lines), filler)) + "\n"


def held_out(seed: int = 0, lines: int = HELD_OUT_LINES, filler: int = FILLER,
             training_lines: int = LINES) -> str:
    """`lines` lines drawn like text(seed, training_lines, filler)'s but none of them in it."""
    seen = set(text(seed, training_lines, filler).splitlines())
    rng = np.random.default_rng([seed + HELD_OUT_SEED, 0])
    out: list[str] = []
    while len(out) < lines:
        out += [line for line in _lines(rng, lines, filler) if line not in seen]
    return "\n".join(out[:lines]) + "\n"


def closing_letters(echo_text: str) -> list[tuple[int, str]]:
    """(index in echo_text, letter) of each closing key's first letter, for well-formed lines."""
    found, start = [], 0
    for line in echo_text.split("\n"):
        words = line.split(" ")
        if len(words) >= 3 and words[0] == words[-1] and words[0] in KEYS:
            at = start + len(line) - len(words[-1])
            found.append((at, echo_text[at]))
        start += len(line) + 1
    return found


def rest_of_line(text: str, cursor: int) -> str:
    """text[cursor:] up to and including its next newline: what a run at `cursor` reads to
    finish the line it is in, so that what it reads next starts a line."""
    end = text.find("\n", cursor)
    return text[cursor:] if end < 0 else text[cursor:end + 1]


def key_letter_loss(model, vocab, echo_text: str, state0=None, lead: str = "") -> float:
    """Mean surprise (nats) of `model` at each closing key's first letter in `echo_text`: ln 20
    ≈ 3.0 is no memory of the opening key. The model reads `lead` first (not scored) from
    state0 (zeros by default), then echo_text.

    Measure a training run from its carried state (state0 = trainer.h, lead = the rest of its
    line): a network trained with its state carried from line to line may rely on that state
    and do far worse from zeros, in the middle of the text, than it does while training."""
    positions = [len(lead) + at for at, _ in closing_letters(echo_text)]
    if not positions or positions[0] == 0:
        raise ValueError("The text has no echo line to measure.")
    ids = np.asarray(vocab.encode(lead + echo_text), dtype=np.intp)
    h = model.hidden_states(ids[:-1], state0)  # h after each symbol (N-1, H)
    before = np.asarray(positions) - 1  # the state that predicts each closing letter
    y = h[before] @ model.Why.T + model.by  # (L, V)
    y -= y.max(axis=1, keepdims=True)
    log_p = y - np.log(np.exp(y).sum(axis=1, keepdims=True))  # log-softmax (L, V)
    return float(-log_p[np.arange(len(positions)), ids[positions]].mean())
