"""Involvement time without paperwork: a meeting's level, the register making records, preparation time, time a
lead records for someone offline, and each person's own choice of reward (private, dated, per activity)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from involvement import services_time
from involvement.models import (
    Activity,
    InvolvementLevel,
    InvolvementRecord,
    PaymentRate,
    Reward,
    RewardChoice,
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


def test_a_meeting_that_ran_longer_than_planned_corrects_the_hours_of_everyone_present(paid_forum, lead, member):
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    paid_forum.ends_at += dt.timedelta(minutes=30)
    meetings.save_meeting(meeting=paid_forum, by=lead)
    record = _live(paid_forum, member)
    assert (record.hours, record.amount_pence, record.replaces.hours) == (Decimal("3.00"), 6000, Decimal("2.50"))


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


def test_a_record_keeps_the_role_the_person_had_at_the_meeting(paid_forum, lead, member):
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    member.role = "staff"
    member.save()
    activity = Activity.objects.get()
    activity.unit = Unit.DAY
    services_time.save_activity(activity=activity, by=lead)  # a correction, made after the role changed
    assert _live(paid_forum, member).role_then == "service_user"


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


# --- preparation time ------------------------------------------------------------------------------------------------

ADD = reverse_lazy("involvement:add_preparation")
REWARD = reverse_lazy("involvement:reward")


def test_a_member_adds_the_hours_they_spent_reading_papers_for_a_meeting(client, paid_forum, member):
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    client.force_login(member)
    activity = Activity.objects.get(meeting=paid_forum)
    assert "Network forum" in client.get(ADD).content.decode()
    response = client.post(ADD, {"activity": activity.pk, "hours": "1.5", "on": timezone.localdate().isoformat()},
                           follow=True)
    assert "1.5 hours are recorded for Network forum" in response.content.decode()
    record = InvolvementRecord.objects.get(member=member)
    # preparation is paid by the hour at the level's rate
    assert (record.kind, record.hours, record.unit, record.amount_pence) == ("preparation", Decimal("1.5"), "hour", 3000)


@pytest.mark.parametrize(("hours", "on", "words"), [
    ("-1", None, "at least a quarter of an hour"),
    ("0", None, "at least a quarter of an hour"),
    ("13", None, "more than 12 hours"),
    ("lots", None, "Write the hours as a number"),
    ("1.555", None, "at most 2 numbers after the point"),
    ("1", "tomorrow", "The date is in the future"),
    ("1", "31/02/2026", "Give a real date"),
])
def test_bad_preparation_time_is_refused_with_a_clear_message_and_nothing_saved(client, paid_forum, member, hours, on,
                                                                               words):
    client.force_login(member)
    day = (timezone.localdate() + dt.timedelta(days=1)).isoformat() if on == "tomorrow" else on
    activity = Activity.objects.get(meeting=paid_forum)
    response = client.post(ADD, {"activity": activity.pk, "hours": hours, "on": day or timezone.localdate().isoformat()})
    assert response.status_code == 400 and words in response.content.decode()
    assert not InvolvementRecord.objects.exists()


def test_a_member_cannot_add_time_for_a_meeting_they_were_not_invited_to(client, lead, member):
    meeting = factories.MeetingFactory(title="Staff only")
    services_time.save_activity(activity=Activity(meeting=meeting, level=_level(3)), by=lead)
    client.force_login(member)
    assert "Staff only" not in client.get(ADD).content.decode()
    response = client.post(ADD, {"activity": Activity.objects.get().pk, "hours": "1",
                                 "on": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "Choose one of the meetings in the list" in response.content.decode()
    with pytest.raises(services_time.NotInvited):
        services_time.add_preparation_time(member=member, activity=Activity.objects.get(), hours=1,
                                           on=timezone.localdate())
    assert not InvolvementRecord.objects.exists()


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    for url in (ADD, REWARD):
        assert "/accounts/login/" in client.get(url).url


# --- a lead records for someone who does not use the site ----------------------------------------------------------

def test_a_lead_records_time_an_offline_member_gave_to_project_work(client, lead, offline_member, project):
    activity = services_time.save_activity(activity=Activity(
        title="Interview panel for the new manager", kind=Activity.Kind.INTERVIEW, level=_level(4),
        unit=Unit.HALF_DAY, happens_on=timezone.localdate() - dt.timedelta(days=3), project=project), by=lead)
    services_time.choose_reward(member=offline_member, reward=Reward.VOUCHERS, by=lead)
    client.force_login(lead)
    url = reverse("involvement:record_time_for", args=[offline_member.pk])
    manage = client.get(reverse("network:manage_member", args=[offline_member.pk])).content.decode()
    assert url in manage
    response = client.post(url, {"activity": activity.pk, "kind": "attended", "hours": "3",
                                 "on": activity.happens_on.isoformat()}, follow=True)
    assert "£75.00 is owed" in response.content.decode()
    record = InvolvementRecord.objects.get(member=offline_member)
    assert record.recorded_by == lead and record.reward == Reward.VOUCHERS and record.amount_pence == 7500


def test_a_lead_is_sent_to_the_register_for_who_came_to_a_meeting(client, lead, offline_member, paid_forum):
    client.force_login(lead)
    response = client.post(reverse("involvement:record_time_for", args=[offline_member.pk]), {
        "activity": Activity.objects.get().pk, "kind": "attended", "hours": "2", "on": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "comes from its register" in response.content.decode()
    assert not InvolvementRecord.objects.exists()


def test_only_a_lead_records_for_someone_and_only_for_someone_offline(client, member, other_member, lead,
                                                                        offline_member):
    for url in (reverse("involvement:record_time_for", args=[offline_member.pk]),
                reverse("involvement:reward_for", args=[offline_member.pk])):
        client.force_login(member)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reward": "payment"}).status_code == 403
    client.force_login(lead)
    assert client.get(reverse("involvement:reward_for", args=[other_member.pk])).status_code == 403
    assert not RewardChoice.objects.exists()


# --- the reward choice ----------------------------------------------------------------------------------------------

def test_the_profile_links_to_the_reward_page_which_explains_benefits_and_who_to_ask(client, member):
    client.force_login(member)
    assert str(REWARD) in client.get(reverse("network:profile")).content.decode()
    page = client.get(REWARD).content.decode()
    for words in ("An involvement payment", "Expenses only", "Vouchers", "Nothing at all", "can count as earnings",
                  "Citizens Advice", "Jobcentre Plus", "Until you choose, we pay back your expenses only",
                  "Other members never see it"):
        assert words in page


def test_a_member_chooses_and_sees_their_dated_history(client, member):
    client.force_login(member)
    client.post(REWARD, {"reward": "payment"})
    response = client.post(REWARD, {"reward": "expenses"}, follow=True)
    page = response.content.decode()
    assert "Saved: Expenses only." in page
    assert page.count("<td>Everything</td>") == 2
    assert list(RewardChoice.objects.values_list("reward", flat=True)) == ["expenses", "payment"]


def test_a_member_chooses_differently_for_one_meeting_and_its_waiting_record_follows(client, paid_forum, lead,
                                                                                       member):
    services_time.choose_reward(member=member, reward=Reward.PAYMENT)
    meetings.record_register(meeting=paid_forum, by=lead, statuses={member.pk: PRESENT})
    client.force_login(member)
    activity = Activity.objects.get()
    client.post(REWARD, {"reward": "nothing", "activity": activity.pk})
    record = _live(paid_forum, member)
    assert (record.reward, record.amount_pence, record.replaces.amount_pence) == ("nothing", 0, 5000)
    assert services_time.selectors.reward_of(member) == Reward.PAYMENT  # everything else stays as it was


def test_a_choice_that_is_not_one_of_the_four_is_refused_and_nothing_saved(client, member):
    client.force_login(member)
    response = client.post(REWARD, {"reward": "cash please"})
    assert response.status_code == 400 and "Choose one of the four answers." in response.content.decode()
    assert not RewardChoice.objects.exists()


def test_a_lead_records_an_offline_members_choice_with_their_own_name(client, lead, offline_member):
    client.force_login(lead)
    url = reverse("involvement:reward_for", args=[offline_member.pk])
    page = client.post(url, {"reward": "expenses"}, follow=True).content.decode()
    assert "How Olive Offline would like to be rewarded" in page and "Lena Lead" in page
    assert RewardChoice.objects.get().recorded_by == lead


def test_no_other_member_sees_someones_choice(client, member, other_member):
    services_time.choose_reward(member=member, reward=Reward.VOUCHERS)
    client.force_login(other_member)
    assert "Vouchers</strong>" not in client.get(REWARD).content.decode()
    assert client.get(reverse("involvement:reward_for", args=[member.pk])).status_code == 403


def test_the_reward_page_asks_the_same_queries_with_3_or_30_choices(client, member, lead):
    client.force_login(member)
    client.get(REWARD)  # what every page reads once (the network's name) is kept after the first

    def queries_with(n):
        for _ in range(n - RewardChoice.objects.count()):
            services_time.choose_reward(member=member, reward=Reward.PAYMENT, by=lead)
        with CaptureQueriesContext(connection) as queries:
            client.get(REWARD)
        return len(queries)

    assert queries_with(3) == queries_with(30)


# --- the admin: a meeting's level -----------------------------------------------------------------------------------

def test_a_lead_sets_a_meetings_level_in_the_admin_and_the_register_is_followed(client, forum, lead, member):
    meetings.record_register(meeting=forum, by=lead, statuses={member.pk: PRESENT})
    client.force_login(lead)
    add = reverse("admin:involvement_activity_add")
    assert client.get(f"{add}?meeting={forum.pk}").status_code == 200
    response = client.post(add, {"meeting": forum.pk, "level": _level(3).pk, "unit": "hour", "title": "",
                                 "kind": "other", "happens_on": "", "cost_centre": ""})
    assert response.status_code == 302, response.content.decode()
    activity = Activity.objects.get()
    assert (activity.title, activity.created_by) == ("Network forum", lead)
    assert InvolvementRecord.objects.get().member == member


def test_other_work_in_the_admin_needs_its_title_and_date(client, lead):
    client.force_login(lead)
    response = client.post(reverse("admin:involvement_activity_add"), {
        "meeting": "", "level": _level(3).pk, "unit": "hour", "title": "", "kind": "panel", "happens_on": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Say what the activity is." in page and "Give its date." in page
    assert not Activity.objects.exists()


def test_a_rate_added_in_the_admin_keeps_who_added_it_and_cannot_be_changed(client, lead):
    client.force_login(lead)
    client.post(reverse("admin:involvement_paymentrate_add"), {
        "level": _level(3).pk, "unit": "hour", "amount_pence": "2100", "applies_from": "2027-04-06"})
    rate = PaymentRate.objects.get(amount_pence=2100)
    assert rate.recorded_by == lead
    client.post(reverse("admin:involvement_paymentrate_change", args=[rate.pk]), {
        "level": _level(3).pk, "unit": "hour", "amount_pence": "9999", "applies_from": "2027-04-06"})
    assert PaymentRate.objects.get(pk=rate.pk).amount_pence == 2100


# --- the demo --------------------------------------------------------------------------------------------------------

def test_the_demo_holds_meetings_with_a_level_records_from_their_registers_and_choices_and_runs_twice(db):
    from involvement import demo
    from meetings import demo as meetings_demo
    from network import demo as network_demo
    from projects import demo as projects_demo

    def seed():
        members = network_demo.seed()
        demo.seed(members, meetings_demo.seed(members, projects_demo.seed(members)))

    seed()
    counts = (Activity.objects.count(), InvolvementRecord.objects.count(), RewardChoice.objects.count())
    seed()
    assert (Activity.objects.count(), InvolvementRecord.objects.count(), RewardChoice.objects.count()) == counts
    assert Activity.objects.filter(meeting__isnull=False).count() == 2
    kinds = set(InvolvementRecord.objects.values_list("kind", flat=True))
    assert kinds == {"attended", "preparation"}
    assert InvolvementRecord.objects.filter(amount_pence__gt=0).exists()
    assert InvolvementRecord.objects.filter(reward=Reward.EXPENSES_ONLY, amount_pence=0).exists()
    assert set(RewardChoice.objects.values_list("reward", flat=True)) == set(Reward.values)
