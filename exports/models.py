from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    CSV = "csv", _("CSV file")
    ZIP = "zip", _("ZIP of CSV files")
    PRINT = "print", _("Printable page")
    JSON = "json", _("JSON file")


class ExportKind(models.TextChoices):
    PROJECT_RECORD = "project_record", _("A project's full record")
    PROJECT_PART = "project_part", _("One part of a project's record")
    ADMIN_LIST = "admin_list", _("A list from the admin")
    MY_DATA = "my_data", _("A member's own data")
    INVOLVEMENT_MONEY = "involvement_money", _("Involvement payments and expenses (for finance, or a statement)")


class ExportAuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The export audit log is never changed.")

    def delete(self):
        raise TypeError("The export audit log is never deleted.")


class ExportAudit(models.Model):
    """One row per export: who took what out of the platform, when, and how many rows. Written once, never changed.

    No names or addresses in here: who is a link to the member, what is a model label and an id.
    """

    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("exported by"), on_delete=models.PROTECT, related_name="exports_made",
        editable=False,
    )
    kind = models.CharField(_("kind of export"), max_length=20, choices=ExportKind.choices, editable=False)
    what = models.CharField(
        _("what was exported"), max_length=100, editable=False,
        help_text=_("The list or part exported, for example network.member or project record: attendance."),
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    object_id = models.PositiveBigIntegerField(_("record number"), null=True, blank=True, editable=False)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0, editable=False)
    exported_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    objects = ExportAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("export audit record")
        verbose_name_plural = _("export audit log")
        ordering = ["-exported_at", "-pk"]
        default_permissions = ("view",)
        permissions = [
            ("export_project", _("Can export any project's full record")),
            ("export_lists", _("Can export lists of members, projects, meetings and signatures from the admin")),
        ]
        indexes = [models.Index(fields=["-exported_at"], name="export_audit_newest_first")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_format_display()}), {self.exported_at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The export audit log is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The export audit log is never deleted.")
