"""The settings table: every tunable number of a run, written once.

Each row names a setting, its default, its allowed range and a line of help. The same rows
validate arguments in Python (`validate`), and -- exported by `python -m py_core settings --json`
into `web/generated/settings.json` -- build the page's controls and read and write its URL.
The rule text and the message template travel with the table, so Python and the page refuse
the same value with the same words:

    >>> validate("lr", "-1")
    Traceback (most recent call last):
    ValueError: Learning rate must be a number from 0.0001 to 10; got “-1”.
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

# Text a setting may be written as (URL parameter, form field, CLI argument). Both patterns are
# valid in Python and JavaScript regular-expression syntax; the page uses them verbatim.
INTEGER_PATTERN = r"^[+-]?[0-9]+$"
NUMBER_PATTERN = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
MESSAGE = "{label} must be {rule}; got “{raw}”."  # {raw} is the value as given, shortened
RAW_LIMIT = 24  # characters of a refused value echoed back in the message


@dataclass(frozen=True)
class Setting:
    name: str  # Python keyword, URL parameter and the control's data-testid
    label: str  # what a reader sees
    kind: str  # "int", "float" or "choice"
    default: object
    min: float | None = None  # inclusive bounds for int and float
    max: float | None = None
    choices: tuple[str, ...] = ()  # the allowed values of a "choice"
    help: str = ""
    where: tuple[str, ...] = ("model", "page")  # "model": a Trainer argument; "page": a control; "cli"

    @property
    def rule(self) -> str:
        """The allowed values in words, e.g. 'a whole number from 1 to 512'."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        what = "a whole number" if self.kind == "int" else "a number"
        return f"{what} from {_fmt(self.min)} to {_fmt(self.max)}"

    def refuse(self, value: object) -> ValueError:
        raw = str(value)
        if len(raw) > RAW_LIMIT:
            raw = raw[: RAW_LIMIT - 1] + "…"
        return ValueError(MESSAGE.format(label=self.label, rule=self.rule, raw=raw))

    def parse(self, value: object):
        """`value` (a number or its text) as this setting's type, or ValueError with the rule."""
        if self.kind == "choice":
            text = str(value).strip().lower()
            if text not in self.choices:
                raise self.refuse(value)
            return text
        if isinstance(value, bool):
            raise self.refuse(value)
        if isinstance(value, str):
            text = value.strip()
            pattern = INTEGER_PATTERN if self.kind == "int" else NUMBER_PATTERN
            if not re.match(pattern, text):
                raise self.refuse(value)
            number = int(text) if self.kind == "int" else float(text)
        elif isinstance(value, numbers.Real):  # Python and NumPy numbers
            if self.kind == "float":
                number = float(value)
            elif isinstance(value, numbers.Integral) or (math.isfinite(value) and float(value).is_integer()):
                number = int(value)
            else:
                raise self.refuse(value)
        else:
            raise self.refuse(value)
        if not math.isfinite(number) or not (self.min <= number <= self.max):
            raise self.refuse(value)
        return number

    def as_json(self) -> dict:
        return {
            "name": self.name, "label": self.label, "kind": self.kind, "default": self.default,
            "min": self.min, "max": self.max, "choices": list(self.choices), "help": self.help,
            "rule": self.rule, "where": list(self.where),
        }


def _fmt(x: float | None) -> str:
    """A bound as a reader writes it: 64, 0.1, 0.0001 (never 1e-04)."""
    if x is None:
        return ""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.10f}".rstrip("0")


# name, label, kind, default, min, max -- the recipe's numbers live here and nowhere else.
SETTINGS: tuple[Setting, ...] = (
    Setting("hidden", "Hidden units", "int", 64, 1, 512,
            help="Size of the memory vector h: how many numbers the network carries from one character to the next."),
    Setting("seq", "Sequence length", "int", 25, 1, 200,
            help="Characters per training step: how far back through time each gradient is followed (BPTT)."),
    Setting("lr", "Learning rate", "float", 0.1, 0.0001, 10,
            help="Adagrad's step size: each weight moves by about this much, less as its history of gradients grows."),
    Setting("clip", "Gradient clip", "float", 5.0, 0.01, 100,
            help="Every gradient entry is clipped to ±this before the update, so exploding gradients cannot wreck the weights."),
    Setting("seed", "Seed", "int", 0, 0, 2**32 - 1,
            help="Seeds the random initial weights and the sampling: the same seed gives the same run."),
    Setting("cell", "Model", "choice", "rnn", choices=("rnn", "lstm", "window", "attention"),
            help="The network: the fixed-window model (2003) that sees only the last n characters, the vanilla RNN (1990), the LSTM (1997), whose gated cell keeps a memory for longer, or causal self-attention (2017), which looks back over the last W characters directly.",
            where=("model", "page", "cli")),
    Setting("window", "Window", "int", 8, 1, 64,
            help="The fixed-window model's n: how many characters (the last one read and n - 1 before it) each prediction sees. Nothing before them reaches it.",
            where=("model", "page", "cli")),
    Setting("context", "Attention span", "int", 32, 2, 256,
            help="The attention model's W: how many characters (the last one read and W - 1 before it, across training steps) each prediction can look back over.",
            where=("model", "page", "cli")),
    Setting("temperature", "Temperature", "float", 1.0, 0.05, 5,
            help="Divides the scores before the softmax when sampling: low = safe and repetitive, high = adventurous.",
            where=("page", "cli")),
    Setting("speed", "Speed", "choice", "max", choices=("1", "10", "100", "1000", "max"),
            help="Training iterations per second: 1 to watch every step, max to go as fast as the worker can.",
            where=("page",)),
    Setting("steps", "Steps", "int", 5000, 0, 10_000_000,
            help="How many training iterations to run.", where=("cli",)),
    Setting("length", "Sample length", "int", 200, 1, 100_000,
            help="How many characters to sample.", where=("cli",)),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
DEFAULTS: dict[str, object] = {s.name: s.default for s in SETTINGS}


def validate(name: str, value: object):
    """The parsed value of setting `name`, or ValueError naming the setting and its range."""
    if name not in BY_NAME:
        raise ValueError(f"Unknown setting “{name}”; known settings: {', '.join(BY_NAME)}.")
    return BY_NAME[name].parse(value)


def validate_all(values: dict) -> dict:
    """Every setting in `values` parsed (unknown names refused); missing ones left out."""
    return {name: validate(name, value) for name, value in values.items()}


def as_json() -> dict:
    """The table as the page reads it (web/generated/settings.json)."""
    return {
        "integerPattern": INTEGER_PATTERN,
        "numberPattern": NUMBER_PATTERN,
        "message": MESSAGE,
        "rawLimit": RAW_LIMIT,
        "settings": [s.as_json() for s in SETTINGS],
    }
