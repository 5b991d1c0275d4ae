"""Seed a large, believable network quickly with bulk_create in batches, and grow it to a multiple of itself.

The shape (at scale 1): 10,000 members, 1,000 projects, 5,000 meetings, 200,000 attendance rows, 20,000 pledge
signatures, plus the memberships, invitations and actions the pages show, and what the power-balance figures count
(an invitation for each register row, chairs, presenters, minutes; front/bench/seed_power.py). One project ("the big project") and
one member ("the bench member") grow with the data, so exports and personal pages see more rows at 10×.
Models that do not exist yet are skipped and reported as "not yet built".
"""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

BASE = {
    "members": 10_000,
    "projects": 1_000,
    "meetings": 5_000,
    "attendance": 200_000,
    "signatures": 20_000,
}
BATCH = 2_000
ATTENDANCE_PER_MEETING = 40
BIG_PROJECT_EVERY = 50  # 2% of meetings and members belong to the big project, at any scale
ROLES = ["service_user", "carer", "staff", "peer_support", "volunteer"]
STAGES = ["preparing", "doing", "developing"]


def model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


_FIELDS = {}


def make(model_class, **values):
    """An unsaved instance, ignoring values for fields the model does not have (yet, or any more)."""
    names = _FIELDS.get(model_class)
    if names is None:
        names = _FIELDS[model_class] = {f.attname for f in model_class._meta.concrete_fields} | {
            f.name for f in model_class._meta.concrete_fields
        }
    return model_class(**{k: v for k, v in values.items() if k in names})


