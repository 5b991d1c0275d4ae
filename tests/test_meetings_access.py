"""Who may see which meeting pages, papers, joining links and admin pages: the cast as a role × page table.

The meeting here is `project`'s meeting: member, staff_member and project_lead are invited (its audience is the
project's members); other_member is not; lead runs it; anonymous is not signed in.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.models import Meeting, Paper
from tests import factories

ALLOWED, REFUSED, SIGN_IN = 200, 403, "sign in"
EVERYONE = ["member", "staff_member", "other_member", "project_lead", "lead"]
INVITEES = {"member", "staff_member", "project_lead"}
JOIN_LINK = "https://meet.example.org/secret-room-7"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def meeting(project, lead):
    return factories.MeetingFactory(
        title="Calmer waiting rooms: working meeting", kind=Meeting.Kind.PROJECT, project=project,
        audience=Meeting.Audience.PROJECT, online_link=JOIN_LINK, created_by=lead,
    )


@pytest.fixture
def paper(meeting):
    paper = Paper(meeting=meeting, title="Draft leaflet", content_type="application/pdf", original_name="leaflet.pdf")
    paper.file.save("leaflet.pdf", ContentFile(b"%PDF-1.4 the draft leaflet"), save=False)
    paper.size = paper.file.size
    paper.save()
    return paper


def _expect(who, allowed):
    if who == "anonymous":
        return SIGN_IN
    return ALLOWED if who in allowed else REFUSED


def _get(client, request, who, url):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client.get(url)


def _check(response, expected):
    if expected == SIGN_IN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


PAGES = [
    ("meetings list", lambda m: reverse("meetings:list"), set(EVERYONE)),
    ("calendar help", lambda m: reverse("meetings:calendar"), set(EVERYONE)),
    ("meeting page", lambda m: reverse("meetings:detail", kwargs={"pk": m.pk}), INVITEES | {"lead"}),
    ("meeting .ics", lambda m: reverse("meetings:ics", kwargs={"pk": m.pk}), INVITEES | {"lead"}),
    ("access needs print-out", lambda m: reverse("meetings:access_needs", kwargs={"pk": m.pk}), {"lead"}),
    ("phone and post list", lambda m: reverse("meetings:offline_list", kwargs={"pk": m.pk}), {"lead"}),
]


@pytest.mark.parametrize("who", ["anonymous", *EVERYONE])
@pytest.mark.parametrize("page,url,allowed", PAGES, ids=[p[0] for p in PAGES])
def test_each_meeting_page_is_shown_only_to_the_people_it_is_for(client, request, meeting, who, page, url, allowed):
    _check(_get(client, request, who, url(meeting)), _expect(who, allowed))


@pytest.mark.parametrize("who", ["anonymous", *EVERYONE])
def test_papers_are_served_to_invitees_and_leads_and_refused_to_everyone_else(client, request, meeting, paper, who):
    response = _get(client, request, who, reverse("meetings:paper", kwargs={"pk": meeting.pk, "paper_id": paper.pk}))
    _check(response, _expect(who, INVITEES | {"lead"}))
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 the draft leaflet"
        assert response["Content-Disposition"].startswith("attachment")


def test_papers_are_stored_outside_the_public_static_and_media_paths(paper, settings):
    stored = paper.file.path
    assert stored.startswith(str(settings.MEDIA_ROOT))
    assert not stored.startswith(str(settings.STATIC_ROOT))
    assert "leaflet" not in stored.rsplit("/", 1)[-1]  # a random name on disk


def test_a_paper_of_one_meeting_cannot_be_fetched_through_another_meetings_address(client, member, project, paper):
    other = factories.MeetingFactory(audience=Meeting.Audience.NETWORK)
    client.force_login(member)
    url = reverse("meetings:paper", kwargs={"pk": other.pk, "paper_id": paper.pk})
    assert client.get(url).status_code == 404


def test_the_online_joining_link_is_on_the_page_and_in_the_calendar_for_an_invitee(client, member, meeting):
    client.force_login(member)
    assert JOIN_LINK in client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert JOIN_LINK in client.get(reverse("meetings:ics", kwargs={"pk": meeting.pk})).content.decode()


def test_someone_not_invited_never_sees_the_online_joining_link(client, other_member, meeting):
    network_meeting = factories.MeetingFactory(audience=Meeting.Audience.CHOSEN, online_link=JOIN_LINK)
    client.force_login(other_member)
    for target in (meeting, network_meeting):
        for name in ("meetings:detail", "meetings:ics"):
            response = client.get(reverse(name, kwargs={"pk": target.pk}))
            assert response.status_code == 403
            assert JOIN_LINK not in response.content.decode()


def test_a_draft_meeting_is_hidden_from_members_until_it_is_published(client, member, project):
    draft = factories.MeetingFactory(status=Meeting.Status.DRAFT, audience=Meeting.Audience.NETWORK)
    client.force_login(member)
    assert client.get(reverse("meetings:detail", kwargs={"pk": draft.pk})).status_code == 403
    assert draft.title not in client.get(reverse("meetings:list")).content.decode()


ADMIN_PAGES = [
    ("meeting list", lambda m: reverse("admin:meetings_meeting_changelist")),
    ("meeting change form", lambda m: reverse("admin:meetings_meeting_change", args=[m.pk])),
    ("add a meeting", lambda m: reverse("admin:meetings_meeting_add")),
    ("invitations and replies", lambda m: reverse("admin:meetings_invitation_changelist")),
    ("agenda suggestions", lambda m: reverse("admin:meetings_agendasuggestion_changelist")),
    ("actions agreed at the meeting", lambda m: reverse("admin:projects_action_changelist") + f"?meeting__id__exact={m.pk}"),
    ("replies to past meetings", lambda m: reverse("admin:meetings_invitation_changelist") + "?when=past"),
    ("suggestions for upcoming meetings", lambda m: reverse("admin:meetings_agendasuggestion_changelist") + "?when=upcoming&status__exact=waiting"),
    ("past meetings filter", lambda m: reverse("admin:meetings_meeting_changelist") + "?when=past"),
    ("upcoming meetings filter", lambda m: reverse("admin:meetings_meeting_changelist") + f"?when=upcoming&project__id__exact={m.project_id}&status__exact=published"),
]


@pytest.mark.parametrize("page,url", ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES])
def test_a_lead_can_open_each_meeting_admin_page(client, lead, meeting, page, url):
    client.force_login(lead)
    assert client.get(url(meeting)).status_code == 200


@pytest.mark.parametrize("page,url", ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES])
def test_a_plain_member_is_kept_out_of_the_meeting_admin(client, member, meeting, page, url):
    client.force_login(member)
    response = client.get(url(meeting))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_member_with_admin_access_but_not_a_lead_is_refused_the_meeting_admin(client, meeting):
    helper = factories.MemberFactory(is_staff=True)
    client.force_login(helper)
    assert client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("admin:meetings_meeting_changelist")).status_code == 403


def test_a_member_with_admin_access_but_not_a_lead_is_refused_the_actions_admin(client, meeting):
    action = factories.ActionFactory(project=None, meeting=meeting)
    client.force_login(factories.MemberFactory(is_staff=True))
    assert client.get(reverse("admin:projects_action_changelist")).status_code == 403
    assert client.get(reverse("admin:projects_action_change", args=[action.pk])).status_code == 403


def test_deleting_a_meeting_deletes_its_papers_files_from_disk(paper, meeting, django_capture_on_commit_callbacks):
    stored = paper.file.path
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    import os

    assert not os.path.exists(stored)
