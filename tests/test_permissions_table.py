"""Every admin page, for every kind of person, does what the one written table (network/permissions.py) says.

The table is the authority; this walks the admin as it is registered (every model admin and every inline) and
compares what each person may view, add, change and delete with it, so an admin class cannot drift from it.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from network.models import EXPORTERS_GROUP_NAME, LEADS_GROUP_NAME, Role
from network.permissions import ADMIN_TABLE, LEADS, NOBODY, SUPERUSERS, VERBS, lead_permission_names
from tests import factories

# Who holds what in the admin, by level: project leads, granted exporters and members use the site only.
MAY = {
    "lead": {LEADS},
    "superuser": {LEADS, SUPERUSERS},
    "project_lead": set(),
    "staff_member": set(),
    "self_described_staff": set(),
    "member": set(),
}


@pytest.fixture
def superuser(db):
    return factories.MemberFactory(display_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def self_described_staff(project):
    """Chose "Staff" as their role on their profile; nobody granted them anything."""
    m = factories.MemberFactory(display_name="Stella Says-Staff", role=Role.STAFF, is_staff=True)
    factories.ProjectMembershipFactory(member=m, project=project)
    return m


def _admins():
    """Every (model label, admin instance) the admin shows: the registered model admins and their inlines."""
    found = {}
    for model, model_admin in admin.site._registry.items():
        found[model._meta.label_lower] = model_admin
        request = RequestFactory().get("/")
        request.user = factories.MemberFactory.build(is_superuser=True, is_staff=True)
        for inline_class in model_admin.get_inlines(request, model()):
            inline = inline_class(model, admin.site)
            found.setdefault(inline.opts.label_lower, inline)
    return found


def _answers(model_admin, user):
    request = RequestFactory().get("/")
    request.user = user
    return (
        model_admin.has_view_permission(request),
        model_admin.has_add_permission(request, None) if isinstance(model_admin, admin.options.InlineModelAdmin)
        else model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
    )


def test_every_admin_page_and_inline_has_a_row_in_the_table_and_every_row_an_admin_page(db):
    assert set(_admins()) == set(ADMIN_TABLE)


@pytest.mark.parametrize("who", list(MAY))
def test_each_person_may_view_add_change_and_delete_in_the_admin_exactly_what_the_table_says(request, who):
    user = request.getfixturevalue(who)
    for label, model_admin in _admins().items():
        expected = tuple(level in MAY[who] for level in ADMIN_TABLE[label])
        assert _answers(model_admin, user) == expected, f"{who} on {label}: {dict(zip(VERBS, expected, strict=True))}"


@pytest.mark.parametrize("who", list(MAY))
def test_each_person_opens_exactly_the_admin_lists_the_table_lets_them_see(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for model in admin.site._registry:
        label = model._meta.label_lower
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        answer = client.get(url)
        if ADMIN_TABLE[label][0] in MAY[who]:
            assert answer.status_code == 200, f"{who} should see {label}"
        elif user.is_staff:
            assert answer.status_code == 403, f"{who} should not see {label}"
        else:
            assert answer.status_code == 302 and "/login/" in answer["Location"], f"{who} on {label}"


@pytest.mark.parametrize("label", ["projects.project", "projects.stagechange", "network.consent",
                                   "pledges.pledgesignature", "exports.exportaudit", "network.member"])
def test_leads_may_not_delete_projects_stage_changes_consents_signatures_audit_rows_or_people(label):
    assert ADMIN_TABLE[label][3] in (SUPERUSERS, NOBODY)


def test_a_lead_cannot_delete_a_project_by_its_address_and_its_page_says_why(client, lead, project):
    factories.MeetingFactory(project=project)
    client.force_login(lead)
    assert client.get(reverse("admin:projects_project_delete", args=[project.pk])).status_code == 403
    assert client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"}).status_code == 403
    project.refresh_from_db()
    page = client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert "Only an administrator can delete a project" in page
    assert reverse("admin:projects_project_delete", args=[project.pk]) not in page


def test_a_lead_cannot_delete_a_stage_change_consent_or_signature_by_address(client, lead, member, project):
    from network.services import record_consent
    from pledges.models import PledgeSignature
    from projects.models import Stage, StageChange

    change = StageChange.objects.create(project=project, from_stage=Stage.PREPARING, to_stage=Stage.DOING,
                                        changed_by=lead, reason="Ready to start")
    consent = record_consent(member=member, kind="contact", given=True, recorded_by=member)
    signature = factories.PledgeSignatureFactory(member=member)
    client.force_login(lead)
    for name, row in [("projects_stagechange", change), ("network_consent", consent),
                      ("pledges_pledgesignature", signature)]:
        assert client.post(reverse(f"admin:{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert StageChange.objects.filter(pk=change.pk).exists()
    assert PledgeSignature.objects.filter(pk=signature.pk).exists()


def test_a_superuser_may_delete_a_project(client, superuser, project):
    client.force_login(superuser)
    client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"})
    from projects.models import Project

    assert not Project.objects.filter(pk=project.pk).exists()


def test_a_lead_deletes_a_draft_meeting_but_not_a_published_one(client, lead):
    from meetings.models import Meeting

    draft = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    published = factories.MeetingFactory(status=Meeting.Status.PUBLISHED)
    client.force_login(lead)
    assert client.post(reverse("admin:meetings_meeting_delete", args=[published.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:meetings_meeting_delete", args=[draft.pk]), {"post": "yes"})
    assert set(Meeting.objects.values_list("pk", flat=True)) == {published.pk}


def test_permission_rows_given_by_hand_open_nothing(client, member):
    """Django's permission rows are a mirror of the table, not a way in."""
    member.is_staff = True
    member.save()
    member.user_permissions.add(*Permission.objects.filter(codename__in=["view_project", "delete_project"]))
    client.force_login(member)
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 403
    assert not member.has_perm("projects.view_project")