def batched(rows, size=BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk(model_class, rows):
    count = 0
    for batch in batched(rows):
        model_class.objects.bulk_create(batch, batch_size=BATCH)
        count += len(batch)
    return count


@dataclass
class Seeded:
    """How much of each kind exists, and what was skipped."""

    counts: dict = field(default_factory=dict)
    not_built: set = field(default_factory=set)
    seconds: float = 0.0


class NetworkSeeder:
    def __init__(self, scale=1.0, log=print):
        self.scale = scale
        self.log = log
        self.now = timezone.now()
        self.done = {"members": 0, "projects": 0, "meetings": 0}
        self.seeded = Seeded()
        self.password = make_password("bench-password-never-used-2026")
        self.member_ids = []
        self.project_ids = []
        self.meeting_ids = []
        self.versions = []

    def target(self, kind, factor):
        return max(1, round(BASE[kind] * self.scale * factor))

    # The two people and one project every measurement uses.
    @property
    def bench_member_id(self):
        return self.member_ids[0]

    @property
    def lead_id(self):
        return self.member_ids[1]

    @property
    def big_project_id(self):
        return self.project_ids[0]

    def grow_to(self, factor):
        """Add rows until there are `factor` times the base numbers."""
        started = time.perf_counter()
        members_from, members_to = self.done["members"], self.target("members", factor)
        projects_from, projects_to = self.done["projects"], self.target("projects", factor)
        meetings_from, meetings_to = self.done["meetings"], self.target("meetings", factor)
        self._members(members_from, members_to)
        self._projects(projects_from, projects_to)
        since_ids = self._next_ids("projects.ProjectMembership", "projects.Action")
        self._memberships(members_from, members_to)
        self._actions(projects_from, projects_to, factor)
        self._pledge(members_from, members_to)
        self._meetings(meetings_from, meetings_to)
        self._power_balance(meetings_from, meetings_to, since_ids)
        self.done.update(members=members_to, projects=projects_to, meetings=meetings_to)
        self._age_everything()
        if connection.vendor == "postgresql":
            # A live database has been vacuumed by autovacuum long since; freshly bulk-inserted tables have not, so
            # autovacuum would start on them in the middle of the measurements (and until then no index-only scan
            # can skip the table). VACUUM cannot run inside a transaction, as in some tests: there, only ANALYZE.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        # Rows were bulk-inserted (no save signals): forget every kept figure, as a save would have.
        from network.kept_counts import figures_changed

        figures_changed()
        self.seeded.seconds += time.perf_counter() - started
        return self.seeded

    def _count(self, kind, n):
        self.seeded.counts[kind] = self.seeded.counts.get(kind, 0) + n

    def _members(self, start, stop):
        Member = model("network.Member")
        tick = time.perf_counter()
        rows = (
            make(
                Member,
                email=f"bench{i}@example.org",
                display_name=f"Member {i}",
                role=ROLES[i % len(ROLES)],
                password=self.password,
                in_directory=i % 3 == 0,
                show_role_in_directory=i % 6 == 0,
                date_joined=self.now - dt.timedelta(days=30 + i % 700),
            )
            for i in range(start, stop)
        )
        self._count("members", bulk(Member, rows))
        self.member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
        if start == 0:
            lead = Member.objects.get(pk=self.lead_id)
            lead.is_staff = True
            lead.save(update_fields=["is_staff"])
            from network.models import LEADS_GROUP_NAME

            group, _ = Group.objects.get_or_create(name=LEADS_GROUP_NAME)
            lead.groups.add(group)
            EmailAddress = model("account.EmailAddress")
            if EmailAddress:
                EmailAddress.objects.bulk_create(
                    [
                        EmailAddress(user_id=pk, email=f"bench{i}@example.org", verified=True, primary=True)
                        for i, pk in enumerate(self.member_ids[:2])
                    ]
                )
        self.log(f"  members {start:,}→{stop:,} in {time.perf_counter() - tick:.1f}s")

    def _projects(self, start, stop):
        Project = model("projects.Project")
        tick = time.perf_counter()
        rows = (
            make(
                Project,
                title=f"Project {j}" if j else "The big project",
                slug=f"project-{j}",
                summary="Working together to make a service better for the people who use it.",
                aims="Listen, plan together, change one thing, check it worked.",
                stage=STAGES[j % len(STAGES)],
                requires_pledge=False,
            )
            for j in range(start, stop)
        )
        self._count("projects", bulk(Project, rows))
        self.project_ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        self.log(f"  projects {start:,}→{stop:,} in {time.perf_counter() - tick:.1f}s")

    def _memberships(self, start, stop):
        Membership = model("projects.ProjectMembership")
        tick = time.perf_counter()
        projects = len(self.project_ids)

        def rows():
            for i in range(start, stop):
                chosen = {i % projects, (i * 7 + 3) % projects}
                if i % BIG_PROJECT_EVERY == 0:
                    chosen.add(0)
                for j in chosen:
                    yield make(
                        Membership,
                        member_id=self.member_ids[i],
                        project_id=self.project_ids[j],
                        status="active",
                        why_involved="I want the service to work for people like me.",
                        is_project_lead=i < projects and j == i % projects,
                    )

        self._count("project memberships", bulk(Membership, rows()))
        self.log(f"  memberships in {time.perf_counter() - tick:.1f}s")

    def _actions(self, start, stop, factor):
        Action = model("projects.Action")
        if Action is None:
            self.seeded.not_built.add("actions")
            return
        members = len(self.member_ids)
        today = timezone.localdate()

        def rows():
            for j in range(start, stop):
                for a in range(5):
                    yield make(
                        Action,
                        project_id=self.project_ids[j],
                        what=f"Action {a} for project {j}",
                        owner_id=self.member_ids[(j * 5 + a) % members],
                        due=today + dt.timedelta(days=(j + a) % 60 - 20),
                    )
            # The bench member's own list grows with the data: 20 actions per 1× of scale.
            already = self.seeded.counts.get("bench member's actions", 0)
            for a in range(already, max(1, round(20 * self.scale * factor))):
                yield make(
                    Action,
                    project_id=self.big_project_id,
                    what=f"Bench member's action {a}",
                    owner_id=self.bench_member_id,
                    due=today + dt.timedelta(days=a % 30 - 10),
                )
                self._count("bench member's actions", 1)

        self._count("actions", bulk(Action, rows()))

    def _pledge(self, start, stop):
        Version, Signature = model("pledges.PledgeVersion"), model("pledges.PledgeSignature")
        tick = time.perf_counter()
        if not self.versions:
            self.versions = [
                Version.objects.create(text="We will work as equals.", published_at=self.now - dt.timedelta(days=400)),
                Version.objects.create(
                    text="We will work as equals, listen first and share decisions.",
                    what_changed="We added listening first and sharing decisions.",
                    published_at=self.now - dt.timedelta(days=30),
                ),
            ]
        # Two signatures per member (the earlier and the current version): 20,000 at 1×.
        per_member = max(1, round(BASE["signatures"] / BASE["members"]))
        rows = (
            make(
                Signature,
                member_id=self.member_ids[i],
                version_id=self.versions[v].pk,
                signed_at=self.versions[v].published_at + dt.timedelta(days=1 + i % 20),
                show_on_wall=i % 4 == 0,
                commitment="I will listen first and speak second." if i % 8 == 0 else "",
            )
            for i in range(start, stop)
            for v in range(min(per_member, len(self.versions)))
        )
        self._count("pledge signatures", bulk(Signature, rows))
        self.log(f"  pledge signatures in {time.perf_counter() - tick:.1f}s")

    def _meetings(self, start, stop):
        Meeting = model("meetings.Meeting")
        tick = time.perf_counter()
        projects = len(self.project_ids)

        def project_of(k):
            if k % BIG_PROJECT_EVERY == 0:
                return self.big_project_id
            return self.project_ids[k % projects] if k % 2 else None

        def rows():
            for k in range(start, stop):
                starts = self.now + dt.timedelta(days=k % 365 - 200, hours=k % 8)
                project_id = project_of(k)
                yield make(
                    Meeting,
                    title=f"Meeting {k}",
                    kind="project" if project_id else "network",
                    project_id=project_id,
                    audience="project" if project_id else "network",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    venue="Community Room, Riverside Centre",
                    status="published",
                    published_at=starts - dt.timedelta(days=20),
                )

        self._count("meetings", bulk(Meeting, rows()))
        self.meeting_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
        self.log(f"  meetings {start:,}→{stop:,} in {time.perf_counter() - tick:.1f}s")
        self._attendance(start, stop)
        self._invitations(start, stop)

    def _people_at(self, k):
        members = len(self.member_ids)
        step = max(1, members // ATTENDANCE_PER_MEETING)  # far enough apart that the 40 are all different
        return [self.member_ids[(k * 37 + j * step) % members] for j in range(min(ATTENDANCE_PER_MEETING, members))]

    def _attendance(self, start, stop):
        Attendance = model("meetings.Attendance")
        if Attendance is None:
            self.seeded.not_built.add("attendance")
            self.log("  attendance: not yet built")
            return
        tick = time.perf_counter()
        statuses = ["present", "present", "present", "apologies", "absent"]
        rows = (
            make(
                Attendance,
                meeting_id=self.meeting_ids[k],
                member_id=member_id,
                status=statuses[(k + j) % len(statuses)],
            )
            for k in range(start, stop)
            for j, member_id in enumerate(dict.fromkeys(self._people_at(k)))
        )
        self._count("attendance", bulk(Attendance, rows))
        self.log(f"  attendance in {time.perf_counter() - tick:.1f}s")

    def _invitations(self, start, stop):
        """Replies for the big project's meetings, with access needs, so its meeting pages have people to show."""
        Invitation = model("meetings.Invitation")
        if Invitation is None:
            self.seeded.not_built.add("invitations")
            return
        responses = ["attending", "attending", "maybe", "apologies", ""]
        needs = [[], ["step_free"], ["hearing_loop", "large_print"], [], ["breaks"]]
        rows = (
            make(
                Invitation,
                meeting_id=self.meeting_ids[k],
                member_id=member_id,
                response=responses[j % len(responses)],
                access_needs=needs[j % len(needs)],
                responded_at=self.now,
            )
            for k in range(start, stop)
            if k % BIG_PROJECT_EVERY == 0
            for j, member_id in enumerate(dict.fromkeys(self._people_at(k)))
        )
        self._count("invitations", bulk(Invitation, rows))

    def _next_ids(self, *labels):
        """{table: the id the next row of each model will have, at least}: where this step's rows begin."""
        from django.db.models import Max

        return {model(label)._meta.db_table: (model(label).objects.aggregate(top=Max("pk"))["top"] or 0) + 1
                for label in labels}

    def _power_balance(self, start, stop, since_ids):
        """What the power-balance figures count, in the database (front/bench/seed_power.py)."""
        if model("meetings.MeetingChair") is None:
            self.seeded.not_built.add("meeting chairs")
            return
        from .seed_power import seed_power, spread_over_the_year

        spread_over_the_year(since_ids, self.now)
        if start >= stop:
            return
        added = seed_power(self, (self.meeting_ids[start], self.meeting_ids[stop - 1]), self.member_ids, self.now)
        for kind, n in added.items():
            self._count(kind, n)

    def _age_everything(self):
        """Seeded rows are not news: only three projects count as new this week, as in a real week."""
        Project = model("projects.Project")
        Project.objects.update(created_at=self.now - dt.timedelta(days=90))
        recent = self.project_ids[-3:]
        Project.objects.filter(pk__in=recent).update(created_at=self.now - dt.timedelta(days=2))

    # Where the measurements point.
    def big_meeting_id(self):
        """An upcoming meeting of the big project (it has replies and access needs)."""
        Meeting = model("meetings.Meeting")
        upcoming = Meeting.objects.filter(project_id=self.big_project_id, starts_at__gte=self.now).order_by("starts_at")
        meeting = upcoming.first() or Meeting.objects.filter(project_id=self.big_project_id).first()
        return meeting.pk if meeting else None

    def big_project_slug(self):
        return "project-0"
