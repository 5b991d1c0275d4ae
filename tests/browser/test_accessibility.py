"""Zero axe-core violations (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page, at load and after interaction.

To check a new page, add ONE line to PAGES below: a name, the URL (a URL name, or a function of the world that
returns an address), who is looking, and optionally something to do on the page before checking it again.
`test_every_page_of_the_platform_is_in_the_list` fails when a page exists that PAGES does not cover.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse
from django.utils import timezone

from involvement.selectors.statements import tax_year_of
from tests import factories, test_security_urls
from tests.browser.conftest import NARROW, check_axe, labelled, session_cookie_for, without_browser_checks
from tests.browser.support_pages import (
    access_needs_for_page,
    my_support_people_page,
    reply_for_page,
    supporting_page,
    welcome_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
world = test_security_urls.world  # the cast, a project, a meeting, an action, pledge versions (a fixture)


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


def choose_months_to_come(page):
    """Ask the figures for months that have not ended yet: the form says why there are none."""
    labelled(page, "From the start of").fill("2099-01")
    labelled(page, "To the end of").fill("2099-02")
    page.get_by_role("button", name="Show these months").click()
    page.wait_for_load_state()
    assert page.locator(ERRORS).count(), f"no error shown on {page.url}"


def add_nothing(page):
    without_browser_checks(page)
    page.get_by_role("button", name="Add this").click()
    page.wait_for_load_state()
    assert page.locator(ERRORS).count(), f"no error shown on {page.url}"


def clear_the_words_and_save(page):
    page.get_by_label("Tell us in a few words").fill("")
    send_the_form_empty(page)


def search_for_photography(page):
    page.get_by_label("Words in what they bring").fill("photography")
    page.get_by_role("button", name="Find people").click()
    page.wait_for_load_state()
    assert page.get_by_text("Photography & zines").first.is_visible()


def switch_to_welsh(page):
    """Choose Cymraeg in the footer with the keyboard alone; the same page comes back in Welsh."""
    page.get_by_role("button", name="Cymraeg").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == "cy"


def open_the_menu(page):
    """At a narrow width the main menu folds behind a 'Menu' button; open it."""
    toggler = page.get_by_role("button", name="Menu")
    toggler.click()
    page.locator("#main-menu.show").wait_for()
    assert toggler.get_attribute("aria-expanded") == "true"


def open_every_disclosure(page):
    """Open each <details> on the page (checklists, more information) with the keyboard."""
    summaries = page.locator("main details > summary")
    assert summaries.count(), f"no <details> on {page.url}"
    for index in range(summaries.count()):
        summaries.nth(index).focus()
        page.keyboard.press("Enter")
    assert page.locator("main details:not([open])").count() == 0


def ask_for_a_code_then_send_a_wrong_one(page):
    labelled(page, "Email address").fill(page.world.member.email)
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_url("**/accounts/login/code/confirm/")
    check_axe(page, "the page asking for the sign-in code")
    labelled(page, "The code from the email").fill("WRONG-CODE")
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

    member = world.member
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
    covers: str = ""  # the URL name, when `url` is a function

    @property
    def url_name(self):
        return self.url if isinstance(self.url, str) else self.covers

    def address(self, world):
        if callable(self.url):
            return self.url(world)
        kwargs = {k: v(world) if callable(v) else v for k, v in self.kwargs.items()}
        return reverse(self.url, kwargs=kwargs)

    @property
    def id(self):
        return self.name.replace(" ", "-")


def w(attr, field="pk"):
    """A URL kwarg from the world: w("meeting") is the meeting's pk, w("project", "slug") its slug."""
    return lambda world: getattr(getattr(world, attr), field)


PROJECT = {"slug": w("project", "slug")}


def unsubscribe_link(world):
    from notifications.services import unsubscribe_token

    token = unsubscribe_token(member_id=world.member.pk, preference="wants_weekly_digest")
    return reverse("notifications:unsubscribe", kwargs={"token": token})


