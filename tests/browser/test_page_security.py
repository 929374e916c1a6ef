"""Security: the page runs under its strict Content-Security-Policy with no violation, in the page
and in the worker; no request leaves the origin (the worker's included); no third-party script,
no inline script or handler, no eval; no cookie; nothing stored without the reader asking.

The CSP detectors are an init script in the page and a listener put at the top of the worker's
script (by rewriting its response in the test). A separate test proves both detectors see a
real violation, so "no violation" means something.
"""
from __future__ import annotations

import html.parser
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"

PAGE_DETECTOR = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
WORKER_DETECTOR = """
self.__csp = [];
self.addEventListener("securitypolicyviolation", (e) => {
  self.__csp.push(e.violatedDirective + " " + e.blockedURI);
  console.error("CSP violation in the worker: " + e.violatedDirective + " " + e.blockedURI);
});
"""
# Two things the worker's policy must refuse: a request off the origin, and eval.
WORKER_PROBE = """
fetch("https://example.com/csp-probe").catch(() => {});
try { eval("1"); } catch {}
"""
TEXT = "Mary had a little lamb, its fleece was white as snow; and everywhere that Mary went the lamb was sure to go.\n" * 4


def watch(context, messages: list, probe: bool = False, responses: list | None = None):
    """CSP detectors in the page and at the top of the worker's script (and, if asked, a probe);
    every console message (of the page and its worker) into `messages`."""
    context.add_init_script(PAGE_DETECTOR)
    context.on("console", lambda m: messages.append(m.text))

    def worker_script(route):
        original = route.fetch()
        route.fulfill(response=original, body=WORKER_DETECTOR + (WORKER_PROBE if probe else "") + original.text())

    context.route("**/js/worker/worker.js", worker_script)
    if responses is not None:
        context.on("response", lambda response: responses.append(response))


def violations(r) -> dict:
    (worker,) = r.page.workers
    return {"page": r.eval("() => window.__csp"), "worker": worker.evaluate("() => self.__csp")}


@pytest.fixture(scope="module")
def session(open_reader):
    """A page used as a reader would: train, change settings and the view, a text of their own."""
    responses = []
    messages = []
    r = open_reader(before=lambda context: watch(context, messages, responses=responses))
    r.train_until(lambda: r.iteration() >= 30, "some training")
    r.click("step")
    r.fill("temperature", "0.7")
    r.fill("heatmap-phrase", "thy self")
    r.fill("heatmap-units", "4 5 6")
    r.page.select_option(r.testid("speed"), "100")
    r.page.set_input_files("#corpus-file", files=[{"name": "lamb.txt", "mimeType": "text/plain",
                                                    "buffer": TEXT.encode()}])
    r.wait(lambda: "lamb.txt" in r.text("corpus-status"), "the file in the text box")
    r.click("corpus-apply")
    r.wait(lambda: "your text" in r.text("corpus-status"), "the reader's text applied")
    r.train_until(lambda: r.iteration() >= 10, "training on it")
    r.fill("hidden", "16")
    r.reset()
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status") and r.iteration() == 0, "the sonnets again")
    r.page.select_option(r.testid("speed"), "max")
    r.train_until(lambda: r.iteration() >= 10, "training again")
    r.messages = messages
    r.responses = responses
    yield r
    r.close()
    r.assert_clean()


def test_no_csp_violation_in_the_page_or_the_worker(session):
    assert violations(session) == {"page": [], "worker": []}
    assert [m for m in session.messages if "Content Security Policy" in m or "CSP" in m] == []


def test_the_policy_reaches_the_page_and_the_worker(session):
    policy = _serve().SECURITY_HEADERS["Content-Security-Policy"]
    served = {resp.url.removeprefix(session.base_url): resp for resp in session.responses}
    for path in ("", "js/worker/worker.js"):
        assert served[path].all_headers().get("content-security-policy") == policy, path
        assert served[path].all_headers().get("x-content-type-options") == "nosniff", path


def test_the_csp_detectors_see_violations_in_the_page_and_the_worker(open_reader):
    """The negative control: without it, "no violation" could mean "not looking"."""
    messages = []
    r = open_reader(before=lambda context: watch(context, messages, probe=True))
    # An inline script, as markup injected into the page would bring: refused.
    r.eval("""() => document.body.append(Object.assign(document.createElement('script'),
                                                       { textContent: 'window.__ran = true' }))""")
    r.wait(lambda: violations(r)["page"], "the page's detector")
    assert r.eval("() => window.__ran") is None
    found = violations(r)
    assert any(v.startswith("script-src") and v.endswith(" inline") for v in found["page"]), found
    assert "connect-src https://example.com/csp-probe" in found["worker"], found
    assert any(v.startswith("script-src") and v.endswith(" eval") for v in found["worker"]), found
    r.wait(lambda: any("Content Security Policy" in m for m in messages), "the browser's console message")
    assert not any("example.com" in u for u in r.requests)  # refused before it was sent
    r.console_errors.clear()  # (the violations just provoked)


