"""Python's bytecode for the trimmed build, compiled by Pyodide's own Python (bytecode.mjs).

Python compiles every module it imports from source unless it finds bytecode, and Pyodide's
standard library and NumPy's wheel hold only sources: at each page load the worker spent most of
"Starting Python" and of "Loading NumPy" compiling them (docs/loading.md). trim.py replaces each
`x.py` with this `x.pyc`. This machine's Python may be another version than Pyodide's (bytecode
is specific to one), so Pyodide compiles them, under Node.
"""
from __future__ import annotations

import io
import json
import subprocess
import tempfile
import zipfile
from pathlib import Path

SCRIPT = Path(__file__).with_name("bytecode.mjs")
# Where the files are at run time ({major}{minor}: Pyodide's Python version), for tracebacks.
STDLIB_PREFIX = "/lib/python{major}{minor}.zip/"  # Pyodide mounts the stdlib zip here
SITE_PREFIX = "/lib/python{major}.{minor}/site-packages/"  # and unpacks wheels here


def compile_sources(batches: list[tuple[dict[str, bytes], str]]) -> list[dict[str, bytes]]:
    """For each (sources {"a/b.py": source}, prefix), {"a/b.py": that file's .pyc}: one Node run."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for i, (sources, prefix) in enumerate(batches):
            src, dst = Path(tmp) / f"{i}.zip", Path(tmp) / f"{i}.pyc.zip"
            with zipfile.ZipFile(src, "w", zipfile.ZIP_STORED) as z:
                for name, data in sources.items():
                    z.writestr(name, data)
            jobs.append([str(src), str(dst), prefix])
        try:
            proc = subprocess.run(["node", str(SCRIPT)], input=json.dumps(jobs), capture_output=True, text=True)
        except FileNotFoundError:
            raise OSError("node not found (Node.js is needed to compile the trimmed build's bytecode)") from None
        if proc.returncode:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise OSError(f"compiling bytecode under Pyodide failed: {tail}")
        out = []
        for _, dst, _ in jobs:
            with zipfile.ZipFile(io.BytesIO(Path(dst).read_bytes())) as z:
                out.append({name[:-1]: z.read(name) for name in z.namelist()})
        return out