# fmt: off
PAGES = [
    # The front door
    Page("home", "home"),
    Page("home signed in", "home", who="member"),
    Page("home menu opened on a phone", "home", then=open_the_menu, viewport=NARROW),
    Page("home menu opened on a phone signed in", "home", who="lead", then=open_the_menu, viewport=NARROW),
    Page("about the network", "network:about"),
    Page("accessibility statement", "network:accessibility"),
    Page("home in Welsh", "home", then=switch_to_welsh),
    Page("home signed in in Welsh", "home", who="member", then=switch_to_welsh),
    Page("pledge in Welsh", "pledges:pledge", who="member", then=switch_to_welsh),
    Page("a meeting in Welsh", "meetings:detail", who="member", kwargs={"pk": w("meeting")}, then=switch_to_welsh),
    Page("contact us", "network:contact", then=send_the_form_empty),
    Page("contact us thank you", "network:contact_thanks"),
    # Accounts
    Page("sign in", "account_login", then=send_the_form_empty),
    Page("sign in with a wrong password", "account_login", then=send_the_form_with(**{"Email address": "mo@example.org", "Password": "not-my-password"})),
    Page("sign up", "account_signup", then=send_the_form_empty),
    Page("sign up with passwords that differ", "account_signup", then=send_the_form_with(**{"Email address": "new@example.org", "Choose a password": "a-long-password-2026", "Type the password again": "another-password-2026", "Your name": "Nia"})),
    Page("sign up on a phone", "account_signup", viewport=NARROW, then=send_the_form_empty),
    Page("email verification sent", "account_email_verification_sent"),
    Page("email confirmation link", email_confirmation_link, covers="account_confirm_email"),
    Page("password reset", "account_reset_password", then=send_the_form_empty),
    Page("password reset sent", "account_reset_password", then=send_the_form_with(expect_errors=False, **{"Email address": "someone@example.org"})),
    Page("password reset link", password_reset_link, then=send_the_form_empty, covers="account_reset_password_from_key"),
    Page("sign in by code", "account_request_login_code", then=ask_for_a_code_then_send_a_wrong_one),
    Page("sign out", "account_logout", who="member"),
    Page("email addresses", "account_email", who="member"),
    Page("change password", "account_change_password", who="member", then=send_the_form_empty),
    # Members
    Page("my profile", "network:profile", who="member"),
    Page("member directory", "network:directory", who="member"),
    Page("what I bring", "network:what_i_bring", who="member", then=add_nothing),
    Page("change what I bring", "network:change_what_i_bring", who="member", kwargs={"pk": w("piece")}, then=clear_the_words_and_save),
    Page("find people by what they bring", "network:what_they_bring", who="lead", then=search_for_photography),
    Page("getting involved: what gets in the way", "network:blockages", who="member", then=send_the_form_empty),
    Page("email choices", "notifications:preferences", who="member"),
    Page("one-click unsubscribe", unsubscribe_link, covers="notifications:unsubscribe"),
    Page("my data", "privacy:my_data", who="member"),
    Page("what we hold about you", "privacy:read", who="member"),
    Page("delete my account", "privacy:erase", who="member", then=send_the_form_empty),
    Page("delete an offline member's data", "privacy:offline_erase", who="lead", kwargs={"member_id": w("offline_member")}),
    # Leads managing members
    Page("add an offline member", "network:add_offline_member", who="lead", then=send_the_form_empty),
    Page("invite someone", "network:invite", who="lead", then=send_the_form_empty),
    Page("manage a member", "network:manage_member", who="lead", kwargs={"pk": w("offline_member")}),
    Page("edit the network page", "network:edit_about", who="lead"),
    # Projects
    Page("projects", "projects:list", who="member"),
    Page("project page", "projects:detail", who="member", kwargs=PROJECT),
    Page("project page for its lead, checklists opened", "projects:detail", who="project_lead", kwargs=PROJECT, then=open_every_disclosure),
    Page("start a project", "projects:create", who="lead", then=send_the_form_empty),
    Page("edit a project", "projects:edit", who="project_lead", kwargs=PROJECT),
    Page("project members", "projects:members", who="project_lead", kwargs=PROJECT),
    Page("joined a project", "projects:joined", who="member", kwargs=PROJECT),
    Page("join a project", "projects:join", who="member", kwargs={"slug": w("other_project", "slug")}, then=send_the_form_with(expect_errors=False)),
    Page("leave a project", "projects:leave", who="member", kwargs=PROJECT),
    Page("move a project to the next stage", "projects:move_stage", who="project_lead", kwargs=PROJECT, then=send_the_form_empty),
    Page("project actions", "projects:actions", who="member", kwargs=PROJECT),
    Page("edit an action", "projects:edit_action", who="project_lead", kwargs={**PROJECT, "action_id": w("action")}),
    Page("record impact", "projects:add_impact", who="project_lead", kwargs=PROJECT, then=send_the_form_empty),
    Page("reflect on a project", "projects:reflect", who="member", kwargs=PROJECT),
    Page("reflection comments", "projects:reflection_comments", who="project_lead", kwargs=PROJECT),
    Page("my actions", "projects:my_actions", who="member"),
    Page("export a project record", "exports:project_record", who="lead", kwargs=PROJECT),
    # The pledge
    Page("the pledge", "pledges:pledge"),
    Page("the pledge signed in", "pledges:pledge", who="member"),
    Page("take the pledge", "pledges:sign", who="other_member"),
    Page("pledge taken", "pledges:signed", who="member"),
    Page("withdraw from the pledge", "pledges:withdraw", who="member"),
    Page("pledge certificate", "pledges:certificate", who="member", kwargs={"pk": w("signature")}),
    Page("an earlier pledge version", "pledges:version", kwargs={"pk": w("earlier_version")}),
    # Meetings
    Page("meetings", "meetings:list", who="member"),
    Page("a meeting", "meetings:detail", who="member", kwargs={"pk": w("meeting")}),
    Page("a meeting's access needs", "meetings:access_needs", who="lead", kwargs={"pk": w("meeting")}),
    Page("a meeting's phone and post list", "meetings:offline_list", who="lead", kwargs={"pk": w("meeting")}),
    Page("calendar help", "meetings:calendar", who="member"),
    Page("a meeting's minutes to print", "meetings:minutes_print", who="lead", kwargs={"pk": w("past_meeting")}),
    # Involvement: time and how people are rewarded
    Page("add reading time", "involvement:add_preparation", who="member"),
    Page("how you would like to be rewarded", "involvement:reward", who="member", then=send_the_form_empty),
    Page("record time for an offline member", "involvement:record_time_for", who="lead", kwargs={"member_id": w("offline_member")}, then=send_the_form_empty),
    Page("record an offline member's reward", "involvement:reward_for", who="lead", kwargs={"member_id": w("offline_member")}, then=send_the_form_empty),
    # Involvement: what a person did and was paid; statements; figures and the finance export
    Page("my involvement", "involvement:mine", who="member"),
    Page("my involvement on a phone", "involvement:mine", who="member", viewport=NARROW),
    Page("tax-year statement", "involvement:statement", who="member", kwargs={"year": lambda world: tax_year_of(timezone.localdate())}),
    Page("a member's statement", "involvement:statement_for", who="lead", kwargs={"year": lambda world: tax_year_of(timezone.localdate()), "member_id": w("offline_member")}),
    Page("finance export", "involvement:finance_export", who="lead"),
    Page("involvement figures for the network", "involvement:figures", who="lead"),
    Page("a project's involvement figures for its lead", "involvement:project_figures", who="project_lead", kwargs=PROJECT),
    # Involvement: expense claims and their approval
    Page("your expense claims", "involvement:claims", who="member"),
    Page("claim your expenses", "involvement:claim_new", who="member", then=send_the_form_empty),
    Page("an expense claim", "involvement:claim", who="member", kwargs={"pk": w("claim")}),
    Page("waiting for approval", "involvement:waiting", who="lead"),
    Page("waiting for approval on a phone", "involvement:waiting", who="lead", viewport=NARROW),
    Page("do not approve a cost", "involvement:act", who="lead", kwargs={"kind": "line", "pk": w("expense"), "action": "decline"}, then=send_the_form_empty),
    Page("correct a cost", "involvement:act", who="lead", kwargs={"kind": "line", "pk": w("expense"), "action": "correct"}, then=send_the_form_empty),
    Page("claim for an offline member", "involvement:claim_new_for", who="lead", kwargs={"member_id": w("offline_member")}),
    Page("choose an offline member to claim for", "involvement:claim_for_offline_member", who="lead"),
    # Support people
    Page("your support people", "support:mine", who="member", then=send_the_form_empty),
    Page("your support people with one named", my_support_people_page, who="member", covers="support:mine", then=open_every_disclosure),
    Page("support people for an offline member", "support:for_offline", who="lead", kwargs={"member_id": w("offline_member")}, then=send_the_form_empty),
    Page("supporting someone", supporting_page, who="other_member", covers="support:supporting"),
    Page("reply to a meeting for someone", reply_for_page, who="other_member", covers="support:reply_for", then=send_the_form_with(expect_errors=False)),
    Page("update someone's access needs", access_needs_for_page, who="other_member", covers="support:access_needs_for"),
    Page("make a support person account", welcome_page, covers="support:welcome", then=send_the_form_empty),
    # Is power shared: the figures, the framework, the review
    Page("is power shared in the network", "partnership:figures", who="member"),
    Page("is power shared: months that have not ended", "partnership:figures", who="member", then=choose_months_to_come),
    Page("is power shared in a project", "partnership:project_figures", who="member", kwargs=PROJECT),
    Page("how the network works together", "partnership:framework", who="member"),
    Page("how a project works together", "partnership:project_framework", who="project_lead", kwargs=PROJECT),
    Page("add evidence", "partnership:add_evidence", who="project_lead", kwargs=PROJECT, then=send_the_form_empty),
    Page("a recognition certificate", "partnership:certificate", who="member", kwargs={"pk": w("recognition")}),
    Page("reviews of how we work together", "partnership:reviews", who="lead", then=send_the_form_empty),
    Page("a review, open for views", "partnership:review", who="member", kwargs={"pk": w("review")}, then=send_the_form_with(expect_errors=False)),
    Page("the yearly report", "partnership:report", who="lead", kwargs={"pk": w("review")}),
    # Running the network
    Page("admin index for a lead", "admin:index", who="lead"),
    Page("admin: meetings", "admin:meetings_meeting_changelist", who="lead"),
    Page("admin: a new meeting", "admin:meetings_meeting_add", who="lead"),
    Page("admin: a meeting with replies, attendance and minutes", "admin:meetings_meeting_change", who="lead", kwargs={"object_id": w("past_meeting")}),
]

