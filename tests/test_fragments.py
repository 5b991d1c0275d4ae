"""Cards written once and kept (network/fragments.py): each person still sees their own card, and a change is seen
at once, because a card is kept under exactly the values it shows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from meetings.models import Invitation
from network.fragments import fragment
from tests import factories

CARD = "meetings/_meeting_card.html"


def _card_values(**changed):
    values = dict(pk=1, title="Walk & talk", cancelled=False, project_title="", reply="",
                  starts_at=timezone.now(), ends_at=timezone.now() + dt.timedelta(hours=2), venue="", coming=3,
                  capacity=None)
    return {**values, **changed}


def _list(client, member):
    client.force_login(member)
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_model_instance_is_refused_so_a_card_cannot_show_more_than_its_key(db, member):
    with pytest.raises(TypeError, match="plain values"):
        fragment(CARD, _card_values(title=member))


def test_two_members_see_their_own_reply_on_the_same_meeting(client, member, other_member):
    meeting = factories.MeetingFactory(title="Spring gathering", starts_at=timezone.now() + dt.timedelta(days=3))
    factories.InvitationFactory(meeting=meeting, member=member, response=Invitation.Response.ATTENDING)
    factories.InvitationFactory(meeting=meeting, member=other_member, response=Invitation.Response.APOLOGIES)
    mine, theirs = _list(client, member), _list(client, other_member)
    assert "<dd>Coming</dd>" in mine and "Sends apologies" not in mine
    assert "<dd>Sends apologies</dd>" in theirs and "<dd>Coming</dd>" not in theirs


def test_a_renamed_meeting_and_a_new_reply_show_at_once(client, member, other_member):
    meeting = factories.MeetingFactory(title="Carers' & volunteers' day", starts_at=timezone.now() + dt.timedelta(days=3),
                                       capacity=12)
    first = _list(client, member)
    assert "Carers&#x27; &amp; volunteers&#x27; day" in first and "0 of 12 places" in first
    meeting.title = "Carers' <day> out"
    meeting.save()
    factories.InvitationFactory(meeting=meeting, member=other_member, response=Invitation.Response.ATTENDING)
    again = _list(client, member)
    assert "Carers&#x27; &lt;day&gt; out" in again and "volunteers" not in again
    assert "1 of 12 places" in again


def test_text_marked_safe_and_the_same_text_unmarked_are_two_cards(db):
    plain = fragment(CARD, _card_values(title="<b>Walk</b>"))
    marked = fragment(CARD, _card_values(title=mark_safe("<b>Walk</b>")))  # noqa: S308 - the test's own text
    again = fragment(CARD, _card_values(title="<b>Walk</b>"))
    assert "&lt;b&gt;Walk&lt;/b&gt;" in plain and plain == again
    assert "<b>Walk</b>" in marked


def test_the_same_card_in_welsh_and_in_another_time_zone_is_written_for_each(db):
    starts = dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)
    values = _card_values(starts_at=starts, ends_at=starts + dt.timedelta(hours=1), cancelled=True)
    english = fragment(CARD, values)
    with translation.override("cy"):
        welsh = fragment(CARD, values)
    with timezone.override("America/New_York"):
        new_york = fragment(CARD, values)
    assert "Cancelled" in english and "Wedi'i ganslo" in welsh and "Pryd" in welsh
    assert "10:00 a.m." in english and "5:00 a.m." in new_york


def test_an_action_becomes_overdue_on_my_actions_the_day_after_it_was_due(client, member, project):
    action = factories.ActionFactory(project=project, owner=member, what="Book the room",
                                     due=timezone.localdate())
    client.force_login(member)
    assert "Overdue" not in client.get(reverse("projects:my_actions")).content.decode()
    action.due = timezone.localdate() - dt.timedelta(days=1)
    action.save()
    assert "Overdue" in client.get(reverse("projects:my_actions")).content.decode()


def test_the_projects_list_counts_a_new_member_at_once(client, member, other_member, project):
    client.force_login(member)
    before = client.get(reverse("projects:list")).content.decode()
    factories.ProjectMembershipFactory(member=other_member, project=project)
    after = client.get(reverse("projects:list")).content.decode()
    assert before != after and project.title in after


# An action's own words are a hole (network/fragments.py): the line around them is kept, the words put in after.
ACTION_LINE = "front/email/_weekly_digest_action"
ODD_WORDS = ["Ring Mo's daughter & ask about <Tuesday>", "It's \"urgent\"", "   ", "Ffonio'r meddyg teulu",
             "hole0123456789abcdef77686174end", "{{ what }} {% translate 'due' %}", mark_safe("<em>Read</em> it")]  # noqa: S308


def _action_line(what, *, text=False, holes=("what", "project_title", "meeting_title"), **changed):
    values = {"what": what, "project_title": "Carers' café & more", "meeting_title": None,
              "due": dt.date(2027, 3, 1), "today": dt.date(2027, 3, 2), **changed}
    suffix = ".txt" if text else ".html"
    return fragment(ACTION_LINE + suffix, values, holes=holes, text=text)


@pytest.mark.parametrize("text", [False, True], ids=["html", "text"])
@pytest.mark.parametrize("what", ODD_WORDS)
def test_an_action_line_with_its_words_put_in_after_reads_exactly_as_one_written_whole(db, what, text):
    with translation.override("cy"):
        welsh_whole, welsh_kept = _action_line(what, text=text, holes=()), _action_line(what, text=text)
    assert _action_line(what, text=text) == _action_line(what, text=text, holes=())
    assert welsh_kept == welsh_whole
    assert _action_line(what, text=text, project_title="", meeting_title="Tea & talk") == _action_line(
        what, text=text, project_title="", meeting_title="Tea & talk", holes=())


def test_a_member_typing_another_holes_marker_sees_their_own_words_not_the_project(db):
    from network import fragments

    line = _action_line(fragments._marker("project_title"))
    assert line.count("Carers&#x27; café &amp; more") == 1
    assert fragments._marker("project_title") in line


def test_actions_due_the_same_day_share_one_kept_line_and_each_shows_its_own_words(db):
    from network import fragments

    _action_line("First of many")
    kept = fragments._written.cache_info().currsize
    lines = [_action_line(f"Action number {n}") for n in range(50)]
    assert fragments._written.cache_info().currsize == kept
    assert all(f"Action number {n}" in line for n, line in enumerate(lines))


def test_a_hole_holds_text_only(db):
    with pytest.raises(TypeError, match="holds text"):
        _action_line(3)
