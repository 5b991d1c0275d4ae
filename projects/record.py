"""A project's full record, part by part, as rows: the one source for the workbook, the ZIP of CSVs and the page.

The project's own parts are here; apps above projects add theirs with `add_parts` (meetings adds its meetings and
attendance, meetings/record_parts.py), so projects never names them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import Role
from network.roles import PRIVATE, PRIVATE_LABEL, shown_group

from .models import ProjectMembership, Stage
from .reflections import summarise

CHUNK_SIZE = 500  # rows fetched from the database at a time: memory stays flat however long the record


def person(member):
    """How a person appears in a record: their name, or "A former member" once they have erased their account."""
    return member.display_name if member is not None else ""


def label(choices, value):
    """The words for a stored choice (a TextChoices class and its value), in the reader's language. Looked up once
    per language: Django's get_FOO_display() translates every label of the field on every call, which was most of
    a long record's time."""
    return _labels(choices, get_language()).get(value, value)


@lru_cache(maxsize=128)
def _labels(choices, language):
    return {value: str(words) for value, words in choices.choices}


def shown_role(member, all_roles):
    """A member's main role as the record's reader may see it: only where the member chose to show it, unless the
    reader sees every role (co-production leads); otherwise "Member", as on the project's pages."""
    if member is None:
        return ""
    value = member.role if all_roles else shown_group(member)
    if value == PRIVATE:
        return str(PRIVATE_LABEL)
    return label(Role, value) if value in Role.values else ""


@dataclass(frozen=True)
class Part:
    key: str  # file name inside the ZIP and in URLs
    title: object  # sheet name and heading (at most 31 characters: Excel's limit)
    headers: list
    source: Callable  # project -> QuerySet or list
    row: Callable  # item -> list of cell values; (item, all_roles) -> list where the part shows main roles
    shows_roles: bool = False

    def items(self, project):
        for source in self._sources(project):
            if isinstance(source, QuerySet):
                yield from source.iterator(chunk_size=CHUNK_SIZE)
            else:
                yield from source

    def _sources(self, project):
        source = self.source(project)
        return source if isinstance(source, Several) else [source]

    def rows(self, project, *, all_roles=False):
        """The part's rows. `all_roles`: the reader may see main roles that members keep to themselves."""
        for item in self.items(project):
            yield self.row(item, all_roles) if self.shows_roles else self.row(item)

    def count(self, project):
        return sum(s.count() if isinstance(s, QuerySet) else len(s) for s in self._sources(project))


class Several(tuple):
    """A part read from more than one table, one after the other (members' attendance, then guests)."""


def _project_facts(project):
    counts = project.memberships.aggregate(
        active=Count("pk", filter=Q(status=ProjectMembership.Status.ACTIVE)),
        ever=Count("pk", filter=Q(status__in=[ProjectMembership.Status.ACTIVE, ProjectMembership.Status.LEFT])),
    )
    return [
        (_("Title"), project.title),
        (_("Web address name"), project.slug),
        (_("Summary"), project.summary),
        (_("Easy Read summary"), project.easy_read_summary),
        (_("Aims"), project.aims),
        (_("What this project can achieve"), project.can_achieve),
        (_("What this project cannot achieve"), project.cannot_achieve),
        (_("Involvement level"), project.get_involvement_level_display()),
        (_("Needs tier"), project.get_needs_tier_display()),
        (_("Stage"), project.get_stage_display()),
        (_("How people join"), project.get_join_policy_display()),
        (_("Members take the pledge before joining"), project.requires_pledge),
        (_("Started"), project.created_at),
        (_("Members now"), counts["active"]),
        (_("Members ever (now or before)"), counts["ever"]),
    ]


def _stage_changes(project):
    return project.stage_changes.select_related("changed_by").order_by("changed_at", "pk")


def _checklist(project):
    in_stage_order = Case(*(When(stage=value, then=Value(i)) for i, value in enumerate(Stage.values)))
    return project.checklist_items.select_related("done_by").order_by(in_stage_order, "order", "pk")


