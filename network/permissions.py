"""Who may do what in the admin: the one written table. Every app's rules are registered from it.

Each row is an admin page's model and who may view, add, change and delete its rows:
- LEADS: co-production leads (a power a lead grants; any role can hold it) and superusers;
- SUPERUSERS: only the site's administrators (for what cannot be undone or would rewrite history);
- NOBODY: not even a superuser (records only the system writes, or a member's own words).
An app's rules.py may narrow a row for some objects (a published pledge version cannot be changed), never widen.
Project leads, staff who may export and other members use the site, not the admin: they hold nothing here.

The "Co-production leads" and "Staff who may export project records" groups hold Django permission rows that
mirror this table (`python manage.py sync_lead_permissions`, also run after every migrate). The rows grant
nothing by themselves (network/auth.py gives no power from rows); they show in the data what the groups may do.
"""

from django.utils.translation import gettext_lazy as _

LEADS, SUPERUSERS, NOBODY = "leads", "superusers", "nobody"
VERBS = ("view", "add", "change", "delete")
L, S, N = LEADS, SUPERUSERS, NOBODY

ADMIN_TABLE = {
    # network: members and what they send
    "network.member": (L, L, L, S),  # nobody but an administrator deletes a person: erasure does it properly
    "network.consent": (L, L, N, S),  # consent history is added to, never edited
    "network.joininvitation": (L, L, L, L),  # invitations to join the network (withdrawn by deleting)
    "network.enquiry": (L, N, L, S),  # enquiries come through the contact form
    "network.blockage": (L, N, L, S),  # blockages are raised by members
    "network.networkpage": (L, N, L, N),  # one page, made by the migration
    "network.accessibilitystatement": (L, N, L, N),  # one statement, made on first visit
    "network.accessibilityissue": (L, L, L, L),  # what does not work yet: fixed ones are dated, or deleted
    # meetings
    "meetings.meeting": (L, L, L, L),  # narrowed: leads delete draft meetings only
    "meetings.agendaitem": (L, L, L, L),
    "meetings.paper": (L, L, L, L),
    "meetings.invitation": (L, N, L, S),  # invitations come from publishing; a reply is changed, not deleted
    # the register, guests and minutes have no pages of their own: the meeting's run-sheet records them
    "meetings.agendasuggestion": (L, N, L, S),  # suggestions come from members
    "meetings.meetingseries": (L, L, L, S),  # ended, not deleted: its meetings are changed from their own pages
    # notifications: when reminders go out; what is due and what was sent are written by the system only
    "notifications.reminderrule": (L, L, L, L),
    "notifications.duenotification": (S, N, N, N),  # the scan's own queue: technical
    "notifications.delivery": (L, N, N, N),
    # projects
    "projects.project": (L, L, L, S),  # deleting a project would delete its meetings and history
    "projects.projectmembership": (L, L, L, S),  # people leave; their membership stays as history
    "projects.principle": (L, L, L, S),
    "projects.defaultchecklistitem": (L, L, L, L),
    "projects.stagechecklistitem": (L, L, L, L),
    "projects.stagechange": (L, N, N, S),  # stages move on the project page, with a reason
    "projects.action": (L, L, L, L),
    "projects.impactrecord": (L, L, L, L),
    "projects.yousaidwedid": (L, L, L, L),
    # exports: the audit log of who took data out
    "exports.exportaudit": (L, N, N, N),  # the model itself refuses changes and deletion
    # pledges
    "pledges.pledgeversion": (L, L, L, L),  # narrowed: drafts only change; unsigned drafts only delete
    "pledges.pledgesignature": (L, L, N, S),  # a paper pledge is added; a member's words are never edited
    # involvement: levels and rates are data leads edit; a new rate is a new dated row, so none is changed
    "involvement.involvementlevel": (L, L, L, S),  # stopped being offered by unticking "in use"
    "involvement.paymentrate": (L, L, N, S),
    "involvement.mileagerate": (L, L, N, S),
    "involvement.activity": (L, L, L, S),  # records point at it
    # what people are owed and claimed: approved, declined and paid on the site's pages, never edited here
    "involvement.involvementrecord": (L, N, N, N),
    "involvement.expenseclaim": (L, N, N, N),
    # partnership: the framework's criteria and the review's questions are data leads write
    "partnership.criterion": (L, L, L, S),  # stopped being used by unticking "in use"
    "partnership.reviewquestion": (L, L, L, S),
    "partnership.review": (L, N, L, S),  # reviews are opened and closed on the site
    "partnership.recognition": (L, N, N, S),  # given on the project's page, with the criteria it met
    # allauth's email addresses: a lead changes an address on the member's page, which tells both addresses
    "account.emailaddress": (S, S, S, S),
    # Celery beat: when the reminder scan and the weekly news run. Technical: leads change reminder timings on
    # their own page (notifications.reminderrule), never the schedules underneath.
    "django_celery_beat.periodictask": (S, S, S, S),
    "django_celery_beat.intervalschedule": (S, S, S, S),
    "django_celery_beat.crontabschedule": (S, S, S, S),
    "django_celery_beat.solarschedule": (S, S, S, S),
    "django_celery_beat.clockedschedule": (S, S, S, S),
}

