"""What project pages read: a project with its counts, the list a page at a time, checklists, actions, whether a
member has signed the pledge or reflected, and a project's members grouped by main role.

Members by role: co-production leads see everyone under their main role. Everyone else sees a person's main role
only if that person chose to show it; the others are listed (and counted, and found by the filter) under "Member",
so neither a heading, a count nor a filter gives away a role someone keeps private. Each order is worked out once
and kept until a membership or member changes (network.kept_counts)."""

from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from network.kept_counts import cached_figure
from network.models import Member, Role
from network.paging import KnownCountPaginator, lookahead_page
from network.roles import PRIVATE, group_label, group_values, sees_every_role, shown_group
from pledges.models import PledgeSignature, PledgeVersion

from .models import STAGE_ORDER, Action, Project, ProjectMembership, Reflection

ROLE_COUNT_FIELDS = [
    *(f"{kind}_{role}" for kind in ("count", "shown") for role in Role.values),
    "private_member_count", "active_member_count",
]


# ---- Projects ------------------------------------------------------------------------------------------------


def project_with_role_counts(slug):
    """The project with how many of each role are involved (counted once, kept until a membership changes)."""
    project = get_object_or_404(Project, slug=slug)
    counts = cached_figure(
        f"project.{project.pk}.roles",
        lambda: Project.objects.filter(pk=project.pk).with_role_counts().values(*ROLE_COUNT_FIELDS).get(),
    )
    for name, value in counts.items():
        setattr(project, name, value)
    return project


def projects_page(projects, *, filtered, page_number, per_page, viewer):
    """One page of projects, each with who is involved as the viewer may see it."""
    if filtered:
        paginator = Paginator(projects, per_page)
    else:  # every project: the same figure as the home page's, kept until a project is added or removed
        paginator = KnownCountPaginator(projects, per_page, count=cached_figure("projects.all", Project.objects.count))
    page = paginator.get_page(page_number)
    # Count who is involved for this page's projects only, not for every project before the page is cut.
    counted = Project.objects.filter(pk__in=[p.pk for p in page]).with_role_counts().in_bulk()
    page.object_list = [counted[p.pk] for p in page]
    for project in page.object_list:
        project.involved = project.role_counts_seen_by(viewer)
    return page


def checklists(project):
    """(this stage's checklist, [(stage, items)] for the other stages that have any), in one query."""
    all_items = list(project.checklist_items.select_related("done_by"))
    others = [(stage, [item for item in all_items if item.stage == stage]) for stage in STAGE_ORDER if stage != project.stage]
    return [item for item in all_items if item.stage == project.stage], [(stage, items) for stage, items in others if items]


def unticked_items(project):
    return list(project.checklist_items.filter(stage=project.stage, done_at__isnull=True).order_by("order", "pk"))


def live_membership(*, member, project=None, project_id=None):
    """The person's requested or active membership of the project (or the project with that id), or None: read
    once per request and project (the projects' and meetings' rules ask it too), until rules.forget_membership."""
    project_id = project.pk if project is not None else project_id
    if not member.is_authenticated or project_id is None:
        return None
    kept = getattr(member, "_project_membership_cache", None)  # getattr/setattr: request.user is a lazy wrapper
    if kept is None:
        kept = member._project_membership_cache = {}
    if project_id not in kept:
        kept[project_id] = ProjectMembership.objects.live().filter(member=member, project_id=project_id).first()
    return kept[project_id]


def join_requests(project):
    return project.memberships.requested().select_related("member")


def has_signed_current_pledge(member):
    current = PledgeVersion.objects.current()
    if current is None:
        return True  # nothing published yet, so nothing to sign
    return PledgeSignature.objects.standing().filter(member=member, version=current).exists()


def has_reflected(*, member, project):
    return Reflection.objects.filter(member=member, project=project, stage=project.stage).exists()


# ---- Actions -------------------------------------------------------------------------------------------------


def open_actions_preview(project, *, shown):
    """The soonest open actions for the project page, and how many are open in all."""
    open_actions = project.actions.open()
    return open_actions.select_related("owner")[:shown], open_actions.count()


def project_actions_page(project, page_number, per_page):
    """Open ones first, soonest due; then what was done, latest first. A page at a time."""
    actions = project.actions.select_related("owner", "meeting").order_by(
        F("done_at").desc(nulls_first=True), F("due").asc(nulls_last=True), "pk"
    )
    return lookahead_page(actions, page_number, per_page)


def active_members(project):
    """The people in the project now, by name: whom an action can be given to."""
    return Member.objects.filter(
        project_memberships__project=project, project_memberships__status=ProjectMembership.Status.ACTIVE
    ).order_by("display_name", "pk")


def has_more_active_members_than(project, limit):
    """Whether the project has more than `limit` people in it now, reading at most one row past the limit."""
    return project.memberships.active()[limit:limit + 1].exists()


def active_members_named(project, typed, *, shown):
    """People in the project whose name holds every word typed (in any case): at most `shown` + 1, so the caller
    knows when there are more than it can show."""
    people = active_members(project)
    for word in typed.split():
        people = people.filter(display_name__icontains=word)
    return list(people[:shown + 1])


