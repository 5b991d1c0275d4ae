"""Delete my account: the member is told first what is erased and what is kept; then their own data is erased, by
structure (a rule for every model that links to a member, never a search of other people's text), while records
keep the fact of their taking part ("a former member, carer") so counts stay true.
"""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore as DatabaseSession
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.models import Consent, ConsentKind, Enquiry, Member, Role
from privacy import erasure
from privacy.services import FORMER_MEMBER_NAME, erase_member, former_member_label
from projects.models import Project, ProjectMembership, Reflection, StageChange
from tests import factories

NAME, PHONE, ADDRESS = "Mo Member", "07700 900123", "12 Riverside Road\nLeeds LS1 4AB"


def _model(label):
    return apps.get_model(label)


def _past_meeting(**fields):
    starts = (timezone.now() - dt.timedelta(days=30)).replace(second=0, microsecond=0)
    return factories.MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **fields)


def _give_personal_data(person, project, lead):
    """Something of the person's in every corner of the database: [(model label, pk)] of their own rows."""
    own = [("network.Member", person.pk)]

    def mine(obj):
        own.append((obj._meta.label, obj.pk))
        return obj

    mine(ProjectMembership.objects.create(member=person, project=project, project_role="Co-chair",
                                          why_involved="My son uses the service", contribution="I chair meetings"))
    mine(Consent.objects.create(member=person, kind=ConsentKind.CONTACT, given=True, how="On the phone"))
    past, upcoming = _past_meeting(project=project), factories.MeetingFactory(project=project)
    for meeting in (past, upcoming):
        mine(_model("meetings.Invitation").objects.create(meeting=meeting, member=person, response="attending",
                                                          access_needs=["hearing_loop"], access_needs_notes="Near the loop"))
    mine(_model("meetings.Attendance").objects.create(meeting=past, member=person, status="present"))
    mine(_model("meetings.AgendaItem").objects.create(meeting=past, title="Welcome", presenter=person,
                                                      presenter_name=person.display_name))
    mine(_model("meetings.AgendaSuggestion").objects.create(meeting=upcoming, suggested_by=person, title="Buses",
                                                            details="I cannot get there on Sundays"))
    mine(_model("meetings.CalendarFeed").objects.create(member=person))
    mine(factories.PledgeSignatureFactory(member=person, commitment="I will speak up for carers", show_on_wall=True))
    mine(factories.ReflectionFactory(project=project, member=person, rating=5, comment="I felt heard as a carer"))
    mine(_model("notifications.Delivery").objects.create(member=person, kind="meeting_reminder", object_id=past.pk,
                                                         occasion="24h", meeting=past))
    mine(Enquiry.objects.create(name=person.display_name, email=person.email or "", phone=person.phone,
                                message=f"I live at {person.postal_address}", sent_by=person))
    mine(_model("network.Blockage").objects.create(raised_by=person, you_said="My husband's illness", may_share=False))
    mine(LogEntry.objects.create(
        user=lead, content_type=ContentType.objects.get_for_model(Member), object_id=str(person.pk),
        object_repr=person.display_name, action_flag=CHANGE, change_message=f"Phone was {person.phone}",
    ))
    own += [("account.EmailAddress", pk) for pk in person.emailaddress_set.values_list("pk", flat=True)]
    return own


@pytest.fixture
def carer(project, lead):
    """A carer with personal data in every corner of the database."""
    person = factories.MemberFactory(
        display_name=NAME, role=Role.CARER, phone=PHONE, postal_address=ADDRESS, pronouns="she/her",
        access_needs=["hearing_loop"], access_needs_notes="Please face me when you speak", in_directory=True,
    )
    _give_personal_data(person, project, lead)
    factories.ActionFactory(project=project, owner=person, what="Ask the carers' group")
    _model("network.Blockage").objects.create(raised_by=person, you_said="The bus does not run on Sundays",
                                              may_share=True)
    return person


def _erase_through_the_page(client, person):
    client.force_login(person)
    return client.post(reverse("privacy:erase"), {"understood": "on"})


def text_snapshot():
    """{(model label, pk): {column: value}} for every row of every model, with every text, char and JSON column."""
    snapshot = {}
    for model in apps.get_models():
        columns = [f.attname for f in model._meta.concrete_fields
                   if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.is_relation]
        for row in model._default_manager.values("pk", *columns):
            snapshot[(model._meta.label, row.pop("pk"))] = row
    return snapshot


