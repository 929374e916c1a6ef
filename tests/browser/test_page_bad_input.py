"""Bad input: whatever a reader pastes, uploads, drops, types or puts in the URL, the page says
what is wrong (and the limit or the allowed range), and the run keeps its state.

Complements test_page_corpus.py (empty and too-short text, markup in a too-short text) and
test_page_settings.py (the parser against Python's, bad URL values): these are the other cases.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from py_core import settings
from py_core.corpus import ALPHABET
from py_core.live import corpus_report

LIMIT = 2_000_000  # web/js/page/corpus-file.js CORPUS_LIMIT
PROSE = ("From fairest creatures we desire increase, that thereby beauty's rose might never die, "
         "but as the riper should by time decease, his tender heir might bear his memory.\n")
WORLD = PROSE * 3 + "Ünïcödé façade — naïve café. 😀🎉👍 日本語のテキスト. Ελληνικά κείμενα. العربية. 🚀🚀🚀\n"
MARKUP = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"


def refusal(name: str, raw: str) -> str:
    return str(settings.BY_NAME[name].refuse(raw))


def set_corpus_text(r, text: str):
    """Put `text` in the text box as a paste would (without typing it key by key)."""
    r.eval("""text => {
        const box = document.querySelector('[data-testid="corpus-input"]');
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
    }""", text)


def apply_corpus(r, text: str):
    set_corpus_text(r, text)
    r.click("corpus-apply")


def nothing_injected(r):
    """No element made from a reader's text, nothing run from it."""
    assert r.page.locator("img").count() == 0
    scripts = r.eval("() => Array.from(document.querySelectorAll('script'), (s) => s.getAttribute('src'))")
    assert scripts == ["js/page/boot.js", "js/page/main.js"]  # the page's own, nothing else
    assert r.eval("() => window.__pwned === undefined")
    assert r.dialogs == []


def kept_going(r, iteration: int):
    """The run is where it was, and still trains."""
    assert r.iteration() == iteration
    assert r.state() == "paused"
    r.click("step")
    r.wait(lambda: r.iteration() == iteration + 1, "the old run to take a step")
    return iteration + 1


# --- the reader's text ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("   \n\t\u00a0\u3000\n  ", "The corpus is empty: paste or upload some text (letters a–z)."),
    ("!!! ??? 123 456 😀🎉 日本語 ٣٤٥ Ελλ", None),  # Greek letters are dropped too: no usable symbol
    ("Ça va? 😀😀😀 Oui!", "The corpus is too short: 10 characters after normalising, but one training "
                         "sequence of length 25 needs at least 27."),
])
def test_unusable_text_is_refused_with_the_reason_and_the_run_goes_on(reader, text, message):
    r = reader
    if r.iteration() == 0:
        r.train_until(lambda: r.iteration() >= 20, "some training")
    r.pause()
    kept = r.iteration()
    apply_corpus(r, text)
    r.wait(lambda: r.error() is not None, "a message for unusable text")
    expected = message or "The corpus has no usable symbol: only the letters a–z, spaces and newlines are kept."
    assert r.error() == expected
    assert "Shakespeare" in r.text("corpus-status")
    kept_going(r, kept)
    r.page.click("#dismiss")
    r.wait(lambda: r.error() is None, "the message to go")


def test_emoji_and_other_scripts_are_dropped_and_the_page_says_how_much(reader):
    r = reader
    apply_corpus(r, WORLD)
    r.wait(lambda: "your text" in r.text("corpus-status"), "the new corpus")
    report = corpus_report(WORLD)
    assert report["dropped"] > 40  # the emoji, the CJK, Greek and Arabic letters, the punctuation
    status = r.text("corpus-status")
    assert f"{report['chars']:,} characters kept of {report['original']:,}" in status, status
    assert f"{report['dropped']:,} dropped" in status and "emoji" in status, status
    r.train_until(lambda: r.iteration() >= 20, "training on it")
    assert set(r.text("sample")) <= set(ALPHABET)
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status") and r.iteration() == 0, "the sonnets again")


