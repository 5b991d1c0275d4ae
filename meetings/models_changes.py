"""What a published meeting was before each change of time or place (imported at the end of meetings/models.py, after
Meeting), so a "changed" email can say what it was and what it is now."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Meeting

# The fields a "changed" email compares, in the order it lists them.
TOLD_FIELDS = ("starts_at", "ends_at", "venue", "online_link")


class MeetingChange(models.Model):
    """One change to a published meeting: its calendar version after the change and the values before it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    sequence = models.PositiveIntegerField(_("calendar version after the change"))
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("started before"))
    ends_at = models.DateTimeField(_("ended before"))
    venue = models.CharField(_("venue before"), max_length=200, blank=True)
    online_link = models.URLField(_("online joining link before"), blank=True)

    class Meta:
        verbose_name = _("change to a meeting")
        verbose_name_plural = _("changes to meetings")
        ordering = ["meeting", "sequence"]
        constraints = [models.UniqueConstraint(fields=["meeting", "sequence"], name="one_change_per_meeting_version")]

    def __str__(self):
        return f"{self.meeting} – {self.sequence}"

    @classmethod
    def record(cls, *, before, sequence, by=None):
        """Keep the values a published meeting had before a change (`before` is the meeting as stored)."""
        return cls.objects.create(meeting_id=before.pk, sequence=sequence, changed_by=by,
                                  **{field: getattr(before, field) for field in TOLD_FIELDS})
