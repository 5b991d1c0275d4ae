"""The database keeps the promises, whatever the page or a second tab does."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from projects import services
from projects.models import ProjectMembership, Reflection, Stage, StageChange
from tests import factories


def test_the_database_refuses_a_second_live_membership_of_the_same_project(project, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectMembership.objects.create(member=member, project=project, status="requested")


def test_a_past_membership_does_not_stop_someone_joining_again(project, member):
    ProjectMembership.objects.filter(member=member).update(status="left")
    ProjectMembership.objects.create(member=member, project=project, status="active")
    assert ProjectMembership.objects.filter(member=member, project=project).count() == 2


def test_the_join_service_turns_a_second_membership_into_a_friendly_refusal(project, member):
    project.requires_pledge = False
    with pytest.raises(services.AlreadyInvolved):
        services.join_project(member=member, project=project, why="Again", contribution="")


@pytest.mark.django_db(transaction=True)
def test_two_tabs_joining_at_the_same_moment_make_one_membership(postgres):
    project = factories.ProjectFactory(requires_pledge=False)
    person = factories.MemberFactory()
    start = threading.Barrier(2)
    outcomes = []

    def join():
        try:
            start.wait(timeout=10)
            services.join_project(member=person, project=project, why="Both tabs", contribution="")
            outcomes.append("joined")
        except services.AlreadyInvolved:
            outcomes.append("refused")
        finally:
            connection.close()

    tabs = [threading.Thread(target=join) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=30)
    assert sorted(outcomes) == ["joined", "refused"]
    assert ProjectMembership.objects.filter(member=person, project=project).count() == 1


def test_a_rating_outside_1_to_5_is_refused_by_the_database(project, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReflectionFactory(project=project, member=member, rating=6)


def test_a_member_reflects_on_each_principle_once_per_stage(project, member):
    factories.ReflectionFactory(project=project, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReflectionFactory(project=project, member=member)
    factories.ReflectionFactory(project=project, member=member, stage=Stage.DOING)
    assert Reflection.objects.filter(member=member).count() == 2


def test_a_stage_change_must_change_the_stage(project, lead):
    with pytest.raises(IntegrityError), transaction.atomic():
        StageChange.objects.create(project=project, from_stage="doing", to_stage="doing", changed_by=lead, reason="x")
