"""The admin permissions a co-production lead needs: the one list the "Co-production leads" group is built from.

`python manage.py sync_lead_permissions` (also run after every `migrate`, by a post_migrate handler) makes the
group hold exactly these permissions, so models added later by any app are covered once listed here. A
permission listed here whose model does not exist yet is skipped and reported, not an error.

What leads do, and so what they get:
- network: look after members (view/add/change; never delete, never edit permissions — see MemberAdmin),
  read and add consent records (never edit or delete: the history must stay whole), invitations, enquiries,
  blockages ("you said, we did") and the network page's about text.
- meetings: run network meetings from the admin — meetings, agenda items and members' suggestions, papers,
  invitations/RSVPs, attendance and guests, minutes, actions. Not calendar feeds (their links are secrets).
- notifications: set when reminders go out; read what is due and the delivery ledger (written only by the system).
- Celery beat schedules (django-celery-beat): change when the periodic jobs run (the reminder scan, the weekly
  news) and switch them on or off; not create or delete the jobs themselves.
- projects: manage every project, its memberships, stages, checklists, actions, impact and "you said, we did";
  edit the principles and the default checklists; read reflections.
- exports: export any project's record and the admin lists; read the audit log of exports (written by the system).
- pledges: write and publish pledge versions; read signatures.
Not given: anything in auth (groups, permissions), sessions, allauth, calendar feeds, or
deleting members, projects or consent records. A superuser does those.
"""

CRUD = ("view", "add", "change", "delete")
VIEW_ADD_CHANGE = ("view", "add", "change")


def _perms(app_label, model, actions):
    return [f"{app_label}.{action}_{model}" for action in actions]


LEAD_PERMISSIONS = sorted(
    {
        # network
        *_perms("network", "member", VIEW_ADD_CHANGE),
        *_perms("network", "consent", ("view", "add")),
        *_perms("network", "invitation", CRUD),
        *_perms("network", "enquiry", ("view", "change")),
        *_perms("network", "blockage", ("view", "change")),
        *_perms("network", "networkpage", ("view", "change")),
        # meetings (network/meetings)
        *_perms("meetings", "meeting", CRUD),
        *_perms("meetings", "agendaitem", CRUD),
        *_perms("meetings", "invitation", CRUD),
        *_perms("meetings", "attendance", CRUD),
        *_perms("meetings", "guest", CRUD),
        *_perms("meetings", "minutes", CRUD),
        *_perms("meetings", "paper", CRUD),
        *_perms("meetings", "agendasuggestion", CRUD),
        # notifications: when reminders go out; the ledger of what was sent is written only by the system
        *_perms("notifications", "reminderrule", CRUD),
        *_perms("notifications", "duenotification", ("view",)),
        *_perms("notifications", "delivery", ("view",)),
        # Celery beat: when the periodic jobs run
        *_perms("django_celery_beat", "periodictask", ("view", "change")),
        *_perms("django_celery_beat", "intervalschedule", VIEW_ADD_CHANGE),
        *_perms("django_celery_beat", "crontabschedule", VIEW_ADD_CHANGE),
        # projects
        *_perms("projects", "project", VIEW_ADD_CHANGE),
        *_perms("projects", "projectmembership", VIEW_ADD_CHANGE),
        *_perms("projects", "principle", VIEW_ADD_CHANGE),
        *_perms("projects", "defaultchecklistitem", CRUD),
        *_perms("projects", "stagechecklistitem", CRUD),
        *_perms("projects", "stagechange", ("view",)),
        *_perms("projects", "action", CRUD),
        *_perms("projects", "impactrecord", CRUD),
        *_perms("projects", "yousaidwedid", CRUD),
        *_perms("projects", "reflection", ("view",)),
        # exports (projects/exports): take out any project's record and admin lists; read who exported what
        "exports.export_project",
        "exports.export_lists",
        *_perms("exports", "exportaudit", ("view",)),
        # pledges
        *_perms("pledges", "pledgeversion", VIEW_ADD_CHANGE),
        *_perms("pledges", "pledgesignature", ("view",)),
    }
)


def sync_lead_permissions(*, group_model=None, permission_model=None, names=None):
    """Give the leads group exactly the listed permissions that exist. Returns (added, removed, missing)."""
    from django.contrib.auth.models import Group, Permission

    from .models import LEADS_GROUP_NAME

    group_model = group_model or Group
    permission_model = permission_model or Permission
    names = LEAD_PERMISSIONS if names is None else names
    group, _ = group_model.objects.get_or_create(name=LEADS_GROUP_NAME)
    wanted = {}
    for name in names:
        app_label, codename = name.split(".", 1)
        wanted[(app_label, codename)] = name
    existing = {
        (p.content_type.app_label, p.codename): p
        for p in permission_model.objects.filter(codename__in={c for _, c in wanted}).select_related("content_type")
    }
    grant = [p for key, p in existing.items() if key in wanted]
    missing = sorted(name for key, name in wanted.items() if key not in existing)
    held = set(group.permissions.values_list("pk", flat=True))
    grant_ids = {p.pk for p in grant}
    added = sorted(f"{p.content_type.app_label}.{p.codename}" for p in grant if p.pk not in held)
    removed_ids = held - grant_ids
    removed = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in permission_model.objects.filter(pk__in=removed_ids).select_related("content_type")
    )
    if added or removed_ids:
        group.permissions.set(grant)
    return added, removed, missing