def changed_rows(before, after):
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def the_words_of(person_id):
    """Every text value in the person's own rows (their profile and every row linked to them), as one string."""
    found = []
    for model in apps.get_models():
        links = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Member]
        rows = model._default_manager.filter(pk=person_id) if model is Member else model._default_manager.none()
        for name in links:
            rows = rows | model._default_manager.filter(**{name: person_id})
        for obj in rows:
            found += [json.dumps(getattr(obj, f.attname)) for f in model._meta.concrete_fields
                      if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.is_relation]
    return " ".join(found)


# --- what the member is told ----------------------------------------------------------------------------------------

def test_the_member_is_told_what_is_erased_and_what_is_kept_and_why_before_anything_happens(client, carer):
    client.force_login(carer)
    html = client.get(reverse("privacy:erase")).content.decode()
    assert "What we erase" in html and "What we keep, and why" in html
    assert "a former member, carer" in html
    assert "We do not change what other people wrote" in html
    assert Member.objects.get(pk=carer.pk).display_name == NAME


def test_without_the_tick_nothing_is_erased_and_the_page_says_why(client, carer):
    client.force_login(carer)
    response = client.post(reverse("privacy:erase"), {})
    assert response.status_code == 200
    assert "Tick the box to say you understand" in response.content.decode()
    carer.refresh_from_db()
    assert carer.display_name == NAME and carer.is_active


# --- what is erased -------------------------------------------------------------------------------------------------

def test_after_erasure_nothing_of_the_member_is_left_in_their_own_records(client, carer):
    email = carer.email
    before = the_words_of(carer.pk)
    assert all(needle in before for needle in (NAME, email, PHONE, "Riverside Road", "I felt heard as a carer"))
    assert _erase_through_the_page(client, carer).status_code == 200
    after = the_words_of(carer.pk)
    for needle in (NAME, email, PHONE, "Riverside Road", "face me", "My son", "I felt heard", "speak up", "Near the loop",
                   "cannot get there", "husband"):
        assert needle not in after


def test_the_account_is_kept_as_an_anonymous_stub_that_cannot_sign_in(client, carer):
    _erase_through_the_page(client, carer)
    stub = Member.objects.get(pk=carer.pk)
    assert stub.display_name == FORMER_MEMBER_NAME and stub.email is None
    assert (stub.phone, stub.postal_address, stub.pronouns, stub.access_needs_notes) == ("", "", "", "")
    assert stub.access_needs == [] and not stub.in_directory
    assert not stub.is_active and not stub.has_usable_password()
    assert stub.erased_at is not None and stub.is_erased
    assert stub.role == Role.CARER
    assert former_member_label(stub) == "a former member, carer"
    assert not _model("account.EmailAddress").objects.filter(user=stub).exists()


def test_the_member_is_signed_out_everywhere_and_a_login_code_sent_to_them_stops_working(client, carer):
    elsewhere = Client()
    elsewhere.force_login(carer)
    half_signed_in = DatabaseSession()
    half_signed_in["account_login"] = {"user_pk": str(carer.pk), "state": {"login_code": "123456"}}
    half_signed_in.create()
    _erase_through_the_page(client, carer)
    profile = reverse("network:profile")
    assert client.get(profile).status_code == 302
    assert elsewhere.get(profile).status_code == 302
    assert not Session.objects.filter(session_key=half_signed_in.session_key).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(carer.pk)]


def test_what_exists_only_because_of_the_person_is_gone(client, carer):
    _erase_through_the_page(client, carer)
    assert not Consent.objects.filter(member=carer).exists()
    assert not _model("notifications.Delivery").objects.filter(member=carer).exists()
    assert not _model("meetings.CalendarFeed").objects.filter(member=carer).exists()
    assert not _model("meetings.AgendaSuggestion").objects.filter(suggested_by=carer).exists()
    assert not Enquiry.objects.filter(sent_by=carer).exists()
    assert list(_model("network.Blockage").objects.filter(raised_by=carer).values_list("you_said", flat=True)) == [
        "The bus does not run on Sundays"  # shared without a name already: stays in "you said, we did"
    ]


