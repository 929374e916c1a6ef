"""Settings on the page: built from the table, validated like Python, mirrored in the URL."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

from py_core import settings

WEB = Path(__file__).resolve().parents[2] / "web"

PAGE_SETTINGS = [s for s in settings.SETTINGS if "page" in s.where]


def refusal(name: str, raw: str) -> str:
    """Python's own message for refusing `raw` as setting `name`."""
    return str(settings.BY_NAME[name].refuse(raw))


def test_the_generated_table_is_the_python_table():
    assert json.loads((WEB / "generated" / "settings.json").read_text()) == json.loads(json.dumps(settings.as_json()))


def test_bad_url_values_show_pythons_messages_and_load_with_the_defaults(open_reader):
    long_value = "9" * 40
    r = open_reader(f"?hidden=abc&lr=-1&speed=warp&clip={long_value}&seed=7&temperature=%200.5%20")
    assert r.state() == "ready"
    expected = [refusal("hidden", "abc"), refusal("lr", "-1"), refusal("clip", long_value), refusal("speed", "warp")]
    shown = r.error()
    assert shown is not None
    assert sorted(shown.split("\n")) == sorted(expected)
    assert "“99999999999999999999999…”" in refusal("clip", long_value)  # cut to 24 characters
    values = {s.name: r.page.input_value(r.testid(s.name)) for s in PAGE_SETTINGS}
    assert values == {"cell": "rnn", "hidden": "64", "seq": "25", "lr": "0.1", "clip": "5", "seed": "7",
                      "temperature": "0.5", "speed": "max", "window": "8", "context": "32"}
    # The URL now says what the page uses: bad values gone, good ones kept.
    assert parse_qs(r.query()[1:]) == {"seed": ["7"], "temperature": ["0.5"]}
    r.click("train")
    r.wait(lambda: r.iteration() > 0, "training with the defaults")
    r.pause()
    r.page.click("#dismiss")
    r.wait(lambda: r.error() is None, "the error area to close")
    r.assert_clean()


def test_reserved_url_flags_are_kept(open_reader):
    r = open_reader("?embed=1&present=1&seq=30")
    assert parse_qs(r.query()[1:]) == {"embed": ["1"], "present": ["1"], "seq": ["30"]}
    assert r.error() is None
    r.assert_clean()


def test_controls_refuse_what_python_refuses_in_the_same_words(reader):
    r = reader
    for name, raw in [("hidden", "0"), ("hidden", "12.5"), ("seq", "ten"), ("lr", "1e999"),
                      ("clip", "-5"), ("seed", "4294967296"), ("temperature", "0"),
                      ("lr", "<img src=x onerror=alert(1)>"), ("seed", "{label} $& “x”")]:
        r.fill(name, raw)
        r.wait(lambda: r.error() is not None, f"a message for {name}={raw!r}")
        assert r.error() == refusal(name, raw), (name, raw)
        assert r.page.get_attribute(r.testid(name), "aria-invalid") == "true"
        r.fill(name, str(settings.DEFAULTS[name]))
        r.wait(lambda: r.error() is None, f"the message for {name} to clear")
    assert r.query() == ""
    assert r.page.locator("img").count() == 0


def test_a_model_setting_applies_on_reset(reader):
    r = reader
    r.fill("hidden", "2")
    r.wait(lambda: "hidden=2" in r.query(), "hidden=2 in the URL")
    r.wait(lambda: r.page.is_visible("#pending"), "the note that it applies on Reset")
    assert len(r.heatmap()) == 60  # not yet
    r.click("reset")
    r.wait(lambda: len(r.heatmap()) == 2 * 15, "a heatmap of the 2 units a 2-unit network has")
    r.wait(lambda: not r.page.is_visible("#pending"), "the note to go")
    r.click("step")
    r.wait(lambda: r.iteration() == 1, "a step of the small network")
    r.fill("hidden", "64")
    r.click("reset")
    r.wait(lambda: len(r.heatmap()) == 60 and r.iteration() == 0, "the default network back")
    assert r.query() == ""


# Text a reader might type or put in a URL; each is parsed by the page's settings.js and by
# Python's settings.validate, and the results (value or message) must be the same.
EDGE_CASES = ["64", " 64 ", "+64", "0064", "-0", "64.0", "6.4e1", "1e2", "0x40", "1_0", "", " ",
              "\u00a032\u2003", "\x1c32", "\ufeff32", "32\n", "nan", "inf", "-inf", "1e999", ".5", "5.",
              "0.0001", "0.00009999", "1E-4", "4294967295", "4294967296", "max", " MAX ", "Max", "10",
              "10.0", "😀" * 30, "ab" * 20, "{label}", "$&$1", "“quoted”", "<b>x</b>"]


def python_parse(name: str, raw: str) -> dict:
    try:
        return {"value": settings.validate(name, raw)}
    except ValueError as e:
        return {"message": str(e)}


def test_the_page_parses_every_value_exactly_as_python_does(reader):
    cases = [(s.name, raw) for s in PAGE_SETTINGS for raw in EDGE_CASES]
    got = reader.eval("""async (cases) => {
        const settings = await import('./js/page/settings.js');
        const table = await settings.loadTable('generated/settings.json');
        return cases.map(([name, raw]) => settings.parse(table, table.byName[name], raw));
    }""", cases)
    for (name, raw), page in zip(cases, got):
        assert page == python_parse(name, raw), (name, raw)

