"""Figures from members' reflections, protecting anonymity.

- Nothing is shown about fewer than three people, and a role's column only when whatever is hidden covers at least
  three people too.
- Figures are published in steps: a stage's figures are worked out again only when at least three members' answers
  have changed since they were last published (PublishedReflections), and each figure then moves by three answers
  or more, or not at all. So comparing the page before and after someone answers, or two published versions, never
  gives one person's rating away: one new answer changes nothing on screen.
- Comments come only from the answers the published figures come from, for the same reason.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from network.models import Role

from .models import STAGE_ORDER, Principle, Project, PublishedReflections, Reflection, Stage

THRESHOLD = 3  # the fewest answers any figure on screen may come from
STEP = 3  # the fewest changed answers between two published versions of a figure


def _members_of(answers, role):
    return {member for member, their_role in answers.items() if their_role == role}


def _role_cells(by_role, answers, before=None, must_hide=frozenset()):
    """Which roles' averages can be shown for one principle.

    by_role: {role: (total, n)} now; answers: {member: role} now; before: this principle as last published, or None;
    must_hide: cells hidden whatever their size (still counted among the hidden).
    """
    shown = {role for role, (_total, n) in by_role.items() if n >= THRESHOLD} - set(must_hide)
    seen = (before or {}).get("seen", {})
    # A role shown before is shown again only once 0 or at least STEP of its answers have changed since.
    changed = {role: len(_members_of(answers, role) ^ set(seen[role])) for role in shown if role in seen}
    shown -= {role for role, n in changed.items() if 0 < n < STEP}
    everyone_changed = len(set(answers) ^ set((before or {}).get("answers", {}))) if before else 0
    previously_shown = set((before or {}).get("roles", {}))
    while shown:
        hidden = sum(n for role, (_total, n) in by_role.items() if role not in shown)
        # With the overall average on screen, one or two hidden answers could be worked out by subtraction:
        # hide the smallest shown role as well, so whatever is hidden covers at least three people.
        if 0 < hidden < THRESHOLD:
            shown.remove(min(shown, key=lambda role: (by_role[role][1], role)))
            continue
        # The same across two published versions: the changed answers not inside a role shown both times must
        # also be none or at least STEP, or the change of the overall average minus the roles' would give them away.
        both = shown & previously_shown
        if before and 0 < everyone_changed - sum(changed.get(role, 0) for role in both) < STEP and both:
            shown.remove(min(both, key=lambda role: (changed.get(role, 0), role)))
            continue
        break
    return shown


def cells_to_show(cells, must_hide=frozenset()):
    """Which cells of one row of figures may be shown, by the rule above: {key: (total, people)} → the keys shown.
    For figures other than reflections (involvement hours and payments), worked out afresh each time; `must_hide`
    are cells another table would give away (they still count among the hidden)."""
    return _role_cells(cells, {}, must_hide=must_hide)


def _publish_row(by_role, answers, before):
    """One principle's published figures, from what everyone answered now and how it was published before."""
    if before is not None and 0 < len(set(answers) ^ set(before["answers"])) < STEP:
        return before  # too few answers changed for this principle: it stays as it was
    shown = _role_cells(by_role, answers, before)
    seen = dict((before or {}).get("seen", {}))
    seen.update({role: sorted(_members_of(answers, role)) for role in shown})
    return {
        "answers": answers,
        "total": sum(total for total, _n in by_role.values()),
        "n": sum(n for _total, n in by_role.values()),
        "roles": {role: list(by_role[role]) for role in shown},
        "seen": seen,
    }


