from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core import signing
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SERVICE_USER = "service_user", _("Service user / expert by experience")
    CARER = "carer", _("Carer")
    STAFF = "staff", _("Staff")
    PEER_SUPPORT = "peer_support", _("Peer support worker")
    VOLUNTEER = "volunteer", _("Volunteer")


class MemberQuerySet(models.QuerySet):
    def active(self):
        """Members of the network who can take part: never a supporter-only account (support/: someone who only
        acts with a member), who is not listed, invited or counted."""
        return self.filter(is_active=True, supporter_only=False)

    def not_erased(self):
        """Everyone whose account still exists: an erased member gets no invitation, reminder or list."""
        return self.filter(erased_at__isnull=True)

    def offline(self):
        """Members without email whom a lead keeps in touch with by phone or post (an erased account is not one)."""
        return self.not_erased().filter(email__isnull=True)

    def co_production_leads(self):
        return self.filter(groups__name=LEADS_GROUP_NAME)

    def in_directory(self):
        """Only people who chose to be listed; nobody else is ever searched, filtered or counted."""
        return self.active().filter(in_directory=True)

    def with_consents(self):
        """Annotate consent_<kind>: True, False, or None (never asked), from the latest record of each kind."""
        return self.annotate(
            **{
                f"consent_{kind}": Subquery(
                    Consent.objects.filter(member=OuterRef("pk"), kind=kind)
                    .order_by("-recorded_at", "-pk")
                    .values("given")[:1]
                )
                for kind in ConsentKind.values
            }
        )


class MemberManager(BaseUserManager.from_queryset(MemberQuerySet)):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        email = self.normalize_email(email) or None
        member = self.model(email=email, **extra)
        if password:
            member.set_password(password)
        else:
            member.set_unusable_password()
        member.save(using=self._db)
        return member

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


LEADS_GROUP_NAME = "Co-production leads"
EXPORTERS_GROUP_NAME = "Staff who may export project records"
FINANCE_GROUP_NAME = "Finance: approve and pay involvement"


class Power(models.TextChoices):
    """What a co-production lead can grant a member. Nothing a member writes about themselves gives a power."""

    CO_PRODUCTION_LEAD = "co_production_lead", _("Co-production lead")
    EXPORT_PROJECT_RECORDS = "export_project_records", _("May download the full record of projects they are in")
    FINANCE = "finance", _("May approve and pay involvement payments and expenses")


# Each power is held as membership of one group; every grant and withdrawal is a PowerChange row.
POWER_GROUPS = {
    Power.CO_PRODUCTION_LEAD: LEADS_GROUP_NAME,
    Power.EXPORT_PROJECT_RECORDS: EXPORTERS_GROUP_NAME,
    Power.FINANCE: FINANCE_GROUP_NAME,
}


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    POST = "post", _("Post")
    TEXT = "text", _("Text message")