def test_the_fact_of_taking_part_stays_so_project_figures_stay_true(client, carer, project):
    before = Project.objects.with_role_counts().get(pk=project.pk)
    _erase_through_the_page(client, carer)
    after = Project.objects.with_role_counts().get(pk=project.pk)
    assert (after.count_carer, after.active_member_count) == (before.count_carer, before.active_member_count) != (0, 0)
    membership = ProjectMembership.objects.get(member=carer)
    assert (membership.project_role, membership.status) == ("Co-chair", ProjectMembership.Status.ACTIVE)
    assert (membership.why_involved, membership.contribution) == ("", "")
    assert _model("meetings.Attendance").objects.get(member=carer).status == "present"
    invitation = _model("meetings.Invitation").objects.get(member=carer)  # the past meeting's; the upcoming one went
    assert invitation.meeting.is_past
    assert (invitation.response, invitation.access_needs, invitation.access_needs_notes) == ("attending", [], "")
    reflection = Reflection.objects.get(member=carer)
    assert (reflection.rating, reflection.role, reflection.comment) == (5, Role.CARER, "")
    signature = carer.pledge_signatures.get()
    assert (signature.commitment, signature.show_on_wall) == ("", False)


def test_an_agenda_item_they_presented_shows_a_former_member_and_loses_the_name_typed_beside_it(carer):
    item = _model("meetings.AgendaItem").objects.get(presenter=carer)
    assert item.presented_by == NAME
    guest_talk = _model("meetings.AgendaItem").objects.create(meeting=item.meeting, title="Guest talk",
                                                              presenter_name=NAME)
    erase_member(member=carer)
    item.refresh_from_db()
    guest_talk.refresh_from_db()
    assert (item.presenter_name, item.presented_by) == ("", FORMER_MEMBER_NAME)
    assert guest_talk.presenter_name == NAME  # not linked to them: another person's words, left as written


def test_admin_history_about_them_keeps_no_name_while_a_leads_other_history_is_untouched(carer, lead, project):
    about_project = LogEntry.objects.create(
        user=lead, content_type=ContentType.objects.get_for_model(Project), object_id=str(project.pk),
        object_repr=project.title, action_flag=CHANGE, change_message="Changed the summary",
    )
    membership = ProjectMembership.objects.get(member=carer)
    about_membership = LogEntry.objects.create(
        user=lead, content_type=ContentType.objects.get_for_model(ProjectMembership), object_id=str(membership.pk),
        object_repr=str(membership), action_flag=CHANGE, change_message="Changed the role",
    )
    assert NAME in about_membership.object_repr
    erase_member(member=carer)
    about_them = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Member), object_id=str(carer.pk))
    assert (about_them.object_repr, about_them.change_message) == (FORMER_MEMBER_NAME, "")
    about_membership.refresh_from_db()
    assert NAME not in about_membership.object_repr and FORMER_MEMBER_NAME in about_membership.object_repr
    about_project.refresh_from_db()
    assert (about_project.object_repr, about_project.change_message) == (project.title, "Changed the summary")


def test_other_peoples_notes_are_never_rewritten_even_when_they_mention_the_person(carer):
    minutes = _model("meetings.Minutes").objects.create(meeting=_past_meeting(), text=f"{NAME} thanked everyone.")
    erase_member(member=carer)
    minutes.refresh_from_db()
    assert minutes.text == f"{NAME} thanked everyone."  # the erase page says so, and who to ask to change it


def test_another_member_with_the_same_name_keeps_their_name(project, lead):
    twin = factories.MemberFactory(display_name="Alex Smith")
    leaving = factories.MemberFactory(display_name="Alex Smith")
    erase_member(member=leaving)
    twin.refresh_from_db()
    assert twin.display_name == "Alex Smith"


def test_offline_members_a_lead_added_go_back_to_all_leads_when_that_lead_erases_their_account(lead, offline_member):
    offline_member.added_by = lead
    offline_member.save()
    erase_member(member=lead)
    offline_member.refresh_from_db()
    assert offline_member.added_by is None and offline_member.display_name == "Olive Offline"


# --- common words: erasing renames nothing else ---------------------------------------------------------------------

