"""The trimmed build (scripts/lean/): reproducible, complete for py_core, named by its lock file;
and the precompressed siblings: deterministic and decoding to their files.

These read the built site (`python scripts/fetch_assets.py`); the Node check runs the page's
Python workload on the trimmed files under Pyodide in Node.
"""
from __future__ import annotations

import ast
import base64
import gzip
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
sys.path.insert(0, str(ROOT / "scripts"))
import fetch_assets as fa  # noqa: E402
from lean import compress, trim  # noqa: E402

VENDOR = WEB / "vendor/pyodide"


@pytest.fixture(scope="module")
def built():
    assets = json.loads((WEB / "generated/assets.json").read_text()) if (WEB / "generated/assets.json").exists() else {}
    if assets.get("build") != "lean":
        pytest.fail("web/ is not built with the trimmed files: run `python scripts/fetch_assets.py`", pytrace=False)
    return assets


def names(zip_path: Path) -> set[str]:
    return set(zipfile.ZipFile(zip_path).namelist())


def module_present(files: set[str], dotted: str) -> bool:
    """A module is there as source, as bytecode (the trimmed build) or as an extension module."""
    path = dotted.replace(".", "/")
    return any(f"{path}{end}" in files for end in (".py", ".pyc", "/__init__.py", "/__init__.pyc")) or any(
        f.startswith(f"{path}.") and f.endswith(".so") for f in files)


def py_core_imports() -> set[str]:
    """Every module py_core imports anywhere (functions included), and `np.<sub>` it touches."""
    found = set()
    for source in (ROOT / "py_core").rglob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "np":
                found.add(f"numpy.{node.attr}")
    return {n for n in found if not n.startswith(("py_core", "__future__"))}


def test_every_module_py_core_imports_is_in_the_trimmed_build(built):
    stdlib = names(WEB / built["stdlib"])
    numpy = names(WEB / built["numpyWheel"])
    original_numpy = names(VENDOR / fa.NUMPY_WHEEL)
    missing = []
    for name in sorted(py_core_imports()):
        top = name.split(".")[0]
        if top == "numpy":
            # `np.<name>` is a subpackage or module only if the original wheel has one by that name.
            if module_present(original_numpy, name) and not module_present(numpy, name):
                missing.append(name)
        elif top in sys.stdlib_module_names and module_present(names(VENDOR / "python_stdlib.zip"), top):
            if not module_present(stdlib, name):
                missing.append(name)
    assert missing == []
    # (the scan finds what it should)
    assert {"json", "math", "re", "numpy", "numpy.random", "numpy.linalg"} <= py_core_imports()


def test_every_measured_and_margin_module_is_kept(built):
    stdlib, numpy = names(WEB / built["stdlib"]), names(WEB / built["numpyWheel"])
    full_stdlib = names(VENDOR / "python_stdlib.zip")
    measured = (ROOT / fa.MEASURED).read_text().split()
    wanted = [m for m in [*measured, *trim.MARGIN] if module_present(full_stdlib, m)]
    assert len(wanted) > 100
    assert [m for m in wanted if not module_present(stdlib, m)] == []
    numpy_measured = [m for m in measured if m.split(".")[0] == "numpy"]
    assert len(numpy_measured) > 50
    assert [m for m in numpy_measured if not module_present(numpy, m)] == []
    # ...and what the issue asks to drop is gone.
    for gone in ("numpy.f2py", "numpy.typing", "numpy.testing"):
        assert module_present(names(VENDOR / fa.NUMPY_WHEEL), gone) and not module_present(numpy, gone)
    assert not any(n.endswith(".pyi") or "/tests/" in n for n in numpy)
    for gone in ("unittest", "pydoc", "xmlrpc", "idlelib"):
        assert not module_present(stdlib, gone)


def test_the_trimmed_files_are_reproducible_and_pinned(built):
    # Built again here, bytecode included (two more runs of Pyodide under Node): the same bytes.
    measured = (ROOT / fa.MEASURED).read_text().split()
    stdlib, _ = trim.trim_stdlib((VENDOR / "python_stdlib.zip").read_bytes(), measured)
    wheel = trim.trim_numpy((VENDOR / fa.NUMPY_WHEEL).read_bytes())
    assert stdlib == (WEB / built["stdlib"]).read_bytes()
    assert wheel == (WEB / built["numpyWheel"]).read_bytes()
    assert hashlib.sha256(stdlib).hexdigest() == built["stdlibSha256"]
    assert hashlib.sha256(wheel).hexdigest() == built["numpyWheelSha256"]
    # The trimmed wheel is still a wheel whose RECORD lists exactly its files, with their hashes.
    z = zipfile.ZipFile(io.BytesIO(wheel))
    record = next(n for n in z.namelist() if n.endswith("RECORD"))
    rows = [line.split(",") for line in z.read(record).decode().splitlines() if line]
    assert {name for name, _, _ in rows} == set(z.namelist())
    for name, digest, size in rows:
        if name != record:
            data = z.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data)), name
    # A reader downloads the brotli siblings: fewer bytes than Pyodide's own (deflated) files.
    for path, original in ((built["stdlib"], VENDOR / "python_stdlib.zip"), (built["numpyWheel"], VENDOR / fa.NUMPY_WHEEL)):
        sent = (WEB / (path + ".br")).stat().st_size
        assert sent < 0.9 * original.stat().st_size, (path, sent)