# Not pages for people: actions that only accept a form post (their forms are checked on the pages above),
# redirects, and downloads (any address ending in a file extension is a download, see is_download()).
NOT_PAGES = {
    "healthz",  # JSON for the load balancer
    "account_confirm_login_code",  # reached by "sign in by code"
    "account_reset_password_done",  # reached by "password reset sent"
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_reauthenticate",
    "account_set_password",
    "network:change_role", "network:record_consent", "network:make_lead", "network:change_power",  # posts from "manage a member"
    "network:accept_invitation",  # needs an emailed invitation token; TODO: add when invitations have a factory
    "projects:mark_action", "projects:tick_item", "projects:save_checklist", "projects:approve_request", "projects:decline_request",
    "projects:set_project_role",
    "pledges:wall_choice", "pledges:my_certificate",  # a post, and a redirect to the certificate
    "meetings:reply", "meetings:suggest", "meetings:calendar_reset", "meetings:paper",  # posts, and a download
    "privacy:download", "privacy:offline_download",  # downloads
    "partnership:answer_review", "partnership:run_review", "partnership:recognise",  # posts from their pages
    "support:change",  # a post from "your support people"
    "involvement:approve",  # a post from "waiting for approval"
    "involvement:receipt",  # a download
    "network:choose_language",  # a post from every footer (see "home in Welsh")
    "network:remove_what_i_bring",  # a post from "what I bring"
    "network:easy_read",  # the header's Easy Read switch, a post (tests/browser/test_easy_read.py walks its pages)
}
# fmt: on


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.id)
def test_page_has_no_accessibility_violations_at_load_and_after_interaction(spec, world, browser_session):
    person = world.person(spec.who)
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

