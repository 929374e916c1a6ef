"""scripts/fetch_assets.py: verification, atomic placement, caching, --check. No network."""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))
import fetch_assets as fa  # noqa: E402

GOOD, EVIL = b"the good bytes\n", b"the evil bytes\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_tgz(path: Path, member: str, data: bytes) -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        info = tarfile.TarInfo(member)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    path.write_bytes(buf.getvalue())
    return path


def copy_command(src: Path) -> tuple[str, ...]:
    """A stand-in for `npm pack`: copies a prepared archive into the download dir."""
    return (sys.executable, "-c", "import shutil, sys; shutil.copy(sys.argv[1], sys.argv[2])",
            str(src), "{dest}/fake.tgz")


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A repo root, a cache and a one-asset table whose archive holds `member_data`."""
    root, cache, store = tmp_path / "repo", tmp_path / "cache", tmp_path / "store"
    for d in (root, cache, store):
        d.mkdir()

    def setup(member_data=GOOD, cached=True, sources=None, command=None):
        archive = make_tgz(store / "fake.tgz", "package/a.txt", member_data)
        if cached:
            (cache / "fake.tgz").write_bytes(archive.read_bytes())
        monkeypatch.setattr(fa, "ARCHIVES", {"fake": fa.Archive(
            "fake.tgz", sha(archive.read_bytes()), command or copy_command(archive))})
        monkeypatch.setattr(fa, "ASSETS", [fa.Asset(
            "a.txt", sha(GOOD), sources or (("fake", "package/a.txt"),),
            ("web/vendor/a.txt", "py_core/data/a.txt"))])
        return archive

    monkeypatch.setattr(fa, "build_core", lambda root, log: None)
    monkeypatch.setattr(fa, "core_is_current", lambda root, src: True)
    monkeypatch.setattr(fa, "assets_manifest", lambda root, full=False: b"{}\n")
    monkeypatch.setattr(fa, "build_lean", lambda root, full, log: None)  # (tests/test_lean.py)
    monkeypatch.setattr(fa, "lean_is_current", lambda root: True)
    world.root, world.cache, world.setup = root, cache, setup
    return world


def run(world, **kw):
    return fa.run(root=world.root, cache=world.cache, quiet=True, **kw)


def test_places_verified_file_at_every_destination(world):
    world.setup()
    assert run(world) == 0
    for dest in ("web/vendor/a.txt", "py_core/data/a.txt"):
        assert (world.root / dest).read_bytes() == GOOD
    assert (world.root / "web/generated/assets.json").read_bytes() == b"{}\n"
    assert leftovers(world.root) == []


def test_second_run_is_offline(world, monkeypatch):
    world.setup()
    assert run(world) == 0
    (world.cache / "fake.tgz").unlink()

    def no_network(*a, **k):
        raise AssertionError("second run must not run a client")
    monkeypatch.setattr(subprocess, "run", no_network)
    monkeypatch.setattr(fa.urllib.request, "urlopen", no_network)
    assert run(world) == 0
    # A lost copy is restored from the other, verified destination, still offline.
    (world.root / "web/vendor/a.txt").unlink()
    assert run(world) == 0
    assert (world.root / "web/vendor/a.txt").read_bytes() == GOOD


def test_downloads_into_cache_when_missing(world):
    world.setup(cached=False)
    assert run(world) == 0
    assert (world.cache / "fake.tgz").exists()
    assert leftovers(world.cache) == []


def test_tampered_member_is_refused_and_nothing_is_written(world, capsys):
    world.setup(member_data=EVIL)
    assert run(world) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a.txt" in err[0]
    assert sha(GOOD) in err[0] and sha(EVIL) in err[0]
    assert not (world.root / "web/vendor/a.txt").exists()
    assert not (world.root / "py_core/data/a.txt").exists()
    assert leftovers(world.root) == []


def test_tampered_placed_file_is_replaced(world):
    world.setup()
    assert run(world) == 0
    (world.root / "web/vendor/a.txt").write_bytes(EVIL)
    assert run(world) == 0
    assert (world.root / "web/vendor/a.txt").read_bytes() == GOOD


def test_tampered_download_is_refused(world, tmp_path, capsys):
    world.setup(cached=False)
    bad = make_tgz(tmp_path / "bad.tgz", "package/a.txt", EVIL)
    fa.ARCHIVES["fake"] = fa.Archive("fake.tgz", fa.ARCHIVES["fake"].sha256, copy_command(bad))
    assert run(world) == 1
    err = capsys.readouterr().err
    assert "fake.tgz" in err and fa.ARCHIVES["fake"].sha256 in err and sha(bad.read_bytes()) in err
    assert "Traceback" not in err
    assert list(world.cache.iterdir()) == []  # neither the bad file nor a temp dir


def test_corrupt_cache_entry_is_fetched_again(world):
    world.setup()
    (world.cache / "fake.tgz").write_bytes(b"truncated")
    assert run(world) == 0
    assert (world.root / "web/vendor/a.txt").read_bytes() == GOOD


@pytest.mark.parametrize("command", [("false",), ("rnn-live-no-such-client", "pack")])
def test_failing_client_is_one_clear_line(world, capsys, command):
    world.setup(cached=False, command=command)
    assert run(world) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "failed" in err[0] and command[0] in err[0]
    assert not (world.root / "web/vendor/a.txt").exists()


def test_unreachable_url_falls_through_quietly(world, monkeypatch, capsys):
    def unreachable(url, timeout):
        raise OSError("no route to host")
    monkeypatch.setattr(fa.urllib.request, "urlopen", unreachable)
    world.setup(sources=("https://cdn.invalid/a.txt", ("fake", "package/a.txt")))
    assert run(world) == 0
    assert capsys.readouterr().err == ""
    assert (world.root / "web/vendor/a.txt").read_bytes() == GOOD


def test_url_with_wrong_hash_is_refused(world, monkeypatch, capsys):
    monkeypatch.setattr(fa.urllib.request, "urlopen", lambda url, timeout: io.BytesIO(EVIL))
    world.setup(sources=("https://cdn.invalid/a.txt", ("fake", "package/a.txt")))
    assert run(world) == 1
    err = capsys.readouterr().err
    assert "cdn.invalid" in err and sha(EVIL) in err
    assert not (world.root / "web/vendor/a.txt").exists()


def test_check_lists_what_is_missing(world, capsys):
    world.setup()
    assert run(world, check=True) == 1
    err = capsys.readouterr().err
    assert "missing: web/vendor/a.txt" in err and "missing: py_core/data/a.txt" in err
    assert "web/generated/assets.json" in err
    assert not (world.root / "web").exists()  # --check writes nothing
    assert run(world) == 0
    assert run(world, check=True) == 0
    (world.root / "py_core/data/a.txt").write_bytes(EVIL)
    assert run(world, check=True) == 1
    assert "wrong sha256: py_core/data/a.txt" in capsys.readouterr().err


def test_atomic_write_never_leaves_a_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "d" / "f.bin"
    fa.atomic_write(target, b"old")
    assert target.read_bytes() == b"old"

    def crash(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(fa.os, "replace", crash)
    with pytest.raises(OSError):
        fa.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["f.bin"]


def test_source_hash_tracks_pyproject_and_python_files(tmp_path):
    (tmp_path / "py_core" / "sub").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "py_core" / "a.py").write_text("x = 1\n")
    first = fa.source_hash(tmp_path)
    (tmp_path / "py_core" / "notes.txt").write_text("not code")
    assert fa.source_hash(tmp_path) == first
    (tmp_path / "py_core" / "sub" / "b.py").write_text("")
    second = fa.source_hash(tmp_path)
    assert second != first
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert fa.source_hash(tmp_path) != second


def test_build_core_builds_once_and_removes_stale_wheels(tmp_path, monkeypatch):
    (tmp_path / "py_core").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "py_core" / "__init__.py").write_text("")
    (tmp_path / "web" / "wheels").mkdir(parents=True)
    (tmp_path / "web" / "wheels" / "py_core-0.0.1-py3-none-any.whl").write_bytes(b"stale")
    builds = []

    def fake_build(root):
        out = Path(fa.tempfile.mkdtemp(dir=root / fa.WHEELS, prefix=".build-"))
        wheel = out / "py_core-0.1.0-py3-none-any.whl"
        wheel.write_bytes(b"wheel %d" % len(builds))
        builds.append(wheel)
        return wheel
    monkeypatch.setattr(fa, "build_wheel", fake_build)
    monkeypatch.setattr(fa, "run_command", lambda cmd, cwd: '{"hidden": 64}')

    fa.build_core(tmp_path, lambda msg: None)
    fa.build_core(tmp_path, lambda msg: None)
    assert len(builds) == 1
    assert sorted(p.name for p in (tmp_path / "web/wheels").iterdir()) == [
        "py_core-0.1.0-py3-none-any.whl", "py_core.stamp.json"]
    assert json.loads((tmp_path / fa.SETTINGS).read_text()) == {"hidden": 64}
    manifest = json.loads(fa.assets_manifest(tmp_path))
    assert manifest["coreWheel"] == "wheels/py_core-0.1.0-py3-none-any.whl"
    (tmp_path / "py_core" / "__init__.py").write_text("x = 1\n")
    fa.build_core(tmp_path, lambda msg: None)
    assert len(builds) == 2


def test_failed_build_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(fa, "ASSETS", [])

    def failing_build(root):
        raise fa.FetchError("`pip wheel` failed (exit 1): boom")
    monkeypatch.setattr(fa, "build_wheel", failing_build)
    assert fa.run(root=tmp_path, cache=tmp_path / "c", quiet=True) == 1
    err = capsys.readouterr().err.strip()
    assert err == "fetch_assets: error: `pip wheel` failed (exit 1): boom"


def test_settings_that_are_not_json_are_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(fa, "ASSETS", [])

    def fake_build(root):
        out = Path(fa.tempfile.mkdtemp(dir=root / fa.WHEELS, prefix=".build-"))
        (out / "py_core-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
        return out / "py_core-0.1.0-py3-none-any.whl"
    monkeypatch.setattr(fa, "build_wheel", fake_build)
    monkeypatch.setattr(fa, "run_command", lambda cmd, cwd: "Traceback (most recent call last)")
    assert fa.run(root=tmp_path, cache=tmp_path / "c", quiet=True) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "settings --json" in err[0]
    assert not (tmp_path / fa.SETTINGS).exists() and not (tmp_path / fa.STAMP).exists()


def test_real_table_is_pinned_and_ignored():
    fragment = (SCRIPTS.parent / ".gitignore").read_text().split()
    names = set()
    for asset in fa.ASSETS:
        assert len(asset.sha256) == 64 and int(asset.sha256, 16) >= 0
        names.add(asset.name)
        for source in asset.sources:
            assert isinstance(source, str) or source[0] in fa.ARCHIVES
        for dest in asset.dests:
            assert any(dest == line or dest.startswith(line) for line in fragment), dest
    assert {"pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
            "pyodide-lock.json", fa.NUMPY_WHEEL, "sonnets.txt"} <= names
    assert all(len(a.sha256) == 64 for a in fa.ARCHIVES.values())
    assert "pyodide build" in fa.__doc__


def test_cli_check_runs_without_traceback(tmp_path):
    env = {"RNN_LIVE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, str(SCRIPTS / "fetch_assets.py"), "--check"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode in (0, 1)
    assert "Traceback" not in proc.stderr