def member_actions(member, page_number, *, per_page, done_shown):
    """A member's own actions: open ones a page at a time (soonest due), the latest done, and how many are late."""
    mine = Action.objects.for_member(member).select_related("project", "meeting")
    return {
        "open_actions": lookahead_page(mine.open().order_by(F("due").asc(nulls_last=True), "pk"), page_number, per_page),
        "done_actions": mine.filter(done_at__isnull=False).order_by("-done_at", "-pk")[:done_shown],
        "overdue_count": mine.overdue().count(),
    }


# ---- Members by role -----------------------------------------------------------------------------------------

PREVIEW_PER_ROLE = 5  # names shown per role on the project page; the members page lists everyone
LAST = len(Role.values)


def _group_order(every_role):
    """The place of each membership's group, as an SQL expression: the roles in the site's order, then "Member"."""
    by_role = [When(member__role=value, then=Value(i)) for i, value in enumerate(Role.values)]
    if every_role:
        return Case(*by_role, default=Value(LAST))
    return Case(When(member__show_role_in_directory=False, then=Value(LAST)), *by_role, default=Value(LAST))


def _view(viewer):
    return "all" if sees_every_role(viewer) else "shown"


def _group_of(membership, every_role):
    return membership.member.role if every_role else shown_group(membership.member)


def _total(project, value, every_role):
    if value == PRIVATE:
        return getattr(project, "private_member_count", 0)
    return getattr(project, f"{'count' if every_role else 'shown'}_{value}", 0)


def members_by_role(project, memberships, viewer):
    """[{value, label, people, total}] in the site's order for memberships already cut down (a page or a preview);
    total is how many are in that group in all (from with_role_counts() on the project)."""
    every_role = sees_every_role(viewer)
    groups = {value: [] for value in group_values()}
    for membership in memberships:
        groups.setdefault(_group_of(membership, every_role), []).append(membership)
    return [
        {"value": value, "label": group_label(value), "people": people, "total": _total(project, value, every_role)}
        for value, people in groups.items()
        if people
    ]


def _in_order(model_objects, ids):
    by_id = {obj.pk: obj for obj in model_objects}
    return [by_id[pk] for pk in ids if pk in by_id]


def memberships_by_id(ids):
    return _in_order(ProjectMembership.objects.filter(pk__in=ids).select_related("member"), ids)


def members_preview(project, viewer):
    """The first few names of each group: the project page's list, in one query however many are involved."""
    every_role = sees_every_role(viewer)

    def first_of_each_group():
        order = _group_order(every_role)
        place_in_group = Window(
            RowNumber(), partition_by=[order], order_by=[F("member__display_name").asc(), F("pk").asc()]
        )
        return list(
            project.memberships.active()
            .annotate(place=place_in_group)
            .filter(place__lte=PREVIEW_PER_ROLE)
            .order_by(order, "member__display_name", "pk")
            .values_list("pk", flat=True)
        )

    ids = cached_figure(f"project.{project.pk}.preview.{_view(viewer)}", first_of_each_group)
    return members_by_role(project, memberships_by_id(ids), viewer)


def chosen_group(value):
    """The group asked for in the address (?role=…), or None for everyone."""
    return value if value in group_values() else None


def member_order(project, group, viewer):
    """Ids of the project's active memberships in the members page's order (group, then name), optionally of one
    group; someone who keeps their role private is found only under "Member" (except by a lead)."""
    every_role = sees_every_role(viewer)

    def ordered():
        memberships = project.memberships.active()
        if group == PRIVATE:
            memberships = memberships.filter(member__show_role_in_directory=False)
        elif group:
            memberships = memberships.filter(member__role=group)
            if not every_role:
                memberships = memberships.filter(member__show_role_in_directory=True)
        return list(
            memberships.order_by(_group_order(every_role), "member__display_name", "pk").values_list("pk", flat=True)
        )

    return cached_figure(f"project.{project.pk}.members.{_view(viewer)}.{group or 'all'}", ordered)


def group_filters(project, viewer):
    """The members page's filter: one link per group with anyone in it, with how many. Non-leads can filter only
    by roles people chose to show, and by "Member" for the rest."""
    every_role = sees_every_role(viewer)
    values = Role.values if every_role else group_values()
    return [
        {"value": value, "label": group_label(value), "count": _total(project, value, every_role)}
        for value in values
        if _total(project, value, every_role)
    ]


# ---- Telling members apart where a person is chosen ----------------------------------------------------------------

def projects_of_members(member_ids, viewer):
    """{member id: [titles]} of the projects each member is active in, among those whose members the viewer may see
    (a co-production lead: every project; anyone else: the projects they are an active member of). One query."""
    memberships = ProjectMembership.objects.active().filter(member_id__in=member_ids)
    if not viewer.has_perm("projects.see_every_project_membership"):
        memberships = memberships.filter(
            project__in=ProjectMembership.objects.active().filter(member_id=viewer.pk).values("project"))
    titles = {}
    for member_id, title in memberships.order_by("member_id", "project__title").values_list("member_id", "project__title"):
        titles.setdefault(member_id, []).append(title)
    return titles
