"""What co-production leads do with meetings in the admin. Who may do it comes from meetings/rules.py."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exports.resources import AuditedExportMixin

from . import selectors, services, views_run_sheet
from .admin_series import SeriesOccurrenceAdminMixin  # also registers the series of meetings' admin
from .forms import CancelForm, InvitationAdminForm, MeetingAdminForm, PaperAdminForm, SuggestionAdminForm
from .models import (
    AgendaItem,
    AgendaSuggestion,
    Invitation,
    Meeting,
    Paper,
)
from .resources import MeetingResource


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"
    ends_at = "ends_at"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(**{f"{self.ends_at}__gte": now})
        if self.value() == "past":
            return queryset.filter(**{f"{self.ends_at}__lt": now})
        return queryset


class MeetingWhenFilter(WhenFilter):
    ends_at = "meeting__ends_at"


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["order", "title", "presenter", "presenter_name", "minutes_allowed", "notes"]
    autocomplete_fields = ["presenter"]


class PaperInline(admin.TabularInline):
    model = Paper
    form = PaperAdminForm
    extra = 1
    fields = ["title", "agenda_item", "file", "content_type", "size"]
    readonly_fields = ["content_type", "size"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id) if meeting_id else AgendaItem.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(SeriesOccurrenceAdminMixin, AuditedExportMixin, admin.ModelAdmin):
    resource_classes = [MeetingResource]  # meetings with attendance, CSV and Excel; every export is audited
    form = MeetingAdminForm
    list_display = ["title", "run_sheet_link", "starts_at", "kind", "project", "status", "audience", "replies"]
    list_filter = [WhenFilter, "status", "kind", "project"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["project", "chosen_members"]
    # Publishing and cancelling go through the actions, so invitees are told and calendars updated.
    readonly_fields = ["status", "sequence", "published_at", "cancelled_at", "cancellation_reason", "useful_links",
                       "replies_summary"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "project", "description"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "venue", "venue_access", "online_link", "capacity"]}),
        (_("Who is invited"), {"fields": ["audience", "chosen_members", "replies_summary"]}),
        (_("Status"), {"fields": ["status", "published_at", "cancelled_at", "cancellation_reason", "sequence"]}),
        (_("Pages for this meeting"), {"fields": ["useful_links"]}),
    ]
    actions = ["publish_and_invite", "cancel_meetings", "duplicate_as_next", "start_attendance_register",
               "publish_minutes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project").with_attending_count()

    def get_actions(self, request):
        # Only drafts are deleted, one at a time from their page; published meetings are cancelled instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Replies, the register, guests, minutes and actions live on the run-sheet, a page at a time, so this page
    # asks the same number of queries whether 40 or 4,000 people are invited.
    inlines = [AgendaItemInline, PaperInline]
    change_form_template = "admin/meetings/meeting/change_form.html"

    def get_urls(self):
        run_sheet_url = path("<path:object_id>/run-sheet/", self.admin_site.admin_view(self.run_sheet_view),
                             name="meetings_meeting_run_sheet")
        return [run_sheet_url, *super().get_urls()]

    def run_sheet_view(self, request, object_id):
        meeting = self.get_object(request, unquote(object_id))
        if meeting is None:
            raise Http404
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        return views_run_sheet.run_sheet(request, meeting, self)

    @admin.display(description=_("run-sheet"))
    def run_sheet_link(self, obj):
        return format_html('<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                           reverse("admin:meetings_meeting_run_sheet", args=[obj.pk]), _("Run-sheet"), obj.title)

    @admin.display(description=_("replies so far"))
    def replies_summary(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the meeting first.")
        counts = selectors.reply_counts(obj)
        return format_html(
            '{}<br><a href="{}">{}</a> · <a href="{}?meeting__id__exact={}">{}</a>',
            _("%(coming)d coming, %(not_coming)d not coming, %(maybe)d maybe, %(waiting)d on the waiting list, "
              "%(no_reply)d not replied yet (%(invited)d invited).") % counts,
            reverse("admin:meetings_meeting_run_sheet", args=[obj.pk]), _("Open the run-sheet"),
            reverse("admin:meetings_invitation_changelist"), obj.pk, _("Record a reply someone gave by phone or post"),
        )

    @admin.display(description=_("coming"), ordering="attending_count")
    def replies(self, obj):
        if obj.capacity:
            return f"{obj.attending_count} / {obj.capacity}"
        return obj.attending_count

    @admin.display(description=_("pages"))
    def useful_links(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the meeting first.")
        links = [
            (reverse("admin:meetings_meeting_run_sheet", args=[obj.pk]),
             _("Run-sheet: replies, access needs, the register, guests, minutes, decisions and actions")),
            (reverse("meetings:detail", kwargs={"pk": obj.pk}), _("The meeting page members see")),
            (reverse("meetings:access_needs", kwargs={"pk": obj.pk}), _("Access needs of people coming (to print)")),
            (reverse("meetings:offline_list", kwargs={"pk": obj.pk}), _("People to phone or write to (to print)")),
            (reverse("meetings:ics", kwargs={"pk": obj.pk}), _("Calendar file (.ics)")),
            (f'{reverse("admin:notifications_delivery_changelist")}?meeting__id__exact={obj.pk}',
             _("Emails for this meeting: who was reminded when, who could not be, and sending one again")),
        ]
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links))

    def save_model(self, request, obj, form, change):
        services.save_meeting(meeting=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            services.refresh_audience(meeting=form.instance)

    @admin.action(description=_("Publish and send invitations"), permissions=["change"])
    def publish_and_invite(self, request, queryset):
        for meeting in queryset:
            try:
                count = services.publish_and_invite(meeting=meeting, by=request.user)
            except services.MeetingError as error:
                self.message_user(request, f"{meeting}: {error}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext("%(meeting)s: published; %(count)d person newly invited.",
                         "%(meeting)s: published; %(count)d people newly invited.", count)
                % {"meeting": meeting, "count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Cancel and tell everyone invited"), permissions=["change"])
    def cancel_meetings(self, request, queryset):
        form = CancelForm(request.POST if "confirm_cancel" in request.POST else None)
        if form.is_bound and form.is_valid():
            for meeting in queryset:
                try:
                    services.cancel_meeting(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
                except services.MeetingError as error:
                    self.message_user(request, f"{meeting}: {error}", messages.ERROR)
                    continue
                self.message_user(request, _("%(meeting)s: cancelled; everyone invited is being told.")
                                  % {"meeting": meeting}, messages.SUCCESS)
            return None
        return render(request, "meetings/admin_cancel.html", {
            **self.admin_site.each_context(request),
            "title": _("Cancel meetings"),
            "meetings": queryset,
            "form": form,
            "opts": self.opts,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    @admin.action(description=_("Make a copy as the next meeting (four weeks later)"), permissions=["add"])
    def duplicate_as_next(self, request, queryset):
        for meeting in queryset:
            copy = services.duplicate_as_next(meeting=meeting, by=request.user)
            url = reverse("admin:meetings_meeting_change", args=[copy.pk])
            self.message_user(
                request,
                format_html(_('Copied as a draft: <a href="{}">{}</a>. Check the date, then publish it.'), url, copy),
                messages.SUCCESS,
            )

    @admin.action(description=_("Start the attendance register from the replies"), permissions=["change"])
    def start_attendance_register(self, request, queryset):
        for meeting in queryset:
            added = services.start_attendance_register(meeting=meeting)
            self.message_user(
                request,
                ngettext("%(meeting)s: %(count)d person added to the register. Check it and correct it.",
                         "%(meeting)s: %(count)d people added to the register. Check it and correct it.", added)
                % {"meeting": meeting, "count": added},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the minutes and send them to everyone invited"), permissions=["change"])
    def publish_minutes(self, request, queryset):
        for meeting in queryset:
            try:
                services.publish_minutes(meeting=meeting, by=request.user)
            except services.MeetingError as error:
                self.message_user(request, f"{meeting}: {error}", messages.ERROR)
                continue
            self.message_user(request, _("%(meeting)s: minutes published and sent.") % {"meeting": meeting},
                              messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Leads record replies here for people who answer by phone or post; places and the waiting list are kept."""

    form = InvitationAdminForm
    list_display = ["member", "meeting", "response", "responded_at", "is_offline"]
    list_filter = ["response", MeetingWhenFilter, "meeting"]
    search_fields = ["member__display_name", "meeting__title"]
    list_select_related = ["member", "meeting"]
    fields = ["meeting", "member", "response", "access_needs", "access_needs_notes", "responded_at", "waiting_since"]
    readonly_fields = ["meeting", "member", "responded_at", "waiting_since"]

    @admin.display(description=_("offline"), boolean=True)
    def is_offline(self, obj):
        return obj.member.is_offline

    def save_model(self, request, obj, form, change):
        stored = Invitation.objects.get(pk=obj.pk)
        response = form.cleaned_data["response"]
        if not response or (response == Invitation.Response.ATTENDING and stored.response == Invitation.Response.WAITING):
            # No new reply to record (a "coming" from the waiting list keeps its place in the line).
            Invitation.objects.filter(pk=obj.pk).update(access_needs=obj.access_needs,
                                                        access_needs_notes=obj.access_needs_notes)
            return
        try:
            with transaction.atomic():
                services.reply(meeting=obj.meeting, member=obj.member, response=response,
                               access_needs=obj.access_needs or [], access_needs_notes=obj.access_needs_notes)
        except services.MeetingError as error:
            self.message_user(request, str(error), messages.ERROR)


