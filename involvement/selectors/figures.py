"""Figures of involvement: hours given and amounts paid, by role at the time and by level, for a project or the
whole network and a period. For the power-balance figures too (who gives the time, who is paid for it).

Anonymity is reflections' rule (projects.reflections.cells_to_show, THRESHOLD): nothing is shown about fewer than
three people, and a cell is hidden as well when the hidden ones would otherwise cover only one or two people, so
nothing can be worked out by taking the shown figures from the total. Each measure (hours, involvement payments,
expenses) is one row of cells under that rule. The tables cross (a role's people are spread over levels and
projects), so where a role and a level (or a project) share only one or two people, both are hidden, each with a
second cell of its table so that neither is the total less the others: otherwise a level's hours minus a role's
could give those people's away.

Everything is added up by the database: a constant number of queries, however many records there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network.models import Role
from projects.models import Project
from projects.reflections import THRESHOLD, cells_to_show

from ..models import ExpenseLine, InvolvementRecord, Status

# Time that was given: a record replaced by a correction is counted through its correction; one a lead did not
# approve (the person was not there, say) is not counted.
NOT_COUNTED = (Status.REPLACED, Status.DECLINED)
NO_ROLE = _("Role not recorded")
NOT_A_PROJECT = _("Network work (no project)")


@dataclass
class Row:
    """One line of a table: a role, a level or a project. A figure is None when it would give someone away.
    Hours are a Decimal; paid (involvement payments) and expenses are pence."""

    label: str
    key: object = None
    people: int | None = None
    hours: object = None
    paid: int | None = None
    expenses: int | None = None
    slug: str | None = None


@dataclass
class Figures:
    start: object
    end: object
    with_amounts: bool
    people: int = 0
    enough: bool = False
    total: Row = None
    by_role: list = field(default_factory=list)
    by_level: list = field(default_factory=list)
    by_project: list = field(default_factory=list)
    threshold: int = THRESHOLD


def _for_project(project, activity="activity__"):
    return Q(**{f"{activity}project": project}) | Q(**{f"{activity}meeting__project": project})


def _records(start, end, project):
    rows = InvolvementRecord.objects.filter(on__gte=start, on__lte=end).exclude(status__in=NOT_COUNTED)
    return rows.filter(_for_project(project)) if project is not None else rows


def _expenses(start, end, project):
    rows = ExpenseLine.objects.filter(status=Status.PAID, spent_on__gte=start, spent_on__lte=end)
    return rows.filter(Q(claim__project=project) | Q(claim__meeting__project=project)) if project is not None else rows


PAID = Q(status=Status.PAID)
MEASURES = {
    "hours": Sum("hours"),
    "people": Count("member", distinct=True),
    "paid": Sum("amount_pence", filter=PAID),
    "paid_people": Count("member", distinct=True, filter=PAID),
}


def _shown(cells, value, people, must_hide=()):
    """{key: value} of the cells that may be shown, for one measure: cells {key: row of sums}."""
    counted = {key: (row[value] or 0, row[people]) for key, row in cells.items() if row[people]}
    must_hide = set(must_hide) & set(counted)
    shown = cells_to_show(counted, must_hide=must_hide)
    if must_hide and len(counted) - len(shown) == 1 and shown:
        # A cell hidden for another table's sake would be the total less the shown ones: hide a second one.
        must_hide.add(min(shown, key=lambda key: (counted[key][1], str(key))))
        shown = cells_to_show(counted, must_hide=must_hide)
    return {key: counted[key][0] for key in shown}


def _small_crossings(records, first, second):
    """Where two tables cross (roles and levels, say): for each count of people, the keys of each table that share
    one or two people, as ({count: keys of the first}, {count: keys of the second}). Both are hidden, or one table's
    figures taken from the other's would give those people away."""
    firsts, seconds = {"people": set(), "paid_people": set()}, {"people": set(), "paid_people": set()}
    crossings = records.values(first, second).annotate(people=MEASURES["people"], paid_people=MEASURES["paid_people"])
    for row in crossings:
        for people in firsts:
            if 0 < row[people] < THRESHOLD:
                firsts[people].add(_key(row[first]))
                seconds[people].add(_key(row[second]))
    return firsts, seconds


def _key(value):
    return 0 if value is None else value  # work for no project is the "no project" row


