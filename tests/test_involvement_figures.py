"""Involvement figures: hours given and money paid, by role and by level, for the network and for each project, that
never give one person's figures away (the reflections' rule: at least three people, and no working out by taking
the shown figures from the total)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from involvement.models import Status
from involvement.selectors.figures import involvement_figures
from network.models import Power, Role
from projects.reflections import THRESHOLD
from tests import factories
from tests import involvement_world as world

YEAR = (dt.date(2026, 4, 6), dt.date(2027, 4, 5))


@pytest.fixture
def finance(db):
    return factories.grant_power(factories.MemberFactory(display_name="Fran Finance", role=Role.STAFF), Power.FINANCE)


def people(n, role, what, *, hours="2", status=Status.PAID, amount_pence=4000, on=world.DAY):
    """n members of `role`, each with one record of time given to `what`."""
    made = []
    for _ in range(n):
        person = factories.MemberFactory(role=role)
        world.record(person, what, hours=hours, status=status, amount_pence=amount_pence, on=on)
        made.append(person)
    return made


def row(rows, label):
    return next(r for r in rows if str(r.label) == label)


# --- the figures ------------------------------------------------------------------------------------------------

def test_hours_and_payments_are_added_up_by_role_at_the_time_and_by_level(project):
    group = world.activity(project=project, level_order=3)
    panel = world.activity(project=project, level_order=4, title="Interview panel")
    people(3, Role.CARER, group, hours="2.5")
    people(4, Role.SERVICE_USER, panel, hours="3", amount_pence=7500)
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], with_amounts=True)
    assert (figures.total.people, figures.total.hours, figures.total.paid) == (7, 19.5, 3 * 4000 + 4 * 7500)
    carers = row(figures.by_role, "Carer")
    assert (carers.people, carers.hours, carers.paid) == (3, 7.5, 12000)
    partners = row(figures.by_level, "A partner in a role")
    assert (partners.people, partners.hours, partners.paid) == (4, 12, 30000)


def test_the_role_of_the_time_counts_not_the_role_a_person_has_now(project):
    group = world.activity(project=project)
    changed = people(3, Role.CARER, group)
    for person in changed:
        person.role = Role.STAFF
        person.save()
    people(3, Role.STAFF, group)
    figures = involvement_figures(start=YEAR[0], end=YEAR[1])
    assert (row(figures.by_role, "Carer").people, row(figures.by_role, "Staff").people) == (3, 3)


def test_a_role_of_fewer_than_three_people_is_a_dash(project):
    group = world.activity(project=project)
    people(5, Role.SERVICE_USER, group)
    people(3, Role.CARER, group)
    people(3, Role.VOLUNTEER, group)
    people(1, Role.STAFF, group, hours="6")
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], with_amounts=True)
    staff = row(figures.by_role, "Staff")
    assert (staff.people, staff.hours, staff.paid) == (None, None, None)


def test_a_second_role_is_hidden_when_the_total_would_give_the_small_one_away(project):
    """Everyone minus the roles shown must never leave one or two people: the smallest shown role goes too."""
    group = world.activity(project=project)
    people(5, Role.SERVICE_USER, group)
    people(3, Role.CARER, group)
    people(1, Role.STAFF, group, hours="6")
    figures = involvement_figures(start=YEAR[0], end=YEAR[1])
    assert figures.total.hours == 22
    assert row(figures.by_role, "Service user / expert by experience").hours == 10
    assert row(figures.by_role, "Carer").hours is None  # else 22 - 10 - 6 gives away the staff member's 6 hours
    assert row(figures.by_role, "Staff").hours is None


def test_fewer_than_three_people_in_all_shows_no_figures_at_all(project):
    people(2, Role.CARER, world.activity(project=project))
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], with_amounts=True)
    assert not figures.enough
    assert (figures.total.people, figures.total.hours, figures.total.paid) == (None, None, None)


def test_payments_are_shown_only_where_three_people_were_paid(project):
    group = world.activity(project=project)
    people(3, Role.CARER, group, status=Status.PAID)
    people(3, Role.SERVICE_USER, group, status=Status.APPROVED)
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], with_amounts=True)
    assert row(figures.by_role, "Carer").paid == 12000
    assert row(figures.by_role, "Service user / expert by experience").paid is None  # nobody paid yet
    assert row(figures.by_role, "Service user / expert by experience").hours == 6


def test_time_replaced_by_a_correction_or_not_approved_is_not_counted(project):
    group = world.activity(project=project)
    people(3, Role.CARER, group)
    people(2, Role.CARER, group, status=Status.REPLACED, hours="9")
    people(2, Role.CARER, group, status=Status.DECLINED, hours="9")
    figures = involvement_figures(start=YEAR[0], end=YEAR[1])
    assert (figures.total.people, figures.total.hours) == (3, 6)


def test_the_period_runs_from_6_april_to_5_april_both_days_included(project):
    group = world.activity(project=project)
    people(3, Role.CARER, group, on=dt.date(2026, 4, 6))
    people(3, Role.CARER, group, on=dt.date(2027, 4, 5))
    people(3, Role.CARER, group, on=dt.date(2026, 4, 5))  # the tax year before
    people(3, Role.CARER, group, on=dt.date(2027, 4, 6))  # the tax year after
    assert involvement_figures(start=YEAR[0], end=YEAR[1]).total.people == 6


def test_a_project_counts_its_own_work_and_its_meetings_and_nothing_else(project, other_project):
    meeting = factories.MeetingFactory(project=project)
    people(3, Role.CARER, world.activity(project=project))
    people(3, Role.CARER, world.activity(meeting=meeting, title="Project meeting"))
    people(3, Role.CARER, world.activity(project=other_project))
    people(3, Role.CARER, world.activity(title="Network meeting"))
    assert involvement_figures(start=YEAR[0], end=YEAR[1], project=project).total.people == 6
    network = involvement_figures(start=YEAR[0], end=YEAR[1], with_amounts=True)
    assert network.total.people == 12
    assert {str(r.label): r.people for r in network.by_project} == {
        "Calmer waiting rooms": 6, "Walking group": 3, "Network work (no project)": 3}


def test_expenses_paid_back_are_counted_by_role_and_only_once_paid(project):
    group = world.activity(project=project)
    carers = people(3, Role.CARER, group)
    for person in carers:
        world.claim(person, project=project, lines=((1000, Status.PAID), (500, Status.WAITING)))
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], project=project, with_amounts=True)
    assert row(figures.by_role, "Carer").expenses == 3000
    assert figures.total.expenses == 3000


def test_without_amounts_no_money_is_read_at_all(project):
    people(3, Role.CARER, world.activity(project=project))
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], project=project)
    assert figures.total.hours == 6
    assert (figures.total.paid, row(figures.by_role, "Carer").paid, row(figures.by_role, "Carer").expenses) == (
        None, None, None)


# --- the pages ----------------------------------------------------------------------------------------------------

@pytest.fixture
def year_of_work(project, settings):
    group = world.activity(project=project, level_order=3)
    people(3, Role.CARER, group, hours="2.5", on=dt.date(2026, 6, 1))
    people(3, Role.SERVICE_USER, group, hours="3", on=dt.date(2026, 6, 1))
    return group


@pytest.fixture
def in_2026(monkeypatch):
    from involvement.selectors import statements

    monkeypatch.setattr(statements.timezone, "localdate", lambda: dt.date(2026, 12, 2))


def test_a_lead_sees_the_networks_hours_and_money_by_role_level_and_project(client, lead, year_of_work, in_2026):
    client.force_login(lead)
    html = client.get(reverse("involvement:figures")).content.decode()
    assert "The tax year 2026 to 2027" in html
    assert "By role" in html and "By involvement level" in html and "By project" in html
    assert "16.5" in html and "£240.00" in html
    assert reverse("involvement:project_figures", args=[year_of_work.project.slug]) in html


def test_the_finance_team_sees_the_same_figures(client, finance, year_of_work, in_2026):
    client.force_login(finance)
    html = client.get(reverse("involvement:figures")).content.decode()
    assert "£240.00" in html


def test_a_project_lead_sees_their_projects_hours_but_no_money(client, project_lead, project, year_of_work, in_2026):
    client.force_login(project_lead)
    html = client.get(reverse("involvement:project_figures", args=[project.slug])).content.decode()
    assert "16.5" in html and "7.5" in html
    assert "£" not in html and "payments paid" not in html
    assert "You see hours only" in html


def test_a_project_lead_chooses_tax_years_only_and_dates_in_the_address_change_nothing(
        client, project_lead, project, year_of_work, in_2026):
    client.force_login(project_lead)
    url = reverse("involvement:project_figures", args=[project.slug])
    html = client.get(url, {"starts": "2026-06-01", "ends": "2026-06-01"}).content.decode()
    assert 'name="starts"' not in html
    assert "The tax year 2026 to 2027" in html


def test_a_lead_chooses_any_dates(client, lead, project, year_of_work, in_2026):
    group = year_of_work
    people(3, Role.CARER, group, hours="1", on=dt.date(2026, 9, 1))
    client.force_login(lead)
    url = reverse("involvement:project_figures", args=[project.slug])
    html = client.get(url, {"starts": "2026-09-01", "ends": "2026-09-30"}).content.decode()
    assert "From 1 September 2026 to 30 September 2026" in html
    assert "<td>3</td>" in html  # three people, three hours


def test_a_tax_year_from_the_list_is_shown(client, lead, project, year_of_work, in_2026):
    people(3, Role.CARER, year_of_work, hours="4", on=dt.date(2025, 5, 1))
    client.force_login(lead)
    html = client.get(reverse("involvement:figures"), {"year": "2025"}).content.decode()
    assert "The tax year 2025 to 2026" in html and "<td>12</td>" in html


@pytest.mark.parametrize("query, message", [
    ({"year": "1999"}, "Please choose a tax year from the list."),
    ({"year": "next year"}, "Please choose a tax year from the list."),
    ({"starts": "2026-09-30", "ends": "2026-09-01"}, "The last day is before the first day."),
    ({"starts": "yesterday", "ends": "2026-09-01"}, "Please give the first day as a date"),
    ({"starts": "2026-09-01"}, "Please give the last day."),
])
def test_a_wrong_period_is_explained_on_the_form_and_this_tax_year_is_shown(client, lead, year_of_work, in_2026,
                                                                           query, message):
    client.force_login(lead)
    response = client.get(reverse("involvement:figures"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "The tax year 2026 to 2027" in html


def _grow(project, n):
    group = world.activity(project=project, level_order=4)
    other = factories.ProjectFactory()
    for role in (Role.CARER, Role.STAFF, Role.VOLUNTEER):
        people(n, role, group)
        people(n, role, world.activity(project=other))
    for person in people(n, Role.SERVICE_USER, group):
        world.claim(person, project=project, lines=((800, Status.PAID),))


@pytest.mark.parametrize("url_name", ["involvement:figures", "involvement:project_figures"])
def test_the_pages_ask_the_same_number_of_queries_for_3_or_30_people(client, lead, project, in_2026, url_name):
    url = reverse(url_name, args=[project.slug] if url_name == "involvement:project_figures" else [])
    client.force_login(lead)
    counted = []
    for n in (3, 30):
        _grow(project, n)
        client.get(url)  # the network's kept counts are read again once after members are added
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_one_table_cannot_be_taken_from_another_to_find_a_hidden_role(project):
    """One staff member works at the same level as four service users: the level's hours minus the service users'
    would give away the staff member's, so that level is hidden too (and the role table hides staff anyway)."""
    together = world.activity(project=project, level_order=3)
    partner = world.activity(project=project, level_order=4, title="Interview panel")
    people(4, Role.SERVICE_USER, together, hours="2.5")
    people(1, Role.STAFF, together, hours="2")
    people(3, Role.CARER, partner, hours="3")
    people(3, Role.VOLUNTEER, world.activity(project=project, level_order=2, title="Survey"), hours="1")
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], project=project)
    assert row(figures.by_role, "Service user / expert by experience").hours == 10
    assert row(figures.by_role, "Staff").hours is None
    assert row(figures.by_level, "Working together").hours is None  # 12 - 10 would be the staff member's 2
    # ... and not the total less the levels shown: a second level is hidden with it
    assert [r.hours for r in figures.by_level].count(None) >= 2
    shown_levels = [r for r in figures.by_level if r.hours is not None]
    assert sum(r.people for r in shown_levels) <= figures.total.people - THRESHOLD  # what is hidden covers 3 or more


def test_a_project_sharing_one_person_with_a_role_is_hidden_on_the_networks_page(project, other_project):
    people(3, Role.CARER, world.activity(project=project))
    people(3, Role.SERVICE_USER, world.activity(project=other_project))
    people(1, Role.CARER, world.activity(project=other_project))
    people(3, Role.VOLUNTEER, world.activity(title="Network meeting"))
    figures = involvement_figures(start=YEAR[0], end=YEAR[1], with_amounts=True)
    by_project = {str(r.label): r.hours for r in figures.by_project}
    assert by_project["Walking group"] is None  # else Walking group minus its service users gives the carer away
    assert row(figures.by_role, "Carer").hours is None
