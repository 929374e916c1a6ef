"""RNN live's model: a character-level vanilla RNN in pure Python + NumPy.

Modules, each one idea, dependencies pointing one way (settings <- corpus, model <- train <- live):
  settings    the settings table: names, defaults, ranges, help; validation
  corpus      normalisation to 28 symbols, Vocabulary, the sonnets
  network     what both cells share: the flat parameters, the output layer, weight gradients
  model       the RNN: forward, exact BPTT, sampling, hidden states
  lstm        the LSTM with a forget gate, the same interface
  train       Trainer: the recipe's loop (clip, Adagrad, carried state, smoothed loss)
  checkpoint  save and load a run as JSON (settings, vocabulary, weights)
  surprise    what the network expected: -ln p of each character of a line, its guesses and ranks
  shannon     Shannon's guessing game: bounds in nats from guess counts, the game's lines
  units       what the units track: correlations with features of a passage, top contexts, match
  lurch       which hidden units lurch at a space (the heatmap's claim)
  memory      how far back the network remembers: ‖∂h_t/∂s_{t-k}‖
  ngram       the character n-gram rival of comparable size
  echo        the long-memory text and how well a run recalls it
  live        what the page's worker calls: time-sliced training, plain-data snapshots
Run `python -m py_core --help` for the command line.
"""
__version__ = "0.1.0"
