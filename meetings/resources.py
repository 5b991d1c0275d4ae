"""The meetings list, with replies and attendance, that leads export from the admin."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from exports.resources import SafeResource

from .models import Attendance, Meeting


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
        counts = {"coming_count": Count("invitations", filter=Q(invitations__response="attending"), distinct=True),
                  "guest_count": Count("guests", distinct=True)}
        for status in ("present", "apologies", "absent"):
            counts[f"{status}_count"] = Count("attendance", filter=Q(attendance__status=status), distinct=True)
        queryset = queryset.prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("member").order_by("member__display_name")),
            "guests",
        )
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
        people = [f"{a.member.display_name} ({a.get_status_display()})" for a in meeting.attendance.all()]
        people += [f"{guest.name} ({_('guest')})" for guest in meeting.guests.all()]
        return "; ".join(people)

    def dehydrate_guests(self, meeting):
        return getattr(meeting, "guest_count", None)
