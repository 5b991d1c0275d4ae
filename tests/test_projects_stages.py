
import pytest
from django.core import mail
from django.urls import reverse

from projects import services, tasks
from projects.models import DefaultChecklistItem, Project, Stage, StageChange
from tests import factories
from tests.mail_servers import MailServerThatDropsTheSecondMessage

NEW_PROJECT = {
    "title": "Walking football", "slug": "", "summary": "A weekly walking football group.",
    "easy_read_summary": "We play football, slowly.", "aims": "Fitness and friendship.",
    "can_achieve": "A weekly game.", "cannot_achieve": "A new pitch.", "involvement_level": "co_design",
    "needs_tier": "community", "join_policy": "open", "requires_pledge": "on",
}


@pytest.fixture
def checklist(project):
    services.copy_default_checklist(project=project)
    return project.checklist_items


def _move(client, project, **data):
    return client.post(reverse("projects:move_stage", kwargs={"slug": project.slug}), data)


def test_a_lead_creates_a_project_in_the_site_and_it_gets_a_checklist_for_every_stage(client, lead):
    client.force_login(lead)
    response = client.post(reverse("projects:create"), NEW_PROJECT)
    project = Project.objects.get(slug="walking-football")
    assert response["Location"] == project.get_absolute_url()
    for stage in Stage.values:
        copied = list(project.checklist_items.filter(stage=stage).values_list("text", flat=True))
        defaults = list(DefaultChecklistItem.objects.filter(stage=stage).values_list("text", flat=True))
        assert copied == defaults and copied


def test_the_default_checklist_has_the_toolkit_points_for_each_stage(db):
    counts = {stage: DefaultChecklistItem.objects.filter(stage=stage).count() for stage in Stage.values}
    assert counts == {"preparing": 4, "doing": 7, "developing": 2}


