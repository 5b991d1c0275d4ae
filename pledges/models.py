from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PledgeVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def current(self):
        return self.published().order_by("-published_at", "-pk").first()


class PledgeVersion(models.Model):
    title = models.CharField(_("title"), max_length=200, default=_("Our co-production pledge"))
    text = models.TextField(_("pledge text (Markdown)"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PledgeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.title} ({self.published_at:%d %b %Y})" if self.published_at else f"{self.title} (draft)"


class PledgeSignatureQuerySet(models.QuerySet):
    def standing(self):
        """Signatures not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def current(self):
        return self.standing().filter(version=PledgeVersion.objects.current())


class PledgeSignature(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledge_signatures")
    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="signatures")
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    commitment = models.TextField(_("my own commitment"), blank=True, max_length=500)
    show_on_wall = models.BooleanField(_("show my name on the pledge wall"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = PledgeSignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="one_signature_per_member_per_version"),
        ]

    def __str__(self):
        return f"{self.member} – {self.version}"
