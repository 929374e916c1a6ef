"""RNN live's model: a character-level vanilla RNN in pure Python + NumPy.

Modules, each one idea, dependencies pointing one way (settings <- corpus, model <- train <- live):
  settings    the settings table: names, defaults, ranges, help; validation
  corpus      normalisation to 28 symbols, Vocabulary, the sonnets
  model       the RNN: forward, exact BPTT, sampling, hidden states
  train       Trainer: the recipe's loop (clip, Adagrad, carried state, smoothed loss)
  checkpoint  save and load a run as JSON (settings, vocabulary, weights)
  surprise    what the network expected: -ln p of each character of a line, its top guesses
  live        what the page's worker calls: time-sliced training, plain-data snapshots
Run `python -m py_core --help` for the command line.
"""
__version__ = "0.1.0"
