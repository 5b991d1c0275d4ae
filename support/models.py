"""Who a member named as a support person, what each may do (a dated consent record per choice, never edited), and
everything a support person did for the member."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Relationship(models.TextChoices):
    CARE_PARTNER = "care_partner", _("Care partner")
    FAMILY = "family", _("Family member")
    ADVOCATE = "advocate", _("Advocate")
    FRIEND = "friend", _("Friend")
    OTHER = "other", _("Someone else")


class Permission(models.TextChoices):
    """What a member lets one support person do. Each is asked for and given on its own."""

    COPIES = "copies", _("Get a copy of my meeting invitations, reminders and notes")
    REPLY = "reply", _("Reply to meetings for me")
    SEE_ACTIONS = "see_actions", _("See my actions")
    ACCESS_NEEDS = "access_needs", _("Update my access needs")


class How(models.TextChoices):
    SITE = "site", _("On the website")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("On paper")


class SupportLinkQuerySet(models.QuerySet):
    def with_permissions(self):
        """Annotate may_<permission>: True only when the latest consent row for it says given."""
        return self.annotate(**{
            f"may_{permission}": Subquery(
                SupportConsent.objects.filter(link=OuterRef("pk"), permission=permission)
                .order_by("-recorded_at", "-pk").values("given")[:1]
            )
            for permission in Permission.values
        })

    def live(self, permission):
        """Links whose latest consent row for `permission` is a yes, read now (a withdrawal counts at once)."""
        latest = SupportConsent.objects.filter(link=OuterRef("pk"), permission=permission).order_by(
            "-recorded_at", "-pk").values("given")[:1]
        return self.annotate(_live=Subquery(latest)).filter(_live=True, supporter__is_active=True,
                                                            supporter__erased_at__isnull=True)


class SupportLink(models.Model):
    """A member named this person as one of their support people. `name` is what the member calls them (the
    person's own display name is never shown to the member through it)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="support_people")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("support person"),
                                  on_delete=models.CASCADE, related_name="supporting")
    name = models.CharField(_("their name"), max_length=120)
    relationship = models.CharField(_("who they are to you"), max_length=20, choices=Relationship.choices,
                                    default=Relationship.CARE_PARTNER)
    created_at = models.DateTimeField(_("named"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("named by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = SupportLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("support person")
        verbose_name_plural = _("support people")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "supporter"], name="one_link_per_member_and_supporter"),
            models.CheckConstraint(condition=~Q(member=F("supporter")), name="nobody_supports_themselves"),
        ]

    def __str__(self):
        return self.name


class SupportConsent(models.Model):
    """One choice the member made about one support person: given or withdrawn, when, how, and who recorded it.
    A change is a new row; nothing is edited or deleted."""

    link = models.ForeignKey(SupportLink, on_delete=models.CASCADE, related_name="consents")
    permission = models.CharField(_("what they may do"), max_length=20, choices=Permission.choices)
    given = models.BooleanField(_("given"))
    how = models.CharField(_("how the member told us"), max_length=10, choices=How.choices, default=How.SITE)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("support consent")
        verbose_name_plural = _("support consents")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["link", "permission", "-recorded_at"], name="support_consent_latest")]

    def __str__(self):
        return f"{self.get_permission_display()}: {self.given}"


class SupportAction(models.Model):
    """Something a support person did for the member: "done by X for Y", shown to the member."""

    class What(models.TextChoices):
        REPLIED = "replied", _("Replied to a meeting")
        ACCESS_NEEDS = "access_needs", _("Updated access needs")

    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True,
                                  on_delete=models.SET_NULL, related_name="support_done")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done for"), on_delete=models.CASCADE,
                               related_name="support_received")
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    detail = models.CharField(_("details"), max_length=300, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    done_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("done by a support person")
        verbose_name_plural = _("done by support people")
        ordering = ["-done_at", "-pk"]
        indexes = [models.Index(fields=["member", "-done_at"], name="support_done_for_member")]

    def __str__(self):
        return f"{self.get_what_display()}"


WELCOME_SALT = "support.welcome"
WELCOME_MAX_AGE = 60 * 60 * 24 * 21  # three weeks, as for an invitation to join


def welcome_token(supporter):
    return signing.TimestampSigner(salt=WELCOME_SALT).sign(str(supporter.pk))


def supporter_from_token(token):
    """The supporter-only account a welcome link is for, while it has no password yet; else None."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.TimestampSigner(salt=WELCOME_SALT).unsign(token, max_age=WELCOME_MAX_AGE)
    except signing.BadSignature:
        return None
    member = get_user_model().objects.filter(pk=pk, supporter_only=True, is_active=True,
                                             erased_at__isnull=True).first()
    if member is None or member.has_usable_password():
        return None
    return member