@pytest.fixture
def busy_network(project, lead, member, offline_member):
    """A network whose texts are full of common words: meetings, agendas, minutes, stage reasons, schedules."""
    meeting = factories.MeetingFactory(title="Autumn Meeting", description="the Meeting of the network, e",
                                       venue="e", project=project)
    past = _past_meeting(title="Meeting", description="Autumn plans for the Calmer waiting rooms project")
    _model("meetings.AgendaItem").objects.create(meeting=meeting, title="the Meeting", presenter_name="Autumn",
                                                 notes="network.notifications.tasks runs every minute")
    _model("meetings.AgendaItem").objects.create(meeting=past, title="Autumn", presenter=member)
    _model("meetings.Minutes").objects.create(meeting=past, text="the Meeting agreed e Autumn Calmer waiting rooms")
    _model("meetings.Decision").objects.bulk_create([_model("meetings.Decision")(meeting=past, text="Meeting", order=1),
                                                     _model("meetings.Decision")(meeting=past, text="Autumn", order=2)])
    _model("meetings.Guest").objects.create(meeting=past, name="Autumn", about="the Meeting")
    _model("meetings.Invitation").objects.create(meeting=meeting, member=member, access_needs_notes="the Meeting")
    _model("meetings.Invitation").objects.create(meeting=meeting, member=offline_member)
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=lead,
                               reason="the Meeting in Autumn said e", unticked_items=["Meeting", "the"])
    factories.ActionFactory(project=project, owner=member, what="Book the Autumn Meeting room")
    Enquiry.objects.create(name="Autumn", email="autumn.lee@example.org", message="the Meeting, e")
    LogEntry.objects.create(user=lead, content_type=ContentType.objects.get_for_model(Project),
                            object_id=str(project.pk), object_repr="Calmer waiting rooms", action_flag=CHANGE,
                            change_message="Meeting")
    return project


@pytest.mark.parametrize("word", ["Meeting", "Autumn", "e", "the", "Calmer waiting rooms", "network.notifications.tasks"])
def test_a_member_whose_name_and_address_are_common_words_changes_nothing_but_their_own_rows(
    client, busy_network, lead, word
):
    person = factories.MemberFactory(display_name=word, postal_address=word, phone=word, pronouns=word[:40],
                                     access_needs_notes=word, email=f"{word.replace(' ', '.')}@example.org")
    own = _give_personal_data(person, busy_network, lead)
    client.force_login(person)
    own += [("sessions.Session", key) for key in Session.objects.values_list("session_key", flat=True)
            if Session.objects.get(session_key=key).get_decoded().get("_auth_user_id") == str(person.pk)]
    before = text_snapshot()
    response = client.post(reverse("privacy:erase"), {"understood": "on"})
    assert response.status_code == 200
    changed = changed_rows(before, text_snapshot())
    assert ("network.Member", person.pk) in changed
    assert changed - set(own) == set()
    assert changed_rows(before, text_snapshot()) == changed  # nothing was renamed later either


def test_the_scheduled_jobs_keep_their_names_so_reminders_keep_going(busy_network, lead):
    from django_celery_beat.models import PeriodicTask

    jobs = sorted(PeriodicTask.objects.values_list("name", "task"))
    assert any("notifications.tasks" in task for _, task in jobs)
    erase_member(member=factories.MemberFactory(display_name="Weekly network news",
                                                postal_address="network.notifications.tasks"))
    assert sorted(PeriodicTask.objects.values_list("name", "task")) == jobs


# --- erasure is complete, explicit and all-or-nothing ---------------------------------------------------------------

def test_every_model_that_links_to_a_member_has_an_erasure_rule():
    assert erasure.rule_problems() == []


def test_a_model_linking_to_members_without_a_rule_stops_erasure_before_anything_changes(monkeypatch, carer):
    rules = dict(erasure.ERASURE_RULES)
    del rules["projects.reflection"]
    monkeypatch.setattr(erasure, "ERASURE_RULES", rules)
    assert "projects.reflection links to Member (member) but has no erasure rule" in erasure.rule_problems()
    with pytest.raises(ImproperlyConfigured, match="projects.reflection"):
        erase_member(member=carer)
    carer.refresh_from_db()
    assert carer.display_name == NAME and Consent.objects.filter(member=carer).exists()


def test_a_rule_naming_a_field_the_model_does_not_have_stops_erasure(monkeypatch, carer):
    rules = dict(erasure.ERASURE_RULES, **{"projects.reflection": erasure.Rule(member=erasure.Blank(feelings=""))})
    monkeypatch.setattr(erasure, "ERASURE_RULES", rules)
    with pytest.raises(ImproperlyConfigured, match="feelings"):
        erase_member(member=carer)


def test_every_field_of_a_member_is_either_kept_or_erased(monkeypatch):
    monkeypatch.setattr(erasure, "MEMBER_KEPT", erasure.MEMBER_KEPT - {"date_joined"})
    assert erasure.rule_problems() == ["Member.date_joined is neither kept nor erased"]


