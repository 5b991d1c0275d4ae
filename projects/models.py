from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Role
from network.role_snapshots import KeepsRolesThen, RoleSnapshotQuerySet, role_then_field
from network.roles import counts_seen, sees_every_role


class Stage(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    DOING = "doing", _("Doing")
    DEVELOPING = "developing", _("Developing")


class InvolvementLevel(models.TextChoices):
    ENGAGEMENT = "engagement", _("Engagement")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCTION = "co_production", _("Co-production")


class NeedsTier(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one complex support")
    SHARED_CARE = "shared_care", _("Shared professional care")
    COMMUNITY = "community", _("Community and social engagement")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Anyone can join")
    ON_REQUEST = "on_request", _("Ask to join")
    CLOSED = "closed", _("Not taking new members")


STAGE_ORDER = [Stage.PREPARING, Stage.DOING, Stage.DEVELOPING]


class ProjectQuerySet(models.QuerySet):
    def open_to_join(self):
        return self.exclude(join_policy=JoinPolicy.CLOSED)

    def search(self, words):
        query = Q()
        for word in words.split():
            query &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(aims__icontains=word)
        return self.filter(query)

    def with_role_counts(self):
        """How many active members of each role are involved (count_<role>), how many of each role show it to
        other members (shown_<role>) and how many keep it private (private_member_count): one query, any size."""
        active = Q(memberships__status=ProjectMembership.Status.ACTIVE)
        shown = Q(memberships__member__show_role_in_directory=True)
        return self.annotate(
            **{
                f"count_{role}": Count("memberships", filter=active & Q(memberships__member__role=role))
                for role in Role.values
            },
            **{
                f"shown_{role}": Count("memberships", filter=active & shown & Q(memberships__member__role=role))
                for role in Role.values
            },
            private_member_count=Count(
                "memberships", filter=active & Q(memberships__member__show_role_in_directory=False)
            ),
            active_member_count=Count("memberships", filter=active),
        )


class Project(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"))
    summary_cy = models.TextField(
        _("summary in Welsh"), blank=True, help_text=_("Leave empty until it has been translated."),
    )
    easy_read_summary = models.TextField(_("Easy Read summary"), blank=True)
    aims = models.TextField(_("aims"), blank=True)
    can_achieve = models.TextField(_("what this project can achieve"), blank=True)
    cannot_achieve = models.TextField(_("what this project cannot achieve"), blank=True)
    involvement_level = models.CharField(
        _("involvement level"), max_length=20, choices=InvolvementLevel.choices, default=InvolvementLevel.CO_PRODUCTION
    )
    needs_tier = models.CharField(_("needs tier"), max_length=20, choices=NeedsTier.choices, default=NeedsTier.COMMUNITY)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARING)
    join_policy = models.CharField(_("how people join"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    requires_pledge = models.BooleanField(
        _("members take the pledge before joining"), default=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]
        indexes = [models.Index(fields=["title", "id"], name="project_by_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def role_counts(self):
        """[(role label, count)] for roles with anyone involved, true counts (for leads and records); needs
        with_role_counts(). Pages show role_counts_seen_by(viewer)."""
        return [
            (label, getattr(self, f"count_{value}", 0))
            for value, label in Role.choices
            if getattr(self, f"count_{value}", 0)
        ]

    def role_counts_seen_by(self, viewer):
        """Who is involved, as `viewer` may see it: people who keep their role private are counted as "Member"."""
        return counts_seen(
            every_role=sees_every_role(viewer),
            by_role={value: getattr(self, f"count_{value}", 0) for value in Role.values},
            shown_by_role={value: getattr(self, f"shown_{value}", 0) for value in Role.values},
            kept=getattr(self, "private_member_count", 0),
        )

    @property
    def is_open_to_join(self):
        return self.join_policy != JoinPolicy.CLOSED


class ProjectMembershipQuerySet(RoleSnapshotQuerySet):
    def active(self):
        return self.filter(status=ProjectMembership.Status.ACTIVE)

    def requested(self):
        return self.filter(status=ProjectMembership.Status.REQUESTED)

    def live(self):
        return self.filter(status__in=[ProjectMembership.Status.REQUESTED, ProjectMembership.Status.ACTIVE])


class ProjectMembership(KeepsRolesThen, models.Model):
    # Who is involved and who leads, as they were when they joined (network/role_snapshots.py).
    ROLES_THEN = {"member": "role_then"}

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    role_then = role_then_field(_("role when joining"))
    project_role = models.CharField(_("role in the project"), max_length=120, blank=True)
    why_involved = models.TextField(_("why they are involved"), blank=True)
    contribution = models.TextField(_("what they do"), blank=True)
    is_project_lead = models.BooleanField(_("project lead"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Set when the email went out, so a retried task never sends it twice.
    request_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProjectMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        # A project's members, or the people asking to join it, without reading the other kind.
        indexes = [models.Index(fields=["project", "status"], name="membership_by_project_status")]
        constraints = [
            # A double click or a second tab never makes a second live membership.
            models.UniqueConstraint(
                fields=["member", "project"],
                condition=models.Q(status__in=["requested", "active"]),
                name="one_live_membership_per_member_and_project",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.project}"


class PrincipleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Principle(models.Model):
    """One of the network's principles of co-production; members reflect on each project against them.

    The network's "about" page lists Principle.objects.active() in order.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("what it means"), blank=True)
    name_cy = models.CharField(_("name in Welsh"), max_length=120, blank=True)
    description_cy = models.TextField(_("what it means, in Welsh"), blank=True)
    easy_read_text = models.TextField(
        _("what it means, in Easy Read"), blank=True, help_text=_("Short sentences, one idea in each. Everyday words.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("ask members about this"), default=True)

    objects = PrincipleQuerySet.as_manager()

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class DefaultChecklistItem(models.Model):
    """The checklist every new project starts with, per stage. Leads edit it; projects keep their own copy."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    text = models.CharField(_("what to check"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("default checklist item")
        verbose_name_plural = _("default checklist items")
        ordering = ["stage", "order", "pk"]

    def __str__(self):
        return self.text


class StageChecklistItem(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checklist_items")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    text = models.CharField(_("what to check"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    done_at = models.DateTimeField(_("ticked"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ticked by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None


class StageChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("moved"), default=timezone.now)
    reason = models.TextField(_("why"))
    # The checklist points still open at the time, which the person moving the stage confirmed.
    unticked_items = models.JSONField(_("points not ticked"), default=list, blank=True)
    members_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_stage=models.F("to_stage")), name="stage_change_changes_stage"),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"


class ActionQuerySet(RoleSnapshotQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self):
        return self.open().filter(due__lt=timezone.localdate())

    def for_member(self, member):
        return self.filter(owner=member)


def keep_for_project_or_delete(collector, field, sub_objs, using):
    """When a meeting is deleted: a project's action stays with the project; a network meeting's action goes too."""
    collector.collect(
        sub_objs.filter(project__isnull=True), source=field.remote_field.model, source_attr=field.name,
        nullable=field.null, fail_on_restricted=False,
    )
    collector.add_field_update(field, None, sub_objs.filter(project__isnull=False))


class Action(KeepsRolesThen, models.Model):
    """Something someone agreed to do: for a project, at a meeting (network or project), or both."""

    ROLES_THEN = {"owner": "owner_role_then"}  # who owns actions, as they were (network/role_snapshots.py)

    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("agreed at meeting"), null=True, blank=True,
        on_delete=keep_for_project_or_delete, related_name="actions",
    )
    what = models.CharField(_("what needs doing"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who will do it"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="project_actions",
    )
    owner_role_then = role_then_field(_("owner's role when given the action"))
    due = models.DateField(_("due by"), null=True, blank=True)
    # A commitment of the network's plan from its yearly review (partnership.Commitment): for neither a project nor
    # a meeting, but in My actions and its reminders like every other action.
    for_the_network_plan = models.BooleanField(_("from the network's plan"), default=False, editable=False)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = [models.F("due").asc(nulls_last=True), "pk"]
        indexes = [
            # Open actions soonest due first: "My actions" and a project's page.
            models.Index(fields=["owner", "due", "id"], condition=Q(done_at__isnull=True), name="open_actions_of_owner"),
            models.Index(fields=["project", "due", "id"], condition=Q(done_at__isnull=True), name="open_actions_of_project"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(meeting__isnull=False) | Q(for_the_network_plan=True),
                name="action_has_a_project_a_meeting_or_the_plan",
                violation_error_message=_("An action needs a project or a meeting it was agreed at (or both)."),
            ),
        ]

    def __str__(self):
        return self.what

    def clean(self):
        # The database refuses an action with nowhere it belongs; a form that leaves out "from the network's plan"
        # would not check that constraint itself, so say it here, in words, before saving.
        super().clean()
        if self.project_id is None and self.meeting_id is None and not self.for_the_network_plan:
            raise ValidationError(_("An action needs a project or a meeting it was agreed at (or both)."))

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return not self.is_done and self.due is not None and self.due < timezone.localdate()


class ImpactRecord(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="impact_records")
    what_changed = models.TextField(_("what changed"))
    evidence = models.TextField(_("how we know"), blank=True)
    happened_on = models.DateField(_("when"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("impact record")
        verbose_name_plural = _("impact records")
        ordering = ["-happened_on", "-pk"]

    def __str__(self):
        return self.what_changed[:80]


class YouSaidWeDid(models.Model):
    impact = models.ForeignKey(ImpactRecord, on_delete=models.CASCADE, related_name="you_said_we_did")
    you_said = models.TextField(_("you said"))
    we_did = models.TextField(_("we did"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("“you said, we did”")
        verbose_name_plural = _("“you said, we did”")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.you_said[:80]


class Reflection(models.Model):
    """A member's rating of a project against one principle, once per stage."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reflections")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_reflections")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="reflections")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    # The member's role when they answered, so figures by role do not shift if they change it later.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "member", "principle", "stage"], name="one_reflection_per_principle_per_stage"
            ),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="reflection_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.project} – {self.principle} ({self.get_stage_display()})"


class PublishedReflections(models.Model):
    """The reflection figures of one stage of a project as they were last published. They are worked out again only
    once at least three answers have changed since (projects/reflections.py), so comparing the page before and after
    someone answers never gives their rating away."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="published_reflections")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    respondents = models.PositiveIntegerField(_("members who answered"))
    # {principle id: {"answers": {member id: role}, "total", "n", "roles": {role: [total, n]}, "seen": {role: [ids]}}}:
    # who the figures come from, what is shown, and for each role the members it held when it was last shown.
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("published reflection figures")
        verbose_name_plural = _("published reflection figures")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="one_published_figures_per_project_stage"),
        ]

    def __str__(self):
        return f"{self.project} – {self.get_stage_display()}"