# Every namespace but the admin is ours; third-party views outside these are covered by the URL walk in
# tests/test_security_urls.py, not here.
NOT_OURS = {"admin"}
OUR_ACCOUNT_PAGES = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_request_login_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password_from_key",
}


def is_download(pattern):
    return bool(re.search(r"\.[a-z]{2,4}\$?$", str(pattern)))


def page_url_names():
    """URL names of our own pages: the network's apps, plus the account pages a newcomer meets."""
    names = set()
    for name, pattern in test_security_urls.url_patterns():
        space = name.split(":")[0] if ":" in name else ""
        if is_download(pattern):
            continue
        if (space and space not in NOT_OURS) or name in OUR_ACCOUNT_PAGES or name == "home":
            names.add(name)
    return names


def test_every_page_of_the_platform_is_in_the_list():
    covered = {p.url_name for p in PAGES}
    missing = sorted(page_url_names() - covered - NOT_PAGES)
    assert not missing, (
        "These pages have no accessibility check yet; add a line for each to PAGES in "
        f"tests/browser/test_accessibility.py (or to NOT_PAGES if it is not a page): {missing}"
    )


def test_the_list_names_only_pages_that_exist():
    names = {name for name, _ in test_security_urls.url_patterns()}
    unknown = [spec.url_name or spec.name for spec in PAGES if spec.url_name not in names]
    unknown += sorted(name for name in NOT_PAGES if name not in names)
    assert not unknown, f"PAGES or NOT_PAGES name URLs that do not exist (any more): {unknown}"


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
