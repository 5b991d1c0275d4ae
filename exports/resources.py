"""django-import-export resources for the admin's lists, spreadsheet-safe, and the mixin that audits every export.

Use in an admin class:

    class MemberAdmin(AuditedExportMixin, admin.ModelAdmin):
        resource_classes = [MemberResource]
"""

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from meetings.models import Meeting
from network.models import LEADS_GROUP_NAME, AccessNeed, ConsentKind, Member, Role
from pledges.models import PledgeSignature
from projects.models import Project, ProjectMembership

from .models import ExportFormat, ExportKind
from .safety import neutralise
from .services import record_export


def _label(choices, value):
    return str(dict(choices).get(value, value or ""))


class SafeResource(resources.ModelResource):
    """Every text cell neutralised against formula injection; numbers and dates keep their type."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return neutralise(value)

    def get_export_headers(self, selected_fields=None):
        return [neutralise(header) for header in super().get_export_headers(selected_fields)]


class MemberResource(SafeResource):
    """Members for leads: who they are and how to reach them. Never a password, never a secret link."""

    name = fields.Field(attribute="display_name", column_name=_("name"))
    email = fields.Field(attribute="email", column_name=_("email address"))
    role = fields.Field(column_name=_("main role"))
    pronouns = fields.Field(attribute="pronouns", column_name=_("pronouns"))
    phone = fields.Field(attribute="phone", column_name=_("phone number"))
    preferred_contact = fields.Field(column_name=_("best way to contact"))
    postal_address = fields.Field(attribute="postal_address", column_name=_("postal address"))
    access_needs = fields.Field(column_name=_("access needs"))
    offline = fields.Field(column_name=_("offline member"))
    is_lead = fields.Field(column_name=_("co-production lead"))
    in_directory = fields.Field(attribute="in_directory", column_name=_("in the directory"), widget=widgets.BooleanWidget())
    is_active = fields.Field(attribute="is_active", column_name=_("active"), widget=widgets.BooleanWidget())
    date_joined = fields.Field(attribute="date_joined", column_name=_("joined"), widget=widgets.DateTimeWidget())
    consent_contact = fields.Field(column_name=_("consent: contact"))
    consent_photographs = fields.Field(column_name=_("consent: photographs"))
    consent_data_processing = fields.Field(column_name=_("consent: keep my details"))

    class Meta:
        model = Member
        fields = [
            "id", "name", "email", "role", "pronouns", "phone", "preferred_contact", "postal_address", "access_needs",
            "offline", "is_lead", "in_directory", "is_active", "date_joined",
            "consent_contact", "consent_photographs", "consent_data_processing",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.with_consents().prefetch_related("groups")

    def dehydrate_role(self, member):
        return _label(Role.choices, member.role)

    def dehydrate_preferred_contact(self, member):
        return str(member.get_preferred_contact_display())

    def dehydrate_access_needs(self, member):
        return ", ".join(_label(AccessNeed.choices, code) for code in member.access_needs or [])

    def dehydrate_offline(self, member):
        return str(_("yes")) if member.is_offline else str(_("no"))

    def dehydrate_is_lead(self, member):
        return str(_("yes")) if any(g.name == LEADS_GROUP_NAME for g in member.groups.all()) else str(_("no"))

    def _consent(self, member, kind):
        given = getattr(member, f"consent_{kind}", None)
        if given is None:
            return str(_("not asked"))
        return str(_("given")) if given else str(_("withdrawn"))

    def dehydrate_consent_contact(self, member):
        return self._consent(member, ConsentKind.CONTACT)

    def dehydrate_consent_photographs(self, member):
        return self._consent(member, ConsentKind.PHOTOGRAPHS)

    def dehydrate_consent_data_processing(self, member):
        return self._consent(member, ConsentKind.DATA_PROCESSING)


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


def _meeting_model(name):
    try:
        return apps.get_model("meetings", name)
    except LookupError:
        return None


class MeetingResource(SafeResource):
    """Meetings with their replies and attendance: counts, and who was there (members by name, guests by name)."""

    title = fields.Field(attribute="title", column_name=_("meeting"))
    kind = fields.Field(column_name=_("kind"))
    project = fields.Field(attribute="project__title", column_name=_("project"))
    status = fields.Field(column_name=_("status"))
    starts_at = fields.Field(attribute="starts_at", column_name=_("starts"), widget=widgets.DateTimeWidget())
    ends_at = fields.Field(attribute="ends_at", column_name=_("ends"), widget=widgets.DateTimeWidget())
    venue = fields.Field(attribute="venue", column_name=_("venue"))
    capacity = fields.Field(attribute="capacity", column_name=_("places"), widget=widgets.IntegerWidget())
    coming = fields.Field(attribute="coming_count", column_name=_("said they were coming"), widget=widgets.IntegerWidget())
    present = fields.Field(attribute="present_count", column_name=_("present"), widget=widgets.IntegerWidget())
    apologies = fields.Field(attribute="apologies_count", column_name=_("sent apologies"), widget=widgets.IntegerWidget())
    absent = fields.Field(attribute="absent_count", column_name=_("absent"), widget=widgets.IntegerWidget())
    guests = fields.Field(attribute="guest_count", column_name=_("guests"), widget=widgets.IntegerWidget())
    attendance = fields.Field(column_name=_("attendance"))

    class Meta:
        model = Meeting
        fields = [
            "id", "title", "kind", "project", "status", "starts_at", "ends_at", "venue", "capacity",
            "coming", "present", "apologies", "absent", "guests", "attendance",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        attendance = _meeting_model("Attendance")
        counts = {}
        if _meeting_model("Invitation") is not None:
            counts["coming_count"] = Count("invitations", filter=Q(invitations__response="attending"), distinct=True)
        if attendance is not None:
            for status in ("present", "apologies", "absent"):
                counts[f"{status}_count"] = Count("attendance", filter=Q(attendance__status=status), distinct=True)
            queryset = queryset.prefetch_related(
                Prefetch("attendance", queryset=attendance.objects.select_related("member").order_by("member__display_name"))
            )
        if _meeting_model("Guest") is not None:
            counts["guest_count"] = Count("guests", distinct=True)
            queryset = queryset.prefetch_related("guests")
        return queryset.select_related("project").annotate(**counts)

    def dehydrate_kind(self, meeting):
        return str(meeting.get_kind_display())

    def dehydrate_status(self, meeting):
        return str(meeting.get_status_display())

    def dehydrate_coming(self, meeting):
        return getattr(meeting, "coming_count", None)

    def dehydrate_present(self, meeting):
        return getattr(meeting, "present_count", None)

    def dehydrate_apologies(self, meeting):
        return getattr(meeting, "apologies_count", None)

    def dehydrate_absent(self, meeting):
        return getattr(meeting, "absent_count", None)

    def dehydrate_attendance(self, meeting):
        people = []
        if _meeting_model("Attendance") is not None:
            people += [f"{a.member.display_name} ({a.get_status_display()})" for a in meeting.attendance.all()]
        if _meeting_model("Guest") is not None:
            people += [f"{guest.name} ({_('guest')})" for guest in meeting.guests.all()]
        return "; ".join(people)

    def dehydrate_guests(self, meeting):
        return getattr(meeting, "guest_count", None)


class PledgeSignatureResource(SafeResource):
    member_id = fields.Field(attribute="member_id", column_name=_("member number"), widget=widgets.IntegerWidget())
    member_name = fields.Field(attribute="member__display_name", column_name=_("member"))
    role = fields.Field(column_name=_("role"))
    version_title = fields.Field(attribute="version__title", column_name=_("pledge version"))
    version_published = fields.Field(
        attribute="version__published_at", column_name=_("version published"), widget=widgets.DateTimeWidget()
    )
    signed_at = fields.Field(attribute="signed_at", column_name=_("signed"), widget=widgets.DateTimeWidget())
    commitment = fields.Field(attribute="commitment", column_name=_("own commitment"))
    show_on_wall = fields.Field(attribute="show_on_wall", column_name=_("on the wall"), widget=widgets.BooleanWidget())
    withdrawn_at = fields.Field(attribute="withdrawn_at", column_name=_("withdrawn"), widget=widgets.DateTimeWidget())

    class Meta:
        model = PledgeSignature
        fields = [
            "id", "member_id", "member_name", "role", "version_title", "version_published",
            "signed_at", "commitment", "show_on_wall", "withdrawn_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("member", "version")

    def dehydrate_role(self, signature):
        return _label(Role.choices, signature.member.role)


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
        return _label(Role.choices, membership.member.role)

    def dehydrate_status(self, membership):
        return str(membership.get_status_display())


FORMAT_CODES = {"csv": ExportFormat.CSV, "xlsx": ExportFormat.XLSX}


class AuditedExportMixin(ExportMixin):
    """Admin export (CSV and Excel) for co-production leads; every export writes an ExportAudit row."""

    formats = [CSV, XLSX]
    # The plain form: the column-picking one has an unlabelled "select all" box and an inline handler the
    # Content Security Policy blocks.
    export_form_class = ExportForm

    def has_export_permission(self, request):
        return request.user.has_perm("exports.export_lists")

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        request._export_row_count = len(dataset)
        return dataset

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        record_export(
            who=request.user,
            kind=ExportKind.ADMIN_LIST,
            what=self.model._meta.label_lower,
            format=FORMAT_CODES.get(file_format.get_extension(), ExportFormat.CSV),
            row_count=getattr(request, "_export_row_count", 0),
        )
        return data
