"""What co-production leads do with the pledge: publish versions, see signatures, record paper pledges, export."""

import logging

import rules
from django.contrib import admin, messages
from django.contrib.admin import DateFieldListFilter
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from exports.resources import AuditedExportMixin
from network.admin import add_member_list_filter
from network.admin_autocomplete import ChosenMemberLabelled

from . import services
from .forms import PledgeVersionAdminForm
from .models import PledgeSignature, PledgeVersion
from .resources import PledgeSignatureResource

logger = logging.getLogger(__name__)


class PledgeFilter(admin.SimpleListFilter):
    title = _("pledge")
    parameter_name = "pledge"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Has taken the current pledge")),
            ("earlier", _("Took an earlier version only")),
            ("none", _("Has not taken the pledge")),
        ]

    def queryset(self, request, queryset):
        standing = PledgeSignature.objects.standing().filter(member=OuterRef("pk"))
        current = PledgeVersion.objects.current()
        signed_current = Exists(standing.filter(version=current)) if current else None
        if self.value() == "current":
            return queryset.filter(signed_current) if signed_current is not None else queryset.none()
        if self.value() == "earlier":
            earlier = queryset.filter(Exists(standing))
            return earlier.exclude(signed_current) if signed_current is not None else earlier
        if self.value() == "none":
            return queryset.exclude(Exists(standing))
        return queryset


# The members list can be filtered by who has taken the pledge.
add_member_list_filter(PledgeFilter)


@admin.register(PledgeVersion)
class PledgeVersionAdmin(admin.ModelAdmin):
    form = PledgeVersionAdminForm
    list_display = ["title", "published_at", "state", "standing_count", "withdrawn_count"]
    readonly_fields = ["preview", "created_at"]
    fields = ["title", "text", "text_cy", "easy_read_text", "what_changed", "published_at", "preview", "created_at"]
    actions = ["publish_now"]
    ordering = ["-published_at", "-pk"]

    def get_queryset(self, request):
        latest = PledgeVersion.objects.published().order_by("-published_at", "-pk").values("pk")[:1]
        return super().get_queryset(request).with_signature_counts().annotate(current_pk=Subquery(latest))

    @admin.display(description=_("state"))
    def state(self, version):
        if not version.is_published:
            return _("Scheduled") if version.published_at else _("Draft")
        return _("Current") if version.pk == version.current_pk else _("Earlier (read-only)")

    @admin.display(description=_("signed (standing)"), ordering="standing_count")
    def standing_count(self, version):
        return version.standing_count

    @admin.display(description=_("withdrawn"), ordering="withdrawn_count")
    def withdrawn_count(self, version):
        return version.withdrawn_count

    @admin.display(description=_("how members will see it"))
    def preview(self, version):
        return version.text_html if version.pk else "-"

    @admin.action(description=_("Publish the selected drafts now"))
    def publish_now(self, request, queryset):
        published, without_easy_read = 0, []
        for version in queryset:
            if not self.has_change_permission(request, version):
                continue
            try:
                services.publish_version(version=version)
            except services.AlreadyPublished:
                continue
            except services.EasyReadMissing:
                without_easy_read.append(version.title)
                continue
            published += 1
        if without_easy_read:
            self.message_user(
                request,
                _("Not published, because it has no Easy Read text yet: %(titles)s. Open it and write its Easy Read "
                  "text first.") % {"titles": ", ".join(without_easy_read)},
                messages.ERROR,
            )
        self.message_user(
            request,
            ngettext("%(n)d version published.", "%(n)d versions published.", published) % {"n": published},
            messages.SUCCESS if published else messages.WARNING,
        )


class StandingFilter(admin.SimpleListFilter):
    title = _("standing or withdrawn")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return [("yes", _("Standing")), ("no", _("Withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.standing()
        if self.value() == "no":
            return queryset.withdrawn()
        return queryset


@admin.register(PledgeSignature)
class PledgeSignatureAdmin(ChosenMemberLabelled, AuditedExportMixin, admin.ModelAdmin):
    resource_classes = [PledgeSignatureResource]  # spreadsheet-safe; every export is audited
    formats = [CSV, XLSX]
    export_form_class = ExportForm
    list_display = ["member", "member_role", "version", "signed_at", "show_on_wall", "withdrawn_at"]
    list_filter = ["version", "member__role", ("signed_at", DateFieldListFilter), StandingFilter, "show_on_wall"]
    list_select_related = ["member", "version"]
    date_hierarchy = "signed_at"
    search_fields = ["member__display_name"]
    fields = ["member", "version", "signed_at", "commitment", "show_on_wall", "withdrawn_at"]
    autocomplete_fields = ["member"]  # a paper pledge is recorded for the right one of two people with one name
    actions = ["withdraw_selected"]

    def get_readonly_fields(self, request, obj=None):
        # Adding records a paper pledge; afterwards the words are the member's own and nobody edits them.
        return ["withdrawn_at"] if obj is None else self.fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = PledgeVersion.objects.published()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("role"), ordering="member__role")
    def member_role(self, signature):
        return signature.member.get_role_display()

    def has_export_permission(self, request):
        return rules.has_perm("pledges.export_pledgesignature", request.user)

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("member", "version")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        # Who exported, how many rows, when: ids only, never names or emails.
        logger.info(
            "pledge signatures exported by member %s: %s rows as %s at %s",
            request.user.pk, queryset.count(), file_format.get_title(), timezone.now().isoformat(),
        )
        return data

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not rules.has_perm("pledges.view_pledgesignature", request.user):
            actions.pop("withdraw_selected", None)
        return actions

    @admin.action(description=_("Withdraw the selected signatures (at the member's request)"))
    def withdraw_selected(self, request, queryset):
        count = services.withdraw_signatures(signatures=list(queryset))
        self.message_user(
            request, ngettext("%(n)d signature withdrawn.", "%(n)d signatures withdrawn.", count) % {"n": count}
        )