@admin.register(AgendaSuggestion)
class AgendaSuggestionAdmin(admin.ModelAdmin):
    form = SuggestionAdminForm
    list_display = ["title", "meeting", "suggested_by", "created_at", "status"]
    list_filter = ["status", MeetingWhenFilter]
    list_select_related = ["meeting", "suggested_by"]
    search_fields = ["title"]
    fields = ["meeting", "suggested_by", "title", "details", "created_at", "status", "answer", "minutes_allowed",
              "answered_by", "answered_at"]
    readonly_fields = ["meeting", "suggested_by", "title", "details", "created_at", "answered_by", "answered_at"]

    def save_model(self, request, obj, form, change):
        status = form.cleaned_data["status"]
        stored = AgendaSuggestion.objects.get(pk=obj.pk)
        if stored.status != AgendaSuggestion.Status.WAITING or status == AgendaSuggestion.Status.WAITING:
            AgendaSuggestion.objects.filter(pk=obj.pk).update(answer=obj.answer)
            return
        if status == AgendaSuggestion.Status.ACCEPTED:
            services.accept_suggestion(suggestion=stored, by=request.user, answer=obj.answer,
                                       minutes_allowed=form.cleaned_data.get("minutes_allowed"))
        else:
            services.decline_suggestion(suggestion=stored, by=request.user, answer=obj.answer)