def test_markup_is_trained_on_as_text_and_never_run(reader):
    r = reader
    text = (MARKUP + "\n" + PROSE) * 3
    apply_corpus(r, text)
    r.wait(lambda: "your text" in r.text("corpus-status"), "the markup-laden text applied")
    r.wait(lambda: r.page.input_value("#phrase").startswith("script"), "its first words in the heatmap")
    r.train_until(lambda: r.iteration() >= 10, "training on it")
    nothing_injected(r)
    # In the fields that echo what was typed, markup comes back as text.
    r.fill("heatmap-units", MARKUP)
    r.wait(lambda: r.error() is not None, "a message for the units")
    assert "<script>" in r.error()
    r.fill("heatmap-phrase", "<img src=x onerror=alert(1)>")
    r.wait(lambda: len(r.heatmap()) == 4 * len("img srcx onerroralert"), "the phrase, normalised, in the heatmap")
    nothing_injected(r)
    r.fill("heatmap-units", "0 1 2 3")
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status") and r.iteration() == 0, "the sonnets again")
    r.wait(lambda: r.error() is None, "no message left")
    r.page.set_input_files("#corpus-file", files=[{"name": "<img src=x onerror=alert(1)>.txt",
                                                    "mimeType": "text/plain", "buffer": PROSE.encode()}])
    r.wait(lambda: "Loaded “<img src=x onerror=alert(1)>.txt”" in r.text("corpus-status"), "the file name, as text")
    nothing_injected(r)
    set_corpus_text(r, "")


def test_a_10_mb_paste_is_refused_naming_the_limit_and_nothing_freezes(reader):
    r = reader
    r.click("step")
    r.wait(lambda: r.iteration() >= 1, "a step")
    kept = r.iteration()
    r.eval("() => { const box = document.querySelector('[data-testid=\"corpus-input\"]'); box.value = 'a'.repeat(10_000_000); }")
    r.click("corpus-apply")
    r.wait(lambda: r.error() is not None, "a message for 10 MB of text")
    assert r.error() == ("That text is 10,000,000 characters long; the limit is 2,000,000 "
                         "(about 20 times Shakespeare’s sonnets). Use a shorter extract.")
    assert r.eval("() => new Promise(done => requestAnimationFrame(() => done(true)))")  # the page still draws
    kept = kept_going(r, kept)  # and the worker never saw it
    set_corpus_text(r, "")


