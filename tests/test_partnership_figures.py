"""Power-balance figures against a small network counted by hand, the anonymity rules, the snapshot of roles, and
who may see the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Invitation, Meeting
from meetings.models_chairs import MeetingChair
from network.models import Role
from partnership import figures as balance
from partnership.models import Criterion, Figure
from projects.models import Principle

from .factories import (
    ActionFactory,
    LeadFactory,
    MeetingFactory,
    MemberFactory,
    ProjectFactory,
    ProjectMembershipFactory,
)

pytestmark = pytest.mark.django_db

SU, CARER, STAFF = Role.SERVICE_USER, Role.CARER, Role.STAFF
TODAY = dt.date(2026, 12, 2)
# The last twelve whole months before 2 December 2026: December 2025 to November 2026, in quarters.
PERIOD = balance.default_period(TODAY)


def _at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _meeting(day, **extra):
    return MeetingFactory(starts_at=_at(day), ends_at=_at(day, 12), **extra)


def _people(role, n):
    return [MemberFactory(role=role, date_joined=_at(dt.date(2025, 1, 1))) for _ in range(n)]


@pytest.fixture
def network():
    """6 service users, 4 carers, 5 staff. Two meetings in the period: in March (everyone invited; 4 service
    users, 3 carers and 4 staff came; a service user and a staff member co-chaired; 3 staff presented) and in
    October (the 6 service users and 5 staff invited; 5 service users and 3 staff came)."""
    people = {SU: _people(SU, 6), CARER: _people(CARER, 4), STAFF: _people(STAFF, 5)}
    march = _meeting(dt.date(2026, 3, 12))
    october = _meeting(dt.date(2026, 10, 8))
    _meeting(dt.date(2026, 12, 1))  # this month has not ended: never counted
    for member in [*people[SU], *people[CARER], *people[STAFF]]:
        Invitation.objects.create(meeting=march, member=member)
    for member in [*people[SU], *people[STAFF]]:
        Invitation.objects.create(meeting=october, member=member)
    for member in [*people[SU][:4], *people[CARER][:3], *people[STAFF][:4]]:
        Attendance.objects.create(meeting=march, member=member)
    for member in [*people[SU][:5], *people[STAFF][:3]]:
        Attendance.objects.create(meeting=october, member=member)
    Attendance.objects.create(meeting=october, member=people[CARER][3], status=Attendance.Status.APOLOGIES)
    MeetingChair.objects.create(meeting=march, member=people[SU][0])
    MeetingChair.objects.create(meeting=march, member=people[STAFF][0])
    for n, member in enumerate(people[STAFF][:3]):
        AgendaItem.objects.create(meeting=march, title=f"Item {n}", presenter=member)
    return people


def _entry(figures, figure):
    return next(entry for entry in figures["figures"] if entry["figure"] == figure)


def test_who_is_invited_and_who_comes_is_counted_by_role_over_the_period(network):
    figures = balance.compute(PERIOD)
    invited = _entry(figures, Figure.INVITED)["all"]
    # 15 invited in March + 11 in October = 26; service users 12 of them.
    assert invited.total == 26
    assert (invited.cells[SU].count, invited.cells[SU].people, invited.cells[SU].share) == (12, 6, Decimal("46.2"))
    assert (invited.cells[CARER].count, invited.cells[STAFF].count) == (4, 10)
    came = _entry(figures, Figure.CAME)["all"]
    # Apologies are not coming: 11 + 8 = 19.
    assert came.total == 19
    assert (came.cells[SU].count, came.cells[CARER].count, came.cells[STAFF].count) == (9, 3, 7)
    assert came.cells[SU].share == Decimal("47.4")


def test_each_quarter_counts_only_its_own_meetings(network):
    figures = balance.compute(PERIOD)
    parts = figures["parts"]
    assert [(p.start, p.end) for p in parts] == [
        (dt.date(2025, 12, 1), dt.date(2026, 2, 28)), (dt.date(2026, 3, 1), dt.date(2026, 5, 31)),
        (dt.date(2026, 6, 1), dt.date(2026, 8, 31)), (dt.date(2026, 9, 1), dt.date(2026, 11, 30))]
    came = _entry(figures, Figure.CAME)["parts"]
    assert [row.total for row in came] == [0, 11, 0, 8]
    assert came[3].cells[SU].count == 5


def test_membership_make_up_is_shown_beside_the_figures(network):
    members = _entry(balance.compute(PERIOD), Figure.MEMBERS)["all"]
    assert (members.cells[SU].count, members.cells[CARER].count, members.cells[STAFF].count) == (6, 4, 5)
    assert members.cells[SU].share == Decimal("40.0")


def test_a_role_with_fewer_than_three_people_is_hidden_and_so_is_one_more_that_would_give_it_away(network):
    chairs = _entry(balance.compute(PERIOD), Figure.CHAIRS)["all"]
    # Two chairs: fewer than three people in the whole row, so nothing is shown.
    assert not chairs.shown
    assert not any(cell.shown for cell in chairs.cells.values())
    came = _entry(balance.compute(PERIOD), Figure.CAME)["parts"][3]
    # October: 5 service users and 3 staff came, no carers: all shown (nothing hidden to subtract).
    assert came.cells[SU].shown and came.cells[STAFF].shown
    presenters = _entry(balance.compute(PERIOD), Figure.PRESENTERS)["all"]
    assert presenters.cells[STAFF].shown and presenters.cells[STAFF].share == Decimal("100.0")


def test_a_hidden_cell_that_could_be_worked_out_from_the_total_hides_the_smallest_shown_one(network):
    # Add 2 peer support workers to the March meeting: 2 people (hidden), so the smallest shown role goes too.
    for member in _people(Role.PEER_SUPPORT, 2):
        Attendance.objects.create(meeting=Meeting.objects.get(starts_at=_at(dt.date(2026, 3, 12))), member=member)
    march = _entry(balance.compute(PERIOD), Figure.CAME)["parts"][1]
    assert not march.cells[Role.PEER_SUPPORT].shown
    assert not march.cells[CARER].shown  # 3 carers: the smallest shown role, hidden as well
    assert march.cells[SU].shown and march.cells[STAFF].shown
    hidden = sum(cell.people for cell in march.cells.values() if not cell.shown)
    assert hidden == 0 or hidden >= balance.THRESHOLD


def test_a_member_who_changes_role_does_not_change_what_they_were_counted_as(network):
    before = _entry(balance.compute(PERIOD), Figure.CAME)["all"].cells[CARER].count
    carer = network[CARER][0]
    carer.role = STAFF
    carer.save()
    after = balance.compute(PERIOD)
    assert _entry(after, Figure.CAME)["all"].cells[CARER].count == before == 3
    # The make-up of the membership is the people as they are now.
    assert _entry(after, Figure.MEMBERS)["all"].cells[CARER].count == 3


def test_project_figures_count_only_the_project(network):
    project = ProjectFactory()
    leads = [ProjectMembershipFactory(project=project, member=m, is_project_lead=True) for m in network[SU][:3]]
    leads.append(ProjectMembershipFactory(project=project, member=network[STAFF][0], is_project_lead=True))
    ProjectMembershipFactory(project=project, member=network[STAFF][1], is_project_lead=True)  # joined today: not yet
    for membership in leads:
        type(membership).objects.filter(pk=membership.pk).update(joined_at=_at(dt.date(2026, 1, 5)))
    meeting = _meeting(dt.date(2026, 6, 3), project=project)
    for member in network[SU][:3]:
        Attendance.objects.create(meeting=meeting, member=member)
    for member in network[CARER][:3]:
        action = ActionFactory(project=project, owner=member)
        type(action).objects.filter(pk=action.pk).update(created_at=_at(dt.date(2026, 7, 1)))
    figures = balance.compute(PERIOD, project)
    assert _entry(figures, Figure.CAME)["all"].total == 3
    leads_row = _entry(figures, Figure.PROJECT_LEADS)["all"]
    assert leads_row.total == 4
    # 3 service users shown; the one staff lead hidden, and since hiding 1 could be worked out, the service users too.
    assert not leads_row.cells[STAFF].shown and not leads_row.cells[SU].shown
    owners = _entry(figures, Figure.ACTION_OWNERS)["all"]
    assert owners.cells[CARER].share == Decimal("100.0")


def test_the_figures_take_the_same_number_of_queries_for_a_bigger_network(network, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        balance.compute(PERIOD)
    more = _people(SU, 10)
    meeting = _meeting(dt.date(2026, 4, 2))
    for member in more:
        Invitation.objects.create(meeting=meeting, member=member)
        Attendance.objects.create(meeting=meeting, member=member)
    with CaptureQueriesContext(connection) as big:
        balance.compute(PERIOD)
    assert len(big) == len(small) == len(balance.FIGURES)


@pytest.mark.parametrize("comparison, threshold, met", [
    ("at_least", "47.4", True), ("at_least", "47.5", False), ("at_most", "47.4", True), ("at_most", "47.3", False),
])
def test_a_criterion_worked_out_from_the_figures_passes_and_fails_at_its_threshold(network, comparison, threshold, met):
    criterion = Criterion.objects.create(
        principle=Principle.objects.create(name="Tackling unequal power dynamics"), how=Criterion.How.COMPUTED,
        text="Service users are at least half of the people who come", figure=Figure.CAME, role=SU,
        comparison=comparison, threshold_percent=Decimal(threshold), scope=Criterion.Scope.NETWORK)
    share = balance.share(balance.compute(PERIOD), criterion.figure, criterion.role)
    assert share == Decimal("47.4")
    assert criterion.is_met_by(share) is met


def test_the_page_shows_the_figures_to_members_and_a_plain_summary(client, network):
    client.force_login(network[CARER][0])
    response = client.get(reverse("partnership:figures"), {"start": "2026-03", "end": "2026-10"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Service users and experts by experience are 40.0% of members" in text
    assert "people who came to meetings" in text


def test_a_month_that_has_not_ended_or_nonsense_gets_a_message_and_no_figures(client, network):
    client.force_login(network[SU][0])
    future = (timezone.localdate() + dt.timedelta(days=62)).strftime("%Y-%m")
    response = client.get(reverse("partnership:figures"), {"start": future, "end": future})
    assert response.status_code == 200
    assert "Figures are for months that have ended" in response.content.decode()
    assert response.context["figures"] is None
    response = client.get(reverse("partnership:figures"), {"start": "2026-13", "end": "'; drop"})
    assert response.status_code == 200 and response.context["figures"] is None


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("partnership:figures"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_lead_sees_the_same_protected_figures_as_everyone(client, network):
    client.force_login(LeadFactory())
    response = client.get(reverse("partnership:figures"), {"start": "2025-12", "end": "2026-11"})
    chairs = _entry(response.context["figures"], Figure.CHAIRS)["all"]
    assert not chairs.shown
