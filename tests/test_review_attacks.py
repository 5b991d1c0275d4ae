"""A reviewer's attacks on involvement, 'Is power shared' and support people, as an ordinary member, a supporter-only
account, a project lead and a visitor: by address and by crafted posts. Each test is one attempt that must fail
and change nothing (or, for a mass-assignment attempt, change only what the form offers)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement.models import ExpenseClaim, ExpenseLine, InvolvementRecord, RewardChoice, Status, Step
from meetings.models import Invitation
from network.models import Power, Role
from partnership.models import Criterion, Evidence, Recognition, Review, ReviewAnswer, ReviewQuestion
from projects.models import Principle
from support import services as support
from support.models import Permission

from . import factories
from . import involvement_world as world

pytestmark = pytest.mark.django_db


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def past_meeting(**kwargs):
    start = timezone.now() - dt.timedelta(days=2)
    return factories.MeetingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), **kwargs)


def claim_post(meeting, **extra):
    return {
        "for_what": f"meeting-{meeting.pk}",
        "line-TOTAL_FORMS": "3", "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1", "line-MAX_NUM_FORMS": "3",
        "line-0-kind": "transport", "line-0-spent_on": yesterday().isoformat(), "line-0-what_for": "Bus there",
        "line-0-amount": "3.20", **extra,
    }


# --- Claims and time: nobody approves what they made themselves -----------------------------------------------

def test_a_lead_cannot_approve_a_claim_they_made_for_an_offline_member(client, lead, offline_member):
    met = past_meeting()
    factories.InvitationFactory(meeting=met, member=offline_member)
    client.force_login(lead)
    client.post(reverse("involvement:claim_new_for", args=[offline_member.pk]), claim_post(met))
    line = ExpenseLine.objects.get(claim__member=offline_member)
    approve_address = reverse("involvement:approve", args=["line", line.pk])
    waiting = client.get(reverse("involvement:waiting")).content.decode()
    assert "You recorded this for them, so someone else must approve it." in waiting
    assert approve_address not in waiting  # no button that would only be refused
    client.post(approve_address)
    line.refresh_from_db()
    assert line.status == Status.WAITING and not Step.objects.exists()
    # Someone else who handles the money can.
    finance = factories.grant_power(factories.MemberFactory(role=Role.STAFF), Power.FINANCE)
    client.force_login(finance)
    waiting = client.get(reverse("involvement:waiting")).content.decode()
    assert approve_address in waiting
    client.post(reverse("involvement:approve", args=["line", line.pk]))
    line.refresh_from_db()
    assert line.status == Status.APPROVED


def test_a_lead_cannot_approve_time_they_recorded_for_an_offline_member(client, lead, offline_member, project):
    what = world.activity(project=project, on=yesterday())
    client.force_login(lead)
    client.post(reverse("involvement:record_time_for", args=[offline_member.pk]), {
        "activity": what.pk, "kind": InvolvementRecord.Kind.ATTENDED, "hours": "3", "on": yesterday().isoformat()})
    record = InvolvementRecord.objects.get(member=offline_member)
    client.post(reverse("involvement:approve", args=["record", record.pk]))
    record.refresh_from_db()
    assert record.status == Status.WAITING and not Step.objects.exists()


def test_extra_fields_on_a_claim_do_not_change_whose_it_is_its_status_or_its_amount(client, member, other_member):
    met = past_meeting()
    factories.InvitationFactory(meeting=met, member=member)
    client.force_login(member)
    client.post(reverse("involvement:claim_new"), claim_post(
        met, member=other_member.pk, made_by=other_member.pk, status="paid", **{
            "line-0-amount_pence": "99999", "line-0-status": "approved", "line-0-claim": "1"}))
    claim = ExpenseClaim.objects.get()
    line = claim.lines.get()
    assert (claim.member, claim.made_by, line.amount_pence, line.status) == (member, member, 320, Status.WAITING)


def test_a_member_cannot_claim_for_a_meeting_they_were_not_invited_to_by_its_id(client, member):
    elsewhere = past_meeting()
    client.force_login(member)
    response = client.post(reverse("involvement:claim_new"), claim_post(elsewhere))
    assert response.status_code == 200 and not ExpenseClaim.objects.exists()


def test_a_reward_choice_posted_with_another_members_id_is_the_posters_own(client, member, other_member):
    client.force_login(member)
    client.post(reverse("involvement:reward"), {"reward": "nothing", "member": other_member.pk})
    assert list(RewardChoice.objects.values_list("member_id", flat=True)) == [member.pk]


def test_a_correction_to_a_negative_or_huge_amount_is_refused_in_words(client, lead, member):
    line = world.claim(member).lines.get()
    client.force_login(lead)
    for amount in ("-5", "1000000", "0"):
        response = client.post(reverse("involvement:act", args=["line", line.pk, "correct"]),
                               {"amount": amount, "reason": "typo"})
        assert response.status_code == 200
    assert ExpenseLine.objects.count() == 1


def test_a_member_cannot_mark_their_own_claim_paid_or_read_the_finance_export(client, member):
    line = world.claim(member, lines=((1250, Status.APPROVED),)).lines.get()
    client.force_login(member)
    response = client.post(reverse("involvement:act", args=["line", line.pk, "paid"]),
                           {"paid_on": yesterday().isoformat(), "method": "cash"})
    assert response.status_code == 403
    assert client.get(reverse("involvement:finance_export") + "?start=2026-04-06&end=2027-04-05&format=csv"
                      ).status_code == 403
    line.refresh_from_db()
    assert line.status == Status.APPROVED


# --- The yearly review and the framework --------------------------------------------------------------------

@pytest.fixture
def question():
    principle = Principle.objects.get_or_create(name="Sharing power fairly")[0]
    return ReviewQuestion.objects.create(principle=principle, text="Are decisions shared?")


@pytest.fixture
def open_review(lead):
    today = timezone.localdate()
    return Review.objects.create(title="This year", period_start=today - dt.timedelta(days=365),
                                 period_end=today - dt.timedelta(days=1), opened_by=lead)


def supporter_only_for(member):
    link = support.name_support_person(member=member, email="carer@example.org", name="Cara", relationship="carer",
                                       permissions=[Permission.REPLY], by=member)
    return link


def test_a_supporter_only_account_cannot_answer_the_yearly_review(client, member, open_review, question):
    link = supporter_only_for(member)
    assert link.supporter.supporter_only
    client.force_login(link.supporter)
    client.post(reverse("partnership:answer_review", args=[open_review.pk]),
                {f"rating_{question.pk}": "1", f"text_{question.pk}": "Not at all"})
    assert not ReviewAnswer.objects.exists()


def test_answers_are_always_the_posters_own(client, member, other_member, open_review, question):
    client.force_login(member)
    client.post(reverse("partnership:answer_review", args=[open_review.pk]),
                {f"rating_{question.pk}": "4", "member": other_member.pk})
    assert list(ReviewAnswer.objects.values_list("member_id", flat=True)) == [member.pk]


def test_a_project_lead_cannot_add_evidence_to_a_project_they_do_not_lead_or_recognise_their_own(
        client, project_lead, project, other_project):
    principle = Principle.objects.get_or_create(name="Sharing power fairly")[0]
    criterion = Criterion.objects.create(principle=principle, text="Aims agreed", how=Criterion.How.EVIDENCE,
                                         scope=Criterion.Scope.PROJECT)
    client.force_login(project_lead)
    response = client.post(reverse("partnership:add_evidence", args=[other_project.slug]),
                           {"criterion": criterion.pk, "text": "We did"})
    assert response.status_code == 403 and not Evidence.objects.exists()
    response = client.post(reverse("partnership:recognise", args=[project.slug]), {"note": "Well done us"})
    assert response.status_code == 403 and not Recognition.objects.exists()


# --- Support people -------------------------------------------------------------------------------------------

def test_a_support_person_cannot_reply_after_withdrawal_or_for_someone_who_never_named_them(
        client, member, other_member):
    met = factories.MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=5),
                                   ends_at=timezone.now() + dt.timedelta(days=5, hours=2))
    factories.InvitationFactory(meeting=met, member=member)
    factories.InvitationFactory(meeting=met, member=other_member)
    link = supporter_only_for(member)
    support.withdraw(link=link, by=member)
    client.force_login(link.supporter)
    for person in (member, other_member):
        response = client.post(reverse("support:reply_for", args=[person.pk, met.pk]), {"response": "attending"})
        assert response.status_code == 403
    assert not Invitation.objects.filter(response=Invitation.Response.ATTENDING).exists()


def test_a_support_person_cannot_change_what_they_may_do(client, member):
    link = supporter_only_for(member)
    client.force_login(link.supporter)
    response = client.post(reverse("support:change", args=[link.pk]),
                           {f"link{link.pk}-permissions": ["reply", "access_needs", "see_actions"]})
    assert response.status_code == 403
    assert set(type(link).objects.live(Permission.ACCESS_NEEDS).values_list("pk", flat=True)) == set()


# --- Redirects ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wanted", ["//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example"])
def test_the_easy_read_and_language_switches_never_send_you_to_another_site(client, wanted):
    response = client.post(reverse("network:easy_read"), {"easy_read": "on", "next": wanted})
    assert "evil" not in response["Location"]
    response = client.post(reverse("network:choose_language"), {"language": "cy", "next": wanted})
    assert "evil" not in response.get("Location", "")