# Why a lead cannot delete a row, shown on the row's admin page where its Delete button would be.
WHY_NOT_DELETED = {
    "network.member": _("Only an administrator can delete a person. Members erase their own account from "
    "'My data'; for someone who does not sign in, use 'Delete their account at their request' on their page in "
    "the site. Both keep the network's records whole."),
    "network.consent": _("Consent records are a history: record a new answer instead of deleting one."),
    "meetings.meeting": _("A published meeting keeps its replies and its history, so it is not deleted. "
    "To call it off, choose 'Cancel and tell everyone invited' in the list of meetings."),
    "meetings.meetingseries": _("A series is ended, not deleted: choose 'End the series' in the list of series. "
    "Its meetings already held stay as they were."),
    "projects.project": _("Only an administrator can delete a project, because it would delete its meetings, "
    "actions and history with it. To stop people joining, set how people join to 'Not taking new members'."),
    "projects.projectmembership": _("Memberships are kept as the project's history: set their status to 'Left' "
    "instead."),
    "projects.principle": _("Principles are kept because members' reflections refer to them: untick 'ask members about this' "
    "instead."),
    "projects.stagechange": _("Stage changes are the project's history and are never deleted by a lead."),
    "pledges.pledgesignature": _("Signatures are withdrawn, never deleted: the member withdraws theirs on the "
    "pledge page."),
    "involvement.involvementlevel": _("Levels are kept because records of what people were paid refer to them: "
    "untick 'in use' instead."),
    "involvement.paymentrate": _("A rate is kept because what people were owed was worked out from it. To change "
    "a rate, add a new one with the date it applies from."),
    "involvement.mileagerate": _("A rate is kept because claims were worked out from it. Add a new one with the "
    "date it applies from."),
    "involvement.activity": _("Activities are kept because records of people's time refer to them."),
    "partnership.criterion": _("Criteria are kept because evidence and plans refer to them: untick 'in use' "
    "instead."),
    "partnership.reviewquestion": _("Questions are kept because people's answers refer to them: untick 'in use' "
    "instead."),
    "partnership.review": _("A review is the network's record of how it works together, so it is kept."),
    "partnership.recognition": _("A recognition is a dated record that the project met the criteria, so it is kept."),
    "pledges.pledgeversion": _("A published pledge version, or one that people have signed, stays as it was "
    "signed. Write a new version instead."),
}


def admin_models_of(app_label):
    return [name.split(".", 1)[1] for name in ADMIN_TABLE if name.split(".", 1)[0] == app_label]


def lead_permission_names():
    """The Django permission rows that mirror what leads hold in the table, plus the export permissions."""
    names = {
        f"{label.split('.')[0]}.{verb}_{label.split('.')[1]}"
        for label, levels in ADMIN_TABLE.items()
        for verb, level in zip(VERBS, levels, strict=True)
        if level == LEADS
    }
    return sorted(names | {"exports.export_project", "exports.export_lists"})


EXPORTER_PERMISSIONS = ["exports.export_project"]


def sync_lead_permissions(*, group_model=None, permission_model=None, names=None, group_name=None):
    """Make a power's group hold exactly the listed permission rows that exist. Returns (added, removed, missing).

    With no arguments, brings both power groups up to date with the table.
    """
    from django.contrib.auth.models import Group, Permission

    from .models import EXPORTERS_GROUP_NAME, LEADS_GROUP_NAME

    if names is None and group_name is None:
        result = _sync(Group, Permission, LEADS_GROUP_NAME, lead_permission_names())
        _sync(Group, Permission, EXPORTERS_GROUP_NAME, EXPORTER_PERMISSIONS)
        return result
    return _sync(
        group_model or Group, permission_model or Permission, group_name or LEADS_GROUP_NAME,
        lead_permission_names() if names is None else names,
    )


def _sync(group_model, permission_model, group_name, names):
    group, _ = group_model.objects.get_or_create(name=group_name)
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
