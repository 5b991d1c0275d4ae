"""A series of meetings (imported at the end of meetings/models.py, after Meeting): made once (every week, every two weeks, or once a month on the nth weekday), and then each
meeting in it is an ordinary Meeting with its own replies, reminders and calendar entry. The series keeps only what
is needed to stamp the meetings out, and to say which meetings belong together.

Dates come from python-dateutil's rrule (RFC 5545 recurrence rules), a well-kept library that already handles "the
last Thursday of the month" and months with five Tuesdays; we do not write our own calendar arithmetic.
"""

import datetime as dt

from dateutil import rrule
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Meeting

# More than a year of weekly meetings is better made again later, when the year's plans are known (the words
# shown to leads say 52).
MOST_MEETINGS_IN_A_SERIES = 52


class MeetingSeries(models.Model):
    """Meetings that repeat. Stamped out by meetings.series.create_series; each one is then a Meeting."""

    class Pattern(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Once a month")

    class Weekday(models.IntegerChoices):  # Monday is 0, as in Python and dateutil
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("1st")
        SECOND = 2, _("2nd")
        THIRD = 3, _("3rd")
        FOURTH = 4, _("4th")
        LAST = -1, _("last")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Meeting.Kind.choices, default=Meeting.Kind.NETWORK)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="meeting_series",
    )
    description = models.TextField(_("what the meetings are for"), blank=True)
    pattern = models.CharField(_("how often"), max_length=12, choices=Pattern.choices, default=Pattern.WEEKLY,
                               help_text=_("Once a month is on the same day of the week, for example the 2nd Tuesday."))
    weekday = models.PositiveSmallIntegerField(
        _("on which day"), choices=Weekday.choices, null=True, blank=True,
        help_text=_("Every week or every two weeks: leave it as it is to use the day of the first date."),
    )
    week_of_month = models.SmallIntegerField(
        _("which week of the month"), choices=WeekOfMonth.choices, null=True, blank=True,
        help_text=_("Only for 'once a month'. For example, choose 2nd and Tuesday for the 2nd Tuesday of each month."),
    )
    first_date = models.DateField(_("starting from"), help_text=_("The first meeting is on this day or just after."))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    until = models.DateField(_("last date"), null=True, blank=True,
                             help_text=_("No meetings after this day. Or give the number of meetings instead."))
    count = models.PositiveSmallIntegerField(
        _("number of meetings"), null=True, blank=True,
        help_text=_("At most 52. Or give the last date instead."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_access = models.TextField(_("venue access information"), blank=True)
    online_link = models.URLField(_("online joining link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty if there is no limit on numbers.")
    )
    audience = models.CharField(_("who is invited"), max_length=10, choices=Meeting.Audience.choices,
                                default=Meeting.Audience.NETWORK)
    chosen_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people chosen"), blank=True, related_name="+",
        help_text=_("Only used when 'who is invited' is 'people chosen one by one'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("series of meetings")
        verbose_name_plural = _("series of meetings")
        ordering = ["-first_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=False) | Q(count__isnull=False),
                                   name="series_ends_on_a_date_or_after_a_number"),
            models.CheckConstraint(condition=Q(count__isnull=True) | Q(count__gte=1, count__lte=MOST_MEETINGS_IN_A_SERIES),
                                   name="series_has_1_to_52_meetings"),
            models.CheckConstraint(
                condition=~Q(pattern="monthly") | Q(week_of_month__isnull=False, weekday__isnull=False),
                name="monthly_series_names_its_week_and_day",
            ),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="series_ends_after_start"),
            models.CheckConstraint(condition=~Q(audience="project") | Q(project__isnull=False),
                                   name="project_series_needs_a_project"),
        ]

    def __str__(self):
        return self.title

    def rule(self):
        """The dateutil recurrence rule for this series, in the network's local (wall-clock) time."""
        weekday = self.first_date.weekday() if self.weekday is None else self.weekday
        start = dt.datetime.combine(self.first_date, self.start_time)
        ends = {"count": self.count} if self.count else {"until": dt.datetime.combine(self.until, dt.time.max)}
        if self.pattern == self.Pattern.MONTHLY:
            return rrule.rrule(rrule.MONTHLY, dtstart=start, byweekday=rrule.weekday(weekday, self.week_of_month),
                               **ends)
        interval = 2 if self.pattern == self.Pattern.FORTNIGHTLY else 1
        return rrule.rrule(rrule.WEEKLY, interval=interval, dtstart=start, byweekday=weekday, **ends)

    def occurrence_times(self, *, most=MOST_MEETINGS_IN_A_SERIES):
        """(starts_at, ends_at) of each meeting, aware, at the same local time whatever the clocks do; at most
        `most` + 1 of them, so a caller can tell that there would be too many."""
        zone = timezone.get_default_timezone()
        length = dt.datetime.combine(self.first_date, self.end_time) - dt.datetime.combine(self.first_date,
                                                                                            self.start_time)
        times = []
        for local in self.rule():
            if len(times) > most:
                break
            starts = local.replace(tzinfo=zone)
            times.append((starts, (local + length).replace(tzinfo=zone)))
        return times

    def describe(self):
        """In words: "Every two weeks on Tuesday, 10:00 to 12:00"."""
        weekday = self.first_date.weekday() if self.weekday is None else self.weekday
        day = self.Weekday(weekday).label
        if self.pattern == self.Pattern.MONTHLY:
            how = _("The %(nth)s %(day)s of each month") % {"nth": self.WeekOfMonth(self.week_of_month).label,
                                                            "day": day}
        elif self.pattern == self.Pattern.FORTNIGHTLY:
            how = _("Every two weeks on %(day)s") % {"day": day}
        else:
            how = _("Every week on %(day)s") % {"day": day}
        return _("%(how)s, %(start)s to %(end)s") % {"how": how, "start": self.start_time.strftime("%H:%M"),
                                                     "end": self.end_time.strftime("%H:%M")}
