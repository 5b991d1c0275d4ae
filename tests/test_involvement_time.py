"""Involvement time without paperwork: a meeting's level, the register making records, preparation time, time a
lead records for someone offline, and each person's own choice of reward (private, dated, per activity)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from involvement import services_time
from involvement.models import (
    Activity,
    InvolvementLevel,
    InvolvementRecord,
    PaymentRate,
    Reward,
    Status,
    Step,
    Unit,
)
from meetings import services as meetings
from meetings.models import Attendance, Invitation
from tests import factories

pytestmark = pytest.mark.usefixtures("tasks_run_at_once")

PRESENT, ABSENT = Attendance.Status.PRESENT, Attendance.Status.ABSENT


def _level(order):
    return InvolvementLevel.objects.get(order=order)


@pytest.fixture
def forum(lead, member, other_member):
    """A two-and-a-half hour meeting held last week, both members invited."""
    starts = (timezone.now() - dt.timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = factories.MeetingFactory(title="Network forum", starts_at=starts, ends_at=starts + dt.timedelta(hours=2.5),
                                       created_by=lead)
    for person in (member, other_member):
        Invitation.objects.create(meeting=meeting, member=person, response=Invitation.Response.ATTENDING)
    return meeting


@pytest.fixture
def paid_forum(forum, lead):
    """The forum at level 3 ("Working together": an involvement payment), paid by the hour."""
    services_time.save_activity(activity=Activity(meeting=forum, level=_level(3), unit=Unit.HOUR), by=lead)
    return forum


def _live(meeting, member):
    return InvolvementRecord.objects.exclude(status=Status.REPLACED).get(activity__meeting=meeting, member=member)


# --- the register makes the records -------------------------------------------------------------------------------

def test_marking_someone_present_records_their_hours_level_rate_and_what_they_are_owed(paid_forum, lead, member):
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    record = _live(paid_forum, member)
    assert record.kind == InvolvementRecord.Kind.ATTENDED and record.hours == Decimal("2.50")
    assert record.level.order == 3 and record.on == timezone.localdate(paid_forum.starts_at)
    assert (record.rate_pence, record.amount_pence, record.reward) == (2000, 5000, Reward.PAYMENT)
    assert record.role_then == member.role


def test_someone_who_chose_expenses_only_is_recorded_with_nothing_owed(paid_forum, lead, member):
    services_time.choose_reward(member=member, reward=Reward.EXPENSES_ONLY)
    meetings.mark_coming_as_present(meeting=paid_forum, by=lead)
    record = _live(paid_forum, member)
    assert record.hours == Decimal("2.50") and record.amount_pence == 0 and record.reward == Reward.EXPENSES_ONLY


def test_until_a_person_chooses_nothing_that_counts_as_earnings_is_owed(paid_forum, lead, member):
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    assert _live(paid_forum, member).amount_pence == 0


def test_vouchers_are_owed_like_a_payment(paid_forum, lead, member):
    services_time.choose_reward(member=member, reward=Reward.VOUCHERS)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    assert _live(paid_forum, member).amount_pence == 5000


def test_a_level_with_expenses_only_owes_no_payment_whatever_the_choice(forum, lead, member):
    services_time.save_activity(activity=Activity(meeting=forum, level=_level(2)), by=lead)
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=forum, by=lead, statuses={member.pk: PRESENT})
    assert _live(forum, member).amount_pence == 0 and _live(forum, member).hours == Decimal("2.50")


def test_a_half_day_rate_pays_one_half_day_for_a_meeting_under_four_hours(forum, lead, member):
    services_time.save_activity(activity=Activity(meeting=forum, level=_level(4), unit=Unit.HALF_DAY), by=lead)
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=forum, by=lead, statuses={member.pk: PRESENT})
    assert _live(forum, member).amount_pence == 7500


def test_a_meeting_without_a_level_makes_no_records(forum, lead, member):
    meetings.record_register(meeting=forum, by=lead, statuses={member.pk: PRESENT})
    assert not InvolvementRecord.objects.exists()


def test_setting_the_level_after_the_register_records_everyone_present(forum, lead, member, other_member):
    meetings.record_register(meeting=forum, by=lead, statuses={member.pk: PRESENT, other_member.pk: ABSENT})
    services_time.save_activity(activity=Activity(meeting=forum, level=_level(3)), by=lead)
    assert list(InvolvementRecord.objects.values_list("member_id", flat=True)) == [member.pk]
    activity = Activity.objects.get(meeting=forum)
    assert (activity.title, activity.kind, activity.happens_on) == ("Network forum", Activity.Kind.MEETING,
                                                                   timezone.localdate(forum.starts_at))


def test_saving_the_register_again_changes_nothing(paid_forum, lead, member):
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    assert InvolvementRecord.objects.count() == 1 and not Step.objects.exists()


def test_marking_someone_absent_after_present_replaces_their_record_and_deletes_nothing(paid_forum, lead, member):
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: ABSENT})
    record = InvolvementRecord.objects.get()
    assert record.status == Status.REPLACED
    step = record.steps.get()
    assert step.outcome == Step.Outcome.REPLACED and "present" in step.reason and step.by == lead


def test_taking_someone_off_the_register_replaces_their_record(paid_forum, lead, member):
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: ""})
    assert InvolvementRecord.objects.get().status == Status.REPLACED


def test_present_again_after_absent_makes_a_new_record(paid_forum, lead, member):
    for status in (PRESENT, ABSENT, PRESENT):
        meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: status})
    assert InvolvementRecord.objects.count() == 2 and _live(paid_forum, member).status == Status.WAITING


def test_changing_the_level_replaces_waiting_records_with_a_correction(paid_forum, lead, member):
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    old = _live(paid_forum, member)
    activity = Activity.objects.get(meeting=paid_forum)
    activity.level = _level(2)
    services_time.save_activity(activity=activity, by=lead)
    new = _live(paid_forum, member)
    assert new.replaces == old and new.amount_pence == 0 and new.reward == Reward.PAYMENT
    assert InvolvementRecord.objects.get(pk=old.pk).status == Status.REPLACED


def test_a_paid_record_stands_whatever_the_register_says_later(paid_forum, lead, member):
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    InvolvementRecord.objects.update(status=Status.PAID)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: ABSENT})
    assert InvolvementRecord.objects.get().status == Status.PAID


def test_a_new_rate_never_changes_what_was_already_owed(paid_forum, lead, member):
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    PaymentRate.objects.create(level=_level(3), unit=Unit.HOUR, amount_pence=2600, applies_from=timezone.localdate())
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    record = _live(paid_forum, member)
    assert (record.rate_pence, record.amount_pence) == (2000, 5000) and InvolvementRecord.objects.count() == 1


def test_one_attendance_row_saved_on_its_own_also_makes_a_record(paid_forum, member):
    Attendance.objects.create(meeting=paid_forum, member=member, status=PRESENT)
    assert _live(paid_forum, member).hours == Decimal("2.50")


def test_the_register_asks_the_same_queries_for_3_or_30_people(paid_forum, lead):
    def register_of(n):
        people = factories.MemberFactory.create_batch(n)
        return {person.pk: PRESENT for person in people}

    small, large = register_of(3), register_of(30)
    with CaptureQueriesContext(connection) as three:
        meetings.record_register(meeting=paid_forum, by=lead, statuses=small)
    with CaptureQueriesContext(connection) as thirty:
        meetings.record_register(meeting=paid_forum, by=lead, statuses=large)
    assert len(thirty) == len(three)