def test_the_trimmed_build_is_bytecode_for_pyodides_python(built):
    """Every module is an unchecked hash-based .pyc (PEP 552), with no source to compile at page
    load; the archives are stored (their siblings compress them). That it is the bytecode of
    Pyodide's Python (its magic number) the Node workload below shows: it imports nothing else."""
    magics = set()
    for path in (built["stdlib"], built["numpyWheel"]):
        z = zipfile.ZipFile(WEB / path)
        members = z.infolist()
        assert all(i.compress_type == zipfile.ZIP_STORED for i in members), path
        assert not [i.filename for i in members if i.filename.endswith(".py")], path
        compiled = [i for i in members if i.filename.endswith(".pyc")]
        assert len(compiled) > 100, path
        for info in compiled:
            head = z.read(info)[:8]
            assert int.from_bytes(head[4:8], "little") == 0b01, info.filename  # hash-based, unchecked
            magics.add(head[:4])
    assert len(magics) == 1


def test_the_shipped_lock_names_the_trimmed_wheel_and_its_hash(built):
    lock = json.loads((WEB / built["lockFile"]).read_text())
    numpy = lock["packages"]["numpy"]
    assert numpy["sha256"] == built["numpyWheelSha256"]
    # Pyodide resolves file_name against its indexURL, vendor/pyodide/.
    assert (VENDOR / numpy["file_name"]).resolve() == (WEB / built["numpyWheel"]).resolve()
    assert lock["info"]["version"] == fa.PYODIDE_VERSION


def test_the_page_workload_runs_on_the_trimmed_build_under_pyodide_in_node(built):
    proc = subprocess.run(["node", str(ROOT / "scripts/lean/measure.mjs"), "--lean"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = proc.stdout.split()
    assert {"py_core.live", "py_core.ngram", "py_core.memory", "numpy.random", "numpy.linalg"} <= set(imported)


def test_siblings_decode_to_their_files(built):
    files = compress.targets(WEB)
    assert any(f.name == "pyodide.asm.wasm" for f in files)
    pairs = []
    for f in files:
        gz, br = f.with_name(f.name + ".gz"), f.with_name(f.name + ".br")
        assert gz.exists() and br.exists(), f
        if min(gz.stat().st_mtime, br.stat().st_mtime) < f.stat().st_mtime:
            # Edited since the last build: serve.py sends the file itself until the next one.
            assert f.parent != VENDOR, f"{f} changed after its siblings were built"
            continue
        assert gzip.decompress(gz.read_bytes()) == f.read_bytes(), gz
        assert br.stat().st_size < gz.stat().st_size or f.stat().st_size < 4096, br
        pairs.append((str(br), str(f)))
    check = ("const {readFileSync} = require('fs'), {brotliDecompressSync} = require('zlib');"
             "const bad = JSON.parse(readFileSync(0, 'utf8')).filter(([b, f]) =>"
             " !brotliDecompressSync(readFileSync(b)).equals(readFileSync(f)));"
             "console.log(JSON.stringify(bad));")
    proc = subprocess.run(["node", "-e", check], input=json.dumps(pairs), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
    wasm = VENDOR / "pyodide.asm.wasm"
    assert (wasm.with_name(wasm.name + ".br")).stat().st_size < 2.4e6  # brotli-11: ~2.27 MB of 10.1


def test_compression_is_deterministic_and_removes_orphans(tmp_path):
    web, cache = tmp_path / "web", tmp_path / "cache"
    (web / "js").mkdir(parents=True)
    (web / "js/a.js").write_text("export const words = 'shall i compare thee';\n" * 200)
    (web / "tiny.json").write_text("{}")
    (web / "js/gone.js.br").write_bytes(b"orphan")
    compress.compress_site(web, cache, lambda msg: None)
    first = {p.name: p.read_bytes() for p in web.rglob("*")  if p.is_file()}
    assert set(first) == {"a.js", "a.js.br", "a.js.gz", "tiny.json"}  # no sibling for a tiny file
    assert first["a.js.gz"] == gzip.compress(first["a.js"], 9, mtime=0)
    for p in (web / "js").glob("a.js.*"):
        p.unlink()
    compress.compress_site(web, tmp_path / "other-cache", lambda msg: None)
    assert {p.name: p.read_bytes() for p in web.rglob("*") if p.is_file()} == first
    assert compress.stale(web) == []
    (web / "js/a.js").write_text("changed\n" * 300)
    assert compress.stale(web)  # an edited file's siblings are older than it
