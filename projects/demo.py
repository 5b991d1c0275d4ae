"""Demo projects: six, across the three stages, with members involved and why, checklists, stage history,
actions, impact and reflections. Keyed by slugs and texts, so re-runs add nothing."""

import datetime as dt

from django.utils import timezone

from network.models import Role

from . import services
from .models import (
    STAGE_ORDER,
    Action,
    ImpactRecord,
    InvolvementLevel,
    JoinPolicy,
    NeedsTier,
    Principle,
    Project,
    ProjectMembership,
    Reflection,
    Stage,
    StageChange,
    YouSaidWeDid,
)

PROJECTS = [
    {
        "slug": "catching-the-light",
        "title": "Catching the Light: a photography group",
        "summary": "People who use the day service asked for a photography group. We are planning it together with "
        "volunteers from local camera clubs.",
        "easy_read_summary": "We want to start a photography group. We will take photos together and share them.",
        "stage": Stage.DOING,
        "involvement_level": InvolvementLevel.CO_PRODUCTION,
        "needs_tier": NeedsTier.COMMUNITY,
        "join_policy": JoinPolicy.OPEN,
        "aims": "Meet fortnightly to take photographs, learn from each other and hold an exhibition in the spring.",
        "can_achieve": "A regular group, borrowed cameras for people who have none, and an exhibition at the centre.",
        "cannot_achieve": "Buying cameras for every member, or running the group every week.",
    },
    {
        "slug": "calmer-waiting-rooms",
        "title": "Calmer waiting rooms",
        "summary": "Making the outpatient waiting room easier for people who find noise, bright light and waiting hard.",
        "easy_read_summary": "The waiting room can be noisy and stressful. We will make it calmer.",
        "stage": Stage.PREPARING,
        "involvement_level": InvolvementLevel.CO_DESIGN,
        "needs_tier": NeedsTier.SHARED_CARE,
        "join_policy": JoinPolicy.OPEN,
    },
    {
        "slug": "letters-people-understand",
        "title": "Letters people understand",
        "summary": "Rewriting appointment letters with the people who receive them, so they are clear and kind.",
        "easy_read_summary": "Some letters are hard to read. We will write them again so they are easy to understand.",
        "stage": Stage.DEVELOPING,
        "involvement_level": InvolvementLevel.CO_PRODUCTION,
        "needs_tier": NeedsTier.SHARED_CARE,
        "join_policy": JoinPolicy.ON_REQUEST,
    },
    {
        "slug": "peer-support-at-discharge",
        "title": "Peer support when leaving hospital",
        "summary": "Designing a peer support offer for the first weeks after someone leaves a mental health ward.",
        "easy_read_summary": "Leaving hospital can be hard. A peer supporter could help in the first weeks at home.",
        "stage": Stage.DOING,
        "involvement_level": InvolvementLevel.CO_PRODUCTION,
        "needs_tier": NeedsTier.ONE_TO_ONE,
        "join_policy": JoinPolicy.ON_REQUEST,
    },
    {
        "slug": "carers-cafe",
        "title": "Carers' café",
        "summary": "A monthly drop-in where carers meet, rest and tell staff what would help.",
        "easy_read_summary": "A café for carers, once a month. Come for a cup of tea and a chat.",
        "stage": Stage.PREPARING,
        "involvement_level": InvolvementLevel.ENGAGEMENT,
        "needs_tier": NeedsTier.COMMUNITY,
        "join_policy": JoinPolicy.OPEN,
    },
    {
        "slug": "dementia-friendly-signage",
        "title": "Dementia-friendly signs",
        "summary": "Testing new signs around the centre with people living with dementia and their families.",
        "easy_read_summary": "Signs help people find their way. We will test new signs with people living with dementia.",
        "stage": Stage.DEVELOPING,
        "involvement_level": InvolvementLevel.CO_DESIGN,
        "needs_tier": NeedsTier.COMMUNITY,
        "join_policy": JoinPolicy.CLOSED,
    },
]

WHY_BY_ROLE = {
    Role.SERVICE_USER: "I use this service and know what works and what does not.",
    Role.CARER: "I care for someone who uses the service and see it from the side.",
    Role.STAFF: "I work here and can help make changes happen.",
    Role.PEER_SUPPORT: "I have been through it and now support others.",
    Role.VOLUNTEER: "I give my time and bring skills from outside.",
}


