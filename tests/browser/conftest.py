"""Shared fixtures for the browser tests: real headless Chromium (Debian's, never a download) driven by Playwright.

- `browser`: one Chromium for the whole run.
- `page`: a fresh context and page per test, anonymous, at a desktop size; CSP violations are recorded on it.
- `signed_in_page(member)`: a fresh page already signed in as `member` (session cookie from `force_login`).
- `axe(page)`: run axe-core for WCAG 2.2 AA and fail with a readable list of violations.
- `tab_to(page, text)`: press Tab (only Tab) until the focused element is the one named `text`.
- `sign_in_with_the_form(page, email=…, password=…)`: sign in through the real form, with the keyboard.
- `labelled(page, label)`, `without_browser_checks(page)`: fill fields by label; let the server judge a form.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the test's own database calls (SynchronousOnlyOperation). Safe here: one thread drives both.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_PATH = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
# 320 CSS pixels wide is what a 1280px screen shows at 400% zoom, and a small phone at 100% (WCAG 1.4.10).
NARROW = {"width": 320, "height": 640}
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    # Everything under tests/browser/ drives Chromium, so it carries the marker even if a test forgets it.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    # Requested only through browser_session, after the chromium fixture (tests/conftest.py) has checked the
    # browser is there: a missing browser skips locally and fails with CI=true.
    browser = _playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


class BrowserSession:
    """Opens pages in their own contexts and closes them all at the end of the test."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []

    def new_page(self, *, viewport=None, cookies=(), **context_options):
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport or DESKTOP, locale="en-GB", **context_options
        )
        context.set_default_timeout(TIMEOUT_MS)
        if cookies:
            context.add_cookies([{**c, "url": self.base_url} for c in cookies])
        self.contexts.append(context)
        page = context.new_page()
        page.csp_violations = []
        page.console_errors = []
        page.on("console", lambda msg: _record_console(page, msg))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.on("response", lambda response: _record_broken_resource(page, response))
        return page

    def close(self):
        for context in self.contexts:
            context.close()


def _record_broken_resource(page, response):
    # A missing stylesheet or script breaks the page for everyone; the browser's own favicon probe does not.
    if response.status >= 400 and response.request.resource_type != "document" and "/favicon.ico" not in response.url:
        page.console_errors.append(f"{response.status} for {response.url}")


def _record_console(page, msg):
    if msg.type != "error":
        return
    text = msg.text
    if text.startswith("Failed to load resource"):
        return  # recorded with its address by _record_broken_resource
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        page.csp_violations.append(text)
    else:
        page.console_errors.append(text)


@pytest.fixture
def browser_session(chromium, browser, live_server, transactional_db):
    session = BrowserSession(browser, live_server.url)
    yield session
    session.close()


@pytest.fixture
def page(browser_session):
    """A fresh anonymous page at desktop size; `page.goto("/accounts/login/")` works with relative addresses."""
    return browser_session.new_page()


def session_cookie_for(member):
    client = Client()
    client.force_login(member)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.fixture
def signed_in_page(browser_session):
    """signed_in_page(member, viewport=None) → a fresh page already signed in as that member."""

    def open_page(member, *, viewport=None):
        return browser_session.new_page(viewport=viewport, cookies=[session_cookie_for(member)])

    return open_page


def labelled(page, label):
    """The form field labelled `label` exactly, ignoring the required-field asterisk crispy-forms adds."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def without_browser_checks(page):
    """Let the server judge the form: switch off the browser's own checks (required, type=email) on every form."""
    page.evaluate("() => document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")


def sign_in_with_the_form(page, *, email, password):
    """Sign in the way a person does: the real sign-in form, typed and sent with the keyboard."""
    page.goto("/accounts/login/")
    labelled(page, "Email address").fill(email)
    labelled(page, "Password").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


# --- axe-core ----------------------------------------------------------------------------------------------

_AXE_SOURCE = None


def _axe_source():
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        if not AXE_PATH.exists():
            pytest.fail(f"axe-core is missing at {AXE_PATH}: run `npm ci` (make test does)", pytrace=False)
        _AXE_SOURCE = AXE_PATH.read_text(encoding="utf-8")
    return _AXE_SOURCE


def _inject_axe(page):
    # page.evaluate runs through the DevTools protocol, which the page's Content Security Policy does not govern,
    # so the site keeps its strict policy while the test injects axe.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())


def axe_violations(page, *, context=None):
    _inject_axe(page)
    return page.evaluate(
        """async ([context, tags]) => {
            const results = await axe.run(context || document, {runOnly: {type: 'tag', values: tags},
                                                                 resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary, html: n.html}))
            }));
        }""",
        [context, WCAG_TAGS],
    )


def describe_violations(violations, where=""):
    lines = [f"{len(violations)} accessibility violation(s) {where}".rstrip()]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("summary"):
                lines.append("       " + node["summary"].replace("\n", "\n       "))
    return "\n".join(lines)


def check_axe(page, where=""):
    """Zero axe violations for WCAG 2.0/2.1/2.2 A and AA, and no Content Security Policy violations, on `page`."""
    where = where or page.url
    violations = axe_violations(page)
    assert not violations, describe_violations(violations, f"on {where}")
    assert not page.csp_violations, f"Content Security Policy blocked something on {where}:\n" + "\n".join(
        page.csp_violations
    )


@pytest.fixture
def axe():
    """axe(page, where="") → fails the test with rule id, impact, targets and help for every violation."""
    return check_axe


# --- the keyboard -------------------------------------------------------------------------------------------

FOCUSED_DESCRIPTION = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {tag: 'body', name: '', id: ''};
    const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
    const name = (el.getAttribute('aria-label') || label || el.innerText || el.value || '').trim();
    return {tag: el.tagName.toLowerCase(), name: name.replace(/\\s+/g, ' '), id: el.id || ''};
}"""


def focused(page):
    return page.evaluate(FOCUSED_DESCRIPTION)


def tab_to(page, name, *, max_presses=80, exact=False):
    """Press Tab until the focused element's accessible name (or label) matches `name`. Keyboard only."""
    seen = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        now = focused(page)
        seen.append(now["name"] or now["tag"])
        matches = now["name"] == name if exact else name.lower() in now["name"].lower()
        if matches:
            return now
    raise AssertionError(f"Tab never reached {name!r}; focus went through: {seen}")
