"""The command line: train on the sonnets (or a file), sample from a checkpoint, print settings.

    python -m py_core train --steps 5000 --seed 1                # readable progress, like the gist
    python -m py_core train --steps 5000 --seed 1 --json         # JSON lines; the last one sums up
    python -m py_core train --steps 5000 --save run.json         # keep the trained network
    python -m py_core train --steps 5000 --cell lstm --hidden 30 # an LSTM of about the RNN's size
    python -m py_core train --cell window --window 16            # the fixed-window model, n = 16
    python -m py_core train --cell attention --context 32        # causal self-attention over 32 characters
    python -m py_core sample --checkpoint run.json --length 300  # write with it later
    python -m py_core settings [--json]                          # the settings table

Bad arguments exit with status 2 and one line on stderr.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from . import corpus, settings  # standard library only: `settings --json` runs before NumPy is installed

SAMPLE_EVERY = 1000  # iterations between progress reports


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, no usage block
        self.exit(2, f"{self.prog}: error: {message}\n")


def _help(name: str) -> str:
    s = settings.BY_NAME[name]
    default = f" (default {s.default})" if s.default is not None else ""
    return f"{s.help} {s.rule[0].upper() + s.rule[1:]}{default}."


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m py_core", description="RNN live: a character-level RNN.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    t = sub.add_parser("train", help="train on the sonnets (or --corpus FILE)")
    t.add_argument("--steps", default="5000", help=_help("steps"))
    t.add_argument("--seed", default="0", help=_help("seed"))
    t.add_argument("--cell", default="rnn", help=_help("cell"))
    t.add_argument("--window", default=str(settings.DEFAULTS["window"]), help=_help("window"))
    t.add_argument("--context", default=str(settings.DEFAULTS["context"]), help=_help("context"))
    t.add_argument("--hidden", default="64", help=_help("hidden"))
    t.add_argument("--seq-length", dest="seq", default="25", help=_help("seq"))
    t.add_argument("--lr", default="0.1", help=_help("lr"))
    t.add_argument("--clip", default="5", help=_help("clip"))
    t.add_argument("--temperature", default="1", help=_help("temperature"))
    t.add_argument("--length", default="200", help="characters per sample (default 200)")
    t.add_argument("--sample-every", default=str(SAMPLE_EVERY),
                   help=f"iterations between reports (default {SAMPLE_EVERY})")
    t.add_argument("--corpus", metavar="FILE", help="train on this UTF-8 text file instead")
    t.add_argument("--save", metavar="PATH", help="write a JSON checkpoint here at the end")
    t.add_argument("--json", action="store_true", help="print JSON lines instead of text")

    s = sub.add_parser("sample", help="write text with a saved network")
    s.add_argument("--checkpoint", required=True, metavar="PATH")
    s.add_argument("--length", default="200", help=_help("length"))
    s.add_argument("--temperature", default="1", help=_help("temperature"))
    s.add_argument("--seed", default="0", help=_help("seed"))
    s.add_argument("--prime", default="", help="text to read before writing (default: a newline)")
    s.add_argument("--json", action="store_true")

    st = sub.add_parser("settings", help="print the settings table")
    st.add_argument("--json", action="store_true", help="as web/generated/settings.json wants it")
    return p


def _read_corpus(path: str | None) -> str:
    if path is None:
        return corpus.sonnets()
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ValueError(f"Cannot read {path}: {e.strerror}.") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text.") from None
    if "\0" in text:  # as the page refuses an upload: binary data that happens to decode
        raise ValueError(f"{path} looks like a binary file (it contains NUL characters), not text.")
    return text


def _train(a) -> None:
    from . import checkpoint
    from .train import Trainer

    steps = settings.validate("steps", a.steps)
    every = max(1, settings.validate("steps", a.sample_every))
    length = settings.validate("length", a.length)
    temperature = settings.validate("temperature", a.temperature)
    t = Trainer(_read_corpus(a.corpus), hidden_size=a.hidden, seq_length=a.seq,
                learning_rate=a.lr, clip=a.clip, seed=a.seed, cell=a.cell, window=a.window,
                context=a.context)
    emit = (lambda d: print(json.dumps(d), flush=True)) if a.json else None
    if not a.json:
        print(f"{t.settings['cell'].upper()}; corpus {len(t.text):,} characters, {len(t.vocab)} symbols; "
              f"{t.model.params.size:,} parameters; uniform loss ln {len(t.vocab)} = {t.initial_loss:.3f}")
    start = time.perf_counter()
    while t.iteration < steps and not t.diverged:
        state = t.step(min(every - t.iteration % every, steps - t.iteration))
        if t.iteration % every == 0 or t.iteration == steps or t.diverged:
            text = t.sample(length, temperature)
            if emit:
                emit({**state, "sample": text})
            else:
                print(f"iter {t.iteration:,}  loss {state['smooth_loss']:.3f} nats/char\n----\n{text}\n----")
    seconds = time.perf_counter() - start
    if a.save:
        try:
            checkpoint.save(t, a.save)
        except OSError as e:
            raise ValueError(f"Cannot write {a.save}: {e.strerror}.") from None
    summary = {"cell": t.settings["cell"], "iterations": t.iteration, "vocab_size": len(t.vocab),
               "initial_loss": t.initial_loss,
               "smooth_loss": t.smooth_loss, "loss": t.loss, "diverged": t.diverged,
               "seconds": seconds, "sample": t.sample(length, temperature)}
    if emit:
        emit(summary)
    else:
        why = "  DIVERGED: the loss stopped being a finite number; lower --lr." if t.diverged else ""
        print(f"done: {t.iteration:,} iterations in {seconds:.2f} s, smoothed loss "
              f"{t.initial_loss:.3f} -> {t.smooth_loss:.3f} nats/char{why}")
    if t.diverged:
        sys.exit(1)


def _sample(a) -> None:
    import numpy as np

    from . import checkpoint

    length = settings.validate("length", a.length)
    temperature = settings.validate("temperature", a.temperature)
    seed = settings.validate("seed", a.seed)
    model, vocab, _ = checkpoint.load(a.checkpoint)
    prime = corpus.normalize(a.prime).rstrip("\n") or "\n"
    prime = "".join(c for c in prime if c in vocab) or vocab.chars[0]
    ids = vocab.encode(prime)
    state = model.states(ids[:-1])[-1] if len(ids) > 1 else None  # h, [h; c], or the symbols read
    text = vocab.decode(model.sample(state, ids[-1], length, temperature, np.random.default_rng(seed)))
    print(json.dumps({"prime": prime, "sample": text}) if a.json else text)


def _settings(a) -> None:
    if a.json:
        print(json.dumps(settings.as_json(), ensure_ascii=False, indent=1))
        return
    for s in settings.SETTINGS:
        print(f"{s.name:12} {str(s.default):>6}  {s.rule:40}  {s.help}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        {"train": _train, "sample": _sample, "settings": _settings}[args.command](args)
    except (ValueError, FileNotFoundError) as e:
        print(f"python -m py_core {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