def seed(members):
    projects = []
    online = [m for m in members if m.email]
    for index, data in enumerate(PROJECTS):
        project, _ = Project.objects.get_or_create(slug=data["slug"], defaults=data)
        projects.append(project)
        team = online[2 + index * 5 : 2 + index * 5 + 7]
        if index == 0:
            team = [members[1], *team]  # the demo member belongs to the photography group
        for position, person in enumerate(team):
            ProjectMembership.objects.get_or_create(
                member=person,
                project=project,
                status=ProjectMembership.Status.ACTIVE,
                defaults={
                    "is_project_lead": position == 1,
                    "why_involved": WHY_BY_ROLE[person.role],
                    "project_role": "Co-chair" if position == 1 else "",
                },
            )
        services.copy_default_checklist(project=project)
        _stage_history(project, team)
        _actions(project, team)
        _impact(project)
        _reflections(project)
    return projects


WHY_MOVED = {
    Stage.DOING: "We agreed the plan together at the last meeting, and everyone has what they need to start.",
    Stage.DEVELOPING: "The work is done; now we want to keep it going and measure what changed.",
}


def _stage_history(project, team):
    """Tick the checklists of earlier stages and record how the project got to where it is."""
    if project.stage_changes.exists():
        return
    lead = team[1] if len(team) > 1 else None
    reached = STAGE_ORDER.index(project.stage)
    now = timezone.now()
    for step in range(1, reached + 1):
        when = now - dt.timedelta(days=60 * (reached - step + 1))
        project.checklist_items.filter(stage=STAGE_ORDER[step - 1]).update(done_at=when, done_by=lead)
        StageChange.objects.create(
            project=project, from_stage=STAGE_ORDER[step - 1], to_stage=STAGE_ORDER[step], changed_by=lead,
            changed_at=when, reason=WHY_MOVED[STAGE_ORDER[step]], members_notified_at=when,
        )
    # Part-way through the current stage: the first half of its points are ticked.
    current = list(project.checklist_items.filter(stage=project.stage))
    for item in current[: len(current) // 2]:
        item.done_at, item.done_by = now - dt.timedelta(days=7), lead
        item.save(update_fields=["done_at", "done_by"])


ACTIONS = [
    ("Book the room for the next meeting", 5, False),
    ("Write an Easy Read version of the plan", -3, False),
    ("Send round the notes from the last meeting", -10, True),
    ("Ask the camera club about lending equipment", 14, False),
]


def _actions(project, team):
    today = timezone.localdate()
    for position, (what, due_in, done) in enumerate(ACTIONS):
        owner = team[position % len(team)] if team else None
        if position < 2 and project.slug == "catching-the-light":
            owner = team[0]  # the demo member has something to do, and something overdue
        Action.objects.get_or_create(
            project=project, what=what,
            defaults={
                "owner": owner, "due": today + dt.timedelta(days=due_in),
                "done_at": timezone.now() - dt.timedelta(days=2) if done else None,
            },
        )


IMPACT = {
    "letters-people-understand": (
        "Appointment letters now say in the first line when and where the appointment is, in plain words.",
        "Missed first appointments fell from 14 in 100 to 9 in 100 over three months.",
        [
            ("The letters are full of jargon.", "We rewrote them with six members and tested them with twenty more."),
            ("I could not find the time of my appointment.", "The date, time and place are now in bold at the top."),
        ],
    ),
    "dementia-friendly-signage": (
        "New picture-and-word signs on the ground floor, tested on walks with people living with dementia.",
        "Walk-through tests: people found the café and toilets without help 8 times out of 10, up from 4.",
        [("The signs are too high and too small.", "The new signs are at eye level, with large print and pictures.")],
    ),
    "catching-the-light": (
        "The photography group meets every other Thursday; twelve people came to the first three sessions.",
        "Sign-in sheets and a feedback card after each session.",
        [("We want to learn to use our phones for photos.", "The camera club ran a phone photography session.")],
    ),
}


def _impact(project):
    if project.slug not in IMPACT or project.impact_records.exists():
        return
    what, evidence, pairs = IMPACT[project.slug]
    impact = ImpactRecord.objects.create(
        project=project, what_changed=what, evidence=evidence, happened_on=timezone.localdate() - dt.timedelta(days=20)
    )
    for order, (said, did) in enumerate(pairs, start=1):
        YouSaidWeDid.objects.create(impact=impact, you_said=said, we_did=did, order=order)


COMMENTS = ["", "Everyone gets a turn to speak.", "", "Papers sometimes come late.", ""]


def _reflections(project):
    if project.reflections.exists():
        return
    principles = list(Principle.objects.active())
    memberships = project.memberships.active().select_related("member")
    for index, membership in enumerate(memberships):
        if index % 4 == 3:
            continue  # not everyone has reflected yet
        for p_index, principle in enumerate(principles):
            Reflection.objects.create(
                project=project, member=membership.member, principle=principle, stage=project.stage,
                role=membership.member.role, rating=2 + (index * 3 + p_index * 2) % 4,
                comment=COMMENTS[(index + p_index) % len(COMMENTS)],
            )
