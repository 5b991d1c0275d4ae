"""What a lead types to make a series of meetings, and the choice on a meeting of a series: this one or all that
follow. Every mistake gets its own message on the form, and nothing is made."""

from django import forms
from django.contrib.admin.widgets import AdminRadioSelect
from django.utils.translation import gettext_lazy as _

from . import series as series_services
from .models import Meeting
from .models_series import MOST_MEETINGS_IN_A_SERIES, MeetingSeries

ONLY_THIS, THIS_AND_FOLLOWING = "only-this", "this-and-following"
RADIOS = AdminRadioSelect(attrs={"class": "radiolist"})  # the admin's own list of choices, one a line


class SeriesAdminForm(forms.ModelForm):
    publish = forms.TypedChoiceField(
        label=_("When should people be invited?"),
        choices=[("", _("Later: keep the meetings as drafts")), ("yes", _("Now: publish them all"))],
        coerce=bool, empty_value=False, required=False, initial="", widget=RADIOS,
        help_text=_("Drafts let you check each meeting, then publish it. Publishing sends one invitation for each "
                    "meeting."),
    )

    class Meta:
        model = MeetingSeries
        fields = ["title", "kind", "project", "description", "pattern", "weekday", "week_of_month", "first_date",
                  "start_time", "end_time", "until", "count", "venue", "venue_access", "online_link", "capacity",
                  "audience", "chosen_members"]
        widgets = {"pattern": RADIOS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "weekday" in self.fields:  # the add page (a series' own page shows it, it does not change it)
            self.fields["weekday"].choices = [("", _("The same day as the first date")),
                                              *MeetingSeries.Weekday.choices]
            self.fields["week_of_month"].choices = [("", _("Choose, for once a month")),
                                                    *MeetingSeries.WeekOfMonth.choices]

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The meetings must end after they start, on the same day."))
        if data.get("pattern") == MeetingSeries.Pattern.MONTHLY:
            if data.get("week_of_month") is None:
                self.add_error("week_of_month", _("For a meeting once a month, choose which week of the month."))
            if data.get("weekday") is None:
                self.add_error("weekday", _("For a meeting once a month, choose the day of the week."))
        until, count = data.get("until"), data.get("count")
        if until is None and count is None and "until" not in self.errors and "count" not in self.errors:
            self.add_error("until", _("Say when the series ends: a last date, or a number of meetings."))
        elif until is not None and count is not None:
            self.add_error("count", _("Give a last date or a number of meetings, not both."))
        elif count is not None and not 1 <= count <= MOST_MEETINGS_IN_A_SERIES:
            self.add_error("count", _("A series can have from 1 to 52 meetings."))
        if data.get("audience") == Meeting.Audience.PROJECT and not data.get("project"):
            self.add_error("project", _("Choose the project whose members are invited."))
        if data.get("kind") == Meeting.Kind.PROJECT and not data.get("project"):
            self.add_error("project", _("A project meeting needs its project."))
        if not self.errors:
            trial = MeetingSeries(**{name: data.get(name) for name in ("pattern", "weekday", "week_of_month",
                                                                        "first_date", "start_time", "end_time",
                                                                        "until", "count")})
            try:
                self.meeting_times = series_services.meeting_times(trial)
            except series_services.SeriesError as refusal:
                field = "first_date" if isinstance(refusal, series_services.SeriesStartsInThePast) else (
                    "count" if count is not None else "until")
                self.add_error(field, str(refusal))
        return data


def with_series_choice(form_class):
    """The meeting's admin form with the question a meeting of a series needs: change this one, or all that follow."""

    class OccurrenceForm(form_class):
        apply_to = forms.ChoiceField(
            label=_("Which meetings should your changes apply to?"),
            choices=[(ONLY_THIS, _("Change only this meeting")),
                     (THIS_AND_FOLLOWING, _("Change this meeting and all that follow"))],
            initial=ONLY_THIS, widget=RADIOS,
            help_text=_("Meetings already held, and cancelled ones, never change. A new time moves each meeting "
                        "that follows by as many days, to the same time."),
        )

    OccurrenceForm.__name__ = form_class.__name__
    return OccurrenceForm