def test_a_lead_creates_a_project_in_the_admin_and_it_gets_the_checklist_too(client, lead):
    client.force_login(lead)
    data = {**NEW_PROJECT, "slug": "walking-football", "stage": "preparing"}
    for prefix in ("memberships", "checklist_items", "stage_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Project.objects.get(slug="walking-football").checklist_items.count() == DefaultChecklistItem.objects.count()


def test_changing_the_defaults_later_does_not_change_an_existing_projects_checklist(project, checklist):
    before = list(checklist.values_list("text", flat=True))
    DefaultChecklistItem.objects.filter(stage="preparing").update(text="Something else entirely")
    assert list(project.checklist_items.values_list("text", flat=True)) == before


def test_a_new_project_title_that_is_taken_asks_for_another_web_address(client, lead, project):
    client.force_login(lead)
    response = client.post(reverse("projects:create"), {**NEW_PROJECT, "title": "Calmer waiting rooms"})
    assert response.status_code == 200
    assert "Another project already uses this web address name" in response.content.decode()
    assert Project.objects.count() == 1


def test_a_project_lead_ticks_a_point_and_the_page_says_who_and_when_with_the_note(client, project_lead, project, checklist):
    item = checklist.filter(stage="preparing").first()
    client.force_login(project_lead)
    client.post(reverse("projects:tick_item", kwargs={"slug": project.slug, "item_id": item.pk}),
                {"done": "on", "note": "Agreed at the first meeting"})
    item.refresh_from_db()
    assert item.done_by == project_lead and item.done_at is not None and item.note == "Agreed at the first meeting"
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Ticked by Pat Projectlead" in page and "1 of 4 points done for Preparing" in page


def test_unticking_a_point_clears_who_ticked_it(client, project_lead, project, checklist):
    item = checklist.first()
    services.tick_checklist_item(item=item, by=project_lead, done=True)
    client.force_login(project_lead)
    client.post(reverse("projects:tick_item", kwargs={"slug": project.slug, "item_id": item.pk}), {"note": ""})
    item.refresh_from_db()
    assert item.done_at is None and item.done_by is None


def test_moving_on_shows_the_unticked_points(client, project_lead, project, checklist):
    client.force_login(project_lead)
    page = client.get(reverse("projects:move_stage", kwargs={"slug": project.slug})).content.decode()
    assert "4 points on the checklist are not ticked" in page
    assert checklist.filter(stage="preparing").first().text in page


def test_moving_on_with_unticked_points_needs_them_confirmed(client, project_lead, project, checklist):
    client.force_login(project_lead)
    response = _move(client, project, to_stage="doing", reason="We are ready to start.")
    project.refresh_from_db()
    assert project.stage == "preparing" and not StageChange.objects.exists()
    assert "Tick this box to confirm you want to move on anyway" in response.content.decode()


def test_a_confirmed_move_is_recorded_with_the_reason_and_the_points_left_open(client, project_lead, project, checklist):
    client.force_login(project_lead)
    _move(client, project, to_stage="doing", reason="We are ready to start.", confirm_unticked="on")
    project.refresh_from_db()
    change = StageChange.objects.get()
    assert project.stage == "doing"
    assert (change.from_stage, change.to_stage, change.changed_by, change.reason) == (
        "preparing", "doing", project_lead, "We are ready to start."
    )
    assert len(change.unticked_items) == 4


def test_when_every_point_is_ticked_there_is_nothing_to_confirm(client, project_lead, project, checklist):
    checklist.filter(stage="preparing").update(done_at="2026-01-01T10:00Z")
    client.force_login(project_lead)
    _move(client, project, to_stage="doing", reason="All done.")
    project.refresh_from_db()
    assert project.stage == "doing" and StageChange.objects.get().unticked_items == []


def test_a_move_needs_a_reason(client, project_lead, project):
    client.force_login(project_lead)
    response = _move(client, project, to_stage="doing", reason="", confirm_unticked="on")
    project.refresh_from_db()
    assert project.stage == "preparing"
    assert "Please say why the project is moving" in response.content.decode()


def test_a_project_moves_one_stage_at_a_time(client, project_lead, project):
    client.force_login(project_lead)
    _move(client, project, to_stage="developing", reason="Skipping ahead", confirm_unticked="on")
    project.refresh_from_db()
    assert project.stage == "preparing"


def test_a_project_can_move_back_a_stage(client, project_lead, project):
    project.stage = Stage.DOING
    project.save()
    client.force_login(project_lead)
    _move(client, project, to_stage="preparing", reason="We need more training first.")
    project.refresh_from_db()
    assert project.stage == "preparing"


def test_going_back_a_stage_does_not_ask_about_unticked_points(client, project_lead, project, checklist):
    project.stage = Stage.DOING
    project.save()
    client.force_login(project_lead)
    _move(client, project, to_stage="preparing", reason="We need more training first.")
    project.refresh_from_db()
    assert project.stage == "preparing" and StageChange.objects.get().unticked_items == []


def test_the_choices_say_which_way_the_project_moves(client, project_lead, project):
    project.stage = Stage.DOING
    project.save()
    client.force_login(project_lead)
    page = client.get(reverse("projects:move_stage", kwargs={"slug": project.slug})).content.decode()
    assert "On to Developing" in page and "Back to Preparing" in page


def test_the_project_page_shows_every_move_as_a_timeline_newest_first(client, member, project, project_lead):
    services.move_stage(project=project, to_stage="doing", by=project_lead, reason="Plan agreed.", confirmed_unticked=True)
    services.move_stage(project=project, to_stage="developing", by=project_lead, reason="Work finished.",
                        confirmed_unticked=True)
    client.force_login(member)
    page = client.get(project.get_absolute_url()).content.decode()
    newest = page.index("moved from Doing to Developing by Pat Projectlead")
    oldest = page.index("moved from Preparing to Doing by Pat Projectlead")
    assert newest < oldest
    assert "Why: Work finished." in page


def test_project_members_are_emailed_when_the_stage_moves(
    client, project_lead, member, other_member, project, tasks_run_at_once, django_capture_on_commit_callbacks
):
    client.force_login(project_lead)
    with django_capture_on_commit_callbacks(execute=True):
        _move(client, project, to_stage="doing", reason="Plan agreed.", confirm_unticked="on")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([project_lead.email, member.email])
    message = mail.outbox[0]
    assert "has moved to the Doing stage" in message.subject
    assert "Plan agreed." in message.body
    assert "Plan agreed." in message.alternatives[0][0] and message.alternatives[0][1] == "text/html"


def test_no_email_goes_out_if_the_move_is_not_saved(project_lead, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(services.StageMoveRefused):
            services.move_stage(project=project, to_stage="developing", by=project_lead, reason="x")
    assert callbacks == []


def test_telling_members_twice_about_one_move_sends_each_email_once(project_lead, member, project):
    change = services.move_stage(project=project, to_stage="doing", by=project_lead, reason="Go",
                                 confirmed_unticked=True)
    assert tasks.tell_members_about_stage_change(change.pk) == 2
    assert tasks.tell_members_about_stage_change(change.pk) == 0
    assert len(mail.outbox) == 2


def test_members_who_have_left_are_not_told(project_lead, member, project):
    project.memberships.filter(member=member).update(status="left")
    change = services.move_stage(project=project, to_stage="doing", by=project_lead, reason="Go",
                                 confirmed_unticked=True)
    tasks.tell_members_about_stage_change(change.pk)
    assert [m.to for m in mail.outbox] == [[project_lead.email]]


def test_in_the_admin_the_stage_cannot_be_changed_without_a_reason(client, lead, project):
    client.force_login(lead)
    page = client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert 'name="stage"' not in page


def test_leads_can_edit_the_default_checklist_in_the_admin(client, lead):
    client.force_login(lead)
    item = DefaultChecklistItem.objects.first()
    response = client.post(
        reverse("admin:projects_defaultchecklistitem_change", args=[item.pk]),
        {"stage": item.stage, "text": "Our own words for this point", "order": item.order},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Our own words for this point"


def test_a_new_project_gets_the_edited_defaults(lead):
    DefaultChecklistItem.objects.create(stage="doing", text="We pay people's travel on the day", order=99)
    project = services.create_project(project=Project(title="Bus passes", slug="bus-passes", summary="Passes"), created_by=lead)
    assert project.checklist_items.filter(text="We pay people's travel on the day").exists()


def test_a_lead_can_edit_a_project_in_the_site(client, project_lead, project):
    client.force_login(project_lead)
    data = {**NEW_PROJECT, "title": "Calmer waiting rooms", "slug": project.slug, "aims": "Quieter rooms by June."}
    response = client.post(reverse("projects:edit", kwargs={"slug": project.slug}), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.aims == "Quieter rooms by June."




def test_a_new_project_remembers_which_lead_started_it(client, lead):
    client.force_login(lead)
    client.post(reverse("projects:create"), NEW_PROJECT)
    assert Project.objects.get(slug="walking-football").created_by == lead


def test_projects_made_before_checklists_existed_get_them_from_the_migration(db):
    import importlib

    from django.apps import apps

    project = Project.objects.create(title="Old project", slug="old-project", summary="From before")
    assert not project.checklist_items.exists()
    importlib.import_module("projects.migrations.0005_checklists_for_existing_projects").copy_defaults(apps, None)
    assert project.checklist_items.count() == DefaultChecklistItem.objects.count()


def test_a_mail_server_failing_midway_through_a_stage_email_never_means_a_second_copy(project_lead, project, settings):
    people = [factories.ProjectMembershipFactory(project=project).member for _ in range(3)]
    change = services.move_stage(project=project, to_stage="doing", by=project_lead, reason="Go",
                                 confirmed_unticked=True)
    settings.EMAIL_BACKEND = "tests.mail_servers.MailServerThatDropsTheSecondMessage"
    MailServerThatDropsTheSecondMessage.accepted, MailServerThatDropsTheSecondMessage.dropped = 0, False
    assert tasks.tell_members_about_stage_change(change.pk) == 4  # queued for everyone; one went before the drop
    assert len(mail.outbox) == 1
    from notifications import services as notifications

    notifications.send_pending()  # what the retry (or the next scan) does
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == sorted([project_lead.email, *(p.email for p in people)])
    assert tasks.tell_members_about_stage_change(change.pk) == 0
    notifications.send_pending()
    assert len(mail.outbox) == 4


def test_an_edit_saved_after_the_stage_moved_keeps_the_new_stage(lead, project):
    being_edited = Project.objects.get(pk=project.pk)  # opened for editing while the project was at Preparing
    services.move_stage(project=project, to_stage=Stage.DOING, by=lead, reason="Ready", confirmed_unticked=True)
    being_edited.aims = "Quieter rooms by June."
    services.update_project(project=being_edited)
    project.refresh_from_db()
    assert project.stage == Stage.DOING and project.aims == "Quieter rooms by June."
