"""Power-balance figures: by the role each person had at the time, who is invited, who comes, who leads projects,
who chairs and presents at meetings, who owns actions, who writes minutes and how many hours each role gives, shown
against the make-up of the membership. For the network or one project, over whole months that have ended.

Anonymity, with the rules of members' reflections (projects/reflections.py):
- a role's cell is shown only when it comes from at least THRESHOLD people, and whatever is hidden in a row covers
  0 or at least THRESHOLD people too (else the smallest shown cell is hidden as well), so nothing can be worked out
  by subtracting shown cells from the total;
- a row from fewer than THRESHOLD people shows nothing;
- periods are whole months that have ended, so a figure does not move when one person comes to a meeting or joins
  a project today: comparing the page before and after does not give a person away.

Every figure is one aggregate query (GROUP BY role, with a conditional count for each quarter), whatever the size of
the network; the result is cached until something counted changes (network/kept_counts.py) or for ten minutes.
"""

import datetime
import operator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.db import connection
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from involvement.models import InvolvementRecord, Status
from meetings.models import AgendaItem, Attendance, Invitation, Meeting, Minutes
from meetings.models_chairs import MeetingChair
from network.kept_counts import cached_figure
from network.models import Member, Role
from projects.models import Action, ProjectMembership
from projects.reflections import THRESHOLD, cells_to_show

from .models import Figure

ROLES = list(Role)
# How the summary names a role's people: "Carers are 20% of members".
PEOPLE_OF_ROLE = {
    Role.SERVICE_USER: _("Service users and experts by experience"),
    Role.CARER: _("Carers"),
    Role.STAFF: _("Staff"),
    Role.PEER_SUPPORT: _("Peer support workers"),
    Role.VOLUNTEER: _("Volunteers"),
}


@dataclass
class Period:
    start: datetime.date  # the first day of a month
    end: datetime.date  # the last day of a month that has ended

    @property
    def label(self):
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def quarters(self):
        """The period in three-month parts from its start (the last part may be shorter)."""
        parts, start = [], self.start
        while start <= self.end:
            end = min(_add_months(start, 3) - datetime.timedelta(days=1), self.end)
            parts.append(Period(start, end))
            start = end + datetime.timedelta(days=1)
        return parts

    def bounds(self):
        """The period as aware datetimes [from, to)."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return start, end


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def last_finished_month_end(today=None):
    today = today or timezone.localdate()
    return today.replace(day=1) - datetime.timedelta(days=1)


def default_period(today=None):
    """The last twelve whole months."""
    end = last_finished_month_end(today)
    return Period(_add_months(end.replace(day=1), -11), end)


def period_from(start_month, end_month, today=None):
    """A period of whole months from `start_month` to `end_month` (dates; any day in the month), ending no later
    than the last month that has ended. None if it would be empty."""
    end = min(_add_months(end_month.replace(day=1), 1) - datetime.timedelta(days=1), last_finished_month_end(today))
    start = start_month.replace(day=1)
    return Period(start, end) if start <= end else None


@dataclass
class Cell:
    count: Decimal  # occasions (or hours) held by people of this role
    people: int
    shown: bool = True
    share: Decimal | None = None  # per cent of the row's count, when shown


@dataclass
class Row:
    """One figure for one part of the period (or all of it), by role."""

    cells: dict = field(default_factory=dict)  # {role: Cell}
    total: Decimal = Decimal(0)
    people: int = 0

    @property
    def shown(self):
        return self.people >= THRESHOLD


def protect(row):
    """Apply the anonymity rules to a Row in place, and work out each shown cell's share."""
    if not row.shown:
        for cell in row.cells.values():
            cell.shown = False
        return row
    # The reflections' rule, shared: cells from fewer than THRESHOLD people hidden, and whatever is hidden covers
    # none or at least THRESHOLD people.
    shown = cells_to_show({role: (cell.count, cell.people) for role, cell in row.cells.items()})
    for role, cell in row.cells.items():
        cell.shown = role in shown
        cell.share = percent(cell.count, row.total) if cell.shown else None
    return row


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Each figure: the rows it counts (for a scope and period), the date field that places a row in a part of the
# period, the person and the role-then fields, and what is counted (each row once, or its hours).
EACH = "each project"  # a scope: every project at once, grouped by project (the framework's roll-up)


