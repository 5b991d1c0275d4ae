from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from network.welsh import in_language

from .text import render_markdown


class PledgeVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def drafts(self):
        """Not yet published: no date, or a date still to come."""
        return self.exclude(pk__in=self.published().values("pk"))

    def current(self):
        return self.published().order_by("-published_at", "-pk").first()

    def earlier(self):
        """Published versions that have been replaced by a newer one."""
        current = self.current()
        return self.published().exclude(pk=current.pk) if current else self.none()

    def with_signature_counts(self):
        counted = Q(signatures__withdrawn_at__isnull=True, signatures__member__is_active=True)
        return self.annotate(
            standing_count=Count("signatures", filter=counted),
            withdrawn_count=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=False)),
        )


class PledgeVersion(models.Model):
    title = models.CharField(_("title"), max_length=200, default=_("Our co-production pledge"))
    text = models.TextField(
        _("pledge text (Markdown)"),
        help_text=_("Use a blank line between paragraphs and a dash at the start of each line of a list."),
    )
    text_cy = models.TextField(
        _("pledge text in Welsh (Markdown)"), blank=True,
        help_text=_("Shown when someone reads the site in Welsh. Leave empty until it has been translated."),
    )
    easy_read_text = models.TextField(
        _("the pledge in Easy Read"),
        blank=True,
        help_text=_("Short sentences, one idea in each. Everyday words. A version cannot be published without it."),
    )
    what_changed = models.TextField(
        _("what changed"),
        blank=True,
        max_length=1000,
        help_text=_("In a sentence or two, what is different from the last version. Members who signed before see it."),
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep it as a draft. Once this date has passed the text can no longer be changed."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PledgeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.title} ({self.published_at:%d %b %Y})" if self.published_at else f"{self.title} (draft)"

    @property
    def is_published(self):
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def text_html(self):
        return render_markdown(in_language(self, "text"))

    @property
    def what_changed_html(self):
        return render_markdown(self.what_changed)


class PledgeSignatureQuerySet(models.QuerySet):
    def standing(self):
        """Signatures not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)

    def current(self):
        return self.standing().filter(version=PledgeVersion.objects.current())

    def counted(self):
        """What the figures count: standing signatures of members still active."""
        return self.standing().filter(member__is_active=True)

    def earlier(self):
        """Standing signatures of versions that have since been replaced."""
        return self.standing().filter(version__in=PledgeVersion.objects.earlier())

    def on_wall(self, version):
        """Who chose to be shown on the wall for this version, newest first."""
        return (
            self.counted()
            .filter(version=version, show_on_wall=True)
            .select_related("member")
            .order_by("-signed_at", "-pk")
        )


class PledgeSignature(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledge_signatures", verbose_name=_("member")
    )
    version = models.ForeignKey(
        PledgeVersion, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("pledge version")
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    commitment = models.TextField(_("my own commitment"), blank=True, max_length=500)
    show_on_wall = models.BooleanField(_("show my name on the pledge wall"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = PledgeSignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        ordering = ["-signed_at"]
        indexes = [
            # The pledge wall: one version's standing signatures shown by choice, newest first.
            models.Index(
                "version", F("signed_at").desc(), F("id").desc(),
                condition=Q(withdrawn_at__isnull=True, show_on_wall=True), name="pledge_wall_newest_first",
            ),
            # The figures: standing signatures of a version.
            models.Index(fields=["version", "member"], condition=Q(withdrawn_at__isnull=True), name="pledge_standing"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="one_signature_per_member_per_version"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("signed_at")),
                name="pledge_withdrawn_after_signed",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.version}"

    @property
    def is_standing(self):
        return self.withdrawn_at is None

    @cached_property
    def is_reaffirmation(self):
        """Signed by someone who had already signed an earlier version."""
        return (
            PledgeSignature.objects.filter(member_id=self.member_id, version__published_at__lt=self.version.published_at)
            .exclude(pk=self.pk)
            .exists()
        )
