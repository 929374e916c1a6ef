"""Precompressed siblings: `x.wasm.br` and `x.wasm.gz` beside every compressible file in `web/`
(text, wasm, and the trimmed build's stored archives).

`scripts/serve.py` sends a sibling when the browser accepts its encoding (br, then gzip) and the
sibling is at least as new as the file. Brotli is Node's built-in zlib (quality 11), gzip is
Python's (level 9, no name, mtime 0): the same file always gives the same bytes. Both are cached
by the file's sha256 in `<cache>/compressed/`, so only a changed file is compressed again (the
10 MB wasm takes about a minute at brotli-11). A sibling that would not be
smaller than its file is not written; one whose file is gone is removed.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

COMPRESSIBLE = (".wasm", ".js", ".mjs", ".json", ".css", ".html", ".svg", ".txt")
# Archives are compressible only when stored (the trimmed build's, trim.py): brotli over a whole
# stored archive beats the per-member deflate of an ordinary one, which would gain nothing.
ARCHIVES = (".zip", ".whl")
ENCODINGS = (".br", ".gz")
MIN_SIZE = 1024  # smaller files are sent as they are (a sibling would save a few bytes)


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _stored(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
    except (OSError, zipfile.BadZipFile):
        return False


def targets(web: Path) -> list[Path]:
    return sorted(p for p in web.rglob("*") if p.is_file() and not p.name.startswith(".")
                  and p.stat().st_size >= MIN_SIZE
                  and (p.suffix in COMPRESSIBLE or p.suffix in ARCHIVES and _stored(p)))


def _brotli_all(jobs: list[tuple[Path, Path]]) -> None:
    """Compress (source, destination) pairs with one Node process."""
    if not jobs:
        return
    script = Path(__file__).with_name("brotli.mjs")
    try:
        proc = subprocess.run(["node", str(script)], input=json.dumps([[str(s), str(d)] for s, d in jobs]),
                              capture_output=True, text=True)
    except FileNotFoundError:
        raise OSError("node not found (Node.js is needed to brotli-compress web/)") from None
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise OSError(f"brotli compression failed: {tail}")


def compress_site(web: Path, cache: Path, log) -> None:
    """Write or refresh every sibling; remove orphans."""
    store = cache / "compressed"
    store.mkdir(parents=True, exist_ok=True)
    files = targets(web)
    wanted = set()
    pending_br = []
    plan = []  # (file, sha256)
    for f in files:
        data = f.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        plan.append((f, digest))
        gz = store / f"{digest}.gz"
        if not gz.exists():
            _write(gz, gzip.compress(data, 9, mtime=0))
        if not (store / f"{digest}.br").exists():
            pending_br.append((f, store / f"{digest}.br"))
    if pending_br:
        log(f"brotli  {len(pending_br)} file(s) (about a minute for the 10 MB wasm; cached afterwards)")
        with tempfile.TemporaryDirectory(dir=store) as tmp:
            jobs = [(src, Path(tmp) / dst.name) for src, dst in pending_br]
            _brotli_all(jobs)
            for (_, dst), (_, made) in zip(pending_br, jobs):
                os.replace(made, dst)
    written = 0
    for f, digest in plan:
        size = f.stat().st_size
        for ext in ENCODINGS:
            sibling = f.with_name(f.name + ext)
            body = (store / f"{digest}{ext}").read_bytes()
            if len(body) >= size:
                continue
            wanted.add(sibling)
            if not sibling.exists() or sibling.read_bytes() != body \
                    or sibling.stat().st_mtime < f.stat().st_mtime:
                _write(sibling, body)
                written += 1
    removed = 0
    for ext in ENCODINGS:
        for sibling in web.rglob(f"*{ext}"):
            if sibling not in wanted and sibling.with_suffix("").suffix in (*COMPRESSIBLE, *ARCHIVES):
                sibling.unlink()
                removed += 1
    log(f"{'wrote  ' if written or removed else 'ok     '} .br/.gz siblings of {len(plan)} files"
        + (f" ({written} written, {removed} removed)" if written or removed else ""))


def stale(web: Path) -> list[str]:
    """What --check reports: a compressible file with no sibling or an older one (no node needed)."""
    out = []
    for f in targets(web):
        for ext in ENCODINGS:
            sibling = f.with_name(f.name + ext)
            if not sibling.exists() and ext == ".gz":
                if len(gzip.compress(f.read_bytes(), 9, mtime=0)) < f.stat().st_size:
                    out.append(f"missing: {sibling.relative_to(web.parent)}")
            elif sibling.exists() and sibling.stat().st_mtime < f.stat().st_mtime:
                out.append(f"stale: {sibling.relative_to(web.parent)}")
    return out
