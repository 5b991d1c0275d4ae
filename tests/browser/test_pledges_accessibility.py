"""Every pledge page in real Chromium: zero axe-core violations (WCAG 2.2 AA) and nothing blocked by the CSP.

Uses the browser fixtures of tests/browser/conftest.py; the same pages belong in tests/browser/test_accessibility.py.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.browser.conftest import check_axe, labelled, session_cookie_for, without_browser_checks

# The Chromium fixtures live in tests/browser/conftest.py; borrowed here so this file sits with the other pledge tests.

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(member):
    earlier = factories.PledgeVersionFactory(
        title="First pledge", text="# Our promise\n\nWe will **listen**.", published_at=timezone.now() - dt.timedelta(days=90)
    )
    current = factories.PledgeVersionFactory(
        title="Our pledge", text="## Together\n\n- We share power.\n- We use plain words.",
        what_changed="We added plain words.", published_at=timezone.now() - dt.timedelta(days=3),
    )
    factories.PledgeSignatureFactory.create_batch(3, version=current, show_on_wall=True, commitment="I will listen first.")
    signature = factories.PledgeSignatureFactory(member=member, version=current, commitment="I will share.")
    reaffirmer = factories.MemberFactory(display_name="Rae Reaffirm")
    factories.PledgeSignatureFactory(member=reaffirmer, version=earlier)
    return {"earlier": earlier, "current": current, "signature": signature, "reaffirmer": reaffirmer}


def _open(browser_session, person=None):
    return browser_session.new_page(cookies=[session_cookie_for(person)] if person else [])


def _visit(page, address):
    response = page.goto(address)
    assert response.status < 400, f"{address} answered {response.status}"
    check_axe(page)
    assert not page.console_errors, page.console_errors


def test_the_pledge_pages_have_no_accessibility_violations(browser_session, world, member, lead):
    anonymous = _open(browser_session)
    _visit(anonymous, reverse("pledges:pledge"))
    _visit(anonymous, reverse("pledges:version", args=[world["earlier"].pk]))
    signed = _open(browser_session, member)
    for address in (
        reverse("pledges:pledge"),
        reverse("pledges:signed"),
        reverse("pledges:withdraw"),
        reverse("pledges:certificate", args=[world["signature"].pk]),
    ):
        _visit(signed, address)
    _visit(_open(browser_session, lead), reverse("pledges:certificate", args=[world["signature"].pk]))


def test_reaffirming_with_the_keyboard_works_and_stays_accessible_with_an_error_shown(browser_session, world):
    page = _open(browser_session, world["reaffirmer"])
    _visit(page, reverse("pledges:pledge"))
    _visit(page, reverse("pledges:sign"))
    without_browser_checks(page)
    page.evaluate("() => document.getElementById('id_commitment').removeAttribute('maxlength')")
    labelled(page, "Your own commitment (you can leave this empty)").fill("I will " + "x" * 600)
    page.get_by_role("button", name="I re-affirm the pledge").click()
    page.wait_for_load_state()
    assert page.locator("main .invalid-feedback, main .alert-danger").count()
    check_axe(page, "re-affirm form with an error")
    labelled(page, "Your own commitment (you can leave this empty)").fill("I will listen.")
    labelled(page, "Show my name and my commitment on the pledge wall").check()
    page.get_by_role("button", name="I re-affirm the pledge").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('pledges:signed')}")
    check_axe(page, "thank-you page after re-affirming")


def test_the_certificate_print_button_opens_printing_without_breaking_the_csp(browser_session, world, member):
    page = _open(browser_session, member)
    _visit(page, reverse("pledges:certificate", args=[world["signature"].pk]))
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Print this certificate").click()
    assert page.evaluate("() => window.__printed") == 1
    assert not page.csp_violations
