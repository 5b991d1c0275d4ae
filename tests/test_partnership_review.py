"""The framework's criteria on a project, recognition, the yearly review and its plan, and who may do each."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance
from meetings.models_chairs import MeetingChair
from network.models import Role
from partnership import figures as balance
from partnership.models import (
    Commitment,
    Criterion,
    Evidence,
    Figure,
    Recognition,
    Review,
    ReviewAnswer,
    ReviewQuestion,
)
from projects.models import Principle, Stage

from .factories import LeadFactory, MeetingFactory, MemberFactory, ProjectFactory, ProjectMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def principle():
    return Principle.objects.get_or_create(name="Sharing power fairly")[0]


@pytest.fixture(autouse=True)
def only_our_framework():
    # The migration's starting framework is data leads change; these tests write their own.
    Criterion.objects.all().delete()
    ReviewQuestion.objects.all().delete()


@pytest.fixture
def project_lead():
    lead = MemberFactory(role=Role.SERVICE_USER)
    project = ProjectFactory(stage=Stage.PREPARING)
    ProjectMembershipFactory(project=project, member=lead, is_project_lead=True)
    return lead, project


def _evidence_criterion(principle, stage=""):
    return Criterion.objects.create(principle=principle, text="The project agreed its aims with the people it is for",
                                    how=Criterion.How.EVIDENCE, scope=Criterion.Scope.PROJECT, stage=stage)


def test_a_project_lead_adds_evidence_and_the_project_page_shows_the_criterion_met(client, principle, project_lead):
    lead, project = project_lead
    criterion = _evidence_criterion(principle)
    client.force_login(lead)
    page = client.get(reverse("partnership:project_framework", args=[project.slug]))
    assert "Nobody has added evidence yet." in page.content.decode()
    response = client.post(reverse("partnership:add_evidence", args=[project.slug]),
                           {"criterion": criterion.pk, "text": "We wrote the aims at a workshop with 12 members & carers",
                            "link": "", "meets": "yes"})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.project, evidence.stage, evidence.added_by) == (project, Stage.PREPARING, lead)
    page = client.get(reverse("partnership:project_framework", args=[project.slug])).content.decode()
    assert "We wrote the aims at a workshop with 12 members &amp; carers" in page
    assert "Met" in page


def test_evidence_that_is_not_really_a_pdf_is_refused_with_a_message(client, principle, project_lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lead, project = project_lead
    criterion = _evidence_criterion(principle)
    client.force_login(lead)
    fake = SimpleUploadedFile("minutes.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(reverse("partnership:add_evidence", args=[project.slug]),
                           {"criterion": criterion.pk, "text": "See the minutes", "meets": "yes", "file": fake})
    assert response.status_code == 200
    assert "This file is not really a PDF file" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_member_who_is_not_a_project_lead_cannot_add_evidence(client, principle, project_lead):
    _lead, project = project_lead
    criterion = _evidence_criterion(principle)
    member = MemberFactory()
    ProjectMembershipFactory(project=project, member=member)
    client.force_login(member)
    response = client.post(reverse("partnership:add_evidence", args=[project.slug]),
                           {"criterion": criterion.pk, "text": "I say so", "meets": "yes"})
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_a_project_is_recognised_only_when_it_meets_every_criterion_of_the_stage(client, principle, project_lead):
    lead, project = project_lead
    criterion = _evidence_criterion(principle, stage=Stage.PREPARING)
    _evidence_criterion(principle, stage=Stage.DOING)  # another stage's criterion does not count
    network_lead = LeadFactory()
    client.force_login(network_lead)
    url = reverse("partnership:recognise", args=[project.slug]) + "?stage=preparing"
    client.post(url, {"note": ""})
    assert not Recognition.objects.exists()
    Evidence.objects.create(criterion=criterion, project=project, stage=Stage.PREPARING, text="Workshop", meets=True)
    client.post(url, {"note": "Aims written with members"})
    recognition = Recognition.objects.get()
    assert (recognition.stage, recognition.recognised_by) == (Stage.PREPARING, network_lead)
    client.post(url, {"note": "again"})
    assert Recognition.objects.count() == 1
    certificate = client.get(reverse("partnership:certificate", args=[recognition.pk])).content.decode()
    assert project.title in certificate and "Preparing" in certificate


def test_a_project_lead_cannot_recognise_their_own_project(client, principle, project_lead):
    lead, project = project_lead
    criterion = _evidence_criterion(principle)
    Evidence.objects.create(criterion=criterion, project=project, stage=Stage.PREPARING, text="Workshop", meets=True)
    client.force_login(lead)
    response = client.post(reverse("partnership:recognise", args=[project.slug]), {"note": ""})
    assert response.status_code == 403
    assert not Recognition.objects.exists()


def _month_start(months_back):
    day = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return day


def _chaired_meeting(day, chairs):
    meeting = MeetingFactory(starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
                             ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))
    for member in chairs:
        MeetingChair.objects.create(meeting=meeting, member=member)
        Attendance.objects.create(meeting=meeting, member=member)
    return meeting


def test_review_plan_and_next_review_round_trip(client, principle):
    lead = LeadFactory(role=Role.STAFF)
    question = ReviewQuestion.objects.create(principle=principle, text="Do service users share in decisions?")
    criterion = Criterion.objects.create(
        principle=principle, text="Service users chair at least half of our meetings", how=Criterion.How.COMPUTED,
        scope=Criterion.Scope.NETWORK, figure=Figure.CHAIRS, role=Role.SERVICE_USER, threshold_percent=50)
    staff = [MemberFactory(role=Role.STAFF) for _ in range(3)]
    users = [MemberFactory(role=Role.SERVICE_USER) for _ in range(4)]
    # Last year: staff chaired 6 times (3 people), service users 3 times (3 people): 33.3 %.
    first_start, first_end = _month_start(24), _month_start(12) - dt.timedelta(days=1)
    for n in range(3):
        _chaired_meeting(first_start + dt.timedelta(days=30 + 20 * n), [staff[n], staff[(n + 1) % 3]])
        _chaired_meeting(first_start + dt.timedelta(days=40 + 20 * n), [users[n]])

    client.force_login(lead)
    response = client.post(reverse("partnership:reviews"),
                           {"title": "Our review, last year", "period_start": first_start, "period_end": first_end})
    review = Review.objects.get()
    assert response.status_code == 302 and review.opened_by == lead

    # Members answer; 3 service users rate 2, 3 staff rate 4.
    for member, rating in [*[(u, 2) for u in users[:3]], *[(s, 4) for s in staff]]:
        client.force_login(member)
        client.post(reverse("partnership:answer_review", args=[review.pk]),
                    {f"rating_{question.pk}": str(rating), f"text_{question.pk}": f"I think {rating} & that's that"})
    assert ReviewAnswer.objects.count() == 6
    page = client.get(reverse("partnership:review", args=[review.pk])).content.decode()
    assert "6 people have added their views" in page
    assert "Everyone's views, side by side" not in page  # nothing by role while answers can still change it

    client.force_login(lead)
    client.post(reverse("partnership:run_review", args=[review.pk]), {"step": "close"})
    review.refresh_from_db()
    assert not review.is_open
    page = client.get(reverse("partnership:review", args=[review.pk]))
    views = page.context["view_groups"][0][1][0][1]
    averages = {cell["role"]: cell["average"] for cell in views["roles"]}
    assert averages[Role.SERVICE_USER.label] == Decimal("2.0") and averages[Role.STAFF.label] == Decimal("4.0")
    assert views["everyone"] == Decimal("3.0")

    client.post(reverse("partnership:run_review", args=[review.pk]),
                {"step": "summary", "summary": "Staff chair most meetings; service users say they are not heard."})
    owner = users[0]
    client.post(reverse("partnership:run_review", args=[review.pk]), {
        "step": "commitment", "weakness": "Service users rarely chair", "what": "Offer chairing training",
        "criterion": criterion.pk, "owner": owner.pk, "due": (timezone.localdate() + dt.timedelta(days=60)).isoformat()})
    commitment = Commitment.objects.get()
    assert commitment.percent_at_review == Decimal("33.3")
    action = commitment.action
    assert (action.owner, action.what, action.project, action.meeting) == (owner, "Offer chairing training", None, None)
    client.force_login(owner)
    mine = client.get(reverse("projects:my_actions")).content.decode()
    assert "Offer chairing training" in mine and "plan to share power better" in mine

    # This year: service users chaired 6 times (3 people), staff 3 times: 66.7 %.
    second_start = _month_start(12)
    for n in range(3):
        _chaired_meeting(second_start + dt.timedelta(days=10 + 20 * n), [users[n + 1], users[(n + 1) % 3 + 1]])
        _chaired_meeting(second_start + dt.timedelta(days=20 + 20 * n), [staff[n]])
    client.force_login(lead)
    client.post(reverse("partnership:reviews"), {"title": "Our review, this year", "period_start": second_start,
                                                 "period_end": balance.last_finished_month_end()})
    second = Review.objects.get(title="Our review, this year")
    page = client.get(reverse("partnership:review", args=[second.pk]))
    (earlier,) = page.context["earlier_commitments"]
    assert earlier.percent_now == Decimal("66.7") and earlier.moved > 0
    assert "it moved the right way, from 33.3% to 66.7%" in page.content.decode()


def test_a_closed_review_takes_no_more_answers_and_members_cannot_run_one(client, principle):
    question = ReviewQuestion.objects.create(principle=principle, text="Can you take part your way?")
    review = Review.objects.create(title="Review", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    member = MemberFactory()
    client.force_login(member)
    assert client.post(reverse("partnership:run_review", args=[review.pk]), {"step": "close"}).status_code == 403
    assert client.post(reverse("partnership:reviews"), {"title": "Mine", "period_start": "2025-01-01",
                                                        "period_end": "2025-12-31"}).status_code == 403
    Review.objects.filter(pk=review.pk).update(closed_at=timezone.now())
    client.post(reverse("partnership:answer_review", args=[review.pk]), {f"rating_{question.pk}": "5"})
    assert not ReviewAnswer.objects.exists()


def test_a_role_with_fewer_than_three_answers_is_not_shown_by_itself(client, principle):
    question = ReviewQuestion.objects.create(principle=principle, text="Are decisions shared?")
    review = Review.objects.create(title="Review", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    for role, rating, n in [(Role.STAFF, 5, 4), (Role.CARER, 1, 1), (Role.SERVICE_USER, 3, 3)]:
        for _ in range(n):
            ReviewAnswer.objects.create(review=review, question=question, member=MemberFactory(role=role),
                                        rating=rating, text=f"{role} words")
    Review.objects.filter(pk=review.pk).update(closed_at=timezone.now())
    client.force_login(MemberFactory())
    response = client.get(reverse("partnership:review", args=[review.pk]))
    views = response.context["view_groups"][0][1][0][1]
    averages = {cell["role"]: cell["average"] for cell in views["roles"]}
    # One carer alone is hidden, and the smallest shown role (3 service users) with it, so the carer's rating cannot
    # be worked out from "everyone" minus the others.
    assert averages[Role.CARER.label] is None and averages[Role.SERVICE_USER.label] is None
    assert averages[Role.STAFF.label] == Decimal("5.0")
    text = response.content.decode()
    # Staff's words under "Staff"; the carer's and the service users' together, with no role beside them.
    assert [group["role"] for group in views["comments"]] == [Role.STAFF.label, ""]
    assert views["comments"][1]["texts"] == ["carer words", *["service_user words"] * 3]
    assert "Other people:" in text


def test_when_every_role_is_hidden_the_words_show_together_under_everyone(client, principle):
    question = ReviewQuestion.objects.create(principle=principle, text="Are decisions shared?")
    review = Review.objects.create(title="Review", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                   closed_at=timezone.now())
    for role in (Role.STAFF, Role.CARER, Role.SERVICE_USER, Role.VOLUNTEER):
        ReviewAnswer.objects.create(review=review, question=question, member=MemberFactory(role=role), rating=4,
                                    text=f"Words of one {role}")
    client.force_login(MemberFactory())
    response = client.get(reverse("partnership:review", args=[review.pk]))
    views = response.context["view_groups"][0][1][0][1]
    assert all(cell["average"] is None for cell in views["roles"]) and views["everyone"] == Decimal("4.0")
    assert [group["role"] for group in views["comments"]] == [""]
    text = response.content.decode()
    assert "Carer:" not in text and "Staff:" not in text and "Everyone:" in text


def test_from_fewer_than_three_people_no_words_show_at_all(client, principle):
    question = ReviewQuestion.objects.create(principle=principle, text="Are decisions shared?")
    review = Review.objects.create(title="Review", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                   closed_at=timezone.now())
    for role in (Role.STAFF, Role.CARER):
        ReviewAnswer.objects.create(review=review, question=question, member=MemberFactory(role=role), rating=2,
                                    text=f"Words of one {role}")
    client.force_login(MemberFactory())
    text = client.get(reverse("partnership:review", args=[review.pk])).content.decode()
    assert "Words of one" not in text


def test_signed_out_people_see_no_review_or_framework(client, project_lead):
    _lead, project = project_lead
    for url in [reverse("partnership:reviews"), reverse("partnership:framework"),
                reverse("partnership:project_framework", args=[project.slug])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

