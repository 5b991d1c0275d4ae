import datetime as dt
import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.role_snapshots import KeepsRolesThen, RoleSnapshotQuerySet, role_then_field

# A meeting lasts at most a day (checked when it is saved); an event over several days is one meeting per day.
LONGEST_MEETING = dt.timedelta(days=1)


def ways_a_member_may_come(member, through=""):
    """The three ways into a meeting's audience, as Qs (any one will do): a network meeting, a meeting of a project
    the member is active in, an invitation; none for a supporter-only account. Through a relation (through="meeting__"), each can be read on its own
    from the other model's index, latest first (front/selectors.changes_since): their OR together makes the database
    work out every meeting the member may come to, which in a large network is most of them."""
    if getattr(member, "supporter_only", False):
        return []  # someone who only acts with a member is in no meeting's audience
    from projects.models import ProjectMembership

    # Subqueries rather than joins: no DISTINCT over every invitation and membership in a large network.
    my_projects = ProjectMembership.objects.filter(member=member, status=ProjectMembership.Status.ACTIVE).values("project_id")
    invited = Invitation.objects.filter(member=member).values("meeting_id")
    return [
        Q(**{f"{through}audience": Meeting.Audience.NETWORK}),
        Q(**{f"{through}audience": Meeting.Audience.PROJECT, f"{through}project_id__in": my_projects}),
        Q(**{f"{through}pk__in": invited}),
    ]


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def upcoming(self):
        """Not over yet, soonest first. No meeting lasts longer than LONGEST_MEETING, so one still going started
        at most that long ago: the bound lets the database read the starts_at index from there, not every row."""
        now = timezone.now()
        return self.filter(ends_at__gte=now, starts_at__gte=now - LONGEST_MEETING).order_by("starts_at")

    def past(self):
        """Over, latest first (a meeting that has ended has started, so the starts_at index is read backwards)."""
        now = timezone.now()
        return self.filter(ends_at__lt=now, starts_at__lt=now).order_by("-starts_at")

    def visible_to(self, member):
        """Published or cancelled meetings the member is invited to or may come to; leads see every one."""
        if member.has_perm("meetings.see_every_meeting"):
            return self.filter(status__in=SHOWN_STATUSES)
        return self.of_member(member)

    def of_member(self, member):
        """Published or cancelled meetings the member is invited to or may come to (for a lead too: their home)."""
        ways = ways_a_member_may_come(member)
        if not ways:
            return self.none()
        return self.filter(Q(status__in=SHOWN_STATUSES) & (ways[0] | ways[1] | ways[2]))

    def with_attending_count(self):
        # A subquery, not Count(): visible_to() filters through invitations and memberships, which would skew it.
        attending = (
            Invitation.objects.filter(meeting=models.OuterRef("pk"), response=Invitation.Response.ATTENDING)
            .order_by()
            .values("meeting")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(attending_count=Coalesce(models.Subquery(attending), 0))


class Meeting(models.Model):
    """A network meeting or a project meeting, run by a co-production lead from the admin."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network meeting")
        PROJECT = "project", _("Project meeting")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        NETWORK = "network", _("Everyone in the network")
        PROJECT = "project", _("The members of the project")
        CHOSEN = "chosen", _("People chosen one by one")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NETWORK)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="meetings",
    )
    description = models.TextField(_("what the meeting is for"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_access = models.TextField(_("venue access information"), blank=True)
    online_link = models.URLField(_("online joining link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty if there is no limit on numbers.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    audience = models.CharField(_("who is invited"), max_length=10, choices=Audience.choices, default=Audience.NETWORK)
    chosen_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people chosen"), blank=True, related_name="+",
        help_text=_("Only used when 'who is invited' is 'people chosen one by one'."),
    )
    # Raised on every change of time, place or status, so calendars replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("calendar version"), default=0, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("why it was cancelled"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    series = models.ForeignKey("meetings.MeetingSeries", verbose_name=_("series"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="meetings", editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_at")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(audience="project") | Q(project__isnull=False), name="project_audience_needs_a_project"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_open_for_replies(self):
        return self.status == self.Status.PUBLISHED and not self.is_past

    def action_items(self):
        """The actions agreed at this meeting (projects.Action rows, for a project meeting or a network one)."""
        return self.actions.select_related("owner", "project")

    @property
    def calendar_uid(self):
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "coproduction.invalid"
        return f"meeting-{self.pk}@{host}"


class AgendaItem(KeepsRolesThen, models.Model):
    ROLES_THEN = {"presenter": "presenter_role_then"}  # who presents at meetings, as they were (network/role_snapshots.py)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("presenter"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    presenter_name = models.CharField(
        _("presenter (if not a member)"), max_length=120, blank=True, help_text=_("For a guest speaker.")
    )
    presenter_role_then = role_then_field(_("presenter's role when given the item"))
    minutes_allowed = models.PositiveSmallIntegerField(_("minutes allowed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RoleSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def presented_by(self):
        return self.presenter.display_name if self.presenter_id else self.presenter_name


def paper_upload_path(paper, filename):
    # A random name: no personal data, nothing guessable, nothing a person typed ends up on disk.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"meeting-papers/{paper.meeting_id}/{uuid.uuid4().hex}{suffix}"


class Paper(models.Model):
    """A document for a meeting. Kept under MEDIA_ROOT (never public) and served only to invitees and leads."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("for agenda item"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="papers",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=paper_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(_("kind of file"), max_length=120, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["meeting", "agenda_item__order", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return PurePosixPath(self.file.name).suffix.lstrip(".").upper()


class InvitationQuerySet(RoleSnapshotQuerySet):
    def not_erased(self):
        """Invitations of people whose account still exists: nothing goes to, or lists, an erased account."""
        return self.filter(member__erased_at__isnull=True)

    def of_offline_members(self):
        """The people a lead phones or writes to: no email, and not erased."""
        return self.not_erased().filter(member__email__isnull=True)

    def attending(self):
        return self.filter(response=Invitation.Response.ATTENDING)

    def waiting(self):
        return self.filter(response=Invitation.Response.WAITING).order_by("waiting_since", "pk")


class Invitation(KeepsRolesThen, models.Model):
    """One per invitee (offline members too) and their reply."""

    ROLES_THEN = {"member": "role_then"}  # who is invited, as they were (network/role_snapshots.py)

    class Response(models.TextChoices):
        NO_REPLY = "", _("Not replied yet")
        ATTENDING = "attending", _("Coming")
        WAITING = "waiting", _("On the waiting list")
        MAYBE = "maybe", _("Maybe")
        APOLOGIES = "apologies", _("Sends apologies")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    role_then = role_then_field(_("role when invited"))
    response = models.CharField(_("reply"), max_length=10, choices=Response.choices, blank=True, default="")
    access_needs = models.JSONField(_("access needs for this meeting"), default=list, blank=True)
    access_needs_notes = models.TextField(_("anything else that helps at this meeting"), blank=True, max_length=1000)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    responded_at = models.DateTimeField(_("replied"), null=True, blank=True)
    # Set when a support person the member named replied for them (support/); empty when they replied themselves.
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied for them by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    coming_with = models.CharField(_("coming with them"), max_length=120, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation email sent"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation and reply")
        verbose_name_plural = _("invitations and replies")
        ordering = ["meeting", "member__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_invitation_per_member_per_meeting"),
            models.CheckConstraint(
                condition=~Q(response="waiting") | Q(waiting_since__isnull=False), name="waiting_list_has_a_place_in_line"
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.meeting}"

    def access_need_labels(self):
        from network.models import AccessNeed

        labels = dict(AccessNeed.choices)
        return [labels.get(code, code) for code in self.access_needs]


class Attendance(KeepsRolesThen, models.Model):
    ROLES_THEN = {"member": "role_then"}  # who came, as they were (network/role_snapshots.py)

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    role_then = role_then_field(_("role at the meeting"))

    objects = RoleSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member_per_meeting"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"


class Guest(models.Model):
    """Someone at the meeting who is not a member: recorded by name only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=120)
    about = models.CharField(_("organisation or reason for coming"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "name"]

    def __str__(self):
        return self.name


SHOWN_STATUSES = (Meeting.Status.PUBLISHED, Meeting.Status.CANCELLED)  # what members see (of_member, visible_to)


class Minutes(KeepsRolesThen, models.Model):
    ROLES_THEN = {"published_by": "publisher_role_then"}  # who writes the minutes, as they were

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("what was discussed"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    publisher_role_then = role_then_field(_("publisher's role when published"))

    objects = RoleSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        # A member's home reads the latest minutes first (front/selectors.changes_since).
        indexes = [models.Index(fields=["published_at"], name="minutes_published_at")]

    def __str__(self):
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    @property
    def decision_list(self):
        """The texts of the meeting's decisions, in order (read from a prefetch of meeting.decisions if there is one)."""
        return [decision.text for decision in self.meeting.decisions.all()]


class DecisionQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("meeting__starts_at", "meeting_id", "order", "pk")


class Decision(models.Model):
    """One decision made at a meeting: its own row, so the decisions can be read across meetings."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.text


class AgendaSuggestion(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Added to the agenda")
        DECLINED = "declined", _("Not this time")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="suggestions")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("suggested by"), on_delete=models.CASCADE,
        related_name="agenda_suggestions",
    )
    title = models.CharField(_("what you would like to talk about"), max_length=200)
    details = models.TextField(_("why it matters"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("suggested"), default=timezone.now)
    status = models.CharField(_("answer"), max_length=10, choices=Status.choices, default=Status.WAITING)
    answer = models.TextField(_("our answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestion", editable=False
    )

    class Meta:
        verbose_name = _("agenda suggestion")
        verbose_name_plural = _("agenda suggestions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer=""), name="declined_suggestion_says_why_not"
            ),
        ]

    def __str__(self):
        return self.title


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a member's personal calendar feed. Resetting it makes the old address stop working."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(_("Calendar feed of %(member)s") % {"member": self.member})


from .models_chairs import MeetingChair  # noqa: E402,F401  (who chaired a meeting, with their role then)
from .models_changes import MeetingChange  # noqa: E402,F401  (what a meeting was before each change; needs Meeting)
from .models_series import MeetingSeries  # noqa: E402,F401  (a series of meetings; it needs Meeting above)
