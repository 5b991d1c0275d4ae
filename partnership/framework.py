"""The framework as data: how the network, and each project at a stage, meets each principle's criteria.

A criterion worked out from the figures is met when the share of its figure held by its role (over the last twelve
whole months, with the anonymity rules) passes its threshold; a criterion answered with evidence is met by the latest
evidence for it (for a project: at that stage). Reads only: a constant number of queries however many projects,
criteria or pieces of evidence there are.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

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
    stage), grouped by principle. One query per figure the criteria use, whatever the number of projects."""
    period = period or balance.default_period()
    network_criteria = _criteria(Criterion.Scope.NETWORK)
    figures = balance.balance(period) if any(c.how == Criterion.How.COMPUTED for c in network_criteria) else None
    evidence = _latest_evidence(network_criteria, None, "")
    network = _grouped([_result(c, figures, evidence.get(c.pk)) for c in network_criteria])

    project_criteria = _criteria(Criterion.Scope.PROJECT)
    projects = list(Project.objects.only("pk", "stage"))
    computed = {c.figure for c in project_criteria if c.how == Criterion.How.COMPUTED}
    by_project = balance.each_project(period, computed) if computed else {}
    latest = Evidence.objects.filter(
        criterion=OuterRef("criterion"), project=OuterRef("project"), stage=OuterRef("stage")
    ).order_by("-added_at", "-pk").values("pk")[:1]
    meeting = set(
        Evidence.objects.filter(criterion__in=project_criteria, project__isnull=False, pk=Subquery(latest), meets=True)
        .values_list("criterion", "project", "stage")
    )
    rollup = []
    for criterion in project_criteria:
        applies = [p for p in projects if criterion.stage in ("", p.stage)]
        met = 0
        for project in applies:
            if criterion.how == Criterion.How.COMPUTED:
                row = by_project.get(project.pk, {}).get(criterion.figure)
                cell = row.cells.get(criterion.role) if row is not None else None
                met += bool(cell is not None and cell.shown and criterion.is_met_by(cell.share))
            else:
                met += (criterion.pk, project.pk, project.stage) in meeting
        rollup.append({"criterion": criterion, "met": met, "of": len(applies)})
    return {"network": network, "projects": rollup, "period": period}
