"""The text the network reads: normalisation to 28 symbols, the vocabulary, the sonnets.

The recipe's corpus is Shakespeare's sonnets reduced to `a`-`z`, space and newline: lower-case,
drop the Roman-numeral headings and blank lines, drop every other character, collapse runs of
spaces. Any text a reader pastes goes through the same `normalize`, and `prepare` says, in one
sentence, why a text cannot be trained on.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ALPHABET = "abcdefghijklmnopqrstuvwxyz \n"  # the 28 symbols the recipe keeps
_ROMAN_HEADING = re.compile(r"^[IVXLCDM]+\.?$")  # a line holding only a sonnet's number (upper case)
_DROP = re.compile(r"[^a-z \n]+")  # everything outside ALPHABET
_SPACES = re.compile(r" {2,}")

SETUP_COMMAND = "python scripts/fetch_assets.py"
SONNETS_PATH = Path(__file__).parent / "data" / "sonnets.txt"  # placed by SETUP_COMMAND


def normalize(text: str) -> str:
    """`text` reduced to ALPHABET: lower-case, no numeral headings, no blank lines, single spaces."""
    lines = []
    for line in _fold_accents(text).splitlines():
        if _ROMAN_HEADING.match(line.strip()):
            continue
        line = _SPACES.sub(" ", _DROP.sub("", line.lower().replace("\t", " "))).strip()
        if line:
            lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def known_lines(raw: str, symbols: str | None = None, start: str | None = None) -> list[str]:
    """The lines of `raw`, normalised, keeping only `symbols` (all of ALPHABET if None; a dropped
    symbol leaves no double space), lines left empty dropped. `start`: begin at the first line
    that begins with it (normalised), when there is one, e.g. a poem after its front matter."""
    lines = normalize(raw).splitlines()
    opening = normalize(start).strip() if start else ""
    if opening:
        lines = lines[next((k for k, line in enumerate(lines) if line.startswith(opening)), 0):]
    if symbols is not None:
        lines = [" ".join("".join(c for c in line if c in symbols).split()) for line in lines]
    return [line for line in lines if line]


def _fold_accents(text: str) -> str:
    """`text` with accents taken off letters (é -> e, Æ stays and is dropped later)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Report:
    """What normalisation kept of a text: shown to a reader who pastes their own."""

    text: str  # the normalised text
    original_chars: int  # characters before normalisation
    dropped_chars: int  # characters outside ALPHABET (punctuation, digits, other scripts, emoji)
    symbols: int  # distinct symbols left


def report(text: str) -> Report:
    """Normalise `text` and count what was dropped along the way."""
    kept = normalize(text)
    folded = _fold_accents(text).lower().replace("\r", "").replace("\t", " ")
    dropped = sum(len(run) for run in _DROP.findall(folded))
    return Report(kept, len(text), dropped, len(set(kept)))


def prepare(raw: str, seq_length: int) -> str:
    """`raw` normalised, or ValueError saying in one sentence why it can't train with `seq_length`."""
    if not isinstance(raw, str):
        raise ValueError("The corpus must be text.")
    if not raw.strip():
        raise ValueError("The corpus is empty: paste or upload some text (letters a–z).")
    text = normalize(raw)
    if not text:
        raise ValueError(
            "The corpus has no usable symbol: only the letters a–z, spaces and newlines are kept.")
    if len(set(text)) < 2:
        raise ValueError("The corpus needs at least two different symbols to predict anything.")
    if len(text) < seq_length + 2:
        raise ValueError(
            f"The corpus is too short: {len(text)} characters after normalising, but one training "
            f"sequence of length {seq_length} needs at least {seq_length + 2}.")
    return text


class Vocabulary:
    """The symbols of a text, in sorted order, and the mapping between them and integer ids."""

    def __init__(self, chars: str):
        self.chars = "".join(sorted(set(chars)))  # id -> symbol
        self.index = {c: i for i, c in enumerate(self.chars)}  # symbol -> id

    @classmethod
    def from_text(cls, text: str) -> "Vocabulary":
        return cls(text)

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, c: str) -> bool:
        return c in self.index

    def encode(self, text: str) -> list[int]:
        """Ids of the symbols of `text`; ValueError on a symbol outside the vocabulary."""
        try:
            return [self.index[c] for c in text]
        except KeyError as e:
            raise ValueError(f"Symbol {e.args[0]!r} is not in the vocabulary {self.chars!r}.") from None

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def sonnets() -> str:
    """The normalised default corpus; FileNotFoundError naming the setup command if not fetched."""
    path = Path(os.environ.get("RNN_LIVE_SONNETS", SONNETS_PATH))
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"The sonnets are not at {path}: run `{SETUP_COMMAND}` once to fetch them.") from None
    return normalize(raw)