def test_the_leads_group_rows_are_generated_from_the_table(db):
    existing = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    held = {f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=LEADS_GROUP_NAME).permissions.select_related("content_type")}
    assert held == set(lead_permission_names()) & existing
    assert "projects.delete_project" not in held
    exporters = Group.objects.get(name=EXPORTERS_GROUP_NAME).permissions.values_list("codename", flat=True)
    assert list(exporters) == ["export_project"]


def test_the_table_uses_only_the_three_levels(db):
    assert {level for row in ADMIN_TABLE.values() for level in row} <= {LEADS, SUPERUSERS, NOBODY}


def test_a_published_meeting_page_says_why_it_is_not_deleted_and_the_list_offers_no_bulk_delete(client, lead):
    from meetings.models import Meeting

    published = factories.MeetingFactory(status=Meeting.Status.PUBLISHED)
    client.force_login(lead)
    page = client.get(reverse("admin:meetings_meeting_change", args=[published.pk])).content.decode()
    assert "Cancel and tell everyone invited" in page.split('class="submit-row"')[1]
    listing = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert 'value="delete_selected"' not in listing


def test_a_refused_page_is_the_sites_own_with_a_way_on(client, member, project):
    client.force_login(member)
    answer = client.get(reverse("exports:project_record", kwargs={"slug": project.slug}))
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "This page is not open to you" in page and 'href="/"' in page


def test_an_administrator_is_held_by_the_rules_too(client, superuser, member):
    """No "a superuser may do anything" shortcut: the rules decide for administrators as for everyone."""
    assert not superuser.has_perm("pledges.change_pledgesignature")  # a member's words are theirs
    assert superuser.has_perm("projects.delete_project")
    client.force_login(superuser)
    # Erasing on someone's behalf is for offline members only, whoever asks.
    assert client.get(reverse("privacy:offline_erase", args=[member.pk])).status_code == 403