def test_no_request_leaves_the_origin_and_the_worker_is_watched_too(session):
    r = session
    assert r.off_origin == []
    assert all(u.startswith(r.base_url) for u in r.requests), [u for u in r.requests if not u.startswith(r.base_url)]
    fetched = {u.split("?")[0].removeprefix(r.base_url) for u in r.requests}
    # Only the worker fetches these: its requests are seen (and routed) like the page's.
    assets = json.loads((WEB / "generated/assets.json").read_text())  # (trimmed or --full build)
    for path in ("vendor/pyodide/pyodide.asm.wasm", assets["stdlib"], assets["numpyWheel"],
                 "generated/assets.json", "assets/sonnets.txt"):
        assert path in fetched, path
    assert any(p.startswith("wheels/py_core-") for p in fetched)
    (worker,) = r.page.workers
    worker.evaluate("() => fetch('./probe-from-the-worker').catch(() => {})")
    r.wait(lambda: any(u.endswith("/probe-from-the-worker") for u in r.requests), "the worker's probe request")


def test_scripts_are_the_sites_own(session):
    r = session
    scripts = r.eval("() => [...document.scripts].map(s => [s.src, s.type, s.textContent.trim()])")
    assert scripts == [[r.base_url + "js/page/boot.js", "module", ""], [r.base_url + "js/page/main.js", "module", ""]]
    script_responses = [resp.url for resp in r.responses if resp.request.resource_type == "script"]
    assert script_responses and all(u.startswith(r.base_url) for u in script_responses)


def test_no_cookies(session):
    r = session
    assert r.eval("() => document.cookie") == ""
    assert r.context.cookies() == []
    assert [resp.url for resp in r.responses if "set-cookie" in resp.all_headers()] == []


def test_nothing_is_stored(session):
    r = session
    stored = """async () => ({
        local: typeof localStorage === 'undefined' ? 0 : localStorage.length,
        session: typeof sessionStorage === 'undefined' ? 0 : sessionStorage.length,
        indexedDB: (await indexedDB.databases()).map(d => d.name),
        caches: await caches.keys(),
        opfs: await (async () => { const names = []; for await (const [name] of (await navigator.storage.getDirectory()).entries()) names.push(name); return names; })(),
    })"""
    # The one thing a visit may keep is the site's own build, for return visits and offline
    # (web/sw.js): one cache, named for the build. (This session's worker.js carries the CSP
    # detector, so its sha256 is not the listed one and the service worker refuses the build:
    # nothing is kept. test_page_offline.py checks what an unaltered visit keeps, file by file.)
    listing = json.loads((WEB / "generated/precache.js").read_text().split("= ", 1)[1].rstrip().rstrip(";"))
    build = f"rnn-live-{listing['version']}"
    (worker,) = r.page.workers
    for where in (r.eval(stored), worker.evaluate(stored)):
        assert where["caches"] in ([], [build]), where
        assert {k: v for k, v in where.items() if k != "caches"} == {"local": 0, "session": 0, "indexedDB": [], "opfs": []}
    scopes = r.eval("async () => (await navigator.serviceWorker.getRegistrations()).map(g => g.scope)")
    assert scopes in ([], [r.base_url])


# --- static checks: what the files themselves allow -----------------------------------------------

def _serve():
    spec = importlib.util.spec_from_file_location("rnn_live_serve_security", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs, text inside a script)
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = self.tags[-1]

    def handle_data(self, data):
        if self._in_script is not None and data.strip():
            self._in_script[1]["__inline__"] = data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def test_the_html_has_no_inline_script_handler_or_foreign_resource():
    parser = _Tags()
    parser.feed((WEB / "index.html").read_text(encoding="utf-8"))
    for tag, attrs in parser.tags:
        assert "__inline__" not in attrs, f"inline <{tag}>"
        handlers = [name for name in attrs if name.startswith("on")]
        assert handlers == [], f"<{tag}> has inline handlers {handlers}"
        for name in ("src", "href", "action", "formaction", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), f"<{tag} {name}={value}>"
            if tag != "a":  # a link is not a request; anything the page loads is its own
                assert not re.match(r"^([a-z]+:)?//", value), f"<{tag} {name}={value}> loads from elsewhere"
    metas = [attrs for tag, attrs in parser.tags if tag == "meta" and attrs.get("http-equiv", "").lower() == "content-security-policy"]
    assert [m["content"] for m in metas] == [_serve().SECURITY_HEADERS["Content-Security-Policy"]]


FORBIDDEN_JS = {
    "eval": r"\beval\s*\(",
    "new Function": r"\bnew\s+Function\s*\(",
    "string timers": r"\bset(Timeout|Interval)\s*\(\s*[\"'`]",
    "innerHTML": r"\.(inner|outer)HTML\b",
    "insertAdjacentHTML": r"insertAdjacentHTML",
    "document.write": r"document\.write",
}


def test_the_pages_javascript_never_evaluates_strings_or_writes_markup():
    files = sorted((WEB / "js").rglob("*.js"))
    assert files
    found = []
    for path in files:
        code = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN_JS.items():
            for match in re.finditer(pattern, code):
                line = code.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(WEB)}:{line}: {what}")
    assert found == []
