"""The framework as data: how the network, and each project at a stage, meets each principle's criteria.

A criterion worked out from the figures is met when the share of its figure held by its role (over the last twelve
whole months, with the anonymity rules) passes its threshold; a criterion answered with evidence is met by the latest
evidence for it (for a project: at that stage). Reads only: a constant number of queries however many projects,
criteria or pieces of evidence there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery

from network.kept_counts import cached_figure
from projects.models import Principle, Project

from . import figures as balance
from .models import Criterion, Evidence

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass
class Result:
    criterion: Criterion
    state: str  # MET, NOT_MET or UNKNOWN (hidden figure, or no evidence yet)
    share: object = None  # the figure's share, for a computed criterion
    evidence: Evidence | None = None


@dataclass
class PrincipleResults:
    principle: Principle
    results: list = field(default_factory=list)

    @property
    def met(self):
        return sum(1 for result in self.results if result.state == MET)


def _criteria(scope, stage=None):
    criteria = Criterion.objects.filter(in_use=True, scope=scope).select_related("principle")
    if stage:
        criteria = [c for c in criteria if c.stage in ("", stage)]
    return list(criteria)


def _latest_evidence(criteria, project, stage):
    """{criterion id: the latest Evidence} for a project at a stage (or the network when project is None)."""
    wanted = [c.pk for c in criteria if c.how == Criterion.How.EVIDENCE]
    if not wanted:
        return {}
    rows = Evidence.objects.filter(criterion__in=wanted, project=project)
    if project is not None:
        rows = rows.filter(stage=stage)
    latest = {}
    for evidence in rows.select_related("added_by").order_by("criterion", "-added_at", "-pk"):
        latest.setdefault(evidence.criterion_id, evidence)
    return latest


def _result(criterion, figures, evidence):
    if criterion.how == Criterion.How.COMPUTED:
        share = balance.share(figures, criterion.figure, criterion.role) if figures else None
        met = criterion.is_met_by(share)
        return Result(criterion, UNKNOWN if met is None else MET if met else NOT_MET, share=share)
    if evidence is None:
        return Result(criterion, UNKNOWN)
    return Result(criterion, MET if evidence.meets else NOT_MET, evidence=evidence)


def _grouped(results):
    grouped = {}
    for result in results:
        grouped.setdefault(result.criterion.principle_id, PrincipleResults(result.criterion.principle)).results.append(
            result)
    return sorted(grouped.values(), key=lambda group: (group.principle.order, group.principle.pk))


def for_project(project, stage=None, period=None):
    """How a project meets the criteria of a stage (default: its current stage), grouped by principle."""
    stage = stage or project.stage
    criteria = _criteria(Criterion.Scope.PROJECT, stage)
    needs_figures = any(c.how == Criterion.How.COMPUTED for c in criteria)
    figures = balance.balance(period, project) if needs_figures else None
    evidence = _latest_evidence(criteria, project, stage)
    return _grouped([_result(c, figures, evidence.get(c.pk)) for c in criteria])


def meets_every_criterion(project, stage):
    groups = for_project(project, stage)
    results = [result for group in groups for result in group.results]
    return bool(results) and all(result.state == MET for result in results)


def for_network(period=None):
    """The network's own criteria, and for each project criterion how many projects meet it now (their current
    stage), grouped by principle. Kept in the cache until evidence, a criterion, a recognition or something the
    figures count changes (network/kept_counts.py), so an ordinary visit asks nothing of the database."""
    period = period or balance.default_period()
    return cached_figure(f"framework:network:{period.start}:{period.end}", lambda: _for_network(period))


def _for_network(period):
    """One query per figure the criteria use and one per kind of count, whatever the number of projects."""
    network_criteria = _criteria(Criterion.Scope.NETWORK)
    figures = balance.balance(period) if any(c.how == Criterion.How.COMPUTED for c in network_criteria) else None
    evidence = _latest_evidence(network_criteria, None, "")
    network = _grouped([_result(c, figures, evidence.get(c.pk)) for c in network_criteria])
    project_criteria = _criteria(Criterion.Scope.PROJECT)
    at_stage = dict(Project.objects.order_by().values_list("stage").annotate(n=Count("pk")))
    met = {**_met_with_evidence(project_criteria), **_met_from_figures(project_criteria, period)}
    rollup = [{
        "criterion": criterion,
        "met": met.get(criterion.pk, 0),
        "of": at_stage.get(criterion.stage, 0) if criterion.stage else sum(at_stage.values()),
    } for criterion in project_criteria]
    return {"network": network, "projects": rollup, "period": period}


def _met_with_evidence(criteria):
    """{criterion id: how many projects its latest evidence at their current stage says meet it}: one grouped
    query."""
    wanted = [c.pk for c in criteria if c.how == Criterion.How.EVIDENCE]
    if not wanted:
        return {}
    latest = Evidence.objects.filter(
        criterion=OuterRef("criterion"), project=OuterRef("project"), stage=OuterRef("stage")
    ).order_by("-added_at", "-pk").values("pk")[:1]
    return dict(
        Evidence.objects.filter(criterion__in=wanted, project__isnull=False, stage=F("project__stage"), meets=True)
        .filter(Q(criterion__stage="") | Q(criterion__stage=F("stage")))
        .filter(pk=Subquery(latest)).order_by().values_list("criterion").annotate(n=Count("project", distinct=True))
    )


def _met_from_figures(criteria, period):
    """{criterion id: how many projects (at the criterion's stage) pass it}, from every project's figures at once
    (one cached query per figure); projects with no rows for a figure cannot pass it."""
    computed = [c for c in criteria if c.how == Criterion.How.COMPUTED]
    if not computed:
        return {}
    by_project = balance.each_project(period, {c.figure for c in computed})
    staged = {c.stage for c in computed if c.stage}
    stage_of = dict(Project.objects.filter(stage__in=staged).values_list("pk", "stage")) if staged else {}
    met = {}
    for criterion in computed:
        count = 0
        for project_id, rows in by_project.items():
            if criterion.stage and stage_of.get(project_id) != criterion.stage:
                continue
            row = rows.get(criterion.figure)
            cell = row.cells.get(criterion.role) if row is not None else None
            count += bool(cell is not None and cell.shown and criterion.is_met_by(cell.share))
        met[criterion.pk] = count
    return met


def summary_for_project(project):
    """{"met", "of"}: how many of the criteria for the project's current stage it meets, for the project page. Kept
    in the cache like the network's roll-up, so the project page asks nothing more on an ordinary visit."""

    def count():
        results = [result for group in for_project(project) for result in group.results]
        return {"met": sum(1 for result in results if result.state == MET), "of": len(results)}

    return cached_figure(f"framework:project:{project.pk}:{project.stage}", count)
