"""What co-production leads do with projects in the admin. Who may do it comes from projects/rules.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from exports.resources import AuditedExportMixin
from network.admin_autocomplete import ChosenMemberLabelled

from . import services
from .models import (
    Action,
    DefaultChecklistItem,
    ImpactRecord,
    Principle,
    Project,
    ProjectMembership,
    StageChange,
    StageChecklistItem,
    YouSaidWeDid,
)
from .resources import ProjectResource


class MembershipInline(admin.TabularInline):
    model = ProjectMembership
    extra = 0
    fk_name = "project"
    fields = ["member", "status", "is_project_lead", "project_role", "why_involved", "contribution"]
    autocomplete_fields = ["member"]


class ChecklistInline(admin.TabularInline):
    model = StageChecklistItem
    extra = 0
    fields = ["stage", "order", "text", "done_at", "done_by", "note"]
    readonly_fields = ["done_at", "done_by"]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "reason"]
    readonly_fields = fields
    can_delete = False


@admin.register(Project)
class ProjectAdmin(AuditedExportMixin, admin.ModelAdmin):
    resource_classes = [ProjectResource]  # CSV and Excel for leads; every export is audited
    list_display = ["title", "stage", "involvement_level", "needs_tier", "join_policy"]
    list_filter = ["stage", "involvement_level", "needs_tier", "join_policy"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline, ChecklistInline, StageChangeInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "summary_cy", "easy_read_summary"]}),
        (_("Scope"), {"fields": ["aims", "can_achieve", "cannot_achieve"]}),
        (_("Kind of project"), {"fields": ["involvement_level", "needs_tier", "stage"]}),
        (_("Joining"), {"fields": ["join_policy", "requires_pledge"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Stage moves go through the project page, so each one has a reason and members are told.
        return ["stage"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            services.update_project(project=obj)
        else:
            services.create_project(project=obj, created_by=request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ProjectMembership:
            services.brought_in(memberships=[f.instance for f in formset.forms if f.instance.pk and f.has_changed()])


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(ChosenMemberLabelled, admin.ModelAdmin):
    list_display = ["member", "project", "status", "is_project_lead", "project_role"]
    list_filter = ["status", "is_project_lead", "project"]
    search_fields = ["member__display_name", "project__title"]
    autocomplete_fields = ["member", "project"]
    readonly_fields = ["joined_at", "decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.brought_in(memberships=[obj])


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    fields = ["name", "name_cy", "description", "description_cy", "easy_read_text", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(DefaultChecklistItem)
class DefaultChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "stage", "order"]
    list_filter = ["stage"]
    list_editable = ["order"]


@admin.register(Action)
class ActionAdmin(ChosenMemberLabelled, admin.ModelAdmin):
    """Every action: a project's, and those agreed at meetings (network or project). An action needs one or both."""

    list_display = ["what", "project", "meeting", "owner", "due", "done_at"]
    list_filter = [("project", admin.RelatedOnlyFieldListFilter), ("meeting", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["project", "meeting", "owner"]
    search_fields = ["what"]
    autocomplete_fields = ["owner", "project", "meeting"]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class YouSaidWeDidInline(admin.TabularInline):
    model = YouSaidWeDid
    extra = 2


@admin.register(ImpactRecord)
class ImpactRecordAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "happened_on"]
    list_filter = ["project"]
    inlines = [YouSaidWeDidInline]
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["project", "from_stage", "to_stage", "changed_by", "changed_at"]
    list_filter = ["project"]
    readonly_fields = ["project", "from_stage", "to_stage", "changed_by", "changed_at", "reason", "unticked_items"]
