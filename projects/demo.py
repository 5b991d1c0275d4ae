"""Demo projects: six, across the three stages, with members involved and why."""

from network.models import Role

from .models import InvolvementLevel, JoinPolicy, NeedsTier, Project, ProjectMembership, Stage

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
    return projects
