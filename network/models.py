from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
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
        return self.filter(is_active=True)

    def offline(self):
        return self.filter(email__isnull=True)

    def co_production_leads(self):
        return self.filter(groups__name=LEADS_GROUP_NAME)


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
        return not self.email

    @property
    def is_co_production_lead(self):
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_lead_cache", None)
        if cached is None:
            cached = self.groups.filter(name=LEADS_GROUP_NAME).exists()
            self._is_lead_cache = cached
        return cached
