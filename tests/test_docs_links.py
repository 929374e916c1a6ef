"""The README and docs/ point at things that exist.

Every relative Markdown link in README.md and docs/*.md must name a file or folder that exists,
and its #anchor a heading of that file (GitHub's slugs: lower case, punctuation dropped, spaces
to hyphens, -1, -2… for repeats). Every repository path the text names (`scripts/…`, `tests/…`,
`py_core/…`, `web/js/…`, `web/css/…`, `docs/…`) must exist, and docs/README.md must list every
page in docs/. Standard library only; links to other sites are not fetched.
"""
from __future__ import annotations

import os
import re
import unicodedata
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$")
HTML_ID = re.compile(r"<a\s[^>]*(?:id|name)=\"([^\"]+)\"", re.I)
# A path in the repository, named from its root; generated folders (py_core/data/, web/vendor/…)
# are not on the list, so a fresh checkout passes.
REPO_PATH = re.compile(r"(?<![\w./-])((?:scripts|tests|py_core|docs|web/js|web/css|\.ci)/[\w./-]*)")
GENERATED = ("py_core/data",)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text (as github-slugger makes it)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link reads as its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").replace("*", "")
    kept = (c for c in text.lower()
            if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M"))
    return "".join(kept).replace(" ", "-")


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that are not code: fenced and indented blocks left out."""
    out, fenced, in_block, blank_before = [], False, False, True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.strip() and line.startswith("    ") and (blank_before or in_block):
            in_block = True
            continue
        if line.strip():
            in_block = False
        blank_before = not line.strip()
        out.append((number, line))
    return out


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for _, line in prose_lines(path):
        found.update(HTML_ID.findall(line))
        m = HEADING.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    out = []
    for number, line in prose_lines(path):
        line = CODE_SPAN.sub("", line)
        out += [(number, target) for target in INLINE_LINK.findall(line)]
        m = REFERENCE.match(line)
        if m:
            out.append((number, m.group(1)))
    return out


def broken(page: Path, target: str) -> str | None:
    """Why the link `target` on `page` is broken, or None."""
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return None  # another site
    where = (page.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else page
    if not where.exists():
        return f"{target}: no such file"
    if parts.fragment and where.suffix == ".md" and parts.fragment not in anchors(where):
        return f"{target}: no heading #{parts.fragment} in {os.path.relpath(where, ROOT)}"
    return None


def test_slug_follows_github():
    assert slug("The guessing game (Can you beat it?)") == "the-guessing-game-can-you-beat-it"
    assert slug("Within 5% of the bare Trainer: not met") == "within-5-of-the-bare-trainer-not-met"
    assert slug("`page_over_core` and *more*") == "page_over_core-and-more"
    assert slug("CPython and Pyodide") == "cpython-and-pyodide"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_resolve(page):
    bad = [f"{page.relative_to(ROOT)}:{n}: {why}"
           for n, target in links(page) if (why := broken(page, target))]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_named_paths_exist(page):
    bad = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        for m in REPO_PATH.finditer(line):
            name = m.group(1).rstrip(".,")
            if line[m.end():m.end() + 1] in ("*", "{", "<") or name.startswith(GENERATED):
                continue  # a pattern (tests/test_*.py), not a path; or fetched, not committed
            if not (ROOT / name).exists():
                bad.append(f"{page.relative_to(ROOT)}:{number}: {name} does not exist")
    assert not bad, "\n".join(bad)


def test_docs_index_lists_every_page():
    index = DOCS / "README.md"
    listed = {(DOCS / urllib.parse.urlsplit(t).path).resolve() for _, t in links(index)}
    missing = [p.name for p in DOCS.glob("*.md") if p != index and p.resolve() not in listed]
    assert not missing, f"docs/README.md does not list: {', '.join(missing)}"
