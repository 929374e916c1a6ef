"""Trim Pyodide's standard library zip and NumPy's wheel to what the page uses, reproducibly.

The decision is measured, not guessed: `scripts/lean/measured.txt` lists every module Python has
imported after `scripts/lean/workload.py` has done all the page does (regenerate it with
`node scripts/lean/measure.mjs > scripts/lean/measured.txt` on a `--full` build). The standard
library keeps those modules, a margin of common ones (MARGIN: what new py_core code is likely to
import) and everything a kept module imports when it is imported (a static closure over the zip's
own sources: every module-level import, try/except branches included; imports inside functions
are left to the measurement). NumPy keeps everything but its tests, build and typing
support, and the subpackages and extension modules the page never imports (NUMPY_DROP).

Every kept `x.py` becomes `x.pyc`, compiled by Pyodide's own Python (bytecode.py says why: it
was most of the page's start). Both archives are then stored, not deflated: the server's brotli
siblings compress the whole archive at once, 2.97 MB on the wire against 3.26 MB for the deflated
sources (scripts/lean/compress.py). `bytecode=False` keeps the deflated sources, as Pyodide ships
them. Both archives are rewritten with fixed timestamps and permissions in their original member
order, so the same inputs always give the same bytes (and the same sha256).
"""
from __future__ import annotations

import ast
import base64
import fnmatch
import hashlib
import io
import zipfile

from . import bytecode as pyc

# Common modules kept whether or not the page imports them today (with their static closure).
MARGIN = (
    "abc argparse array base64 bisect calendar codecs collections collections.abc contextlib copy "
    "csv dataclasses datetime difflib enum fractions functools gettext glob gzip hashlib heapq io "
    "itertools json keyword locale math numbers operator pprint queue random re reprlib statistics "
    "string struct textwrap time traceback types typing unicodedata warnings weakref zlib "
    "encodings.ascii encodings.latin_1 encodings.utf_8_sig encodings.utf_16 encodings.utf_16_le "
    "encodings.utf_16_be encodings.utf_32 encodings.unicode_escape encodings.raw_unicode_escape "
    "encodings.charmap encodings.cp1252 encodings.idna encodings.punycode").split()
ALWAYS = ("_sysconfigdata__emscripten_wasm32-emscripten.py", "site-packages/README.txt")

# NumPy members the page never needs: tests, C headers and static libraries, typing stubs, f2py,
# distutils, and subpackages / extension modules that nothing imports (measured).
NUMPY_DROP = (
    "*/tests/*", "*.pyi", "*.pxd", "*.h", "*.a", "*.c", "*.pc", "*.cmake", "*/py.typed",
    "numpy/f2py/*", "numpy/distutils/*", "numpy/testing/*", "numpy/typing/*", "numpy/_pyinstaller/*",
    "numpy/doc/*", "numpy/fft/*", "numpy/polynomial/*", "numpy/ma/*", "numpy/random/_examples/*",
    "numpy/_core/include/*", "numpy/_core/lib/*", "numpy/random/lib/*",
    "numpy/_core/_simd.*", "numpy/_core/_umath_tests.*", "numpy/_core/_rational_tests.*",
    "numpy/_core/_struct_ufunc_tests.*", "numpy/_core/_operand_flag_tests.*",
    "numpy/linalg/lapack_lite.*", "numpy/conftest.py",
)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _module_name(path: str) -> str | None:
    """`a/b/__init__.py` → `a.b`, `a/b.py` → `a.b`; None for anything else."""
    if not path.endswith(".py"):
        return None
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _import_time_nodes(body):
    """The statements run when a module is imported: not function bodies, not `if __name__ ==
    "__main__"` or `if TYPE_CHECKING` blocks (try/except and other branches are followed)."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if isinstance(node, ast.If) and any(
                isinstance(n, ast.Name) and n.id in ("__name__", "TYPE_CHECKING")
                or isinstance(n, ast.Attribute) and n.attr == "TYPE_CHECKING"
                for n in ast.walk(node.test)):
            yield from _import_time_nodes(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            yield from _import_time_nodes(getattr(node, field, None) or [])


def _imports(source: bytes, module: str, is_package: bool) -> set[str]:
    """Every module a source file imports when it is imported (absolute names)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in _import_time_nodes(tree.body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1] if node.level > 1 else parts
                base = ".".join(p for p in [*parts, base] if p)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def stdlib_closure(files: dict[str, bytes], roots) -> set[str]:
    """Module names reachable from `roots` through the imports in `files` (path → source)."""
    modules = {}
    for path, data in files.items():
        name = _module_name(path)
        if name is not None:
            modules[name] = (data, path.endswith("__init__.py"))
    keep, todo = set(), [r for r in roots]
    while todo:
        name = todo.pop()
        # A module needs its parent packages too.
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in modules and prefix not in keep:
                keep.add(prefix)
                todo.extend(_imports(modules[prefix][0], prefix, modules[prefix][1]))
    return keep


def _archive(members: list[tuple[str, bytes]], compiled: dict[str, bytes] | None) -> bytes:
    """A zip of (name, data) in this order; with `compiled`, each x.py in it is x.pyc, stored."""
    compression = zipfile.ZIP_DEFLATED if compiled is None else zipfile.ZIP_STORED
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members:
            if compiled is not None and name in compiled:
                name, data = name + "c", compiled[name]
            fixed = zipfile.ZipInfo(name, FIXED_TIME)
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            fixed.compress_type = compression
            z.writestr(fixed, data, compresslevel=9 if compression else None)
    return out.getvalue()


def _compiled(members, prefix: str, bytecode: bool) -> dict[str, bytes] | None:
    if not bytecode:
        return None
    return pyc.compile_sources([({n: d for n, d in members if n.endswith(".py")}, prefix)])[0]


def trim_stdlib(data: bytes, measured, bytecode: bool = True) -> tuple[bytes, set[str]]:
    """The standard library zip with only the kept modules; also the kept module names."""
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {i.filename: src.read(i) for i in src.infolist() if not i.is_dir()}
    keep = stdlib_closure(files, [*measured, *MARGIN])
    members = [(n, d) for n, d in files.items() if n in ALWAYS or _module_name(n) in keep]
    return _archive(members, _compiled(members, pyc.STDLIB_PREFIX, bytecode)), keep


def numpy_dropped(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in NUMPY_DROP)


def _record_line(name: str, data: bytes) -> str:
    """A wheel RECORD line (PEP 376/427): path, urlsafe-base64 sha256 without padding, size."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def trim_numpy(data: bytes, bytecode: bool = True) -> bytes:
    """NumPy's wheel without NUMPY_DROP; its RECORD lists exactly what is left."""
    src = zipfile.ZipFile(io.BytesIO(data))
    record = next(n for n in src.namelist() if n.endswith(".dist-info/RECORD"))
    members = [(i.filename, src.read(i)) for i in src.infolist()
               if not i.is_dir() and not numpy_dropped(i.filename)]
    compiled = _compiled(members, pyc.SITE_PREFIX, bytecode)
    if compiled is None:
        lines = src.read(record).decode().splitlines()
        kept_record = "".join(line + "\n" for line in lines if line and not numpy_dropped(line.split(",")[0]))
    else:
        # Every changed file's line is computed again (the RECORD lists itself without a hash).
        kept_record = "".join(f"{n},,\n" if n == record else _record_line(n + "c", compiled[n]) if n in compiled
                              else _record_line(n, d) for n, d in members)
    return _archive([(n, kept_record.encode() if n == record else d) for n, d in members], compiled)