def test_a_long_text_within_the_limit_is_read_off_the_page_thread(reader):
    r = reader
    text = (PROSE * (LIMIT // len(PROSE)))[: LIMIT - 1000]  # (no emoji: JS counts those twice)
    apply_corpus(r, text)
    frames = 0
    while "your text" not in r.text("corpus-status"):  # the page keeps drawing frames meanwhile
        assert r.eval("() => new Promise(done => requestAnimationFrame(() => done(true)))")
        frames += 1
        assert frames < 3000, "the long text never applied"
    report = corpus_report(text)
    assert f"{report['chars']:,} characters kept of {report['original']:,}" in r.text("corpus-status")
    r.train_until(lambda: r.iteration() >= 5, "training on the long text")
    r.reset()
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status") and r.iteration() == 0, "the sonnets again")
    set_corpus_text(r, "")


# --- files ------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))

@pytest.mark.parametrize("name, data, message", [
    ("picture.png", PNG, "“picture.png” is not UTF-8 text (is it a binary file, or another encoding?). "
                         "Save it as UTF-8 plain text and try again."),
    ("latin1.txt", "Café, naïve façade\n".encode("latin-1") * 20, "“latin1.txt” is not UTF-8 text"),
    ("utf16.txt", "\ufeffShall I compare thee\n".encode("utf-16-le") * 20, "“utf16.txt” is not UTF-8 text"),
    ("nul.bin", b"abc\x00\x00\x00def" * 100, "“nul.bin” looks like a binary file (it contains NUL characters), not text."),
    ("huge.txt", b"a" * 9_000_000, "“huge.txt” is 9.0 MB; the limit is 2,000,000 characters (at most 8 MB). Use a shorter extract."),
    ("long.txt", b"ab " * 1_000_000, "“long.txt” is 3,000,000 characters long; the limit is 2,000,000"),
])
def test_a_file_that_is_not_text_or_too_long_is_refused(reader, name, data, message):
    r = reader
    set_corpus_text(r, "kept")
    r.page.set_input_files("#corpus-file", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    r.wait(lambda: r.error() is not None, f"a message for {name}")
    assert r.error().startswith(message), r.error()
    assert r.page.input_value(r.testid("corpus-input")) == "kept"
    assert name not in r.text("corpus-status")
    r.page.click("#dismiss")
    r.wait(lambda: r.error() is None, "the message to go")


def test_a_utf8_file_with_a_bom_is_text(reader):
    r = reader
    r.page.set_input_files("#corpus-file", files=[{"name": "bom.txt", "mimeType": "text/plain",
                                                    "buffer": "\ufeff".encode() + PROSE.encode()}])
    r.wait(lambda: r.page.input_value(r.testid("corpus-input")) == PROSE, "the text without its BOM")
    assert r.error() is None


def drop(r, name: str, data: bytes) -> bool:
    """Drop a file on the text box, as a reader dragging it from their desktop; was it handled?"""
    return r.eval("""([name, bytes]) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/plain' }));
        const event = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
        document.querySelector('[data-testid="corpus-input"]').dispatchEvent(event);
        return event.defaultPrevented;
    }""", [name, list(data)])


def test_a_dropped_file_is_read_like_an_upload_not_opened(reader):
    r = reader
    assert drop(r, "dropped.txt", PROSE.encode())  # the browser does not navigate away to the file
    r.wait(lambda: r.page.input_value(r.testid("corpus-input")) == PROSE, "the dropped file's text")
    r.wait(lambda: "dropped.txt" in r.text("corpus-status"), "its name")
    assert drop(r, "dropped.png", PNG)
    r.wait(lambda: r.error() is not None, "a message for a dropped binary")
    assert "“dropped.png” is not UTF-8 text" in r.error()
    assert r.page.input_value(r.testid("corpus-input")) == PROSE
    r.page.click("#dismiss")
    set_corpus_text(r, "")


# --- settings and view fields -------------------------------------------------------------------------

def test_bad_controls_leave_the_run_alone_and_reset_uses_the_last_good_values(reader):
    r = reader
    r.reset()
    r.train_until(lambda: r.iteration() >= 5, "some training")
    kept = r.iteration()
    for name, raw in [("hidden", "NaN"), ("seq", "-1"), ("lr", "Infinity"), ("clip", "1e308"),
                      ("temperature", "abc"), ("seed", "1e3"), ("hidden", "٦٤"), ("seq", "9" * 400)]:
        r.fill(name, raw)
        r.wait(lambda: r.error() == refusal(name, raw), f"the message for {name}={raw[:20]!r}")
        assert r.page.get_attribute(r.testid(name), "aria-invalid") == "true"
        assert r.iteration() == kept and r.state() == "paused"
        assert r.query() == ""  # refused values never reach the URL
        r.fill(name, str(settings.DEFAULTS[name]))
        r.wait(lambda: r.error() is None, f"the message for {name} to go")
    # Reset with a refused value still in a control: the last good values (the defaults) are used.
    r.fill("hidden", "abc")
    r.click("reset")
    r.wait(lambda: r.iteration() == 0 and r.error() is None, "a new run")
    assert len(r.heatmap()) == 60
    r.wait(lambda: r.page.input_value(r.testid("hidden")) == "64", "the control showing the value in use")
    assert r.page.get_attribute(r.testid("hidden"), "aria-invalid") == "false"


@pytest.mark.parametrize("units, message", [
    ("NaN", "Hidden units are numbered 0 to 63; got “NaN”."),
    ("-1", "Hidden units are numbered 0 to 63; got “-1”."),
    ("1e9", "Hidden units are numbered 0 to 63; got “1e9”."),
    ("99999999", "Hidden units are numbered 0 to 63; got “99999999”."),
    ("0 1 2 3 4 5 6 7 8", "Pick between 1 and 8 hidden units to show."),
    (",,, ", "Pick between 1 and 8 hidden units to show."),
])
def test_bad_heatmap_units_are_refused_and_the_heatmap_stays(reader, units, message):
    r = reader
    before = r.heatmap()
    r.fill("heatmap-units", units)
    r.wait(lambda: r.error() is not None, f"a message for units {units!r}")
    assert r.error() == message
    assert r.heatmap() == before
    r.fill("heatmap-units", "0 1 2 3")
    r.wait(lambda: r.error() is None, "the message to go")


def test_a_phrase_the_network_cannot_read_is_refused(reader):
    r = reader
    r.fill("heatmap-phrase", "😀 日本 !!!")
    r.wait(lambda: r.error() is not None, "a message for the phrase")
    assert r.error() == "The heatmap phrase has no symbol the network knows."
    assert len(r.heatmap()) == 60
    r.fill("heatmap-phrase", "shall i compare")
    r.wait(lambda: r.error() is None, "the message to go")


def test_a_sequence_longer_than_the_readers_text_is_refused_on_reset(reader):
    r = reader
    short = "the quick brown fox jumps over the lazy dog\n" * 3  # 132 characters
    apply_corpus(r, short)
    r.wait(lambda: "your text" in r.text("corpus-status"), "the short text")
    r.train_until(lambda: r.iteration() >= 3, "some training")
    kept = r.iteration()
    r.fill("seq", "200")
    r.click("reset")
    r.wait(lambda: r.error() is not None, "a message for seq 200")
    assert r.error() == ("The corpus is too short: 132 characters after normalising, but one training "
                         "sequence of length 200 needs at least 202.")
    assert "your text" in r.text("corpus-status")
    kept_going(r, kept)
    r.fill("seq", "25")
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status") and r.iteration() == 0 and r.error() is None,
           "the sonnets again")


@pytest.mark.parametrize("query, refused", ids=["nan-zero-negative-huge-empty", "emoji-long-markup"], argvalues=[
    ("?hidden=NaN&seq=0&lr=1e999&clip=-0.5&seed=-1&temperature=Infinity&speed=",
     {"hidden": "NaN", "seq": "0", "lr": "1e999", "clip": "-0.5", "seed": "-1", "temperature": "Infinity",
      "speed": ""}),
    ("?hidden=%F0%9F%98%80&seed=99999999999999999999999999&lr=" + "9" * 5000 + "&seq=%3Cmarquee%3Ex%3C%2Fmarquee%3E",
     {"hidden": "😀", "seed": "9" * 26, "lr": "9" * 5000, "seq": "<marquee>x</marquee>"}),
])
def test_bad_url_values_are_refused_and_the_page_runs_with_the_defaults(open_reader, query, refused):
    r = open_reader(query)
    assert r.state() == "ready"
    shown = r.error()
    assert shown is not None
    assert sorted(shown.split("\n")) == sorted(refusal(k, v) for k, v in refused.items())
    assert parse_qs(r.query()[1:]) == {}  # the URL now says what the page uses: the defaults
    assert r.page.locator("marquee").count() == 0
    r.click("train")
    r.wait(lambda: r.iteration() > 0, "training with the defaults")
    r.pause()
    assert len(r.heatmap()) == 60
    r.assert_clean()
    r.close()


def test_duplicate_and_unknown_url_parameters(open_reader):
    r = open_reader("?hidden=8&hidden=abc&bogus=%3Cscript%3E&seq")
    # The first of a repeated parameter counts; unknown ones are left alone; a bare `seq` is "".
    assert r.error() == refusal("seq", "")
    assert r.page.input_value(r.testid("hidden")) == "8"
    assert parse_qs(r.query()[1:]) == {"hidden": ["8"], "bogus": ["<script>"]}
    assert not r.page.is_visible("#pending")  # the run was built with hidden=8
    r.assert_clean()
    r.close()


def test_the_page_states_the_limit_it_enforces():
    web = Path(__file__).resolve().parents[2] / "web"
    code = (web / "js" / "page" / "corpus-file.js").read_text(encoding="utf-8")
    assert int(re.search(r"CORPUS_LIMIT = ([\d_]+);", code).group(1).replace("_", "")) == LIMIT
    assert f"up to {LIMIT:,} characters" in (web / "index.html").read_text(encoding="utf-8")