def _publish(project, stage, published):
    """Work a stage's figures out again from every answer now, in steps from how they were last published."""
    answers, by_role = defaultdict(dict), defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for principle, member, role, rating in (
        Reflection.objects.filter(project=project, stage=stage).values_list("principle", "member", "role", "rating")
    ):
        answers[str(principle)][str(member)] = role
        by_role[str(principle)][role][0] += rating
        by_role[str(principle)][role][1] += 1
    before = published.figures if published else {}
    figures = {
        principle: _publish_row({role: tuple(cell) for role, cell in by_role[principle].items()}, who, before.get(principle))
        for principle, who in answers.items()
    }
    respondents = len({member for row in figures.values() for member in row["answers"]})
    values = {"figures": figures, "respondents": respondents, "published_at": timezone.now()}
    if published:
        PublishedReflections.objects.filter(pk=published.pk).update(**values)
        return PublishedReflections(pk=published.pk, project=project, stage=stage, **values)
    return PublishedReflections.objects.create(project=project, stage=stage, **values)


def _who_answered(project):
    """{stage: {member id (as text)}}: everyone who has reflected on the project, per stage (one query)."""
    found = defaultdict(set)
    for stage, member in Reflection.objects.filter(project=project).values_list("stage", "member").distinct():
        found[stage].add(str(member))
    return found


def _due(live, published):
    """Whether a stage's figures are worked out again: at least three people have answered, and at least STEP
    members' answers have changed since the figures were last published."""
    if len(live) < THRESHOLD:
        return False
    if published is None:
        return True
    before = {member for row in published.figures.values() for member in row["answers"]}
    return len(live ^ before) >= STEP


def published_figures(project):
    """{stage: PublishedReflections}, publishing again first any stage that is due."""
    published = {figures.stage: figures for figures in project.published_reflections.all()}
    live = _who_answered(project)
    for stage, members in live.items():
        if not _due(members, published.get(stage)):
            continue
        with transaction.atomic():
            # One publisher at a time per project; whoever waited looks again at what the other published.
            Project.objects.select_for_update().filter(pk=project.pk).first()
            current = PublishedReflections.objects.filter(project=project, stage=stage).first()
            if not _due(members, current):
                published[stage] = current
                continue
            try:
                with transaction.atomic():
                    published[stage] = _publish(project, stage, current)
            except IntegrityError:  # published at the same moment by another request (SQLite has no row locks)
                published[stage] = PublishedReflections.objects.get(project=project, stage=stage)
    return published, live


def summarise(project, with_comments=False):
    published, live = published_figures(project)
    if not live:
        return []
    principle_ids = {int(pk) for figures in published.values() for pk in figures.figures}
    principles = list(Principle.objects.filter(pk__in=principle_ids))
    comments = defaultdict(list)
    if with_comments and published:
        for stage, principle_id, member, comment in (
            Reflection.objects.filter(project=project, stage__in=list(published)).exclude(comment="")
            .values_list("stage", "principle", "member", "comment")
        ):
            row = published[stage].figures.get(str(principle_id))
            if row is not None and str(member) in row["answers"]:
                comments[(stage, principle_id)].append(comment)

    summary = []
    for stage in STAGE_ORDER:
        if stage not in live:
            continue
        figures = published.get(stage)
        waiting = len(live[stage] - {m for row in figures.figures.values() for m in row["answers"]}) if figures else 0
        rows, roles_used = [], set()
        for principle in principles if figures else []:
            row = figures.figures.get(str(principle.pk))
            if row is None:
                continue
            roles_used |= set(row["roles"])
            rows.append({
                "principle": principle,
                "n": row["n"],
                "average": row["total"] / row["n"] if row["n"] >= THRESHOLD else None,
                "by_role": {role: total / n for role, (total, n) in row["roles"].items()},
                "comments": sorted(comments[(stage, principle.pk)]),
            })
        roles = [(value, Role(value).label) for value in Role.values if value in roles_used]
        for row in rows:
            row["role_cells"] = [row["by_role"].get(value) for value, _label in roles]
        summary.append({
            "stage": stage, "stage_label": Stage(stage).label,
            "respondents": figures.respondents if figures else len(live[stage]),
            "enough": figures is not None, "waiting": waiting, "step": STEP,
            "published_at": figures.published_at if figures else None, "roles": roles, "rows": rows,
        })
    return summary
