"""The meeting page says who chaired it ("Chaired by ..."), with each chair's role when it may be shown, and says
nothing when no chair is recorded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models_chairs import MeetingChair
from network.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, meeting):
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_meeting_page_says_who_chaired_it_with_their_roles(client, member):
    meeting = factories.MeetingFactory(title="Network forum")
    carer = factories.MemberFactory(display_name="Cara Dale", role=Role.CARER, show_role_in_directory=True)
    staff = factories.MemberFactory(display_name="Sam Staff", role=Role.STAFF, show_role_in_directory=True)
    MeetingChair.objects.create(meeting=meeting, member=carer)
    MeetingChair.objects.create(meeting=meeting, member=staff)
    client.force_login(member)
    assert "Chaired by Cara Dale (Carer) and Sam Staff (Staff)." in _page(client, meeting)


def test_the_meeting_page_keeps_a_chairs_private_role_to_themselves_but_a_lead_sees_it(client, member, lead):
    meeting = factories.MeetingFactory(title="Network forum")
    quiet = factories.MemberFactory(display_name="Quinn Private", role=Role.CARER, show_role_in_directory=False)
    MeetingChair.objects.create(meeting=meeting, member=quiet)
    client.force_login(member)
    assert "Chaired by Quinn Private." in _page(client, meeting)
    client.force_login(lead)
    assert "Chaired by Quinn Private (Carer)." in _page(client, meeting)


def test_the_meeting_page_shows_the_role_they_had_when_they_chaired(client, member):
    meeting = factories.MeetingFactory(title="Network forum")
    carer = factories.MemberFactory(display_name="Cara Dale", role=Role.CARER, show_role_in_directory=True)
    MeetingChair.objects.create(meeting=meeting, member=carer)
    carer.role = Role.STAFF
    carer.save()
    client.force_login(member)
    assert "Chaired by Cara Dale (Carer)." in _page(client, meeting)


def test_the_meeting_page_says_nothing_about_a_chair_when_none_is_recorded(client, member):
    meeting = factories.MeetingFactory(title="Network forum")
    client.force_login(member)
    assert "Chaired by" not in _page(client, meeting)


def test_the_meeting_page_asks_the_same_queries_with_one_chair_or_five(client, member):
    one, five = factories.MeetingFactory(title="Small forum"), factories.MeetingFactory(title="Big forum")
    people = factories.MemberFactory.create_batch(5)
    MeetingChair.objects.create(meeting=one, member=people[0])
    for person in people:
        MeetingChair.objects.create(meeting=five, member=person)
    client.force_login(member)
    _page(client, one)  # the session and the site's kept figures settle first

    def queries(meeting):
        with CaptureQueriesContext(connection) as captured:
            _page(client, meeting)
        return len(captured)

    assert queries(one) == queries(five)
