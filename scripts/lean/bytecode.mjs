// Compile Python sources to bytecode for Pyodide's own CPython (3.12; this machine's Python may be
// another version, and bytecode is specific to one). Pyodide runs under Node for this.
//
//   node scripts/lean/bytecode.mjs < jobs.json
//   jobs.json: [[source zip, bytecode zip, filename prefix], ...]
//
// For every `x.py` member of a source zip, the bytecode zip gets `x.pyc`: an unchecked hash-based
// pyc (PEP 552: Python loads it without looking for, or at, the source), its code compiled with
// co_filename = prefix + "x.py", where the file will be at run time, so that tracebacks name it
// (the prefix's {major} and {minor} are Pyodide's Python version, e.g. "/lib/python{major}{minor}.zip/"). Python
// runs with PYTHONHASHSEED=0 so that sets of constants marshal in one order: the same sources
// always give the same bytes. scripts/lean/bytecode.py calls this; trim.py assembles the archives.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VENDOR = path.join(ROOT, "web/vendor/pyodide") + "/";
const { loadPyodide } = await import(path.join(VENDOR, "pyodide.mjs"));

const jobs = JSON.parse(readFileSync(0, "utf8"));
const pyodide = await loadPyodide({ indexURL: VENDOR, env: { PYTHONHASHSEED: "0" } });
const compileZip = pyodide.runPython(`
import importlib._bootstrap_external as bootstrap
import importlib.util
import sys
import zipfile

assert sys.flags.hash_randomization == 0, "PYTHONHASHSEED=0 did not reach Python"

def compile_zip(source, target, prefix):
    prefix = prefix.format(major=sys.version_info.major, minor=sys.version_info.minor)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
        for name in src.namelist():
            if not name.endswith(".py"):
                continue
            data = src.read(name)
            code = compile(data, prefix + name, "exec", dont_inherit=True, optimize=0)
            pyc = bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            out.writestr(zipfile.ZipInfo(name + "c", (1980, 1, 1, 0, 0, 0)), bytes(pyc))
compile_zip
`);
for (const [source, target, prefix] of jobs) {
  pyodide.FS.writeFile("/tmp/source.zip", readFileSync(source));
  compileZip("/tmp/source.zip", "/tmp/target.zip", prefix);
  writeFileSync(target, pyodide.FS.readFile("/tmp/target.zip"));
}
compileZip.destroy();
