"""The framework's roll-up and the figures are kept in the cache, and show a change at once: evidence added, a
criterion changed or a project moved to another stage. The project page says how the project meets the criteria of
its stage, kept in the cache too."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Role
from partnership.models import Criterion, Evidence, ReviewQuestion
from projects.models import Principle, Stage

from .factories import LeadFactory, MemberFactory, ProjectFactory, ProjectMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_our_framework():
    # The migration's starting framework is data leads change; these tests write their own.
    Criterion.objects.all().delete()
    ReviewQuestion.objects.all().delete()


@pytest.fixture
def principle():
    return Principle.objects.get_or_create(name="Sharing power fairly")[0]


@pytest.fixture
def project_lead():
    lead = MemberFactory(role=Role.SERVICE_USER)
    project = ProjectFactory(stage=Stage.DOING)
    ProjectMembershipFactory(project=project, member=lead, is_project_lead=True)
    return lead, project


def _criterion(principle, text, stage=""):
    return Criterion.objects.create(principle=principle, text=text, how=Criterion.How.EVIDENCE,
                                    scope=Criterion.Scope.PROJECT, stage=stage)


def _framework_page(client):
    response = client.get(reverse("partnership:framework"))
    assert response.status_code == 200
    return response.content.decode()


def _add_evidence(client, project, criterion):
    response = client.post(reverse("partnership:add_evidence", args=[project.slug]),
                           {"criterion": criterion.pk, "text": "We offered three ways to take part", "link": "",
                            "meets": "yes"})
    assert response.status_code == 302


def test_evidence_added_shows_on_the_network_framework_page_at_once(client, principle, project_lead):
    lead, project = project_lead
    ProjectFactory(stage=Stage.DOING)
    criterion = _criterion(principle, "People could take part in more than one way.")
    client.force_login(lead)
    assert "0 of 2" in _framework_page(client)
    assert "0 of 2" in _framework_page(client)  # kept: the same figure on the next visit
    _add_evidence(client, project, criterion)
    assert "1 of 2" in _framework_page(client)


def test_a_kept_framework_page_asks_fewer_queries_than_working_it_out(client, principle, project_lead):
    lead, project = project_lead
    _criterion(principle, "People could take part in more than one way.")
    client.force_login(lead)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            _framework_page(client)
        return len(captured)

    first = queries()
    assert queries() < first


def test_a_changed_criterion_and_a_project_moving_stage_show_on_the_framework_page(client, principle, project_lead):
    lead, project = project_lead
    criterion = _criterion(principle, "The project looked back before moving on.", stage=Stage.DOING)
    client.force_login(lead)
    page = _framework_page(client)
    assert "The project looked back before moving on." in page and "0 of 1" in page
    criterion.text = "The project looked back at how it worked."
    criterion.save()
    assert "The project looked back at how it worked." in _framework_page(client)
    project.stage = Stage.PREPARING
    project.save()
    assert "0 of 0" in _framework_page(client)


def test_the_figures_page_shows_new_figures_when_something_it_counts_changes(client):
    client.force_login(LeadFactory())
    url = reverse("partnership:figures")
    assert "50.0% <span class=\"figure-detail\">(3)</span>" not in client.get(url).content.decode()
    joined = timezone.now() - dt.timedelta(days=120)  # in a month that has ended
    for role in (Role.CARER, Role.STAFF):
        MemberFactory.create_batch(3, role=role, date_joined=joined)
    assert "50.0% <span class=\"figure-detail\">(3)</span>" in client.get(url).content.decode()


def test_the_project_page_says_how_many_ways_of_working_it_meets_for_its_stage(client, principle, project_lead):
    lead, project = project_lead
    offered = _criterion(principle, "Everyone was offered expenses.")
    _criterion(principle, "People could take part in more than one way.", stage=Stage.DOING)
    _criterion(principle, "The project agreed its aims.", stage=Stage.PREPARING)  # another stage: not counted
    client.force_login(lead)
    detail = reverse("projects:detail", args=[project.slug])
    page = client.get(detail).content.decode()
    assert "Meets 0 of 2 ways of working for Doing." in page
    assert reverse("partnership:project_framework", args=[project.slug]) in page
    Evidence.objects.create(criterion=offered, project=project, stage=Stage.DOING, text="Expenses form", meets=True)
    assert "Meets 1 of 2 ways of working for Doing." in client.get(detail).content.decode()


def test_the_project_page_says_nothing_about_the_framework_when_its_stage_has_no_criteria(client, project_lead):
    lead, project = project_lead
    client.force_login(lead)
    page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "ways of working for" not in page and "way of working for" not in page
    assert reverse("partnership:project_framework", args=[project.slug]) in page