def _at_meetings(model, scope):
    """Rows of `model` at published meetings (of the scope), filtered through the join to the meeting that also
    places each row in its part of the period: one join, no IN (SELECT ...) of every meeting."""
    qs = model.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
    if scope is EACH:
        return qs.filter(meeting__project__isnull=False)
    return qs.filter(meeting__project=scope.pk) if scope is not None else qs


def _scoped(qs, scope, field="project"):
    if scope is EACH:
        return qs.filter(**{f"{field}__isnull": False})
    return qs.filter(**{field: scope.pk}) if scope is not None else qs


# Where each figure's rows say which project they belong to, for the roll-up by project.
PROJECT_OF = {
    Figure.INVITED: "meeting__project", Figure.CAME: "meeting__project", Figure.CHAIRS: "meeting__project",
    Figure.PRESENTERS: "meeting__project", Figure.MINUTE_WRITERS: "meeting__project",
    Figure.ACTION_OWNERS: "project", Figure.HOURS: "of_project", Figure.PROJECT_LEADS: "project",
    Figure.MEMBERS: "project",
}


def _events(figure, scope):
    """(queryset, date field, person field, role field, amount) for a figure counted by when it happened."""
    if figure == Figure.INVITED:
        qs = _at_meetings(Invitation, scope)
        return qs, "meeting__starts_at", "member", "role_then", None
    if figure == Figure.CAME:
        qs = _at_meetings(Attendance, scope).filter(status=Attendance.Status.PRESENT)
        return qs, "meeting__starts_at", "member", "role_then", None
    if figure == Figure.CHAIRS:
        qs = _at_meetings(MeetingChair, scope)
        return qs, "meeting__starts_at", "member", "role_then", None
    if figure == Figure.PRESENTERS:
        qs = _at_meetings(AgendaItem, scope).filter(presenter__isnull=False)
        return qs, "meeting__starts_at", "presenter", "presenter_role_then", None
    if figure == Figure.MINUTE_WRITERS:
        qs = _at_meetings(Minutes, scope).filter(published_by__isnull=False, published_at__isnull=False)
        return qs, "meeting__starts_at", "published_by", "publisher_role_then", None
    if figure == Figure.ACTION_OWNERS:
        qs = _scoped(Action.objects.filter(owner__isnull=False), scope)
        return qs, "created_at", "owner", "owner_role_then", None
    if figure == Figure.HOURS:
        # A meeting's activity belongs to the meeting's project; other work names its project.
        qs = InvolvementRecord.objects.exclude(status__in=[Status.REPLACED, Status.DECLINED]).annotate(
            of_project=Coalesce("activity__project", "activity__meeting__project"))
        qs = _scoped(qs, scope, "of_project")
        return qs, "on", "member", "role_then", "hours"
    raise ValueError(figure)


