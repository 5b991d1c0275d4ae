"""Figures that stay true over time: who was invited, who came, who joined and led a project, who owned an action,
who presented and who published the minutes keep the person's role as it was then. A member who changes their
role later does not rewrite history; what they do after the change counts in their new role."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services as meetings
from meetings.models import AgendaItem, AgendaSuggestion, Attendance, Invitation, Meeting, Minutes
from network.models import Role
from network.services import change_role
from privacy.erasure import erase_member
from projects import services as projects
from projects.models import Action, JoinPolicy, ProjectMembership
from tests import factories


def _started_meeting(**fields):
    starts = (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    return factories.MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **fields)


def _open_project(title):
    return factories.ProjectFactory(title=title, join_policy=JoinPolicy.OPEN, requires_pledge=False)


@pytest.fixture
def carer(db):
    return factories.MemberFactory(display_name="Cara Carer", role=Role.CARER)


@pytest.fixture
def carer_who_took_part(carer, lead):
    """A carer invited to a meeting who came, joined a project, owns an action, presented and published minutes."""
    meeting = factories.MeetingFactory()
    meetings.reply(meeting=meeting, member=carer, response=Invitation.Response.ATTENDING)
    Meeting.objects.filter(pk=meeting.pk).update(  # the meeting has now started
        starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    meetings.start_attendance_register(meeting=meeting)
    project = _open_project("Calmer waiting rooms")
    projects.join_project(member=carer, project=project, why="My son uses the service", contribution="I listen")
    projects.save_action(project=project, by=lead, what="Ask the carers' group", owner=carer)
    factories.AgendaItemFactory(meeting=meeting, presenter=carer)
    factories.MinutesFactory(meeting=meeting)
    meetings.publish_minutes(meeting=meeting, by=carer)
    change_role(member=carer, role=Role.STAFF, changed_by=carer)
    return carer


def _roles_then(member):
    return {
        "invited": set(Invitation.objects.filter(member=member).values_list("role_then", flat=True)),
        "came": set(Attendance.objects.filter(member=member).values_list("role_then", flat=True)),
        "joined": set(ProjectMembership.objects.filter(member=member).values_list("role_then", flat=True)),
        "owns": set(Action.objects.filter(owner=member).values_list("owner_role_then", flat=True)),
        "presented": set(AgendaItem.objects.filter(presenter=member).values_list("presenter_role_then", flat=True)),
        "published": set(Minutes.objects.filter(published_by=member).values_list("publisher_role_then", flat=True)),
    }


def test_a_carer_who_becomes_staff_is_still_counted_as_a_carer_for_what_they_did_before(carer_who_took_part):
    assert _roles_then(carer_who_took_part) == dict.fromkeys(
        ["invited", "came", "joined", "owns", "presented", "published"], {Role.CARER}
    )


def test_what_they_do_after_the_change_counts_in_their_new_role(carer_who_took_part, lead):
    staff = carer_who_took_part
    meeting = _started_meeting()
    meetings.ensure_invitation(meeting=meeting, member=staff)
    meetings.record_register(meeting=meeting, by=lead, statuses={staff.pk: Attendance.Status.PRESENT})
    project = _open_project("Walking group")
    projects.join_project(member=staff, project=project, why="", contribution="")
    projects.save_action(project=project, by=lead, what="Book the hall", owner=staff)
    assert Invitation.objects.get(member=staff, meeting=meeting).role_then == Role.STAFF
    assert Attendance.objects.get(member=staff, meeting=meeting).role_then == Role.STAFF
    assert ProjectMembership.objects.get(member=staff, project=project).role_then == Role.STAFF
    assert Action.objects.get(owner=staff, project=project).owner_role_then == Role.STAFF
    # ... and the rows from before still say carer.
    assert {role for roles in _roles_then(staff).values() for role in roles} == {Role.CARER, Role.STAFF}
    assert Action.objects.get(what="Ask the carers' group").owner_role_then == Role.CARER


def test_correcting_the_register_after_a_change_of_role_keeps_the_role_they_came_in(carer_who_took_part, lead):
    attendance = Attendance.objects.get(member=carer_who_took_part)
    meetings.record_register(meeting=attendance.meeting, by=lead,
                             statuses={carer_who_took_part.pk: Attendance.Status.APOLOGIES})
    attendance.refresh_from_db()
    assert (attendance.status, attendance.role_then) == (Attendance.Status.APOLOGIES, Role.CARER)


def test_being_made_project_lead_after_a_change_of_role_keeps_the_role_they_joined_in(carer_who_took_part, lead):
    membership = ProjectMembership.objects.get(member=carer_who_took_part)
    projects.set_project_role(membership=membership, by=lead, project_role="Co-chair", is_project_lead=True)
    membership.refresh_from_db()
    assert (membership.is_project_lead, membership.role_then) == (True, Role.CARER)


def test_an_action_given_to_someone_else_takes_their_role_and_editing_it_keeps_it(carer, lead, project):
    volunteer = factories.MemberFactory(role=Role.VOLUNTEER)
    action = projects.save_action(project=project, by=lead, what="Print the leaflets", owner=carer)
    change_role(member=carer, role=Role.STAFF, changed_by=carer)
    action = Action.objects.get(pk=action.pk)
    projects.save_action(project=project, by=lead, what="Print the big leaflets", owner=carer, action=action)
    assert Action.objects.get(pk=action.pk).owner_role_then == Role.CARER  # same owner: as it was
    projects.save_action(project=project, by=lead, what="Print the big leaflets", owner=volunteer, action=action)
    assert Action.objects.get(pk=action.pk).owner_role_then == Role.VOLUNTEER
    projects.save_action(project=project, by=lead, what="Print the big leaflets", owner=None, action=action)
    assert Action.objects.get(pk=action.pk).owner_role_then == ""


def test_a_saved_row_whose_person_changes_takes_the_new_persons_role_even_with_only_some_fields_saved(carer):
    volunteer = factories.MemberFactory(role=Role.VOLUNTEER)
    action = factories.ActionFactory(owner=carer)
    action = Action.objects.get(pk=action.pk)
    action.owner_id = volunteer.pk
    action.save(update_fields=["owner"])
    assert Action.objects.get(pk=action.pk).owner_role_then == Role.VOLUNTEER


def test_publishing_a_meeting_invites_everyone_with_their_role_then_in_the_same_number_of_queries(lead):
    def publish(people):
        meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT, audience=Meeting.Audience.CHOSEN)
        meeting.chosen_members.set(people)
        with CaptureQueriesContext(connection) as context:
            meetings.publish_and_invite(meeting=meeting, by=lead)
        return meeting, len(context.captured_queries)

    few = [factories.MemberFactory(role=role) for role in (Role.CARER, Role.STAFF, Role.VOLUNTEER)]
    many = [factories.MemberFactory(role=[Role.CARER, Role.STAFF, Role.PEER_SUPPORT][n % 3]) for n in range(30)]
    small, queries_small = publish(few)
    big, queries_big = publish(many)
    assert queries_small == queries_big
    assert sorted(small.invitations.values_list("role_then", flat=True)) == sorted([Role.CARER, Role.STAFF,
                                                                                   Role.VOLUNTEER])
    assert {(i.member_id, i.role_then) for i in big.invitations.all()} == {(m.pk, m.role) for m in many}


def test_the_register_from_replies_and_marking_everyone_coming_fill_the_role_then(carer, lead):
    staff = factories.MemberFactory(role=Role.STAFF)
    for make_register in (
        lambda meeting: meetings.start_attendance_register(meeting=meeting),
        lambda meeting: meetings.mark_coming_as_present(meeting=meeting, by=lead),
    ):
        meeting = _started_meeting()
        for person in (carer, staff):
            factories.InvitationFactory(meeting=meeting, member=person, response=Invitation.Response.ATTENDING)
        make_register(meeting)
        assert dict(meeting.attendance.values_list("member_id", "role_then")) == {
            carer.pk: Role.CARER, staff.pk: Role.STAFF
        }


def test_offline_members_invited_late_keep_their_role_then(lead, offline_member):
    meeting = factories.MeetingFactory()
    assert meetings.invite_late_joiners([offline_member.pk]) == 1
    assert Invitation.objects.get(meeting=meeting, member=offline_member).role_then == Role.CARER


def test_a_presenter_from_a_suggestion_and_a_copied_agenda_keep_the_role_then(carer, lead):
    meeting = factories.MeetingFactory()
    factories.InvitationFactory(meeting=meeting, member=carer)
    suggestion = meetings.suggest_agenda_item(meeting=meeting, member=carer, title="Buses on Sundays")
    meetings.accept_suggestion(suggestion=suggestion, by=lead)
    change_role(member=carer, role=Role.PEER_SUPPORT, changed_by=carer)
    copy = meetings.duplicate_as_next(meeting=meeting, by=lead)
    assert AgendaSuggestion.objects.get(pk=suggestion.pk).agenda_item.presenter_role_then == Role.CARER
    assert copy.agenda_items.get().presenter_role_then == Role.PEER_SUPPORT  # the next meeting, as they are now


def test_a_guest_presenter_has_no_role(db):
    item = factories.AgendaItemFactory(presenter=None, presenter_name="Dr Rivers")
    assert item.presenter_role_then == ""


def test_erasing_an_account_keeps_the_role_then_as_it_keeps_a_former_member_carer(carer_who_took_part):
    before = _roles_then(carer_who_took_part)
    erase_member(member=carer_who_took_part)
    assert _roles_then(carer_who_took_part) == before


# --- the data migration: rows made before it take each person's role now --------------------------------------

BEFORE = [("meetings", "0008_meeting_changes"), ("projects", "0011_published_reflection_figures")]


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were before the snapshots: the database goes back to then, and forward again after."""
    MigrationExecutor(connection).migrate(BEFORE)
    applied = MigrationExecutor(connection).loader.applied_migrations
    yield MigrationExecutor(connection).loader.project_state(list(applied)).apps
    _migrate_to_the_latest()


