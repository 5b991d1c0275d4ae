"""A lead of a large project gives an action to someone by typing their name, not by going through a list of
thousands, and chooses among namesakes when the name fits more than one person."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Role
from projects import forms
from tests import factories

LIST_UP_TO = 4  # a small "large project" keeps these tests quick; one test uses the real number


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(forms, "OWNER_LIST_UP_TO", LIST_UP_TO)


def _join(project, n, start=0):
    for k in range(start, start + n):
        person = factories.MemberFactory(display_name=f"Filler Person {k:03}", role=Role.STAFF,
                                         show_role_in_directory=True)
        factories.ProjectMembershipFactory(member=person, project=project)
        factories.ProjectMembershipFactory(member=person, project=factories.ProjectFactory())


@pytest.fixture
def crowd(large, project):
    _join(project, LIST_UP_TO + 1)


@pytest.fixture
def two_sams(project):
    """Two people called Sam Taylor in the project: a carer who shows it, a volunteer who keeps it private."""
    carer = factories.MemberFactory(display_name="Sam Taylor", email="samantha.t@example.org", role=Role.CARER,
                                    show_role_in_directory=True)
    volunteer = factories.MemberFactory(display_name="Sam Taylor", email="sam.taylor99@example.net",
                                        role=Role.VOLUNTEER, show_role_in_directory=False)
    factories.ProjectMembershipFactory(member=carer, project=project)
    factories.ProjectMembershipFactory(member=volunteer, project=project)
    return carer, volunteer


def _url(project):
    return reverse("projects:actions", args=[project.slug])


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_of_a_project_with_many_people_types_a_name_instead_of_a_list_of_everyone(
        client, project_lead, project):
    _join(project, forms.OWNER_LIST_UP_TO)  # with the project lead, one more than a list holds
    client.force_login(project_lead)
    page = _page(client.get(_url(project)))
    assert 'name="owner_name"' in page and "Type their name, or part of it." in page
    assert 'name="owner"' not in page and "Filler Person" not in page


def test_a_project_with_few_people_still_lists_them_to_choose_from(client, project_lead, member, project):
    client.force_login(project_lead)
    page = _page(client.get(_url(project)))
    assert 'name="owner"' in page and f'<option value="{member.pk}">Mo Member' in page and 'name="owner_name"' not in page


def test_a_name_that_fits_one_person_gives_them_the_action(client, crowd, project_lead, member, project):
    client.force_login(project_lead)
    response = client.post(_url(project), {"what": "Book the room", "owner_name": "  mo mem "})
    assert response.status_code == 302
    assert project.actions.get(what="Book the room").owner == member


def test_leaving_the_name_empty_adds_the_action_for_nobody_yet(client, crowd, project_lead, project):
    client.force_login(project_lead)
    assert client.post(_url(project), {"what": "Book the room", "owner_name": ""}).status_code == 302
    assert project.actions.get(what="Book the room").owner is None


def test_a_name_nobody_in_the_project_has_is_explained_and_nothing_is_added(
        client, crowd, project_lead, other_member, project):
    client.force_login(project_lead)
    page = _page(client.post(_url(project), {"what": "Book the room", "owner_name": other_member.display_name}))
    assert "Nobody in this project has “Olu Other” in their name." in page
    assert not project.actions.exists()


def test_a_name_that_fits_two_people_asks_which_one_and_tells_them_apart(
        client, crowd, project_lead, project, two_sams):
    carer, volunteer = two_sams
    client.force_login(project_lead)
    page = _page(client.post(_url(project), {"what": "Book the room", "owner_name": "Sam Taylor"}))
    assert "2 people in this project have “Sam Taylor” in their name. Choose the one you mean." in page
    assert "Which person do you mean?" in page
    assert "Please check the action you are adding" in page  # said at the top, where the page opens
    assert f'value="{carer.pk}"' in page and f'value="{volunteer.pk}"' in page
    assert "Sam Taylor · Carer · in Calmer waiting rooms" in page and "Volunteer" not in page  # kept private
    assert not project.actions.exists()
    response = client.post(_url(project), {"what": "Book the room", "owner_name": "Sam Taylor", "owner": volunteer.pk})
    assert response.status_code == 302 and project.actions.get().owner == volunteer


def test_a_choice_left_from_an_earlier_name_is_not_given_the_action(
        client, crowd, project_lead, member, project, two_sams):
    _carer, volunteer = two_sams
    client.force_login(project_lead)
    client.post(_url(project), {"what": "Book the room", "owner_name": "Mo Member", "owner": volunteer.pk})
    assert project.actions.get().owner == member


def test_a_name_that_fits_too_many_people_asks_for_more_of_it(client, large, project_lead, project):
    _join(project, forms.NAMES_SHOWN + 1)
    client.force_login(project_lead)
    page = _page(client.post(_url(project), {"what": "Book the room", "owner_name": "Filler"}))
    assert f"More than {forms.NAMES_SHOWN} people in this project have “Filler” in their name." in page
    assert 'type="radio"' not in page and not project.actions.exists()


def test_changing_an_action_in_a_large_project_keeps_whoever_has_it(client, crowd, project_lead, project, two_sams):
    _carer, volunteer = two_sams
    action = factories.ActionFactory(project=project, owner=volunteer, what="Old words")
    url = reverse("projects:edit_action", args=[project.slug, action.pk])
    client.force_login(project_lead)
    page = _page(client.get(url))
    assert 'name="owner_name" value="Sam Taylor"' in page
    checked = re.findall(r'<input type="radio"[^>]*value="(\d+)"[^>]*checked', page)
    assert checked == [str(volunteer.pk)]  # the one who has it, among the two of that name
    client.post(url, {"what": "New words", "owner_name": "Sam Taylor", "owner": volunteer.pk, "due": ""})
    action.refresh_from_db()
    assert (action.what, action.owner) == ("New words", volunteer)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_actions_page_of_a_large_project_asks_the_same_number_of_queries_for_5_people_and_for_40(
        client, large, project_lead, project):
    client.force_login(project_lead)
    _join(project, LIST_UP_TO + 1)
    for _ in range(3):
        factories.ActionFactory(project=project, owner=factories.MemberFactory())
    few = _queries(client, _url(project))
    _join(project, 35, start=100)
    for _ in range(27):
        factories.ActionFactory(project=project, owner=factories.MemberFactory())
    assert _queries(client, _url(project)) == few
