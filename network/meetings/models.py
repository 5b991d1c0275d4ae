from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    """A network meeting or a project meeting. Agenda, invitations and minutes arrive with the meetings work."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network meeting")
        PROJECT = "project", _("Project meeting")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

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
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title