def _count_by_role(qs, parts, when, person, role, amount, span=None, by=None):
    """{part index or "all": {role: (count, people)}} in one query; with `by` (a field), that for each of its
    values: {value: {...}}.

    Counted per person first, then per role: the inner GROUP BY (role, person) counts each person's rows (or sums
    their hours) in each part, and the outer one adds them up and counts the people with any. One grouping in the
    database instead of a COUNT(DISTINCT) per part, which sorted every row once for each part. Rows outside the
    period are left out before grouping."""
    keys = [*map(str, range(len(parts))), "all"]
    conditions = {}
    for key, part in zip(keys, [*parts, None], strict=True):
        if span is not None:
            conditions[key] = span(part)
        else:
            start, end = (part or _whole(parts)).bounds()
            if when == "on":
                start, end = start.date(), end.date()
            conditions[key] = Q(**{f"{when}__gte": start, f"{when}__lt": end})
    # A row counts in the period if it counts in any part (a project membership live in spring may have ended).
    qs = qs.filter(conditions["all"] if span is None else reduce(operator.or_, conditions.values()))
    group = {"r": F(role), "who": F(person), **({"b": F(by)} if by else {})}
    per_person = {}
    for key, condition in conditions.items():
        per_person[f"c_{key}"] = Count("pk", filter=condition)
        if amount:
            per_person[f"s_{key}"] = Coalesce(Sum(amount, filter=condition), Value(0), output_field=DecimalField())
    sql, params = qs.order_by().annotate(**group).values(*group).annotate(**per_person).query.sql_with_params()
    name = connection.ops.quote_name
    columns = [name("r"), *([name("b")] if by else [])]
    for key in keys:
        columns.append(f"SUM({name(f's_{key}' if amount else f'c_{key}')})")
        columns.append(f"SUM(CASE WHEN {name(f'c_{key}')} > 0 AND {name('who')} IS NOT NULL THEN 1 ELSE 0 END)")
    # The inner SQL is the ORM's own, with its values passed separately as parameters.
    outer = (f"SELECT {', '.join(columns)} FROM ({sql}) AS {name('per_person')} "  # noqa: S608
             f"GROUP BY {', '.join(columns[:2 if by else 1])}")
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        rows = cursor.fetchall()
    found = {}
    for row in rows:
        into = found.setdefault(row[1], {}) if by else found
        values = row[2:] if by else row[1:]
        for index, key in enumerate(keys):
            count, people = values[2 * index], values[2 * index + 1]
            into.setdefault(key, {})[row[0]] = (_decimal(count, amount), int(people or 0))
    return found


def _decimal(value, amount):
    """A sum from the database as an exact Decimal (SQLite gives floats); hours to the hundredth, as kept."""
    value = Decimal(str(value or 0))
    return value.quantize(Decimal("0.01")) if amount else value


def _whole(parts):
    return Period(parts[0].start, parts[-1].end)


def _project_leads(scope, parts):
    """Project leads whose membership was live during each part, by their role when they joined."""
    qs = _scoped(ProjectMembership.objects.filter(is_project_lead=True).exclude(
        status__in=[ProjectMembership.Status.REQUESTED, ProjectMembership.Status.DECLINED]), scope)

    def live(part):
        start, end = (part or _whole(parts)).bounds()
        return Q(joined_at__lt=end) & (Q(left_at__isnull=True) | Q(left_at__gte=start))

    return _count_by_role(qs, parts, None, "member", "role_then", None, span=live,
                          by="project" if scope is EACH else None)


def _members(scope, parts):
    """The make-up of the membership at the end of each part: people who had joined by then (the network) or were
    members of the project then, by their role."""
    if scope is None:
        qs = Member.objects.not_erased().active().filter(is_superuser=False)  # no supporter-only account

        def joined(part):
            _start, end = (part or _whole(parts)).bounds()
            return Q(date_joined__lt=end)

        return _count_by_role(qs, parts, None, "pk", "role", None, span=joined)
    qs = _scoped(ProjectMembership.objects.exclude(
        status__in=[ProjectMembership.Status.REQUESTED, ProjectMembership.Status.DECLINED]), scope)

    def live(part):
        _start, end = (part or _whole(parts)).bounds()
        return Q(joined_at__lt=end) & (Q(left_at__isnull=True) | Q(left_at__gte=end))

    return _count_by_role(qs, parts, None, "member", "role_then", None, span=live,
                          by="project" if scope is EACH else None)


def _rows(found, key):
    cells = {role.value: Cell(*found.get(key, {}).get(role.value, (Decimal(0), 0))) for role in ROLES}
    # People with no role recorded (rows from before roles were kept) are counted in the total, not in a role.
    unknown = found.get(key, {}).get("", (Decimal(0), 0))
    row = Row(cells=cells, total=sum((c.count for c in cells.values()), Decimal(0)) + unknown[0],
              people=sum(c.people for c in cells.values()) + unknown[1])
    return protect(row)


