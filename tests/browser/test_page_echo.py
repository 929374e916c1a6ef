"""The echo text (`?text=echo`, or the choice beside "Train on your own text"): a text that needs
memory, trained on like the sonnets, with the article's live measure of how well each cell
recalls a line's opening key."""
from __future__ import annotations

from py_core import echo


def test_text_echo_loads_the_echo_text(open_reader):
    r = open_reader("?text=echo")
    assert r.page.input_value(r.testid("text-choice")) == "echo"
    assert "echo" in r.text("corpus-status").lower()
    first_line = echo.text().split("\n")[0]
    phrase = r.page.input_value(r.testid("heatmap-phrase"))
    assert phrase == first_line[:40].strip(), (phrase, first_line)
    assert r.text("skip") == "Skip to 15,000"
    r.train_until(lambda: r.iteration() >= 50, "50 iterations on the echo text")
    # Every symbol it writes is one the echo text has.
    assert set(r.text("sample")) <= set(echo.text())
    # The article measures the closing key's first letter for this run's cell.
    r.wait(lambda: r.text("echo-rnn") not in ("—", ""), "the RNN's recall of the key")
    assert 0 < float(r.text("echo-rnn")) < 10
    assert "nats" in r.text("echo-verdict")
    r.assert_clean()


def test_the_text_choice_switches_and_the_url_follows(open_reader):
    r = open_reader()
    r.page.select_option(r.testid("text-choice"), "echo")
    r.wait(lambda: "text=echo" in r.query() and r.state() == "ready", "a run on the echo text")
    assert "echo" in r.text("corpus-status").lower()
    r.page.select_option(r.testid("text-choice"), "sonnets")
    r.wait(lambda: "text" not in r.query() and "sonnets" in r.text("corpus-status"), "the sonnets again")
    r.assert_clean()


def test_a_bad_text_name_is_refused_in_words(open_reader):
    r = open_reader("?text=poems")
    assert "Text must be one of sonnets, echo; got “poems”." in r.error()
    assert "sonnets" in r.text("corpus-status")
    assert "text" not in r.query()
