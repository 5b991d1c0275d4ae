"""Long lists in real Chromium: every kind of pager (numbered with "…", "Page n of N", "Page n") and the role
filter on a project's members, with zero axe-core violations and nothing blocked by the CSP."""

import pytest
from django.urls import reverse

from network.models import Role
from tests import factories
from tests.browser.conftest import check_axe, session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(page, address, expect):
    response = page.goto(address)
    assert response.status < 400, f"{address} answered {response.status}"
    assert page.get_by_text(expect).first.is_visible(), f"{expect!r} not on {address}"
    check_axe(page, address)
    assert not page.console_errors, page.console_errors


def test_paged_lists_and_the_role_filter_are_accessible(browser_session, member, project, project_lead):
    factories.ProjectFactory.create_batch(120)
    factories.MeetingFactory.create_batch(45)
    version = factories.PledgeVersionFactory()
    factories.PledgeSignatureFactory.create_batch(30, version=version, show_on_wall=True)
    for n in range(35):
        factories.ProjectMembershipFactory(
            project=project,
            member=factories.MemberFactory(display_name=f"Carer {n:02d}", role=Role.CARER, show_role_in_directory=True),
        )
    page = browser_session.new_page(cookies=[session_cookie_for(member)])
    members = reverse("projects:members", kwargs={"slug": project.slug})
    for address, expect in (
        (reverse("projects:list") + "?page=6", "Page 6"),
        (reverse("meetings:list") + "?page=2", "Page 2"),
        (reverse("pledges:pledge") + "?page=2", "Page 2"),
        (members + "?role=carer&page=2", "Page 2 of 2"),
        (members + "?role=private", "Member"),  # people who keep their role private
        (project.get_absolute_url(), "See all"),
    ):
        _visit(page, address, expect)
