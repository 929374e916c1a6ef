"""The live panel as a reader uses it: load, Train, Pause, Step, Reset, speed, sample, heatmap."""
from __future__ import annotations

import math
import time

from py_core.corpus import ALPHABET

BASELINE = math.log(28)  # ln V: the loss of a uniform guess over the 28 symbols


def test_the_page_loads_ready_with_everything_in_place(reader):
    r = reader
    assert r.state() == "ready"
    assert r.iteration() == 0
    assert abs(r.loss() - BASELINE) < 1e-3  # the smoothed loss starts at ln V
    assert r.error() is None
    for name in ("train", "step", "reset", "sample", "loss-chart", "heatmap", "corpus-input",
                 "corpus-apply", "hidden", "seq", "lr", "clip", "seed", "temperature", "speed", "article"):
        assert r.page.locator(r.testid(name)).count() == 1, name
    assert len(r.text("article").split()) > 80  # real prose, not a placeholder
    assert r.page.locator("canvas" + r.testid("loss-chart")).count() == 1


def test_heatmap_has_60_cells_in_range(reader):
    cells = reader.heatmap()
    assert len(cells) == 60
    assert sorted((row, col) for row, col, _ in cells) == [(row, col) for row in range(4) for col in range(15)]
    assert all(-1.0 <= value <= 1.0 for _, _, value in cells)


def test_train_makes_the_counter_climb_and_the_loss_fall_below_the_baseline(reader):
    r = reader
    r.click("train")
    r.wait(lambda: r.state() == "training", "status training")
    assert r.text("train").strip() == "Pause"
    r.wait(lambda: r.iteration() >= 300 and r.loss() < BASELINE - 0.1, "the loss to fall below ln 28", 90)
    r.wait(lambda: r.text("throughput").replace(",", "").isdigit(), "a throughput figure")
    r.pause()
    assert r.state() == "paused"


def test_pause_stops_the_counter(reader):
    r = reader
    r.pause()
    before = r.iteration()
    time.sleep(1.0)
    assert r.iteration() == before
    assert r.state() == "paused"


def test_step_adds_exactly_one_iteration(reader):
    r = reader
    r.pause()
    before = r.iteration()
    r.click("step")
    r.wait(lambda: r.iteration() == before + 1, "one step")
    r.click("step")
    r.wait(lambda: r.iteration() == before + 2, "a second step")
    time.sleep(0.5)
    assert r.iteration() == before + 2
    assert r.state() == "paused"


def test_step_while_training_pauses_then_steps_once(reader):
    r = reader
    r.click("train")
    r.wait(lambda: r.state() == "training", "training")
    r.click("step")
    r.wait(lambda: r.state() == "paused", "Step to pause the run")
    after = r.iteration()
    time.sleep(0.5)
    assert r.iteration() == after


def test_the_sample_uses_only_the_28_symbols(reader):
    sample = reader.text("sample")
    assert len(sample) == 200
    assert set(sample) <= set(ALPHABET), set(sample) - set(ALPHABET)


def test_the_heatmap_changes_with_training_and_reset_returns_to_zero(reader):
    r = reader
    r.reset()
    assert r.loss() == round(BASELINE, 3)
    start = r.heatmap()
    r.train_until(lambda: r.iteration() >= 200, "200 iterations")
    trained = r.heatmap()
    assert len(trained) == 60 and all(-1 <= v <= 1 for *_, v in trained)
    assert max(abs(a[2] - b[2]) for a, b in zip(start, trained)) > 1e-3
    r.reset()
    assert r.iteration() == 0
    r.wait(lambda: r.heatmap() == start, "the untrained heatmap again (same seed, same network)")
    assert r.state() == "ready"


