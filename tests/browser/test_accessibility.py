"""Zero axe-core violations (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page, at load and after interaction.

To check a new page, add ONE line to PAGES below: a name, the URL (a URL name, or a function of the world that
returns an address), who is looking, and optionally something to do on the page before checking it again.
`test_every_page_of_the_platform_is_in_the_list` fails when a page exists that PAGES does not cover.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.browser.conftest import NARROW, check_axe, labelled, session_cookie_for, without_browser_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- things a person does on a page before we check it again -----------------------------------------------


def send_the_form_empty(page):
    """Send the page's main form with nothing filled in, so every field shows its error."""
    without_browser_checks(page)
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(ERRORS).count(), f"no error shown on {page.url}"


ERRORS = "main .invalid-feedback, main .alert-danger, main .errorlist"


def send_the_form_with(expect_errors=True, **values):
    """Fill fields by their label, send the main form, wait for the next page (showing errors, unless told)."""

    def interact(page):
        without_browser_checks(page)
        for label, value in values.items():
            labelled(page, label).fill(value)
        page.locator("main form[method=post] [type=submit]").first.click()
        page.wait_for_load_state()
        if expect_errors:
            assert page.locator(ERRORS).count(), f"no error shown on {page.url}"

    interact.__name__ = "send_the_form_with_" + "_".join(values)
    return interact


def open_the_menu(page):
    """At a narrow width the main menu folds behind a 'Menu' button; open it."""
    toggler = page.get_by_role("button", name="Menu")
    toggler.click()
    page.locator("#main-menu.show").wait_for()
    assert toggler.get_attribute("aria-expanded") == "true"


def ask_for_a_code_then_send_a_wrong_one(page):
    labelled(page, "Email").fill(page.world["member"].email)
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_url("**/accounts/login/code/confirm/")
    check_axe(page, "the page asking for the sign-in code")
    labelled(page, "Code").fill("WRONG-CODE")
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(ERRORS).count(), f"no error shown on {page.url}"


# --- addresses that need something from the world ----------------------------------------------------------


def email_confirmation_link(world):
    newcomer = factories.MemberFactory(verified=False)
    address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False, primary=True)
    return reverse("account_confirm_email", kwargs={"key": EmailConfirmationHMAC(address).key})


def password_reset_link(world):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    member = world["member"]
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(member), "key": default_token_generator.make_token(member)},
    )


# --- THE LIST: one line per page ---------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    url: str | Callable  # a URL name, or world -> address
    who: str = "anonymous"  # a fixture from tests/conftest.py: member, lead, project_lead, staff_member, …
    then: Callable | None = None  # something to do on the page, after which it is checked again
    viewport: dict | None = None
    kwargs: dict = field(default_factory=dict)  # for reverse(); values may be functions of the world

    def address(self, world):
        if callable(self.url):
            return self.url(world)
        kwargs = {k: v(world) if callable(v) else v for k, v in self.kwargs.items()}
        return reverse(self.url, kwargs=kwargs)

    @property
    def id(self):
        return self.name.replace(" ", "-")


PAGES = [
    Page("home", "home"),
    Page("home signed in", "home", who="member"),
    Page("home menu opened on a phone", "home", then=open_the_menu, viewport=NARROW),
    Page("home menu opened on a phone signed in", "home", who="lead", then=open_the_menu, viewport=NARROW),
    Page("sign in", "account_login", then=send_the_form_empty),
    Page(
        "sign in with a wrong password",
        "account_login",
        then=send_the_form_with(Email="mo@example.org", Password="not-my-password"),
    ),
    Page("sign up", "account_signup", then=send_the_form_empty),
    Page(
        "sign up with passwords that differ",
        "account_signup",
        then=send_the_form_with(
            **{
                "Email": "new@example.org",
                "Password": "a-long-password-2026",
                "Password (again)": "another-password-2026",
                "Your name": "Nia",
            }
        ),
    ),
    Page("sign up on a phone", "account_signup", viewport=NARROW, then=send_the_form_empty),
    Page("email verification sent", "account_email_verification_sent"),
    Page("email confirmation link", email_confirmation_link),
    Page("password reset", "account_reset_password", then=send_the_form_empty),
    Page(
        "password reset sent",
        "account_reset_password",
        then=send_the_form_with(expect_errors=False, Email="someone@example.org"),
    ),
    Page("password reset link", password_reset_link, then=send_the_form_empty),
    Page("sign in by code", "account_request_login_code", who="anonymous", then=ask_for_a_code_then_send_a_wrong_one),
    Page("sign out", "account_logout", who="member"),
    Page("email addresses", "account_email", who="member"),
    Page("change password", "account_change_password", who="member", then=send_the_form_empty),
    Page("admin index for a lead", "admin:index", who="lead"),
]

