
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


def _checklist_form(client, project):
    """What the project page's checklist form sends as drawn: each point's tick and note, and what it showed."""
    page = client.get(project.get_absolute_url())
    form = page.context["checklist_form"]
    data = {}
    for item, done, note in form.rows():
        if item.is_done:
            data[done.html_name] = "on"
            data[done.html_initial_name] = "True"
        else:
            data[done.html_initial_name] = "False"
        data[note.html_name] = data[note.html_initial_name] = item.note
    return data


def _save(client, project, data, *, follow=False, **extra):
    return client.post(reverse("projects:save_checklist", kwargs={"slug": project.slug}), {**data, **extra}, follow=follow)


def _preparing(checklist):
    return list(checklist.filter(stage="preparing").order_by("order", "pk"))


def test_a_lead_ticks_two_points_presses_save_the_checklist_and_both_ticks_show(client, project_lead, project, checklist):
    first, second, *_ = _preparing(checklist)
    client.force_login(project_lead)
    data = _checklist_form(client, project)
    data.update({f"done_{first.pk}": "on", f"done_{second.pk}": "on", f"note_{second.pk}": "Agreed at the first meeting"})
    response = _save(client, project, data)
    assert response["Location"].endswith(project.get_absolute_url() + "#checklist")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "We saved the checklist. 2 points changed." in page
    assert "2 of 4 points done for Preparing" in page and page.count("Ticked by Pat Projectlead") == 2
    assert 'value="Agreed at the first meeting"' in page


def test_the_project_page_has_one_save_the_checklist_button_for_the_stage(client, project_lead, project, checklist):
    client.force_login(project_lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert page.count("Save the checklist</button>") == 1 and "Save this point" not in page
    assert page.count('type="checkbox"') == 4


def test_saving_the_checklist_gives_a_new_tick_time_only_to_the_points_that_changed(
    client, project_lead, lead, project, checklist
):
    first, second, third, _ = _preparing(checklist)
    services.tick_checklist_item(item=first, by=lead, done=True, note="Done by the lead")
    first.refresh_from_db()
    client.force_login(project_lead)
    data = _checklist_form(client, project)
    data[f"done_{second.pk}"] = "on"
    _save(client, project, data)
    saved = {item.pk: item for item in _preparing(checklist)}
    assert (saved[first.pk].done_by, saved[first.pk].done_at, saved[first.pk].note) == (lead, first.done_at, "Done by the lead")
    assert saved[second.pk].done_by == project_lead and saved[second.pk].done_at is not None
    assert saved[third.pk].done_at is None


def test_a_tick_someone_saved_while_the_page_was_open_is_kept(client, project_lead, lead, project, checklist):
    first, second, *_ = _preparing(checklist)
    client.force_login(project_lead)
    data = _checklist_form(client, project)  # the page as drawn: nothing ticked
    services.tick_checklist_item(item=first, by=lead, done=True)  # meanwhile, another lead ticks the first point
    data[f"done_{second.pk}"] = "on"
    _save(client, project, data)
    first.refresh_from_db()
    assert first.done_by == lead and first.is_done


def test_unticking_a_point_and_saving_clears_who_ticked_it(client, project_lead, project, checklist):
    item = _preparing(checklist)[0]
    services.tick_checklist_item(item=item, by=project_lead, done=True)
    client.force_login(project_lead)
    data = _checklist_form(client, project)
    del data[f"done_{item.pk}"]
    _save(client, project, data)
    item.refresh_from_db()
    assert item.done_at is None and item.done_by is None


def test_a_note_that_is_too_long_keeps_every_tick_on_the_page_and_saves_nothing(client, project_lead, project, checklist):
    first, second, *_ = _preparing(checklist)
    client.force_login(project_lead)
    data = _checklist_form(client, project)
    data.update({f"done_{first.pk}": "on", f"note_{second.pk}": "x" * 501})
    response = _save(client, project, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "We have not saved the checklist yet" in page and "Please keep the note under 500 characters." in page
    assert f'name="done_{first.pk}" class="form-check-input" id="id_done_{first.pk}" checked' in page
    assert f'aria-describedby="id_note_{second.pk}_error"' in page
    assert not project.checklist_items.filter(done_at__isnull=False).exists()
    # Sent again once the note is short, the tick the person made before is still theirs to save.
    resent = {key: value for key, value in data.items()}
    resent[f"note_{second.pk}"] = "Short"
    _save(client, project, resent)
    assert project.checklist_items.filter(done_at__isnull=False).get() == first


def test_moving_to_another_stage_from_the_project_page_saves_the_ticks_first(client, project_lead, project, checklist):
    first, second, *_ = _preparing(checklist)
    client.force_login(project_lead)
    data = _checklist_form(client, project)
    data.update({f"done_{first.pk}": "on", f"done_{second.pk}": "on"})
    response = _save(client, project, data, then="move_stage", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("projects:move_stage", kwargs={"slug": project.slug})
    assert "We saved your checklist first." in page
    assert "2 points on the checklist are not ticked" in page and first.text not in page


def test_the_project_page_offers_the_move_as_a_button_that_sends_the_checklist(client, project_lead, project, checklist):
    client.force_login(project_lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'form="checklist-form" name="then" value="move_stage"' in page
    assert "js/checklist.js" in page


def test_someone_who_may_not_tick_cannot_save_the_checklist(client, member, project, checklist):
    item = _preparing(checklist)[0]
    client.force_login(member)
    response = _save(client, project, {f"done_{item.pk}": "on", f"initial-done_{item.pk}": "False"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert not item.is_done


def test_points_of_another_project_cannot_be_ticked_through_this_one(client, project_lead, project, checklist):
    elsewhere = factories.ProjectFactory(title="Somewhere else")
    services.copy_default_checklist(project=elsewhere)
    item = elsewhere.checklist_items.first()
    client.force_login(project_lead)
    _save(client, project, {f"done_{item.pk}": "on", f"initial-done_{item.pk}": "False"})
    item.refresh_from_db()
    assert not item.is_done


def test_a_point_sent_from_a_page_opened_before_the_checklist_was_one_form_is_still_saved(
    client, project_lead, project, checklist
):
    item = _preparing(checklist)[0]
    client.force_login(project_lead)
    client.post(reverse("projects:tick_item", kwargs={"slug": project.slug, "item_id": item.pk}),
                {"done": "on", "note": "Agreed at the first meeting"})
    item.refresh_from_db()
    assert item.done_by == project_lead and item.note == "Agreed at the first meeting"


def test_the_move_page_lists_the_unticked_points_and_leads_back_to_the_checklist(client, project_lead, project, checklist):
    client.force_login(project_lead)
    page = client.get(reverse("projects:move_stage", kwargs={"slug": project.slug})).content.decode()
    assert f'href="{project.get_absolute_url()}#checklist"' in page and "Go to the checklist" in page


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


def test_ticks_sent_after_someone_moved_the_stage_are_still_saved(client, project_lead, lead, project, checklist):
    first = _preparing(checklist)[0]
    client.force_login(project_lead)
    data = _checklist_form(client, project)  # the Preparing checklist, as the page drew it
    services.move_stage(project=project, to_stage="doing", by=lead, reason="Ready", confirmed_unticked=True)
    data[f"done_{first.pk}"] = "on"
    _save(client, project, data)
    first.refresh_from_db()
    assert first.done_by == project_lead
