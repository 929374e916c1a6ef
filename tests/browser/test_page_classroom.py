"""The page in a classroom: keys, focus, screen readers, skipping ahead, presenter mode, a link that
reproduces the run, and a trained model saved to a file and loaded back — as a teacher uses them."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from py_core.checkpoint import FORMAT
from py_core.corpus import ALPHABET

MILESTONES = [0, 100, 500, 1000, 2000, 5000]
SETTINGS = ["cell", "hidden", "seq", "lr", "clip", "seed", "temperature", "speed"]


def pinned(r) -> list[int]:
    return r.eval("""() => [...document.querySelectorAll('[data-testid="timeline-item"]')]
        .filter(li => !li.classList.contains('waiting')).map(li => Number(li.dataset.iteration))""")


def timeline(r) -> dict:
    return r.eval("""() => Object.fromEntries([...document.querySelectorAll('[data-testid="timeline-item"]')]
        .map(li => [li.dataset.iteration, li.querySelector('.text').textContent]))""")


def blur(r):
    r.eval("() => { if (document.activeElement) document.activeElement.blur(); }")


def press(r, key: str):
    r.page.keyboard.press(key)


def settings_shown(r) -> dict:
    return {name: r.page.input_value(r.testid(name)) for name in SETTINGS}


def help_open(r) -> bool:
    return r.eval("() => document.querySelector('[data-testid=keys-help]').open")


def step(r, n: int = 1):
    for _ in range(n):
        before = r.iteration()
        r.click("step")
        r.wait(lambda: r.iteration() == before + 1, "a step")


def settled_heatmap(r, phrase: str) -> list:
    """The heatmap of `phrase` drawn after everything sent so far (the worker answers in order)."""
    r.fill("heatmap-phrase", phrase)
    r.wait(lambda: len(r.heatmap()) == 4 * len(phrase), f"the heatmap of “{phrase}”")
    return r.heatmap()


def test_keys_drive_the_panel(reader):
    r = reader
    r.reset()
    blur(r)
    press(r, " ")
    r.wait(lambda: r.state() == "training", "Space to start training")
    press(r, " ")
    r.wait(lambda: r.state() == "paused", "Space to pause")
    at = r.iteration()
    press(r, "ArrowRight")
    r.wait(lambda: r.iteration() == at + 1, "→ to take one step")
    press(r, "s")
    r.wait(lambda: r.iteration() == at + 2, "S to take another")
    press(r, "r")
    r.wait(lambda: r.iteration() == 0 and r.state() == "ready", "R to reset")

    # ? lists the keys; Escape closes the list; keys do nothing to the run meanwhile.
    press(r, "?")
    r.wait(lambda: help_open(r), "the list of keys")
    assert r.page.is_visible(r.testid("keys-help"))
    assert "Train or pause" in r.text("keys-help")
    press(r, "s")
    press(r, "Escape")
    r.wait(lambda: not help_open(r), "Escape to close it")
    assert r.iteration() == 0
    r.click("keys")  # the ? button opens it too
    r.wait(lambda: help_open(r), "the list from its button")
    r.page.click(r.testid("keys-close"))
    r.wait(lambda: not help_open(r), "Close to close it")

    # Typing in a field types; it does not train, step or reset.
    r.page.click(r.testid("heatmap-phrase"))
    r.page.keyboard.type(" sr ")
    assert r.page.input_value(r.testid("heatmap-phrase")).endswith(" sr ")
    assert r.state() == "ready" and r.iteration() == 0
    r.page.fill(r.testid("heatmap-phrase"), "shall i compare")
    # Space on a focused button presses that button (here Step), not Train.
    r.page.focus(r.testid("step"))
    press(r, " ")
    r.wait(lambda: r.iteration() == 1, "Space to press the focused Step button")
    assert r.state() == "paused"
    blur(r)


def test_tab_reaches_every_control_with_a_visible_focus_ring(reader):
    r = reader
    blur(r)
    r.page.click("h1")  # Tab starts from the top of the page
    seen, ringless = [], []
    for _ in range(90):
        press(r, "Tab")
        info = r.eval("""() => {
            const el = document.activeElement;
            const shown = el.classList.contains('visually-hidden') ? el.closest('label') : el;
            const css = getComputedStyle(shown);
            return {name: el.dataset.testid || el.id || el.tagName, tag: el.tagName,
                    ring: css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) >= 2,
                    box: shown.getBoundingClientRect().width > 0};
        }""")
        if info["tag"] == "BODY":
            break
        seen.append(info["name"])
        if not (info["ring"] and info["box"]):
            ringless.append(info["name"])
    assert ringless == []
    for name in ["present", "share", "embed", "save", "load-input", "keys", "train", "step", "reset", "skip",
                 "speed", "temperature", "heatmap-cell", "heatmap-phrase", "heatmap-units", "hidden", "seq",
                 "lr", "clip", "seed", "corpus-input", "corpus-apply"]:
        assert name in seen, f"{name} is not reached by Tab ({seen})"
    assert seen.count("heatmap-cell") == 1  # one tab stop for the grid
    blur(r)


def test_skip_ahead_to_5000_trains_at_full_speed_then_shows_the_result(reader):
    r = reader
    r.reset()
    untrained = r.heatmap()
    r.eval("""() => {
        window.sampleChanges = 0;
        new MutationObserver(() => window.sampleChanges++).observe(document.getElementById('sample'),
            {childList: true, characterData: true, subtree: true});
    }""")
    assert r.text("skip") == "Skip to 5,000"
    r.click("skip")
    r.wait(lambda: r.state() == "paused" and r.iteration() >= 5000, "the skip to land at 5,000", 180)
    assert r.iteration() == 5000
    assert pinned(r) == MILESTONES  # every milestone's sample was still captured
    assert all(not text.startswith("not reached") for text in timeline(r).values())
    assert r.loss() < 2.6
    assert r.heatmap() != untrained
    assert "at iteration 5000" in r.page.get_attribute(r.testid("loss-chart"), "aria-label")
    assert r.eval("() => window.sampleChanges") <= 8  # samples at the milestones and the end, not every frame
    r.wait(lambda: r.eval("() => document.querySelector('[data-testid=gradient-decay]').dataset.iteration") == "5000",
           "the memory plot of the result")
    assert r.text("skip") == "Skip to 10,000"
    assert "Stopped at iteration 5,000" in r.text("announcer")


def test_pause_stops_a_skip(reader):
    r = reader
    r.reset()
    r.click("skip")
    r.wait(lambda: r.iteration() > 0, "the skip to start")
    r.click("train")  # it reads "Pause" while skipping
    r.wait(lambda: r.state() == "paused", "Pause to stop the skip")
    stopped = r.iteration()
    assert 0 < stopped < 5000
    r.wait(lambda: r.text("skip") == "Skip to 5,000", "the skip button back")
    r.page.wait_for_timeout(500)
    assert r.iteration() == stopped


def test_screen_readers_hear_a_periodic_loss_not_a_flood(reader):
    r = reader
    r.reset()
    r.eval("""() => {
        window.announcements = [];
        new MutationObserver(() => window.announcements.push(document.getElementById('announcer').textContent))
            .observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true});
    }""")
    r.click("train")
    r.wait(lambda: r.text("announcer").startswith("Iteration"), "a loss update while training", 40)
    heard = r.eval("() => window.announcements")
    assert len(heard) <= 2, heard  # one about every ten seconds, while the counter moved thousands of times
    assert "nats per character" in heard[-1]
    r.pause()
    r.wait(lambda: r.text("announcer").startswith("Stopped at iteration"), "the stop announced")
    assert r.eval("() => document.getElementById('announcer').getAttribute('aria-live')") == "polite"
    assert r.eval("() => document.querySelector('[data-testid=status]').getAttribute('role')") == "status"


def test_the_heatmap_has_a_table_alternative(reader):
    r = reader
    r.page.click("#heatmap-table-box summary")
    r.wait(lambda: r.eval("() => !!document.querySelector('[data-testid=heatmap-table]').tHead"), "the table")
    table = r.eval("""() => {
        const t = document.querySelector('[data-testid=heatmap-table]');
        return {head: [...t.tHead.rows[0].cells].map(c => c.textContent),
                rows: [...t.tBodies[0].rows].map(row => [...row.cells].map(c => c.textContent)),
                caption: t.caption.textContent};
    }""")
    assert table["head"] == ["After", "h0", "h1", "h2", "h3"]
    assert [row[0] for row in table["rows"]] == ["s", "h", "a", "l", "l", "space", "i", "space", "c", "o", "m", "p", "a", "r", "e"]
    cells = {(row, col): value for row, col, value in r.heatmap()}
    for col, shown in enumerate(table["rows"]):
        for row, text in enumerate(shown[1:]):
            assert abs(float(text.replace("−", "-")) - cells[(row, col)]) <= 0.005 + 1e-12, (row, col, text)
    assert "shall i compare" in table["caption"]
    r.page.click("#heatmap-table-box summary")


def test_reduced_motion_is_respected(reader):
    r = reader
    r.page.emulate_media(reduced_motion="reduce")
    try:
        assert r.eval("() => getComputedStyle(document.querySelector('.heatmap-cell')).transitionDuration") == "0s"
        r.page.click('[data-testid=article] a.panel-link[href="#heatmap-card"]')
        assert r.eval("""() => {
            const card = document.getElementById('heatmap-card');
            return card.classList.contains('flash') && getComputedStyle(card).animationName === 'none';
        }""")
        r.click("train")
        r.wait(lambda: r.state() == "training", "training")
        assert r.eval("() => getComputedStyle(document.querySelector('[data-testid=status]'), '::before').animationName") == "none"
        r.pause()
    finally:
        r.page.emulate_media(reduced_motion="no-preference")
    assert r.eval("() => getComputedStyle(document.querySelector('.heatmap-cell')).transitionDuration") != "0s"
    blur(r)


def test_a_shared_link_reproduces_the_run(reader, open_reader):
    r = reader
    r.fill("seed", "3")
    r.fill("lr", "0.05")
    r.fill("temperature", "0.7")
    r.reset()
    step(r, 4)
    loss, heat = r.text("loss"), settled_heatmap(r, "shall i compare thee")
    r.click("share")
    assert r.page.is_visible(r.testid("share-sheet"))
    link = r.page.input_value(r.testid("share-link"))
    query = parse_qs(urlsplit(link).query)
    assert query == {"cell": ["rnn"], "hidden": ["64"], "seq": ["25"], "lr": ["0.05"], "clip": ["5"], "seed": ["3"],
                     "temperature": ["0.7"], "speed": ["max"]}  # every setting, defaults and seed included
    assert link.startswith(r.base_url)
    r.wait(lambda: r.eval("() => document.getElementById('share-note').textContent") != "", "copied, or how to copy")
    assert r.eval("() => document.getElementById('share-link').readOnly")

    other = open_reader("?" + urlsplit(link).query)
    assert settings_shown(other) == settings_shown(r)
    step(other, 4)
    assert other.text("loss") == loss
    assert settled_heatmap(other, "shall i compare thee") == heat
    other.assert_clean()
    other.close()

    r.click("share")  # closes the sheet
    assert not r.page.is_visible(r.testid("share-sheet"))
    r.fill("seed", "0")
    r.fill("lr", "0.1")
    r.fill("temperature", "1")
    r.reset()
    assert r.query() == ""
    settled_heatmap(r, "shall i compare")


def test_a_trained_model_saves_to_a_file_and_loads_back(reader, open_reader):
    r = reader
    r.reset()
    r.train_until(lambda: r.iteration() >= 150, "150 iterations")
    with r.page.expect_download() as download:
        r.click("save")
    path = Path(download.value.path())
    data = json.loads(path.read_text())
    at = r.iteration()
    assert download.value.suggested_filename == f"rnn-live-seed0-{at}.json"
    assert data["format"] == FORMAT and data["iteration"] == at
    assert data["settings"] == {"cell": "rnn", "hidden": 64, "seq": 25, "lr": 0.1, "clip": 5.0, "seed": 0,
                                "window": 8, "context": 32}
    assert data["vocab"] == "".join(sorted(ALPHABET))
    assert data["page"]["iteration"] == at and len(data["page"]["curve"]) > 100 and data["page"]["curve"][-1][0] == at
    assert set(data["page"]["timeline"]) == {str(m) for m in MILESTONES if m <= at}
    r.wait(lambda: "Saved the network" in r.text("tool-note"), "the note that it was saved")

    other = open_reader("?seed=9&hidden=16")
    other.page.set_input_files(other.testid("load-input"), str(path))
    other.wait(lambda: other.iteration() == at, "the model to load")
    other.wait(lambda: other.text("loss") == r.text("loss") and other.heatmap() == r.heatmap(), "the loaded run's panel")
    assert settings_shown(other)["seed"] == "0" and settings_shown(other)["hidden"] == "64"
    assert "seed" not in other.query() and "hidden" not in other.query()
    assert timeline(other) == timeline(r)
    assert "Loaded “" in other.text("tool-note")
    # It resumes exactly where the saved run stood.
    step(r)
    step(other)
    assert other.text("loss") == r.text("loss")
    other.assert_clean()
    other.close()


def test_a_bad_model_file_is_refused_and_the_run_goes_on(reader):
    r = reader
    step(r)
    kept = r.iteration()
    for name, content, message in [
        ("notes.json", b"<img src=x onerror=alert(1)> not json", "not JSON"),
        ("other.json", b'{"format": "something-else"}', "Not an RNN live checkpoint"),
    ]:
        r.page.set_input_files(r.testid("load-input"), files=[{"name": name, "mimeType": "application/json", "buffer": content}])
        r.wait(lambda: r.error() is not None, f"an error for {name}")
        assert r.error().startswith(f"Could not load “{name}”: ") and message in r.error()
        assert r.iteration() == kept and r.state() == "paused"
        r.page.click("#dismiss")
        r.wait(lambda: r.error() is None, "the error to close")
    assert r.page.locator("img").count() == 0 and r.dialogs == []
    step(r)


def test_presenter_mode_is_legible_from_the_back_of_the_room(open_reader):
    r = open_reader("?present=1", viewport={"width": 1280, "height": 720})
    size = lambda name: float(r.eval("s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", r.testid(name)))
    assert size("loss") >= 32 and size("iteration") >= 32
    assert r.eval("s => getComputedStyle(document.querySelector(s)).color", r.testid("loss")) == "rgb(0, 0, 0)"
    for name in ["train", "step", "reset", "skip", "loss", "loss-chart", "heatmap", "sample", "fullscreen"]:
        assert r.page.is_visible(r.testid(name)), name
    for name in ["article", "corpus-input", "hidden", "timeline", "share", "save"]:
        assert not r.page.is_visible(r.testid(name)), name
    assert r.page.locator("h1").bounding_box()["width"] <= 1  # for screen readers only (visually hidden)
    # The panel fills the projector's screen, no more.
    assert r.eval("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [1280, 720]
    assert r.eval("() => parseFloat(getComputedStyle(document.querySelector('.heatmap-cell')).fontSize)") >= 16
    r.click("skip")
    r.wait(lambda: r.state() == "paused" and r.iteration() == 5000, "a skip in presenter mode", 180)
    assert r.eval("() => document.documentElement.scrollHeight") == 720
    # Full screen, where the browser allows it.
    r.click("fullscreen")
    r.wait(lambda: r.eval("() => !!document.fullscreenElement") and r.text("fullscreen") == "Exit full screen", "full screen")
    r.click("fullscreen")
    r.wait(lambda: r.eval("() => !document.fullscreenElement") and r.text("fullscreen") == "Full screen", "full screen to end")
    # Leaving presenter mode: the button, then the P key back again.
    assert r.text("present") == "Exit presenter"
    assert r.eval("() => document.querySelector('[data-testid=gradient-decay]').dataset.values") == "[]"
    r.click("present")
    r.wait(lambda: r.page.is_visible(r.testid("article")), "the article back")
    assert "present" not in r.query()
    # Its live figures, not computed while hidden, catch up with the run.
    r.wait(lambda: r.eval("() => document.querySelector('[data-testid=gradient-decay]').dataset.iteration") == "5000",
           "the memory plot of the run so far")
    r.wait(lambda: len(r.text("ngram-sample")) == 200, "the n-gram comparison", 60)
    blur(r)
    press(r, "p")
    r.wait(lambda: "present=1" in r.query(), "P to present again")
    r.wait(lambda: not r.page.is_visible(r.testid("article")), "the article hidden again")
    r.assert_clean()
    r.close()
