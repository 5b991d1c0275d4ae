"""Choosing a person: two people with the same name can be told apart, and nobody sees what a member keeps private."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import ContactMethod, Role
from tests import factories

ACTION_OWNER = {"app_label": "projects", "model_name": "action", "field_name": "owner"}


@pytest.fixture
def two_sams(project, other_project):
    """Two people called Sam Taylor: one a carer who shows it, in two projects; one a volunteer who keeps it private."""
    carer = factories.MemberFactory(display_name="Sam Taylor", email="samantha.t@example.org", role=Role.CARER,
                                    show_role_in_directory=True)
    volunteer = factories.MemberFactory(display_name="Sam Taylor", email="sam.taylor99@example.net",
                                        role=Role.VOLUNTEER, show_role_in_directory=False)
    factories.ProjectMembershipFactory(member=carer, project=project)
    factories.ProjectMembershipFactory(member=carer, project=other_project)
    factories.ProjectMembershipFactory(member=volunteer, project=project)
    return carer, volunteer


def _autocomplete(client, term, **source):
    response = client.get(reverse("admin:autocomplete"), {"term": term, **(source or ACTION_OWNER)})
    assert response.status_code == 200
    return {int(r["id"]): r["text"] for r in response.json()["results"]}


def test_a_lead_tells_the_two_sams_apart_when_choosing_an_action_owner_in_the_admin(client, lead, two_sams):
    carer, volunteer = two_sams
    client.force_login(lead)
    found = _autocomplete(client, "Sam Taylor")
    assert found[carer.pk] == "Sam Taylor · Carer · in Calmer waiting rooms, Walking group · sam…@example.org"
    # A lead looks after members, so sees the role the volunteer keeps from other members.
    assert found[volunteer.pk] == "Sam Taylor · Volunteer · in Calmer waiting rooms · sam…@example.net"


def test_a_lead_finds_a_member_by_the_start_of_their_email_in_the_admin(client, lead, two_sams):
    _carer, volunteer = two_sams
    client.force_login(lead)
    assert list(_autocomplete(client, "taylor99")) == [volunteer.pk]


def test_an_offline_member_is_labelled_with_how_they_are_reached(client, lead):
    offline = factories.OfflineMemberFactory(display_name="Sam Taylor", preferred_contact=ContactMethod.PHONE,
                                             show_role_in_directory=False, role=Role.SERVICE_USER)
    client.force_login(lead)
    assert _autocomplete(client, "Sam")[offline.pk] == "Sam Taylor · Service user / expert by experience · no email, phone call"


def test_more_than_two_projects_are_named_as_two_and_how_many_more(client, lead, two_sams):
    carer, _volunteer = two_sams
    for title in ("Apple day", "Book club"):
        factories.ProjectMembershipFactory(member=carer, project=factories.ProjectFactory(title=title))
    client.force_login(lead)
    assert _autocomplete(client, "Sam")[carer.pk] == "Sam Taylor · Carer · in Apple day, Book club and 2 more · sam…@example.org"


def test_every_member_picker_in_the_admin_uses_the_labels(client, lead, two_sams):
    carer, _volunteer = two_sams
    client.force_login(lead)
    for source in ({"app_label": "meetings", "model_name": "agendaitem", "field_name": "presenter"},
                   {"app_label": "meetings", "model_name": "meeting", "field_name": "chosen_members"},
                   {"app_label": "meetings", "model_name": "attendance", "field_name": "member"},
                   {"app_label": "projects", "model_name": "projectmembership", "field_name": "member"}):
        assert _autocomplete(client, "Sam", **source)[carer.pk].startswith("Sam Taylor · Carer · in ")


def test_other_autocompletes_keep_their_plain_names(client, lead, project):
    client.force_login(lead)
    found = _autocomplete(client, "Calmer", app_label="projects", model_name="action", field_name="project")
    assert found == {project.pk: "Calmer waiting rooms"}


def _autocomplete_queries(client, term):
    with CaptureQueriesContext(connection) as queries:
        _autocomplete(client, term)
    return len(queries)


def test_the_admin_autocomplete_asks_the_same_number_of_queries_for_2_and_for_20_people(client, lead, project):
    client.force_login(lead)
    projects = [factories.ProjectFactory(title=f"Project {n}") for n in range(4)]
    for n in range(27):
        person = factories.MemberFactory(display_name=f"Robin {n:02}" if n < 2 else f"Alex {n:02}", role=Role.CARER)
        for joined in [project, *projects][: n % 5]:
            factories.ProjectMembershipFactory(member=person, project=joined)
    two = _autocomplete_queries(client, "Robin")
    assert len(_autocomplete(client, "Robin")) == 2
    twenty = _autocomplete_queries(client, "Alex")
    assert len(_autocomplete(client, "Alex")) == 20  # a page of the 25
    assert twenty == two


# ---- On the site: a project lead chooses who will do an action --------------------------------------------------


def _owner_options(client, project):
    html = client.get(reverse("projects:actions", args=[project.slug])).content.decode()
    start = html.index('name="owner"')
    return html[start: html.index("</select>", start)]


def test_a_project_lead_tells_the_two_sams_apart_without_seeing_a_hidden_role_or_any_email(
        client, project_lead, project, two_sams):
    carer, volunteer = two_sams
    client.force_login(project_lead)
    options = _owner_options(client, project)
    # The carer shows their role; the project lead is only in this project, so only it is named.
    assert f'<option value="{carer.pk}">Sam Taylor · Carer · in Calmer waiting rooms</option>' in options
    assert f'<option value="{volunteer.pk}">Sam Taylor · in Calmer waiting rooms</option>' in options
    assert "Volunteer" not in options
    assert "@" not in options and "example" not in options


def test_a_member_is_told_only_of_projects_the_person_choosing_is_in(client, project_lead, project, two_sams):
    carer, _volunteer = two_sams
    client.force_login(project_lead)
    assert "Walking group" not in _owner_options(client, project)
    factories.ProjectMembershipFactory(member=project_lead, project=carer.project_memberships.exclude(
        project=project).get().project)
    assert f'<option value="{carer.pk}">Sam Taylor · Carer · in Calmer waiting rooms, Walking group</option>' in (
        _owner_options(client, project))


def test_a_lead_on_the_site_sees_the_same_labels_as_in_the_admin(client, lead, project, two_sams):
    carer, volunteer = two_sams
    client.force_login(lead)
    options = _owner_options(client, project)
    assert "Sam Taylor · Volunteer · in Calmer waiting rooms · sam…@example.net" in options
    assert "Sam Taylor · Carer · in Calmer waiting rooms, Walking group · sam…@example.org" in options


def test_the_owner_list_asks_the_same_number_of_queries_for_3_and_for_30_members(client, project_lead, project):
    client.force_login(project_lead)
    url = reverse("projects:actions", args=[project.slug])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    def add(n):
        for _ in range(n):
            person = factories.MemberFactory(role=Role.STAFF, show_role_in_directory=True)
            factories.ProjectMembershipFactory(member=person, project=project)
            factories.ProjectMembershipFactory(member=person, project=factories.ProjectFactory())

    add(3)
    few = queries()
    add(27)
    assert queries() == few


def test_a_chosen_owner_with_the_same_name_is_saved_as_the_one_chosen(client, project_lead, project, two_sams):
    _carer, volunteer = two_sams
    client.force_login(project_lead)
    client.post(reverse("projects:actions", args=[project.slug]), {"what": "Book the room", "owner": volunteer.pk})
    assert project.actions.get(what="Book the room").owner == volunteer


def test_an_action_already_owned_shows_which_sam_owns_it_in_the_admin(client, lead, project, two_sams):
    _carer, volunteer = two_sams
    action = factories.ActionFactory(project=project, owner=volunteer, what="Book the room")
    client.force_login(lead)
    html = client.get(reverse("admin:projects_action_change", args=[action.pk])).content.decode()
    assert f'<option value="{volunteer.pk}" selected>Sam Taylor · Volunteer · in Calmer waiting rooms · sam…@example.net' in html


def _member_pickers(form_class):
    from django import forms
    from django.contrib.admin.widgets import AutocompleteMixin, RelatedFieldWidgetWrapper

    from network.models import Member

    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Member:
            widget = field.widget.widget if isinstance(field.widget, RelatedFieldWidgetWrapper) else field.widget
            yield name, isinstance(widget, AutocompleteMixin)


def test_every_place_a_lead_picks_a_member_in_the_admin_is_the_labelled_search(rf, lead, project):
    """A plain list of names (or a box for a member's number) would not tell two people of the same name apart."""
    from django.contrib import admin
    from django.urls import resolve

    meeting = factories.MeetingFactory(project=project)
    request = rf.get("/admin/")
    request.user = lead
    request.resolver_match = resolve(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    checked = []
    for model, model_admin in admin.site._registry.items():
        if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
            continue
        forms_shown = [(model.__name__, model_admin.get_form(request, None))]
        row = {"Meeting": meeting, "Project": project}.get(model.__name__)
        for inline in model_admin.get_inline_instances(request, row):
            forms_shown.append((f"{model.__name__}: {inline.model.__name__}", inline.get_formset(request, row).form))
        for where, form_class in forms_shown:
            for field, labelled in _member_pickers(form_class):
                checked.append(f"{where}.{field}")
                assert labelled, f"{where}: {field} is a plain list of members"
    assert {"Action.owner", "Meeting: AgendaItem.presenter", "Meeting.chosen_members", "Consent.member",
            "Project: ProjectMembership.member", "ProjectMembership.member", "PledgeSignature.member"} <= set(checked)
