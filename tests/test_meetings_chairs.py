"""Who chaired the meeting, recorded on the run-sheet: a lead records two co-chairs, the power-balance figures count
them by the role they had then, odd input changes nothing, and the printable minutes say who chaired."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Minutes
from meetings.models_chairs import MeetingChair
from network.models import Role
from partnership import figures as balance
from partnership.models import Figure
from tests import factories
from tests.test_meetings_run_sheet import _queries

pytestmark = pytest.mark.django_db


def _run_sheet(meeting):
    return reverse("admin:meetings_meeting_run_sheet", args=[meeting.pk])


@pytest.fixture
def held(lead):
    """A network meeting held about two months ago, in a month that has ended."""
    starts = (timezone.now() - dt.timedelta(days=60)).replace(second=0, microsecond=0)
    return factories.MeetingFactory(title="Network forum", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                    created_by=lead)


@pytest.fixture
def carer():
    return factories.MemberFactory(display_name="Cara Dale", role=Role.CARER)


@pytest.fixture
def staff():
    return factories.MemberFactory(display_name="Sam Staff", role=Role.STAFF)


def _chairs(meeting):
    return dict(MeetingChair.objects.filter(meeting=meeting).values_list("member__display_name", "role_then"))


def _post(client, meeting, *members):
    return client.post(_run_sheet(meeting), {"part": "chairs", "chairs-members": [m.pk for m in members]},
                       follow=True)


def test_a_lead_records_two_co_chairs_and_the_figures_count_them_by_their_role_then(client, lead, carer, staff, held):
    client.force_login(lead)
    page = _post(client, held, carer, staff).content.decode()
    assert "Who chaired the meeting is saved." in page
    assert "Chaired by Cara Dale and Sam Staff." in page
    assert _chairs(held) == {"Cara Dale": Role.CARER, "Sam Staff": Role.STAFF}

    carer.role = Role.STAFF  # a change of role later does not rewrite who chaired
    carer.save()
    day = timezone.localdate(held.starts_at)
    period = balance.period_from(day, day)
    chairs = next(entry for entry in balance.compute(period)["figures"] if entry["figure"] == Figure.CHAIRS)["all"]
    assert (chairs.cells[Role.CARER].count, chairs.cells[Role.CARER].people) == (1, 1)
    assert (chairs.cells[Role.STAFF].count, chairs.cells[Role.STAFF].people) == (1, 1)
    assert not chairs.shown  # two people: too few to show, by the anonymity rules


def test_choosing_again_replaces_the_chairs_and_keeps_the_role_of_who_stays(client, lead, carer, staff, held):
    client.force_login(lead)
    _post(client, held, carer, staff)
    carer.role = Role.VOLUNTEER
    carer.save()
    _post(client, held, carer, lead)
    assert _chairs(held) == {"Cara Dale": Role.CARER, "Lena Lead": Role.SERVICE_USER}
    page = _post(client, held).content.decode()
    assert "Nobody is recorded as chairing the meeting now." in page
    assert _chairs(held) == {}


def test_a_member_who_does_not_exist_is_refused_in_words_and_nothing_changes(client, lead, carer, held):
    services.record_chairs(held, [carer], by=lead)
    client.force_login(lead)
    response = client.post(_run_sheet(held), {"part": "chairs", "chairs-members": [carer.pk, 999_999]})
    assert response.status_code == 400
    assert "We could not find one of the people chosen. Choose them again." in response.content.decode()
    response = client.post(_run_sheet(held), {"part": "chairs", "chairs-members": ["not a number"]})
    assert response.status_code == 400
    assert _chairs(held) == {"Cara Dale": Role.CARER}


def test_a_draft_or_cancelled_meeting_or_one_still_to_come_records_no_chairs(client, lead, carer, held):
    client.force_login(lead)
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.DRAFT)
    page = _post(client, held, carer).content.decode()
    assert "This meeting has not been published yet." in page
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.CANCELLED)
    assert "This meeting has been cancelled." in _post(client, held, carer).content.decode()
    later = factories.MeetingFactory(created_by=lead)
    with pytest.raises(services.NotStartedYet):
        services.record_chairs(later, [carer], by=lead)
    assert not MeetingChair.objects.exists()


def test_the_printable_minutes_say_who_chaired(client, lead, carer, staff, held):
    services.record_chairs(held, [staff, carer], by=lead)
    Minutes.objects.create(meeting=held, text="We met.", published_at=timezone.now(), published_by=lead)
    client.force_login(lead)
    page = client.get(reverse("meetings:minutes_print", args=[held.pk])).content.decode()
    assert "Chaired by Cara Dale and Sam Staff." in page


def test_the_run_sheet_asks_the_same_queries_with_one_chair_or_five(client, lead):
    small, large = (factories.MeetingFactory(starts_at=timezone.now() - dt.timedelta(minutes=5)) for _ in range(2))
    services.record_chairs(small, [lead], by=lead)
    services.record_chairs(large, [lead, *(factories.MemberFactory() for _ in range(4))], by=lead)
    client.force_login(lead)
    _queries(client, _run_sheet(small))
    assert _queries(client, _run_sheet(small)) == _queries(client, _run_sheet(large))
