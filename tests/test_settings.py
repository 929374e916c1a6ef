"""The settings table: one place that validates every setting, with messages naming the range."""
import json
import math
import subprocess
import sys

import numpy as np
import pytest

from py_core import settings
from tests.conftest import ROOT


@pytest.mark.parametrize("name,value,expected", [
    ("hidden", "64", 64), ("hidden", 64, 64), ("hidden", 64.0, 64), ("hidden", np.int64(8), 8),
    ("seq", " 25 ", 25), ("lr", "0.1", 0.1), ("lr", "1e-3", 0.001), ("lr", ".5", 0.5),
    ("seed", "4294967295", 2**32 - 1), ("temperature", 0.05, 0.05), ("speed", "MAX", "max"),
    ("speed", "10", "10"), ("clip", "5", 5.0),
])
def test_accepts_values_in_range(name, value, expected):
    assert settings.validate(name, value) == expected


@pytest.mark.parametrize("name,value", [
    ("hidden", "0"), ("hidden", 0), ("hidden", 100000), ("hidden", "64.5"), ("hidden", 64.5),
    ("hidden", "abc"), ("hidden", ""), ("hidden", True), ("hidden", None), ("hidden", "0x40"),
    ("seq", 0), ("seq", "-1"), ("lr", "-1"), ("lr", -0.1), ("lr", "nan"), ("lr", float("nan")),
    ("lr", "inf"), ("lr", math.inf), ("lr", 0), ("lr", "1e400"), ("lr", "1,5"),
    ("temperature", 0), ("temperature", "-1"), ("seed", -1), ("seed", 2**32), ("steps", -5),
    ("speed", "fast"), ("clip", 0), ("hidden", "٣"), ("lr", "٠.١"),
])
def test_refuses_with_the_setting_and_its_range(name, value):
    with pytest.raises(ValueError) as e:
        settings.validate(name, value)
    s = settings.BY_NAME[name]
    assert str(e.value).startswith(f"{s.label} must be {s.rule}; got “")


def test_message_echoes_a_shortened_value():
    with pytest.raises(ValueError, match="got “xxxxxxxxxxxxxxxxxxxxxxx…”"):
        settings.validate("lr", "x" * 100)


def test_unknown_setting():
    with pytest.raises(ValueError, match="Unknown setting"):
        settings.validate("learning_rate", 0.1)


def test_defaults_are_the_recipe_and_valid():
    d = settings.DEFAULTS
    assert (d["hidden"], d["seq"], d["lr"], d["clip"], d["seed"]) == (64, 25, 0.1, 5.0, 0)
    for s in settings.SETTINGS:
        assert settings.validate(s.name, s.default) == s.default


def test_json_export_is_what_the_page_reads():
    """`python -m py_core settings --json` runs without NumPy and round-trips the table."""
    out = subprocess.run([sys.executable, "-m", "py_core", "settings", "--json"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    table = json.loads(out)
    assert [s["name"] for s in table["settings"]] == [s.name for s in settings.SETTINGS]
    assert table["message"] == settings.MESSAGE
    lr = next(s for s in table["settings"] if s["name"] == "lr")
    assert lr["rule"] == "a number from 0.0001 to 10" and lr["default"] == 0.1
