"""Members rate a project against each principle once per stage; figures never come from fewer than 3 people."""

import pytest
from django.urls import reverse

from network.models import Role
from projects.models import Principle, Reflection
from projects.reflections import summarise
from tests import factories


def _answers(rating=4):
    data = {}
    for principle in Principle.objects.filter(is_active=True):
        data[f"rating_{principle.pk}"] = str(rating)
        data[f"comment_{principle.pk}"] = ""
    return data


def _reflect(project, role, rating, principle=None):
    person = factories.MemberFactory(role=role)
    factories.ProjectMembershipFactory(project=project, member=person)
    return factories.ReflectionFactory(
        project=project, member=person, rating=rating, principle=principle or Principle.objects.first()
    )


def test_the_network_has_seven_principles_for_leads_to_edit(db):
    assert Principle.objects.filter(is_active=True).count() == 7


def test_a_member_rates_the_project_against_every_principle(client, member, project):
    client.force_login(member)
    response = client.post(reverse("projects:reflect", kwargs={"slug": project.slug}), _answers(5))
    assert response.status_code == 302
    saved = Reflection.objects.filter(member=member, project=project, stage="preparing")
    assert saved.count() == 7 and {r.rating for r in saved} == {5}
    assert {r.role for r in saved} == {Role.SERVICE_USER}


def test_a_rating_left_out_is_asked_for_and_nothing_is_saved(client, member, project):
    data = _answers()
    data.pop(next(iter(data)))
    client.force_login(member)
    response = client.post(reverse("projects:reflect", kwargs={"slug": project.slug}), data)
    assert "Please choose a number from 1 to 5" in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_member_reflects_once_per_stage(client, member, project):
    client.force_login(member)
    url = reverse("projects:reflect", kwargs={"slug": project.slug})
    client.post(url, _answers(5))
    response = client.post(url, _answers(1), follow=True)
    assert "already shared your reflections for this stage" in response.content.decode()
    assert set(Reflection.objects.values_list("rating", flat=True)) == {5}


def test_a_member_reflects_again_once_the_project_moves_stage(client, member, project):
    client.force_login(member)
    url = reverse("projects:reflect", kwargs={"slug": project.slug})
    client.post(url, _answers(5))
    project.stage = "doing"
    project.save()
    client.post(url, _answers(3))
    assert Reflection.objects.filter(stage="doing").count() == 7


def test_averages_per_principle_are_shown_once_three_members_answer(client, member, project):
    for rating in (2, 4, 5):
        _reflect(project, Role.SERVICE_USER, rating)
    client.force_login(member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "3.7" in page and "Preparing: 3 members answered" in page


def test_with_fewer_than_three_answers_no_figure_is_shown(client, member, project):
    _reflect(project, Role.SERVICE_USER, 1)
    _reflect(project, Role.CARER, 5)
    client.force_login(member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Not enough members have answered yet" in page
    stage = summarise(project)[0]
    assert not stage["enough"] and stage["rows"] == []


def test_a_role_is_shown_separately_only_when_three_of_that_role_answered(project):
    for rating in (2, 3, 4):
        _reflect(project, Role.SERVICE_USER, rating)
    for rating in (5, 5, 5):
        _reflect(project, Role.STAFF, rating)
    _reflect(project, Role.CARER, 1)
    _reflect(project, Role.VOLUNTEER, 2)
    _reflect(project, Role.VOLUNTEER, 2)
    stage = summarise(project)[0]
    assert [value for value, _label in stage["roles"]] == [Role.SERVICE_USER, Role.STAFF]
    assert stage["rows"][0]["role_cells"] == [pytest.approx(3.0), pytest.approx(5.0)]


def test_one_or_two_hidden_answers_cannot_be_worked_out_from_the_others(project):
    # Three service users and one carer: showing "everyone" and "service users" would give away the carer's rating.
    for rating in (4, 4, 4):
        _reflect(project, Role.SERVICE_USER, rating)
    _reflect(project, Role.CARER, 1)
    stage = summarise(project)[0]
    assert stage["roles"] == []
    assert stage["rows"][0]["average"] == pytest.approx(3.25)


def test_the_project_page_shows_the_per_role_column_once_the_threshold_is_met(client, member, project):
    for rating in (4, 4, 4):
        _reflect(project, Role.SERVICE_USER, rating)
    for rating in (2, 2, 2):
        _reflect(project, Role.CARER, rating)
    client.force_login(member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert '<th scope="col">Carer</th>' in page and '<th scope="col">Service user / expert by experience</th>' in page


def test_project_leads_read_comments_without_names(client, project_lead, project):
    first = _reflect(project, Role.SERVICE_USER, 4)
    first.comment = "Papers arrive late."
    first.save()
    _reflect(project, Role.SERVICE_USER, 4)
    _reflect(project, Role.CARER, 4)
    client.force_login(project_lead)
    page = client.get(reverse("projects:reflection_comments", kwargs={"slug": project.slug})).content.decode()
    assert "Papers arrive late." in page
    assert first.member.display_name not in page


def test_comments_stay_hidden_until_three_members_answered(client, project_lead, project):
    first = _reflect(project, Role.SERVICE_USER, 4)
    first.comment = "Papers arrive late."
    first.save()
    client.force_login(project_lead)
    page = client.get(reverse("projects:reflection_comments", kwargs={"slug": project.slug})).content.decode()
    assert "Papers arrive late." not in page


def test_leads_edit_a_principle_in_the_admin(client, lead):
    principle = Principle.objects.first()
    client.force_login(lead)
    response = client.post(
        reverse("admin:projects_principle_change", args=[principle.pk]),
        {"name": "Sharing power", "description": "Our words", "order": 1, "is_active": "on"},
    )
    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.name == "Sharing power"
