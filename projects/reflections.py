"""Figures from members' reflections, protecting anonymity: nothing is shown about fewer than three people."""

from collections import defaultdict

from django.db.models import Count, Sum

from network.models import Role

from .models import STAGE_ORDER, Principle, Reflection, Stage

THRESHOLD = 3  # the fewest answers any figure on screen may come from


def _role_cells(by_role):
    """Which roles' averages can be shown for one principle: {role: (total, n)} → set of roles."""
    shown = {role for role, (_total, n) in by_role.items() if n >= THRESHOLD}
    hidden = sum(n for role, (_total, n) in by_role.items() if role not in shown)
    # With the overall average on screen, one or two hidden answers could be worked out by subtraction:
    # hide the smallest shown role as well, so whatever is hidden covers at least three people.
    while shown and 0 < hidden < THRESHOLD:
        smallest = min(shown, key=lambda role: by_role[role][1])
        shown.remove(smallest)
        hidden += by_role[smallest][1]
    return shown


def summarise(project, with_comments=False):
    figures = (
        Reflection.objects.filter(project=project)
        .values("stage", "principle", "role")
        .annotate(total=Sum("rating"), n=Count("id"))
    )
    respondents = dict(
        Reflection.objects.filter(project=project).values_list("stage").annotate(n=Count("member", distinct=True))
    )
    if not respondents:
        return []
    cells = defaultdict(lambda: defaultdict(dict))
    for row in figures:
        cells[row["stage"]][row["principle"]][row["role"]] = (row["total"], row["n"])
    principles = list(Principle.objects.filter(pk__in={row["principle"] for row in figures}))
    comments = defaultdict(list)
    if with_comments:
        for stage, principle_id, comment in (
            Reflection.objects.filter(project=project).exclude(comment="").values_list("stage", "principle", "comment")
        ):
            comments[(stage, principle_id)].append(comment)

    summary = []
    for stage in STAGE_ORDER:
        if stage not in respondents:
            continue
        enough = respondents[stage] >= THRESHOLD
        rows, roles_used = [], set()
        for principle in principles:
            by_role = cells[stage].get(principle.pk, {})
            n = sum(count for _total, count in by_role.values())
            if not n:
                continue
            shown = _role_cells(by_role) if enough else set()
            roles_used |= shown
            rows.append({
                "principle": principle,
                "n": n,
                "average": sum(total for total, _n in by_role.values()) / n if n >= THRESHOLD else None,
                "by_role": {role: by_role[role][0] / by_role[role][1] for role in shown},
                "comments": sorted(comments[(stage, principle.pk)]) if enough else [],
            })
        roles = [(value, Role(value).label) for value in Role.values if value in roles_used]
        for row in rows:
            row["role_cells"] = [row["by_role"].get(value) for value, _label in roles]
        summary.append({
            "stage": stage, "stage_label": Stage(stage).label, "respondents": respondents[stage],
            "enough": enough, "roles": roles, "rows": rows,
        })
    return summary