def test_an_erasure_that_fails_half_way_changes_nothing(monkeypatch, carer):
    def fail(rows, member):
        raise RuntimeError("the database went away")

    rules = dict(erasure.ERASURE_RULES, **{"pledges.pledgesignature": erasure.Rule(member=erasure.Call(fail))})
    monkeypatch.setattr(erasure, "ERASURE_RULES", rules)
    with pytest.raises(RuntimeError):
        erase_member(member=carer)
    carer.refresh_from_db()
    assert (carer.display_name, carer.erased_at) == (NAME, None)
    assert Consent.objects.filter(member=carer).exists()  # deleted before the failure, and back
    assert _model("meetings.Invitation").objects.filter(member=carer).count() == 2


def test_a_refusal_is_explained_on_the_page(client, monkeypatch, carer):
    monkeypatch.setattr(erasure, "refusal", lambda member: "Someone is already erasing this account.")
    response = _erase_through_the_page(client, carer)
    assert response.status_code == 302
    assert "Someone is already erasing this account." in client.get(response["Location"]).content.decode()
    carer.refresh_from_db()
    assert carer.is_active and carer.display_name == NAME


def test_an_account_already_erased_is_not_erased_twice(carer):
    erase_member(member=carer)
    with pytest.raises(erasure.CannotErase, match="already been erased"):
        erase_member(member=carer)


# --- who may erase --------------------------------------------------------------------------------------------------

def test_a_lead_who_erases_their_account_is_no_longer_a_lead(client, lead):
    _erase_through_the_page(client, lead)
    again = Member.objects.get(pk=lead.pk)
    assert not again.is_co_production_lead and not again.is_staff and not again.groups.exists()


def test_a_superuser_is_refused_and_asked_to_find_another_administrator(client, db):
    admin_person = factories.MemberFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_person)
    assert client.get(reverse("privacy:erase")).status_code == 403
    assert client.post(reverse("privacy:erase"), {"understood": "on"}).status_code == 403
    admin_person.refresh_from_db()
    assert admin_person.is_active
    with pytest.raises(erasure.CannotErase, match="Ask another administrator"):
        erase_member(member=admin_person)


@pytest.mark.parametrize("who", ["member", "other_member", "project_lead", "staff_member", "lead"])
def test_every_signed_in_member_may_open_their_own_data_pages(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url_name in ("privacy:my_data", "privacy:erase"):
        assert client.get(reverse(url_name)).status_code == 200


# --- offline members, who cannot sign in, ask their lead by phone or post -------------------------------------------


@pytest.mark.parametrize("url_name", ["privacy:offline_download", "privacy:offline_erase"])
@pytest.mark.parametrize("who", ["anonymous", "member", "other_member", "project_lead", "staff_member", "lead"])
def test_only_a_lead_acts_for_an_offline_member(client, request, offline_member, who, url_name):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(url_name, kwargs={"member_id": offline_member.pk}))
    if who == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == (200 if who == "lead" else 403)


def test_a_lead_cannot_delete_the_account_of_a_member_who_can_do_it_themselves(client, lead, member):
    client.force_login(lead)
    response = client.post(reverse("privacy:offline_erase", kwargs={"member_id": member.pk}), {"asked": "on"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_a_lead_deletes_an_offline_members_account_by_the_same_rules(client, lead, offline_member, project):
    offline_member.phone, offline_member.postal_address = PHONE, ADDRESS
    offline_member.save()
    own = _give_personal_data(offline_member, project, lead)
    client.force_login(lead)
    url = reverse("privacy:offline_erase", kwargs={"member_id": offline_member.pk})
    assert "Olive Offline" in client.get(url).content.decode()
    before = text_snapshot()
    response = client.post(url, {"asked": "on"})
    assert response.status_code == 302
    changed = changed_rows(before, text_snapshot())
    assert ("network.Member", offline_member.pk) in changed and changed - set(own) == set()
    after = the_words_of(offline_member.pk)
    assert "Olive Offline" not in after and PHONE not in after and "Riverside Road" not in after
    assert ProjectMembership.objects.filter(member=offline_member, project=project).exists()
    # Erased, they are no longer an offline member a lead can act for.
    assert client.get(url).status_code == 403


def test_a_lead_downloads_an_offline_members_data_for_them_and_it_is_audited(client, lead, offline_member):
    from exports.models import ExportAudit

    client.force_login(lead)
    response = client.get(reverse("privacy:offline_download", kwargs={"member_id": offline_member.pk}))
    assert json.loads(response.content)["profile"]["display_name"] == "Olive Offline"
    assert "Olive" not in response["Content-Disposition"]
    audit = ExportAudit.objects.get()
    assert (audit.who, audit.object_id) == (lead, offline_member.pk)
