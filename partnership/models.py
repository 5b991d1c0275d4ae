"""Is power really shared? The framework's measurable criteria, the yearly review of partnership working, the plan
made from it, and recognition of projects that meet the criteria (README, "Is power shared").

The figures themselves are not stored: partnership/figures.py counts them from the rows that keep each person's
role as it was at the time (network/role_snapshots.py), so a member who changes role never rewrites history.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Role
from network.role_snapshots import KeepsRolesThen, role_then_field
from projects.models import Stage


class Figure(models.TextChoices):
    """What the power-balance figures count, by the role each person had at the time."""

    MEMBERS = "members", _("members of the network")
    INVITED = "invited", _("people invited to meetings")
    CAME = "came", _("people who came to meetings")
    PROJECT_LEADS = "project_leads", _("project leads")
    CHAIRS = "chairs", _("people who chaired or co-chaired meetings")
    PRESENTERS = "presenters", _("people who presented at meetings")
    ACTION_OWNERS = "action_owners", _("people who own actions")
    MINUTE_WRITERS = "minute_writers", _("people who wrote minutes")
    HOURS = "hours", _("hours of involvement")


class Criterion(models.Model):
    """One measurable criterion of a principle, written by leads. Either computed from the figures (the share of
    a figure held by one role, against a threshold) or answered with evidence per project and stage."""

    class How(models.TextChoices):
        COMPUTED = "computed", _("Worked out from the figures")
        EVIDENCE = "evidence", _("Answered with evidence")

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    class Scope(models.TextChoices):
        NETWORK = "network", _("The whole network")
        PROJECT = "project", _("Each project")

    principle = models.ForeignKey(
        "projects.Principle", verbose_name=_("principle"), on_delete=models.PROTECT, related_name="criteria"
    )
    text = models.CharField(
        _("criterion"), max_length=300,
        help_text=_("In plain words, for example: People who use services co-chair at least half of network meetings."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    how = models.CharField(_("how it is measured"), max_length=10, choices=How.choices, default=How.EVIDENCE)
    scope = models.CharField(_("for"), max_length=10, choices=Scope.choices, default=Scope.PROJECT)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, blank=True,
        help_text=_("Leave empty if it applies at every stage."),
    )
    # A computed criterion: the share of `figure` held by people whose role was `role`, compared with `threshold`.
    figure = models.CharField(_("figure"), max_length=20, choices=Figure.choices, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    comparison = models.CharField(_("must be"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST)
    threshold_percent = models.DecimalField(
        _("threshold (per cent)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    in_use = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["principle__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(how="computed")
                | (~Q(figure="") & ~Q(role="") & Q(threshold_percent__gte=0) & Q(threshold_percent__lte=100)),
                name="a_computed_criterion_has_its_measure",
            ),
        ]

    def __str__(self):
        return self.text

    def is_met_by(self, percent):
        """True, False, or None when the figure cannot be shown (too few people)."""
        if percent is None or self.threshold_percent is None:
            return None
        if self.comparison == self.Comparison.AT_LEAST:
            return percent >= self.threshold_percent
        return percent <= self.threshold_percent


def evidence_upload_path(evidence, filename):
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """How a project (or the network) meets a criterion answered with evidence, at a stage."""

    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="evidence")
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="evidence", help_text=_("Leave empty for the whole network."),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    text = models.TextField(_("what shows it"), max_length=4000)
    link = models.URLField(_("a link"), blank=True)
    file = models.FileField(_("a paper"), upload_to=evidence_upload_path, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    meets = models.BooleanField(_("the criterion is met"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-added_at", "-pk"]
        indexes = [models.Index(fields=["project", "stage", "criterion"], name="evidence_of_project_stage")]

    def __str__(self):
        return self.text[:60]


class ReviewQuestion(models.Model):
    """A question the yearly review asks about one principle. Data leads edit."""

    principle = models.ForeignKey(
        "projects.Principle", verbose_name=_("principle"), on_delete=models.PROTECT, related_name="review_questions"
    )
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_use = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("review question")
        verbose_name_plural = _("review questions")
        ordering = ["principle__order", "order", "pk"]

    def __str__(self):
        return self.text


class Review(models.Model):
    """The yearly review of partnership working, for a period: opened by a lead, answered together, closed with a
    summary."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("review of partnership working")
        verbose_name_plural = _("reviews of partnership working")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="review_period_in_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.closed_at is None


class ReviewAnswer(KeepsRolesThen, models.Model):
    """One member's answer or rating to one question of a review. Any member may contribute while it is open."""

    ROLES_THEN = {"member": "role_then"}  # every role's view side by side, as they were when they answered

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ReviewQuestion, on_delete=models.PROTECT, related_name="answers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_answers")
    role_then = role_then_field(_("role when they answered"))
    rating = models.PositiveSmallIntegerField(
        _("how well we do this"), null=True, blank=True, help_text=_("From 1 (not at all) to 5 (very well).")
    )
    text = models.TextField(_("what you think"), blank=True, max_length=4000)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("review answer")
        verbose_name_plural = _("review answers")
        constraints = [
            models.UniqueConstraint(fields=["review", "question", "member"], name="one_answer_per_question_and_member"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="review_rating_one_to_five"),
        ]

    def __str__(self):
        return f"{self.question}: {self.rating or ''}"


class Commitment(models.Model):
    """A weakness the review found, turned into a commitment of the plan: an action (owner, due date) and the
    criterion it should move, with the criterion's figure when the review found it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="commitments")
    weakness = models.TextField(_("what the review found"), max_length=2000)
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion it should move"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="commitments",
    )
    percent_at_review = models.DecimalField(
        _("figure when the review found it (per cent)"), max_digits=5, decimal_places=1, null=True, blank=True,
        editable=False,
    )
    action = models.OneToOneField(
        "projects.Action", verbose_name=_("action"), on_delete=models.PROTECT, related_name="commitment"
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("the plan's commitments")
        ordering = ["pk"]

    def __str__(self):
        return self.weakness[:60]


class Recognition(models.Model):
    """A lead's recognition that a project met every criterion for a stage: dated, shown on the project page, with a
    printable certificate."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="recognitions")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("what the project did well"), blank=True, max_length=2000)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recognised_at = models.DateTimeField(_("recognised"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-recognised_at"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="one_recognition_per_stage")]

    def __str__(self):
        return f"{self.project}: {self.get_stage_display()}"
