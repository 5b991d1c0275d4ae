"""A lead reads the network's involvement figures, picks a project from them and chooses other dates; a project's
lead reads their project's hours, with no money. In Chromium, with axe on every page, at desktop and phone widths;
screenshots when FIGURES_SCREENSHOTS names a folder."""

import datetime as dt
import os
from pathlib import Path

from django.utils import timezone

from involvement.models import Status
from network.models import Role
from tests import factories
from tests import involvement_world as world
from tests.browser.conftest import NARROW, labelled
from tests.test_involvement_figures import people

SHOTS = os.environ.get("FIGURES_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"h8-{name}.png"), full_page=True)


def _a_year_of_work(project):
    day = timezone.localdate() - dt.timedelta(days=1)
    group = world.activity(project=project, level_order=3, title="Project group", on=day)
    panel = world.activity(project=project, level_order=4, title="Interview panel", on=day)
    network = world.activity(level_order=2, title="Network meeting", on=day)
    people(4, Role.SERVICE_USER, group, hours="2.5", on=day)
    people(3, Role.CARER, panel, hours="3", amount_pence=7500, on=day)
    people(1, Role.STAFF, group, hours="2", status=Status.APPROVED, on=day)
    for person in people(3, Role.VOLUNTEER, network, hours="1.5", status=Status.APPROVED, on=day):
        world.claim(person, lines=((640, Status.PAID),), on=day)


def test_a_lead_and_a_project_lead_read_the_figures(signed_in_page, axe):
    project = factories.ProjectFactory(title="Calmer waiting rooms")
    lead = factories.LeadFactory(display_name="Lena Lead")
    project_lead = factories.MemberFactory(display_name="Pat Projectlead", role=Role.CARER)
    factories.ProjectMembershipFactory(member=project_lead, project=project, is_project_lead=True)
    _a_year_of_work(project)

    page = signed_in_page(lead)
    page.goto("/involvement/figures/")
    assert page.get_by_role("heading", name="Involvement figures for the network").is_visible()
    assert page.get_by_role("cell", name="£385.00").first.is_visible()  # 3 carers paid £75 and 4 service users £40
    axe(page, "the network's figures")
    shot(page, "1-network-figures-lead")
    page.get_by_role("link", name="Calmer waiting rooms").click()
    assert page.get_by_role("heading", name="Involvement figures: Calmer waiting rooms").is_visible()
    axe(page, "a project's figures for a lead")
    shot(page, "2-project-figures-lead")
    labelled(page, "From").fill("2026-09-30")
    labelled(page, "To").fill("2026-09-01")
    page.get_by_role("button", name="Show these dates").click()
    assert page.get_by_text("The last day is before the first day").is_visible()
    axe(page, "a project's figures with dates the wrong way round")
    shot(page, "3-wrong-dates")

    page = signed_in_page(project_lead)
    page.goto(f"/involvement/figures/projects/{project.slug}/")
    assert page.get_by_text("You see hours only").is_visible()
    assert "£" not in page.content()
    axe(page, "a project's figures for its lead")
    shot(page, "4-project-figures-project-lead")

    phone = signed_in_page(project_lead, viewport=NARROW)
    phone.goto(f"/involvement/figures/projects/{project.slug}/")
    axe(phone, "a project's figures on a phone")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
    shot(phone, "5-project-figures-phone")