FIGURES = [Figure.MEMBERS, Figure.INVITED, Figure.CAME, Figure.PROJECT_LEADS, Figure.CHAIRS, Figure.PRESENTERS,
           Figure.ACTION_OWNERS, Figure.MINUTE_WRITERS, Figure.HOURS]


def _found(figure, scope, parts):
    if figure == Figure.MEMBERS:
        return _members(scope, parts)
    if figure == Figure.PROJECT_LEADS:
        return _project_leads(scope, parts)
    qs, when, person, role, amount = _events(figure, scope)
    return _count_by_role(qs, parts, when, person, role, amount, by=PROJECT_OF[figure] if scope is EACH else None)


def each_project(period, figures):
    """{project id: {figure: Row over the whole period}} for every project at once: one query per figure, kept in
    the cache as the network's figures are (balance)."""
    name = f"balance:each-project:{period.start}:{period.end}:{','.join(sorted(figures))}"
    return cached_figure(name, lambda: _each_project(period, figures))


def _each_project(period, figures):
    found_by_figure = {figure: _found(figure, EACH, [period]) for figure in figures}
    projects = {project for found in found_by_figure.values() for project in found}
    return {
        project: {figure: _rows(found.get(project, {}), "all") for figure, found in found_by_figure.items()}
        for project in projects
    }


def compute(period, scope=None):
    """{"period", "parts", "figures": [{"figure", "label", "all": Row, "parts": [Row]}]} for the network (scope None)
    or one project. One query per figure."""
    parts = period.quarters()
    figures = []
    for figure in FIGURES:
        found = _found(figure, scope, parts)
        figures.append({
            "figure": figure,
            "label": Figure(figure).label,
            "all": _rows(found, "all"),
            "parts": [_rows(found, str(index)) for index in range(len(parts))],
        })
    return {"period": period, "parts": parts, "figures": figures}


def balance(period=None, scope=None):
    """The figures for a period (default: the last twelve whole months), from the cache when nothing has changed."""
    period = period or default_period()
    name = f"balance:{scope.pk if scope is not None else 'network'}:{period.start}:{period.end}"
    return cached_figure(name, lambda: compute(period, scope))


def share(figures, figure, role):
    """The shown share (per cent) of `figure` held by `role` over the whole period, or None if it is hidden."""
    for entry in figures["figures"]:
        if entry["figure"] == figure:
            cell = entry["all"].cells.get(role)
            return cell.share if cell is not None and cell.shown else None
    return None


def headline(figures):
    """Plain sentences for the page's summary: "Service users are 40 % of members, 15 % of project leads"."""
    members = next(entry for entry in figures["figures"] if entry["figure"] == Figure.MEMBERS)["all"]
    lines = []
    for role in ROLES:
        member_share = members.cells[role.value].share if members.cells[role.value].shown else None
        if member_share is None:
            continue
        parts = []
        for entry in figures["figures"][1:]:
            cell = entry["all"].cells[role.value]
            if cell.shown and cell.share is not None:
                parts.append(_("%(share)s%% of %(figure)s") % {"share": cell.share, "figure": entry["label"]})
        if parts:
            lines.append(_("%(role)s are %(share)s%% of members, and %(rest)s.") % {
                "role": PEOPLE_OF_ROLE[role], "share": member_share, "rest": ", ".join(str(p) for p in parts)})
    return lines


def tables(figures):
    """The figures laid out for a page: the at-a-glance table (a row per role, a column per figure, over the whole
    period) and, for each figure, a table by part of the period."""
    entries = figures["figures"]
    glance = [
        {"role": role.label, "cells": [entry["all"].cells[role.value] for entry in entries]} for role in ROLES
    ]
    totals = [entry["all"] for entry in entries]
    by_part = []
    for entry in entries:
        by_part.append({
            "label": entry["label"],
            "figure": entry["figure"],
            "rows": [{"role": role.label, "cells": [row.cells[role.value] for row in entry["parts"]]} for role in ROLES],
            "totals": entry["parts"],
        })
    return {"columns": [entry["label"] for entry in entries], "glance": glance, "totals": totals, "by_part": by_part}
