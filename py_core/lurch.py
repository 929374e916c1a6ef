"""Which hidden units lurch at a space: the heatmap's claim, computed on the heatmap's phrase.

Reading the phrase from a zero memory gives h_1..h_T (T, H); the step the memory takes at each
character after the first is

    Δh_t = h_t − h_{t−1}                       (H,), t ≥ 1 (t = 0 has no previous h here)

and each unit's typical step is compared where the symbol read is a space with where it is a
letter that follows a letter (inside a word):

    ratio_u = mean_{t: space} |Δh_t[u]|  /  mean_{t: letter after letter} |Δh_t[u]|
    overall = mean_{t: space} ‖Δh_t‖     /  mean_{t: letter after letter} ‖Δh_t‖

A ratio above 1: the unit moves more at a word's end than within a word.
"""
from __future__ import annotations

import numpy as np

SHOWN = 2  # units named, largest ratio first


def lurch(phrase: str, hs: np.ndarray) -> dict | None:
    """{units: [{unit, ratio, space, inside}] (the SHOWN largest ratios), overall} for `phrase`
    and its hidden states hs (T, H) from a zero memory; None if the phrase has no space after
    its first character or no letter after a letter, nothing moves inside words, or the
    states are not finite (a diverged run).
    Units that do not move inside words at all have no ratio and are never named."""
    at_space = np.array([c == " " for c in phrase[1:]])  # t = 1..T-1 (T-1,)
    inside = np.array([a.isalpha() and b.isalpha() for a, b in zip(phrase, phrase[1:])])  # (T-1,)
    if not at_space.any() or not inside.any() or not np.isfinite(hs).all():
        return None
    dh = np.diff(hs, axis=0)  # Δh_1..Δh_{T-1} (T-1, H)
    step = np.abs(dh)  # |Δh_t[u]| (T-1, H)
    space_mean, inside_mean = step[at_space].mean(axis=0), step[inside].mean(axis=0)  # (H,) each
    norms = np.sqrt((dh * dh).sum(axis=1))  # ‖Δh_t‖ (T-1,)
    if not inside_mean.any() or norms[inside].mean() == 0:
        return None
    moving = np.flatnonzero(inside_mean > 0)  # units with a ratio
    ratio = space_mean[moving] / inside_mean[moving]
    best = moving[np.argsort(-ratio, kind="stable")[:SHOWN]]  # largest first; ties: lower unit
    return {
        "units": [{"unit": int(u), "ratio": float(space_mean[u] / inside_mean[u]),
                   "space": float(space_mean[u]), "inside": float(inside_mean[u])} for u in best],
        "overall": float(norms[at_space].mean() / norms[inside].mean()),
    }
