from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    PLACE_OFFERED = "place_offered", _("A place came free")
    SUGGESTION_ANSWER = "suggestion_answer", _("Answer to an agenda suggestion")
    MINUTES_DIGEST = "minutes_digest", _("Notes from a meeting")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly network news")
    OFFLINE_CONTACT_LIST = "offline_contact_list", _("People to phone or write to")
    STAGE_CHANGED = "stage_changed", _("A project moved stage")
    JOIN_REQUESTED = "join_requested", _("Someone asked to join a project")
    JOIN_DECIDED = "join_decided", _("An answer to a request to join")
    NETWORK_INVITATION = "network_invitation", _("An invitation to join the network")
    ENQUIRY_RECEIVED = "enquiry_received", _("A message through the contact form")
    BLOCKAGE_RAISED = "blockage_raised", _("Something gets in the way of taking part")
    BLOCKAGE_ANSWERED = "blockage_answered", _("An answer to what gets in the way")
    EMAIL_CHANGED = "email_changed", _("An email address was changed")
    PLEDGE_SIGNED = "pledge_signed", _("Thank you for taking the pledge")
    INVOLVEMENT_STEP = "involvement_step", _("News about an expense claim or involvement payment")
    SUPPORT_NAMED = "support_named", _("You were named as someone's support person")
    SUPPORT_COPY = "support_copy", _("A copy of an email to someone you support")


class DueNotification(models.Model):
    """Something due to go out at a time: claimed by the periodic scan, never scheduled as a far-future ETA."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    occasion = models.CharField(_("occasion"), max_length=40)
    due_at = models.DateTimeField(_("due"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("scheduled email")
        verbose_name_plural = _("scheduled emails")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "occasion"], name="one_due_notification_per_occasion"),
        ]
        indexes = [models.Index(fields=["processed_at", "due_at"], name="due_unprocessed_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id} ({self.occasion})"


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Delivery.Status.PENDING).filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now)
        )


class Delivery(models.Model):
    """One row per message to one person: the exactly-once ledger."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")
        FAILED = "failed", _("Could not be delivered")

    class SkipReason(models.TextChoices):
        NO_EMAIL = "no_email", _("No email address (offline member: their lead was told)")
        OPTED_OUT = "opted_out", _("Turned this kind of email off")
        BOUNCED = "bounced", _("The mail server refused the address")
        NOTHING_NEW = "nothing_new", _("Nothing new for them")
        STALE = "stale", _("Too late: the meeting had already happened")
        INACTIVE = "inactive", _("Account closed")

    # A member, or (member empty) someone known only by an address: an invited person, the address an email change
    # replaced, the network's own address when there is no lead yet.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="deliveries", db_index=False,  # the unique constraint below starts with the member
    )
    to_address = models.EmailField(_("sent to"), blank=True, help_text=_("Only for someone who is not a member."))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    occasion = models.CharField(_("occasion"), max_length=40)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="deliveries", db_index=False,  # indexed below where there is one
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(_("why not sent"), max_length=20, choices=SkipReason.choices, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resent by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False,  # indexed below where there is one
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "object_id", "occasion"], name="one_delivery_per_member_kind_object_occasion"
            ),
            models.UniqueConstraint(
                fields=["to_address", "kind", "object_id", "occasion"], condition=models.Q(member__isnull=True),
                name="one_delivery_per_address_kind_object_occasion",
            ),
        ]
        # Every email is written to the ledger twice (claimed, then sent), and each write adds an entry to every
        # index. So the indexes hold only what is looked up: the rows waiting to be sent (few, for the claim), and
        # the rows that have a meeting or a lead who resent them.
        indexes = [
            models.Index(fields=["id"], condition=models.Q(status="pending"), name="delivery_waiting_idx"),
            models.Index(fields=["meeting"], condition=models.Q(meeting__isnull=False), name="delivery_meeting_idx"),
            models.Index(fields=["requested_by"], condition=models.Q(requested_by__isnull=False),
                         name="delivery_resent_by_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.member or self.to_address or '?'} ({self.occasion})"

    @property
    def address(self):
        """Where this email goes: the address it was queued for, else the member's."""
        return self.to_address or (self.member.email if self.member else "")


class ReminderRule(models.Model):
    """How long before a meeting a reminder goes out. Leads add, change or switch these off in the admin."""

    hours_before = models.PositiveIntegerField(_("hours before the meeting"), unique=True)
    label = models.CharField(_("name"), max_length=60, help_text=_("For example: 'a week before'."))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reminder time")
        verbose_name_plural = _("reminder times")
        ordering = ["-hours_before"]

    def __str__(self):
        return self.label

    @property
    def occasion(self):
        return f"{self.hours_before}h"
