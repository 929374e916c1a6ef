"""py_core.shannon: the guessing game's bounds (Shannon 1951) and its lines; Live.game_lines."""
import math
import random

import pytest

from py_core import shannon
from py_core.corpus import SONNETS_PATH, normalize, sonnets
from py_core.live import POEM_OPENING, SURPRISE_LINE, Live
from py_core.surprise import MAX_CHARS

LUCRECE = (SONNETS_PATH.parent / "lucrece.txt").read_text()


def bounds_by_hand(counts):
    """Shannon's formulas written out, applied to the shares as they are."""
    N = sum(counts)
    q = [n / N for n in counts]
    upper = 0.0
    for x in q:
        if x:
            upper -= x * math.log(x)
    lower = 0.0
    for i in range(1, len(q) + 1):  # i guesses
        q_next = q[i] if i < len(q) else 0.0
        lower += i * (q[i - 1] - q_next) * math.log(i)
    return lower, upper


def test_a_reader_always_right_first_gives_zero():
    assert shannon.bounds([17]) == (0.0, 0.0)
    assert shannon.bounds([17, 0, 0]) == (0.0, 0.0)


@pytest.mark.parametrize("V", [2, 5, 27, 28])
def test_uniform_guessing_over_V_symbols(V):
    lower, upper = shannon.bounds([3] * V)
    assert upper == pytest.approx(math.log(V))
    assert lower == pytest.approx(bounds_by_hand([3] * V)[0])
    assert lower == pytest.approx(math.log(V))  # V·(1/V)·ln V: every term but the last is 0


def test_matches_the_formulas_and_lower_never_exceeds_upper_for_falling_counts():
    rng = random.Random(16)
    for _ in range(500):
        counts = [rng.randrange(0, 40) for _ in range(rng.randrange(1, 30))]
        if not sum(counts):
            continue
        lower, upper = shannon.bounds(counts)
        want = bounds_by_hand(counts)
        assert lower == pytest.approx(want[0], abs=1e-12) and upper == pytest.approx(want[1], abs=1e-12)
        if shannon.falling(counts):  # an ideal predictor's counts: the bounds hold
            assert 0 <= lower <= upper + 1e-12
    falling = [50, 20, 9, 5, 3, 1]  # as an ideal predictor's counts fall: the formula as printed
    N = sum(falling)
    q = [n / N for n in falling] + [0.0]
    printed = sum(i * (q[i - 1] - q[i]) * math.log(i) for i in range(1, 7))
    assert shannon.bounds(falling)[0] == pytest.approx(printed)


def test_a_reader_who_always_needs_two_guesses_is_not_an_ideal_predictor():
    lower, upper = shannon.bounds([0, 9])
    assert upper == 0.0  # the guess counts fix the text
    assert lower == pytest.approx(2 * math.log(2))  # the formula as printed: it assumes an ideal predictor
    assert not shannon.falling([0, 9]) and shannon.falling([9, 0]) and shannon.falling([5, 5, 1])


@pytest.mark.parametrize("counts", [[], [0, 0], [-1, 3], [1.5, 2], [True, 1], "12", None, 5, {1: 2}, [None]])
def test_bad_counts_are_refused_in_a_sentence(counts):
    with pytest.raises(ValueError, match="guess counts must be"):
        shannon.bounds(counts)


POEM = """THE TITLE PAGE
by Someone

I.
A dedication in prose, long enough to count.

From the opening line of the poem, the first
Short one
  Borne by the trustless wings of Zephyr's desire,

Lust-breathed Tarquin leaves the Roman host
""" + "And a line far too long for the surprise view to read, " * 3 + "\n"


def test_lines_are_the_verse_lines_normalised_in_order():
    assert shannon.lines(POEM) == [
        "a dedication in prose long enough to count",
        "from the opening line of the poem the first",
        "borne by the trustless wings of zephyrs desire",
        "lustbreathed tarquin leaves the roman host",
    ]
    assert shannon.lines(POEM, start="From the opening")[0] == "from the opening line of the poem the first"
    assert shannon.lines(POEM, start="not there")[0] == "a dedication in prose long enough to count"
    assert shannon.lines(POEM, min_chars=9, limit=2, start="from the opening") == [
        "from the opening line of the poem the first", "short one"]


def test_lines_keep_only_known_symbols_and_then_their_length():
    vocab = "abcdefghijklmnoprstuvw \n"  # no q, x, y, z
    got = shannon.lines(POEM, vocab_chars=vocab, min_chars=42)
    assert got == ["a dedication in prose long enough to count", "from the opening line of the poem the first",
                   "borne b the trustless wings of ephrs desire"]
    assert all(set(line) <= set(vocab) for line in got)


@pytest.mark.parametrize("kwargs", [{"min_chars": 0}, {"limit": 0}, {"limit": 2.0}, {"min_chars": True}])
def test_bad_line_limits_are_refused(kwargs):
    with pytest.raises(ValueError, match="must be a whole number of at least 1"):
        shannon.lines(POEM, **kwargs)


def test_the_games_lines_start_with_the_poem_and_the_network_reads_each():
    run = Live(sonnets(), {"hidden": 8})
    lines = run.game_lines(LUCRECE)
    assert len(lines) == 150
    assert " ".join(lines[:2]) == SURPRISE_LINE and lines[0].startswith(POEM_OPENING)
    verse = normalize(LUCRECE).split("\n")
    first = verse.index(lines[0])
    assert lines == [line for line in verse[first:] if len(line) >= 20][:150]
    assert all(20 <= len(line) <= MAX_CHARS for line in lines)
    for line in lines[:5]:
        r = run.surprise(line)
        assert "".join(r["chars"]) == line and len(r["ranks"]) == len(line)
