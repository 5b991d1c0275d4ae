"""The accessibility statement's data: how accessible the site is, when it was tested, and what is known not to
work. Leads keep it up to date in the admin; the page at /accessibility/ is written around it in the form the
Public Sector Bodies (Websites and Mobile Applications) Accessibility Regulations 2018 ask for."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Compliance(models.TextChoices):
    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NOT = "not", _("Not compliant")


class AccessibilityStatement(models.Model):
    """One row, like the network page."""

    compliance = models.CharField(
        _("how well the site meets WCAG 2.2 AA"), max_length=10, choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text=_("'Partially compliant' while anything is listed below as not working yet."),
    )
    last_tested_on = models.DateField(
        _("last tested on"), null=True, blank=True,
        help_text=_("The day someone last checked the site with a keyboard and a screen reader."),
    )
    testing_notes = models.TextField(
        _("how it was tested, in your words"), blank=True,
        help_text=_("For example: which screen readers and browsers, and who did the checks."),
    )
    phone = models.CharField(
        _("phone number for other formats"), max_length=30, blank=True,
        help_text=_("Leave empty if people cannot phone the network."),
    )
    reply_within_days = models.PositiveSmallIntegerField(
        _("we reply within (working days)"), default=5,
    )
    prepared_on = models.DateField(_("statement prepared on"), default=timezone.localdate)
    reviewed_on = models.DateField(
        _("statement last reviewed on"), null=True, blank=True,
        help_text=_("Review the statement at least once a year."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")

    def __str__(self):
        return str(_("The accessibility statement"))

    @classmethod
    def load(cls):
        return cls.objects.order_by("pk").first() or cls.objects.create()


class AccessibilityIssue(models.Model):
    """Something known not to work for some people, until it is fixed."""

    statement = models.ForeignKey(AccessibilityStatement, on_delete=models.CASCADE, related_name="issues")
    what = models.TextField(_("what does not work"), max_length=1000,
                            help_text=_("In plain words, and who it affects."))
    criterion = models.CharField(_("WCAG success criterion"), max_length=120, blank=True,
                                 help_text=_("For example: 1.4.3 Contrast (minimum)."))
    fix_by = models.DateField(_("we plan to fix it by"), null=True, blank=True)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True,
                                help_text=_("Once fixed, it no longer shows on the statement."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("thing that does not work yet")
        verbose_name_plural = _("things that do not work yet")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.what[:80]
