"""A reader's own text: applied through py_core's normalisation; a bad one changes nothing."""
from __future__ import annotations

from py_core.corpus import ALPHABET
from py_core.live import corpus_report
from reader_texts import OWL_AND_PUSSYCAT

TEXT = OWL_AND_PUSSYCAT


def test_a_bad_corpus_shows_an_error_and_the_run_keeps_its_state(reader):
    r = reader
    r.train_until(lambda: r.iteration() >= 50, "50 iterations")
    kept = r.iteration()
    r.fill("corpus-input", "", commit=False)
    r.click("corpus-apply")
    r.wait(lambda: r.error() is not None, "an error for an empty corpus")
    assert r.error() == "The corpus is empty: paste or upload some text (letters a–z)."
    markup = "<img src=x onerror=alert(1)>"
    r.fill("corpus-input", markup, commit=False)
    r.click("corpus-apply")
    r.wait(lambda: "too short" in (r.error() or ""), "an error for a too-short corpus")
    assert r.iteration() == kept
    assert r.state() == "paused"
    assert r.page.locator("img").count() == 0  # the reader's text is data, never markup
    assert r.dialogs == []
    assert "Shakespeare" in r.text("corpus-status")
    r.click("step")
    r.wait(lambda: r.iteration() == kept + 1, "the old run to go on")


def test_a_custom_corpus_applies_and_reports_what_was_dropped(reader):
    r = reader
    r.fill("corpus-input", TEXT, commit=False)
    r.click("corpus-apply")
    # (the corpus line changes with the new run; the status reads ready once its first snapshot is drawn)
    r.wait(lambda: "your text" in r.text("corpus-status") and r.state() == "ready", "the new corpus")
    assert r.iteration() == 0
    assert r.error() is None  # the earlier corpus error is gone with the new run
    report = corpus_report(TEXT)
    status = r.text("corpus-status")
    assert f"{report['chars']:,} characters kept of {report['original']:,}" in status
    assert f"{report['dropped']:,} dropped" in status
    # The heatmap now reads the text's own first words.
    r.wait(lambda: r.page.input_value("#phrase") == "the owl and the", "the text's first words in the heatmap")
    assert len(r.heatmap()) == 4 * 15
    r.train_until(lambda: r.iteration() >= 30, "training on the new text")
    sample = r.text("sample")
    assert set(sample) <= set(ALPHABET)
    assert set(sample) <= set(TEXT.lower()) & set(ALPHABET)  # only symbols of the reader's text
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status") and r.iteration() == 0, "the sonnets again")
    r.wait(lambda: r.page.input_value("#phrase") == "shall i compare", "the default phrase again")


def test_an_uploaded_file_fills_the_text_box(reader, tmp_path):
    r = reader
    path = tmp_path / "owl.txt"
    path.write_text(TEXT, encoding="utf-8")
    r.page.set_input_files("#corpus-file", str(path))
    r.wait(lambda: r.page.input_value(r.testid("corpus-input")) == TEXT, "the file's text in the box")
    r.wait(lambda: "owl.txt" in r.text("corpus-status"), "the file named in the corpus line")
