"""The projects and memberships lists leads export from the admin."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from exports.resources import SafeResource, choice_label
from network.models import Role

from .models import Project, ProjectMembership


class ProjectResource(SafeResource):
    title = fields.Field(attribute="title", column_name=_("title"))
    slug = fields.Field(attribute="slug", column_name=_("web address name"))
    stage = fields.Field(column_name=_("stage"))
    involvement_level = fields.Field(column_name=_("involvement level"))
    needs_tier = fields.Field(column_name=_("needs tier"))
    join_policy = fields.Field(column_name=_("how people join"))
    active_member_count = fields.Field(
        attribute="active_member_count", column_name=_("members"), widget=widgets.IntegerWidget()
    )
    count_service_user = fields.Field(attribute="count_service_user", column_name=Role.SERVICE_USER.label,
                                      widget=widgets.IntegerWidget())
    count_carer = fields.Field(attribute="count_carer", column_name=Role.CARER.label, widget=widgets.IntegerWidget())
    count_staff = fields.Field(attribute="count_staff", column_name=Role.STAFF.label, widget=widgets.IntegerWidget())
    count_peer_support = fields.Field(attribute="count_peer_support", column_name=Role.PEER_SUPPORT.label,
                                      widget=widgets.IntegerWidget())
    count_volunteer = fields.Field(attribute="count_volunteer", column_name=Role.VOLUNTEER.label,
                                   widget=widgets.IntegerWidget())
    created_at = fields.Field(attribute="created_at", column_name=_("started"), widget=widgets.DateTimeWidget())

    class Meta:
        model = Project
        fields = [
            "id", "title", "slug", "stage", "involvement_level", "needs_tier", "join_policy", "active_member_count",
            *[f"count_{role}" for role in Role.values], "created_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.with_role_counts()

    def dehydrate_stage(self, project):
        return str(project.get_stage_display())

    def dehydrate_involvement_level(self, project):
        return str(project.get_involvement_level_display())

    def dehydrate_needs_tier(self, project):
        return str(project.get_needs_tier_display())

    def dehydrate_join_policy(self, project):
        return str(project.get_join_policy_display())


class ProjectMembershipResource(SafeResource):
    """Who is involved in which project, and why (for leads reviewing involvement across the network)."""

    project = fields.Field(attribute="project__title", column_name=_("project"))
    member = fields.Field(attribute="member__display_name", column_name=_("member"))
    role = fields.Field(column_name=_("main role"))
    project_role = fields.Field(attribute="project_role", column_name=_("role in the project"))
    is_project_lead = fields.Field(attribute="is_project_lead", column_name=_("project lead"), widget=widgets.BooleanWidget())
    status = fields.Field(column_name=_("status"))
    why_involved = fields.Field(attribute="why_involved", column_name=_("why they are involved"))
    contribution = fields.Field(attribute="contribution", column_name=_("what they do"))
    joined_at = fields.Field(attribute="joined_at", column_name=_("joined"), widget=widgets.DateTimeWidget())

    class Meta:
        model = ProjectMembership
        fields = [
            "id", "project", "member", "role", "project_role", "is_project_lead", "status", "why_involved",
            "contribution", "joined_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("project", "member")

    def dehydrate_role(self, membership):
        return choice_label(Role.choices, membership.member.role)

    def dehydrate_status(self, membership):
        return str(membership.get_status_display())
