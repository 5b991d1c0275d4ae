"""The register of a meeting with an involvement level makes each person's record of time given: through the hook
the register's services call (they write in bulk), and through save and delete of a single attendance row."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meetings.models import Attendance
from meetings.register_hooks import when_the_register_changes

from .services_time import follow_register

when_the_register_changes(follow_register)


@receiver(post_save, sender=Attendance, dispatch_uid="involvement_follows_one_attendance_saved")
@receiver(post_delete, sender=Attendance, dispatch_uid="involvement_follows_one_attendance_deleted")
def follow_one_attendance(sender, instance, **kwargs):
    follow_register(instance.meeting)