def _migrate_to_the_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_database_made_before_the_snapshots_takes_them_from_each_persons_role_now(old_apps):
    old = old_apps
    Member = old.get_model("network", "Member")
    carer = Member.objects.create(email="carer@example.org", display_name="Cara", role=Role.CARER)
    staff = Member.objects.create(email="staff@example.org", display_name="Sam", role=Role.STAFF)
    project = old.get_model("projects", "Project").objects.create(title="Old project", slug="old", summary="Old")
    starts = timezone.now() - dt.timedelta(days=40)
    meeting = old.get_model("meetings", "Meeting").objects.create(
        title="Old meeting", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), status="published"
    )
    for person in (carer, staff):
        old.get_model("meetings", "Invitation").objects.create(meeting=meeting, member=person, response="attending")
        old.get_model("meetings", "Attendance").objects.create(meeting=meeting, member=person)
        old.get_model("projects", "ProjectMembership").objects.create(member=person, project=project)
        old.get_model("projects", "Action").objects.create(project=project, what="Old action", owner=person)
    old.get_model("projects", "Action").objects.create(project=project, what="Nobody's yet")
    old.get_model("meetings", "AgendaItem").objects.create(meeting=meeting, title="Welcome", presenter=carer)
    old.get_model("meetings", "AgendaItem").objects.create(meeting=meeting, title="Talk", presenter_name="Dr Rivers")
    old.get_model("meetings", "Minutes").objects.create(meeting=meeting, text="We met.", published_by=staff)

    _migrate_to_the_latest()

    both = {carer.pk: Role.CARER, staff.pk: Role.STAFF}
    assert dict(Invitation.objects.values_list("member_id", "role_then")) == both
    assert dict(Attendance.objects.values_list("member_id", "role_then")) == both
    assert dict(ProjectMembership.objects.values_list("member_id", "role_then")) == both
    assert dict(Action.objects.values_list("owner_id", "owner_role_then")) == {**both, None: ""}
    assert dict(AgendaItem.objects.values_list("title", "presenter_role_then")) == {"Welcome": Role.CARER, "Talk": ""}
    assert Minutes.objects.get().publisher_role_then == Role.STAFF


class _Updates:
    """Counts the UPDATE statements sent to the database."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += sql.lstrip().upper().startswith("UPDATE")
        return execute(sql, params, many, context)


def test_the_data_migration_fills_a_range_of_rows_at_a_time_and_leaves_rows_already_filled(carer, project):
    from django.apps import apps

    from network.role_snapshots import fill_from_current_roles

    made = [factories.ActionFactory(project=project, owner=carer) for _ in range(7)]
    Action.objects.update(owner_role_then="")  # as if made before the field
    Action.objects.filter(pk=made[0].pk).update(owner_role_then=Role.VOLUNTEER)  # already known: kept
    updates = _Updates()
    with connection.execute_wrapper(updates):
        fill_from_current_roles(apps, "projects", [("Action", "owner", "owner_role_then")], batch=3)
    assert updates.count == 2  # six rows to fill, three ids at a time
    assert list(Action.objects.order_by("pk").values_list("owner_role_then", flat=True)) == (
        [Role.VOLUNTEER] + [Role.CARER] * 6
    )