def _table(cells, labels, with_amounts, expenses=None, hidden=None):
    """Rows in the order of `labels` ({key: label}), each figure shown only where the rule allows; `hidden`:
    {count of people: keys hidden because of another table}."""
    hidden = hidden or {}
    hours = _shown(cells, "hours", "people", hidden.get("people", ()))
    paid = _shown(cells, "paid", "paid_people", hidden.get("paid_people", ())) if with_amounts else {}
    spent = _shown(expenses, "paid", "people") if with_amounts and expenses is not None else {}
    rows = []
    for key, label in labels.items():
        if key not in cells and key not in (expenses or {}):
            continue
        rows.append(Row(
            label=label, key=key,
            people=cells[key]["people"] if key in hours else None,
            hours=hours.get(key),
            paid=paid.get(key),
            expenses=spent.get(key),
        ))
    return rows


def _merge(*hidden):
    """The keys one table must hide, from each table it crosses."""
    return {people: set().union(*(keys[people] for keys in hidden)) for people in ("people", "paid_people")}


def _total(totals, expense_totals, with_amounts):
    enough = totals["people"] >= THRESHOLD
    return Row(
        label=_("Everyone"),
        people=totals["people"] if enough else None,
        hours=(totals["hours"] or 0) if enough else None,
        paid=(totals["paid"] or 0) if with_amounts and totals["paid_people"] >= THRESHOLD else None,
        expenses=(expense_totals["paid"] or 0)
        if with_amounts and expense_totals and expense_totals["people"] >= THRESHOLD else None,
    )


def _role_labels():
    return {**{value: label for value, label in Role.choices}, "": NO_ROLE}


def involvement_figures(*, start, end, project=None, with_amounts=False):
    """Hours (and, `with_amounts`, what was paid) by role at the time and by level, for `project` or the network
    (and then by project too), from `start` to `end` (dates, both included). A fixed number of queries."""
    records = _records(start, end, project).order_by()
    if project is None:
        records = records.annotate(for_project=Coalesce("activity__project", "activity__meeting__project"))
    totals = records.aggregate(**MEASURES)
    by_role = {row["role_then"]: row for row in records.values("role_then").annotate(**MEASURES)}
    levels = list(records.values("level", "level__name", "level__order").annotate(**MEASURES)
                  .order_by("level__order", "level"))
    expense_totals, expenses_by_role = None, None
    if with_amounts:
        lines = _expenses(start, end, project).order_by()
        expense_measures = {"paid": Sum("amount_pence"), "people": Count("claim__member", distinct=True)}
        expense_totals = lines.aggregate(**expense_measures)
        # A claim holds no role of its own: the person's role as it is now.
        expenses_by_role = {row["claim__member__role"]: row
                            for row in lines.values("claim__member__role").annotate(**expense_measures)}
    roles_by_level, levels_by_role = _small_crossings(records, "role_then", "level")
    hide_roles, hide_levels, hide_projects = [roles_by_level], [levels_by_role], []
    if project is None:
        roles_by_project, projects_by_role = _small_crossings(records, "role_then", "for_project")
        levels_by_project, projects_by_level = _small_crossings(records, "level", "for_project")
        hide_roles.append(roles_by_project)
        hide_levels.append(levels_by_project)
        hide_projects += [projects_by_role, projects_by_level]
    figures = Figures(start=start, end=end, with_amounts=with_amounts, people=totals["people"])
    figures.enough = totals["people"] >= THRESHOLD
    figures.total = _total(totals, expense_totals, with_amounts)
    figures.by_role = _table(by_role, _role_labels(), with_amounts, expenses_by_role, hidden=_merge(*hide_roles))
    figures.by_level = _table({row["level"]: row for row in levels},
                              {row["level"]: row["level__name"] for row in levels}, with_amounts,
                              hidden=_merge(*hide_levels))
    if project is None:
        figures.by_project = _by_project(records, with_amounts, hidden=_merge(*hide_projects))
    return figures


def _by_project(records, with_amounts, hidden):
    """One row per project that people gave time to (a project's meetings count for it), and one for the rest."""
    cells = {row["for_project"] or 0: row for row in records.values("for_project").annotate(**MEASURES)}
    projects = {pk: (title, slug) for pk, title, slug in Project.objects.filter(pk__in=[key for key in cells if key])
                .order_by("title").values_list("pk", "title", "slug")}
    table = _table(cells, {**{pk: title for pk, (title, _slug) in projects.items()}, 0: NOT_A_PROJECT}, with_amounts,
                   hidden=hidden)
    for row in table:
        row.slug = projects[row.key][1] if row.key in projects else None
    return table