def _memberships(project):
    return project.memberships.select_related("member").order_by("status", "member__display_name", "pk")


def _actions(project):
    return project.actions.select_related("owner", "meeting").order_by("due", "pk")


def _impact(project):
    return project.impact_records.prefetch_related("you_said_we_did").order_by("happened_on", "pk")


def _reflection_averages(project):
    rows = []
    for stage in summarise(project):
        for row in stage["rows"]:
            by_role = "; ".join(
                f"{label}: {value:.1f}" for (_value, label), value in zip(stage["roles"], row["role_cells"], strict=True)
                if value is not None
            )
            average = round(row["average"], 2) if row["average"] is not None else None
            rows.append((stage["stage_label"], row["principle"].name, row["n"], average, by_role))
    return rows


PROJECT = Part(
    "project", _("Project"), [_("What"), _("Answer")], _project_facts, lambda fact: [fact[0], fact[1]],
)
STAGE_TIMELINE = Part(
    "stage_timeline", _("Stage timeline"),
    [_("Moved on"), _("From"), _("To"), _("Moved by"), _("Why"), _("Points not ticked at the time")],
    _stage_changes,
    lambda change: [
        change.changed_at, label(Stage, change.from_stage), label(Stage, change.to_stage),
        person(change.changed_by), change.reason, change.unticked_items,
    ],
)
CHECKLISTS = Part(
    "checklists", _("Checklists"),
    [_("Stage"), _("Order"), _("What to check"), _("Ticked on"), _("Ticked by"), _("Note")],
    _checklist,
    lambda item: [label(Stage, item.stage), item.order, item.text, item.done_at, person(item.done_by), item.note],
)
MEMBERS = Part(
    "members", _("Members"),
    [
        _("Name"), _("Main role"), _("Role in the project"), _("Project lead"), _("Status"),
        _("Why they are involved"), _("What they do"), _("Joined"), _("Left"),
    ],
    _memberships,
    lambda m, all_roles: [
        person(m.member), shown_role(m.member, all_roles), m.project_role, m.is_project_lead, label(ProjectMembership.Status, m.status),
        m.why_involved, m.contribution, m.joined_at, m.left_at,
    ],
    shows_roles=True,
)
ACTIONS = Part(
    "actions", _("Actions"),
    [_("What needs doing"), _("Who will do it"), _("Due by"), _("Done"), _("Agreed at meeting")],
    _actions,
    lambda action: [action.what, person(action.owner), action.due, action.done_at, str(action.meeting or "")],
)
IMPACT = Part(
    "impact", _("Impact"),
    [_("When"), _("What changed"), _("How we know"), _("You said, we did")],
    _impact,
    lambda record: [
        record.happened_on, record.what_changed, record.evidence,
        "\n".join(f"{item.you_said} → {item.we_did}" for item in record.you_said_we_did.all()),
    ],
)
REFLECTIONS = Part(
    "reflection_averages", _("Reflection averages"),
    [_("Stage"), _("Principle"), _("Answers"), _("Average (1 to 5)"), _("Average by role")],
    _reflection_averages,
    list,
)


OWN_PARTS = [PROJECT, STAGE_TIMELINE, CHECKLISTS, MEMBERS, ACTIONS, IMPACT, REFLECTIONS]
_ADDED = []  # (after which part's key, [parts]) from the apps above projects, in the order they were added


def add_parts(parts, *, after):
    """An app above projects adds parts to every project's record, after the part with the key `after`."""
    if after not in {part.key for part in OWN_PARTS}:
        raise ValueError(f"No part {after!r} in a project's record")
    keys = {part.key for part in parts_for_record()}
    _ADDED.append((after, [part for part in parts if part.key not in keys]))


def parts_for_record():
    """The parts of a project's record, in order."""
    parts = []
    for part in OWN_PARTS:
        parts.append(part)
        for after, added in _ADDED:
            if after == part.key:
                parts.extend(added)
    return parts


def part_by_key(key):
    return next((part for part in parts_for_record() if part.key == key), None)