# Pages that are not HTML for people (feeds, downloads, redirects, JSON) or are covered under another name.
NOT_PAGES = {
    "healthz",  # JSON for the load balancer
    "account_confirm_login_code",  # reached by "sign in by code"
    "account_reset_password_done",  # reached by "password reset sent"
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_reauthenticate",
    "account_set_password",
}


def _world(request):
    who = {"member", "lead"}
    world = {name: request.getfixturevalue(name) for name in who}
    return world


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.id)
def test_page_has_no_accessibility_violations_at_load_and_after_interaction(spec, request, browser_session):
    world = _world(request)
    person = request.getfixturevalue(spec.who) if spec.who != "anonymous" else None
    cookies = []
    if person is not None:
        cookies = [session_cookie_for(person)]
    page = browser_session.new_page(viewport=spec.viewport, cookies=cookies)
    page.world = world
    address = spec.address(world)
    response = page.goto(address)
    assert response.status < 400, f"{spec.name}: {address} answered {response.status}"
    check_axe(page, f"{spec.name} ({page.url}) at load")
    if spec.then:
        spec.then(page)
        check_axe(page, f"{spec.name} ({page.url}) after {spec.then.__name__}")
    assert not page.console_errors, f"JavaScript errors on {spec.name}: {page.console_errors}"


# --- coverage: every page of the platform is in the list ------------------------------------------------------

# The parts of the site people use; third-party views outside these are covered by the URL walk in
# tests/test_security_urls.py, not here.
OUR_NAMESPACES = {"network", "meetings", "projects", "pledges"}
OUR_ACCOUNT_PAGES = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_request_login_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password_from_key",
}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def page_url_names():
    """URL names of our own pages: the network's apps, plus the account pages a newcomer meets."""
    names = set()
    for name in _url_names():
        space = name.split(":")[0] if ":" in name else ""
        if space in OUR_NAMESPACES or name in OUR_ACCOUNT_PAGES or name == "home":
            names.add(name)
    return names


def test_every_page_of_the_platform_is_in_the_list():
    covered = {p.url for p in PAGES if isinstance(p.url, str)}
    covered |= {"account_confirm_email", "account_reset_password_from_key"}  # built from the world above
    missing = sorted(page_url_names() - covered - NOT_PAGES)
    assert not missing, (
        "These pages have no accessibility check yet; add a line for each to PAGES in "
        f"tests/browser/test_accessibility.py (or to NOT_PAGES if it is not a page): {missing}"
    )


def test_the_list_names_only_pages_that_exist():
    for spec in PAGES:
        if isinstance(spec.url, str):
            try:
                reverse(spec.url, kwargs=spec.kwargs or None) if not spec.kwargs else None
            except NoReverseMatch:
                pytest.fail(f"PAGES names {spec.url!r}, which is not a URL name")


def test_the_checker_reports_a_field_without_a_label_and_an_image_without_words(page):
    # Guards the guard: if axe were not injected or the tags were wrong, every test above would pass vacuously.
    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<input type="text" name="x"><img src="/static/none.png">');
        }"""
    )
    from tests.browser.conftest import axe_violations, describe_violations

    violations = axe_violations(page)
    rules = {v["id"] for v in violations}
    assert {"label", "image-alt"} <= rules
    message = describe_violations(violations)
    assert "label (critical)" in message and '<input type="text" name="x">' in message, message
