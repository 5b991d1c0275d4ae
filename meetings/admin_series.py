"""Series of meetings in the admin: a plain form to make one (how often, which day, until when), its page listing
its meetings, ending it; and, mixed into the meeting admin, the choice on a meeting of a series: change only this
meeting, or this and all that follow. Who may do it comes from meetings/rules.py and network/permissions.py."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import series as series_services
from .forms_series import THIS_AND_FOLLOWING, SeriesAdminForm, with_series_choice
from .models_series import MeetingSeries


def _asks_which_meetings(obj):
    return obj is not None and obj.pk is not None and obj.series_id is not None and obj.starts_at > timezone.now()


class SeriesOccurrenceAdminMixin:
    """For the meeting admin: a meeting of a series that has not been held asks which meetings a change is for."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if _asks_which_meetings(obj):
            kwargs["form"] = with_series_choice(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _asks_which_meetings(obj):
            return fieldsets
        url = reverse("admin:meetings_meetingseries_change", args=[obj.series_id])
        about = format_html(_('This meeting is one of the series <a href="{}">{}</a>.'), url, obj.series)
        return [(_("One of a series"), {"fields": ["apply_to"], "description": about}), *fieldsets]

    def save_form(self, request, form, change):
        meeting = super().save_form(request, form, change)
        if change and form.cleaned_data.get("apply_to") == THIS_AND_FOLLOWING:
            changes = {name: form.cleaned_data[name] for name in form.changed_data
                       if name in series_services.FOLLOWING_FIELDS}
            changed = series_services.change_following(meeting=meeting, by=request.user, changes=changes)
            meeting.refresh_from_db()  # saved by the series; the meeting's own save then finds nothing new
            self.message_user(request, ngettext(
                "%(count)d meeting of the series changed: this one and those that follow it.",
                "%(count)d meetings of the series changed: this one and those that follow it.", len(changed),
            ) % {"count": len(changed)}, messages.SUCCESS)
        return meeting


WHEN_AND_WHERE = ["first_date", "start_time", "end_time", "until", "count"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    """Made once from the form; then each meeting is changed from its own page (this one, or all that follow)."""

    form = SeriesAdminForm
    list_display = ["title", "how_often", "first_date", "meeting_count", "ended_at"]
    search_fields = ["title"]
    autocomplete_fields = ["project", "chosen_members"]
    actions = ["end_series"]
    add_fieldsets = [
        (None, {"fields": ["title", "kind", "project", "description"]}),
        (_("How often"), {"fields": ["pattern", "weekday", "week_of_month"]}),
        (_("When"), {"fields": WHEN_AND_WHERE}),
        (_("Where"), {"fields": ["venue", "venue_access", "online_link", "capacity"]}),
        (_("Who is invited"), {"fields": ["audience", "chosen_members", "publish"]}),
    ]
    shown_after = ["title", "how_often", "first_date", "until", "count", "venue", "audience", "ended_at",
                   "meetings_in_series"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_count=Count("meetings"))

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else [(None, {"fields": self.shown_after})]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.shown_after

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing to save here: each meeting is changed from its own page.
        nothing_to_save = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, {**nothing_to_save, **(extra_context or {})})

    @admin.display(description=_("how often"))
    def how_often(self, obj):
        return obj.describe()

    @admin.display(description=_("meetings"), ordering="meeting_count")
    def meeting_count(self, obj):
        return obj.meeting_count

    @admin.display(description=_("its meetings (change one, or it and all that follow, from its page)"))
    def meetings_in_series(self, obj):
        rows = [
            (reverse("admin:meetings_meeting_change", args=[m.pk]),
             formats.date_format(timezone.localtime(m.starts_at), "l j F Y, H:i"), m.get_status_display())
            for m in obj.meetings.order_by("starts_at").only("pk", "series_id", "starts_at", "status")
        ]
        listed = f'{reverse("admin:meetings_meeting_changelist")}?series__id__exact={obj.pk}'
        return format_html(
            '<ol>{}</ol><p><a href="{}">{}</a></p>',
            format_html_join("", '<li><a href="{}">{}</a> ({})</li>', rows), listed,
            _("See these meetings in the list of meetings (to publish them, for example)"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        meetings = series_services.create_series(
            series=obj, by=request.user, chosen_members=form.cleaned_data.get("chosen_members") or (),
            publish=form.cleaned_data.get("publish", False),
        )
        self.message_user(request, ngettext(
            "%(count)d meeting made.", "%(count)d meetings made.", len(meetings)) % {"count": len(meetings)},
            messages.SUCCESS)

    @admin.action(description=_("End the series: cancel its meetings still to come and tell everyone invited"),
                  permissions=["change"])
    def end_series(self, request, queryset):
        for each in queryset:
            try:
                cancelled, deleted = series_services.end_series(series=each, by=request.user)
            except series_services.SeriesError as refusal:
                self.message_user(request, f"{each}: {refusal}", messages.ERROR)
                continue
            self.message_user(request, _("%(series)s: ended; %(cancelled)d meetings cancelled, %(deleted)d drafts "
                                         "removed.") % {"series": each, "cancelled": cancelled, "deleted": deleted},
                              messages.SUCCESS)