def test_the_timeline_pins_samples_at_milestones(reader):
    r = reader
    r.reset()
    pinned = lambda: r.eval("""() => [...document.querySelectorAll('[data-testid="timeline-item"]')]
        .filter(li => !li.classList.contains('waiting')).map(li => Number(li.dataset.iteration))""")
    r.wait(lambda: pinned() == [0], "the iteration-0 sample")
    r.train_until(lambda: r.iteration() >= 120, "120 iterations")
    assert pinned() == [0, 100]
    r.reset()
    r.wait(lambda: pinned() == [0], "the timeline to start again")


def test_slow_motion_speed_and_back_to_max(reader):
    r = reader
    r.reset()
    r.page.select_option(r.testid("speed"), "1")
    assert "speed=1" in r.query()
    r.click("train")
    r.wait(lambda: r.iteration() >= 1, "the first slow step")
    first = r.iteration()
    time.sleep(2.0)
    assert r.iteration() - first <= 6  # one step a second: a few at most, never a burst
    r.pause()
    r.page.select_option(r.testid("speed"), "max")
    assert "speed" not in r.query()  # the default is not written out
    r.reset()


def test_the_heatmap_phrase_and_units_can_be_changed(reader):
    r = reader
    r.fill("heatmap-phrase", "Hello, World!")
    r.wait(lambda: len(r.heatmap()) == 4 * len("hello world"), "an 11-column heatmap")
    r.fill("heatmap-units", "5, 9")
    r.wait(lambda: len(r.heatmap()) == 2 * 11, "two rows")
    r.fill("heatmap-units", "99")
    r.wait(lambda: r.error() is not None, "an error for unit 99")
    assert r.error() == "Hidden units are numbered 0 to 63; got “99”."
    assert len(r.heatmap()) == 2 * 11  # unchanged
    r.fill("heatmap-units", "0 1 2 3")
    r.fill("heatmap-phrase", "shall i compare")
    r.wait(lambda: len(r.heatmap()) == 60 and r.error() is None, "the default heatmap back")


def test_temperature_applies_live_and_is_mirrored_in_the_url(reader):
    r = reader
    r.fill("temperature", "0.5")
    r.wait(lambda: "temperature=0.5" in r.query(), "temperature in the URL")
    assert r.error() is None
    r.fill("temperature", "1")
    r.wait(lambda: "temperature" not in r.query(), "the default temperature")


def test_heatmap_values_show_on_hover_and_keyboard_focus(reader):
    r = reader
    cell = f'{r.testid("heatmap")} [data-row="1"][data-col="2"]'
    readout = lambda: r.eval("() => document.getElementById('readout').textContent")

    def hover_shows_the_value():
        # (Pointing again each time: a heatmap rebuilt under a still pointer gets no pointerover.)
        r.page.mouse.move(0, 0)
        r.page.hover(cell)
        value = float(r.page.get_attribute(cell, "data-value"))
        return f"{'+' if value >= 0 else '−'}{abs(value):.3f}" in readout()

    r.wait(hover_shows_the_value, "the hovered value")
    assert "“sha”" in readout()
    # One tab stop for the grid; arrow keys move within it.
    r.page.focus(f'{r.testid("heatmap")} [data-row="0"][data-col="0"]')
    r.page.keyboard.press("ArrowDown")
    r.page.keyboard.press("ArrowRight")
    focused = r.eval("() => [document.activeElement.dataset.row, document.activeElement.dataset.col]")
    assert focused == ["1", "1"]
    assert r.eval("() => document.querySelectorAll('[data-testid=heatmap] [tabindex=\"0\"]').length") == 1


def test_a_missing_file_is_a_visible_error_not_a_silent_hang(open_reader):
    """loadPackage does not throw on a missing wheel: the worker must turn that into an error."""
    missing = lambda context: context.route("**/*.whl", lambda route: route.fulfill(status=404, body="gone"))
    r = open_reader(wait=False, before=missing)
    r.wait(lambda: r.state() == "error", "the error state", 90)
    message = r.error()
    assert message and "NumPy" in message and "fetch_assets.py" in message, message
    assert r.page.is_disabled(r.testid("train"))
    assert r.page_errors == [] and r.dialogs == []
