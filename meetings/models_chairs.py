"""Who chaired or co-chaired a meeting (imported at the end of meetings/models.py, after Meeting), with their role
then, so "who chairs our meetings" stays true when people change role (network/role_snapshots.py). Recorded on
the meeting's run-sheet with the register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.role_snapshots import KeepsRolesThen, RoleSnapshotQuerySet, role_then_field

from .models import Meeting


class MeetingChair(KeepsRolesThen, models.Model):
    ROLES_THEN = {"member": "role_then"}

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="chairs")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair or co-chair"), on_delete=models.CASCADE,
        related_name="meetings_chaired",
    )
    role_then = role_then_field(_("role when they chaired"))

    objects = RoleSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("chair or co-chair")
        verbose_name_plural = _("chairs and co-chairs")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="chairs_a_meeting_once")]

    def __str__(self):
        return str(self.member)