class AccessNeed(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free access")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    BSL = "bsl", _("British Sign Language interpreter")
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy Read papers")
    PAPERS_EARLY = "papers_early", _("Papers well in advance")
    BREAKS = "breaks", _("Regular breaks")
    QUIET_SPACE = "quiet_space", _("A quiet space")
    SUPPORT_PERSON = "support_person", _("A support person coming with me")
    ONLINE_ONLY = "online_only", _("Online only")


class Member(AbstractBaseUser, PermissionsMixin):
    """A person in the network. Offline members (no email, no usable password) are created by a lead."""

    email = models.EmailField(
        _("email address"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Leave empty for someone who does not use email; their lead contacts them by phone or post."),
    )
    display_name = models.CharField(_("name to show"), max_length=120)
    role = models.CharField(_("main role"), max_length=20, choices=Role.choices, default=Role.SERVICE_USER)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    preferred_contact = models.CharField(
        _("best way to contact me"), max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    # Codes from AccessNeed; the organiser of each meeting sees them for people attending.
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)
    access_needs_notes = models.TextField(_("anything else that helps me take part"), blank=True, max_length=1000)
    wants_meeting_reminders = models.BooleanField(_("meeting reminders"), default=True)
    wants_meeting_digests = models.BooleanField(_("notes from meetings I was invited to"), default=True)
    wants_weekly_digest = models.BooleanField(_("weekly network news"), default=True)
    in_directory = models.BooleanField(_("show me in the member directory"), default=False)
    # Someone invited only to act with a member who named them (support/): not a member of the network.
    supporter_only = models.BooleanField(_("support person only"), default=False, editable=False)
    # Easy Read mode: larger text, short sentences and pictures on the key pages, and Easy Read emails.
    easy_read = models.BooleanField(_("Easy Read"), default=False)
    show_role_in_directory = models.BooleanField(_("show my role in the directory"), default=False)
    added_by = models.ForeignKey(
        "self", verbose_name=_("added by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The lead who added an offline member and keeps in touch with them."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("can use the admin"), default=False, help_text=_("Co-production leads need this to run meetings.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Set when the person's account is erased: from then on they are neither online nor offline, and get nothing.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)
    # When they last opened their home page, to the hour, and the visit before: the home says what changed since
    # that one, and keeps saying it for the hour however often they come back to it.
    last_seen_at = models.DateTimeField(_("last came to their home page"), null=True, blank=True, editable=False)
    previous_seen_at = models.DateTimeField(_("came before that"), null=True, blank=True, editable=False)
    # Set when they choose a language while signed in; their emails are written in it. Empty: the site's own.
    language = models.CharField(_("language"), max_length=10, blank=True, choices=settings.LANGUAGES)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_email_unique_ignoring_case"),
        ]
        indexes = [
            # The directory's pages, in name order: only members who chose to be listed.
            models.Index(
                fields=["display_name", "id"], condition=Q(is_active=True, in_directory=True), name="directory_by_name"
            ),
            models.Index(
                fields=["role", "display_name", "id"],
                condition=Q(is_active=True, in_directory=True, show_role_in_directory=True),
                name="directory_by_role_and_name",
            ),
        ]

    def __str__(self):
        return self.display_name or _("Member %(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        # Offline members have no email: store NULL so the unique constraint lets many of them exist.
        if not self.email:
            self.email = None
        else:
            self.email = self.email.strip()
        super().save(*args, **kwargs)

    def get_short_name(self):
        return self.display_name

    def get_full_name(self):
        return self.display_name

    @property
    def is_offline(self):
        # An erased member has no email either, but nobody keeps in touch with them: neither online nor offline.
        return not self.email and self.erased_at is None

    @property
    def is_erased(self):
        return self.erased_at is not None

    def current_consents(self):
        """{kind: the latest Consent row or None}, in one query."""
        latest = {kind: None for kind in ConsentKind.values}
        for consent in self.consents.order_by("recorded_at", "pk"):
            latest[consent.kind] = consent
        return latest

    def has_consented(self, kind):
        latest = self.consents.filter(kind=kind).order_by("-recorded_at", "-pk").first()
        return bool(latest and latest.given)

    def forget_powers_cache(self):
        self.__dict__.pop("_powers_cache", None)

    def powers(self):
        """The powers a lead has granted this person, read once per request."""
        cached = getattr(self, "_powers_cache", None)
        if cached is None:
            if self.pk is None:
                return frozenset()
            names = set(self.groups.filter(name__in=POWER_GROUPS.values()).values_list("name", flat=True))
            cached = self._powers_cache = frozenset(power for power, name in POWER_GROUPS.items() if name in names)
        return cached

    def has_power(self, power):
        return bool(self.is_active and (self.is_superuser or power in self.powers()))

    @property
    def is_co_production_lead(self):
        return self.has_power(Power.CO_PRODUCTION_LEAD)

    # The rules are the one authority, for administrators too: Django's "a superuser may do anything" shortcut is
    # not taken, so a rule such as "only an offline member's data is handled by a lead" holds for everyone.
    def has_perm(self, perm, obj=None):
        import rules

        return bool(self.is_active and rules.has_perm(perm, self, obj))

    def has_perms(self, perm_list, obj=None):
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label):
        import rules

        return bool(self.is_active and rules.has_perm(app_label, self))


class ConsentKind(models.TextChoices):
    CONTACT = "contact", _("Being contacted by the network")
    PHOTOGRAPHS = "photographs", _("Being photographed or filmed at network events")
    DATA_PROCESSING = "data_processing", _("The network keeping and using personal details")


class Consent(models.Model):
    """One giving or withdrawing of a consent. Rows are never changed, so the history stays whole."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member"))
    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"), help_text=_("Ticked: consent given. Not ticked: consent withdrawn or refused."))
    recorded_at = models.DateTimeField(_("date"), default=timezone.now)
    recorded_by = models.ForeignKey(
        Member, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The member themselves, or the lead who recorded it on their behalf."),
    )
    how = models.CharField(_("how it was given"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["member", "kind", "-recorded_at"], name="consent_latest_per_kind")]

    def __str__(self):
        state = _("given") if self.given else _("withdrawn")
        return f"{self.get_kind_display()}: {state}"

    @property
    def recorded_on_behalf(self):
        return self.recorded_by_id is not None and self.recorded_by_id != self.member_id


class PowerChange(models.Model):
    """One granting or withdrawing of a power, by a lead. Rows are never changed, so who could do what stays known."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="power_changes", verbose_name=_("member"))
    power = models.CharField(_("power"), max_length=30, choices=Power.choices)
    granted = models.BooleanField(_("granted"), help_text=_("Ticked: the power was granted. Not ticked: withdrawn."))
    changed_by = models.ForeignKey(
        Member, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("date"), default=timezone.now)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("power granted or withdrawn")
        verbose_name_plural = _("powers granted or withdrawn")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["member", "power", "-changed_at"], name="power_change_latest")]

    def __str__(self):
        state = _("granted") if self.granted else _("withdrawn")
        return f"{self.get_power_display()}: {state}"


class EmailChange(models.Model):
    """A lead changed a member's email address: who, when, and whether the old address has been told.

    The old address is kept only until it has been told, then blanked: the record says that it changed, not what
    it was.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="email_changes", verbose_name=_("member"))
    changed_by = models.ForeignKey(
        Member, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("date"), default=timezone.now)
    old_address = models.EmailField(_("old address, until it is told"), blank=True)
    old_address_told_at = models.DateTimeField(_("old address told"), null=True, blank=True)

    class Meta:
        verbose_name = _("email address change")
        verbose_name_plural = _("email address changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return str(_("Email address changed"))


INVITATION_SALT = "network.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 21  # three weeks: people who find email hard may take a while


class JoinInvitation(models.Model):
    """A lead asks someone to join by email; the link in the email takes them through sign-up."""

    email = models.EmailField(_("email address"))
    display_name = models.CharField(_("their name"), max_length=120, blank=True)
    message = models.TextField(_("a personal note"), max_length=1000, blank=True)
    invited_by = models.ForeignKey(
        Member, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    sent_at = models.DateTimeField(_("email sent"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Member, verbose_name=_("joined as"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
                violation_error_message=_(
                    "This address already has an invitation waiting. Use “Send the invitation email again” instead."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name or _("Invitation %(id)s") % {"id": self.pk}

    @property
    def token(self):
        # Signed id only: no email address in the link.
        return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token):
        """The open invitation for a token, or None if the link is forged, too old or already used."""
        try:
            pk = signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=INVITATION_MAX_AGE)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=pk, accepted_at__isnull=True).first()


class NetworkPage(models.Model):
    """The network page's own words. One row; the principles come from projects.Principle."""

    about = models.TextField(_("about the network"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        Member, verbose_name=_("last changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("network page")
        verbose_name_plural = _("network page")

    def __str__(self):
        return str(_("The network page"))

    @classmethod
    def load(cls):
        page = cls.objects.order_by("pk").first()
        if page is None:
            page = cls.objects.create(about=DEFAULT_ABOUT)
        return page


DEFAULT_ABOUT = (
    "We are a network of people who use health and social care services, carers, staff, peer support workers "
    "and volunteers. We meet regularly to share ideas, work on projects together and talk about what stops "
    "people getting involved.\n\n"
    "We work as equals. Nobody's voice counts for more because of their job title, and what people have lived "
    "through is as valuable as what professionals have learned."
)


class EnquiryQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(answered_at__isnull=True)


class Enquiry(models.Model):
    """A message sent through the network's contact form, by anyone, signed in or not."""

    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    message = models.TextField(_("your message"), max_length=3000)
    sent_by = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    leads_notified_at = models.DateTimeField(_("leads told"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        Member, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("leads' notes"), blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="enquiry_has_a_way_to_reply"),
        ]

    def __str__(self):
        return _("Enquiry %(id)s") % {"id": self.pk}


class BlockageQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def waiting(self):
        return self.filter(answered_at__isnull=True)

    def you_said_we_did(self):
        """Answered blockages the member agreed to share, without their name."""
        return self.answered().filter(may_share=True).order_by("-answered_at")


class Blockage(models.Model):
    """Something that gets in the way of taking part, raised by a member and answered by the leads."""

    raised_by = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="blockages", verbose_name=_("raised by"))
    you_said = models.TextField(_("what gets in the way"), max_length=2000)
    may_share = models.BooleanField(
        _("share without my name"),
        default=True,
        help_text=_("We may show what you said and what we did on the network page, without your name."),
    )
    created_at = models.DateTimeField(_("raised"), default=timezone.now)
    we_did = models.TextField(_("what we did"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        Member, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Set when the email went out, so a retried task never sends it twice.
    leads_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    member_told_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BlockageQuerySet.as_manager()

    class Meta:
        verbose_name = _("blockage to getting involved")
        verbose_name_plural = _("blockages to getting involved")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(we_did=""), name="answered_blockage_says_what_we_did"
            ),
        ]

    def __str__(self):
        return self.you_said[:80]

    @property
    def is_answered(self):
        return self.answered_at is not None


# The accessibility statement's own rows live beside the network page they are like (one row, edited by leads).
from .accessibility_statement import AccessibilityIssue, AccessibilityStatement  # noqa: E402, F401

# What a member brings (their profile's optional, asset-based part), each piece with who may see it.
from .what_i_bring import TakingPart, WhatIBring  # noqa: E402, F401
