"""The weekly network news: one email per member, built in batches with a fixed number of queries per batch."""

import datetime as dt
from collections import defaultdict
from email.utils import formatdate
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from meetings.models import Invitation, Meeting
from network.fragments import fragment
from network.kept_counts import cached_figure
from notifications import services
from notifications.models import Kind
from pledges.selectors import pledge_figures
from projects.models import Action, Project, StageChange

LOOK_BACK = dt.timedelta(days=7)
LOOK_AHEAD = dt.timedelta(days=21)


def week_key(when):
    year, week, _ = timezone.localtime(when).isocalendar()
    return year * 100 + week, f"{year}-W{week:02d}"


def _network_news(now):
    since = now - LOOK_BACK
    figures = pledge_figures(since=since)
    return {
        "new_projects": list(Project.objects.filter(created_at__gte=since).order_by("title")),
        "stage_changes": list(
            StageChange.objects.filter(changed_at__gte=since).select_related("project").order_by("-changed_at")
        ),
        "pledge": {"current": figures.current, "earlier_only": figures.earlier_only, "this_week": figures.new_since},
    }


# Where each member's own words go in an email written once for everyone in the same language (see below).
NAME = "zzweeklynewsnamezz"
MEETINGS = "zzweeklynewsmeetingszz"
ACTIONS = "zzweeklynewsactionszz"
TEMPLATE = "front/email/weekly_digest"
PREFERENCE = "wants_weekly_digest"


def build_weekly_digests(deliveries):
    """{delivery_id: message or None}; None means nothing new for that member, so nothing is sent.

    The email is written once per language (and per which sections it has) with markers where a member's name,
    their meetings and their actions go; each meeting and each action is written once per language; each member's
    email is then put together from those. Rendering the whole templates for every member took most of the time of
    sending the news to a large network."""
    now = timezone.now()
    # The network's part of the news is the same for every member: worked out once for this week's edition and
    # kept until a project, a member or a signature changes (network.kept_counts), not once for each batch of
    # 200 (counting the pledge's signatures took a tenth of a second a batch in a large network).
    week = week_key(now)[1]
    news = cached_figure(f"weekly_news:{week}", lambda: _network_news(now))
    member_ids = [d.member_id for d in deliveries]

    # The meetings each member is invited to and has not sent apologies for, and their open actions: as the
    # values each line shows (see _shown), not as model instances (making those was a fifth of a worker's time).
    meetings_of = defaultdict(list)
    for member_id, *shown in (
        Invitation.objects.filter(
            member_id__in=member_ids, meeting__status=Meeting.Status.PUBLISHED,
            meeting__starts_at__gte=now, meeting__starts_at__lte=now + LOOK_AHEAD,
        )
        .exclude(response=Invitation.Response.APOLOGIES)
        .order_by("meeting__starts_at")
        .values_list("member_id", *MEETING_LINE)
    ):
        meetings_of[member_id].append(tuple(shown))

    actions_of = defaultdict(list)
    for owner_id, *shown in Action.objects.open().filter(owner_id__in=member_ids).filter(
        Q(due__isnull=True) | Q(due__lte=timezone.localdate() + LOOK_AHEAD)
    ).values_list("owner_id", *ACTION_LINE):
        actions_of[owner_id].append(tuple(shown))

    writer = _Writer(news=news, today=timezone.localdate(), week=week)
    messages = {}
    for delivery in deliveries:
        member = delivery.member
        meetings = meetings_of.get(member.pk, [])
        actions = actions_of.get(member.pk, [])
        if not (meetings or actions or news["new_projects"] or news["stage_changes"]):
            messages[delivery.pk] = None
            continue
        messages[delivery.pk] = writer.email(member, meetings, actions)
    return messages


# One meeting or action as a line of the news, in both parts, from exactly the values the line shows
# (network/fragments.py): kept across batches in this worker, so a meeting with forty invitees is written once, not
# once in each batch one of them falls in; any change to what the line shows is a new key.
MEETING_LINE = ("meeting_id", "meeting__title", "meeting__starts_at", "meeting__venue")
ACTION_LINE = ("what", "project__title", "meeting__title", "due")


def _shown(kind, row, today):
    """What the line of this meeting or action (a row of the values above) shows, and nothing else."""
    if kind == "meeting":
        pk, title, starts_at, venue = row
        return {"pk": pk, "title": title, "starts_at": starts_at, "venue": venue, "site_url": settings.SITE_URL}
    what, project_title, meeting_title, due = row
    return {"what": what, "project_title": project_title, "meeting_title": meeting_title, "due": due,
            "today": today}


# An action is in one member's news only, so its own words are holes (network/fragments.py): the line around them
# is kept for every action with the same due date, not written again for each. A meeting's line is kept as it is.
HOLES = {"meeting": (), "action": ("what", "project_title", "meeting_title")}


class _Writer:
    def __init__(self, *, news, today, week):
        self.news, self.today, self.week = news, today, week
        self.date = formatdate(localtime=True)  # when the batch was written: working it out for each email cost 2 %
        self.frames, self.lines = {}, {}
        self.unsubscribe = services.unsubscribe_links()
        self.zone = timezone.get_current_timezone_name()

    def _item(self, language, kind, row):
        key = (language, kind, row)
        if key not in self.lines:  # a meeting comes again and again in one batch: its invitees are neighbours
            values, template = _shown(kind, row, self.today), f"front/email/_weekly_digest_{kind}"
            holes = HOLES[kind]
            self.lines[key] = (
                fragment(f"{template}.html", values, holes=holes, language=language, zone=self.zone),
                fragment(f"{template}.txt", values, holes=holes, language=language, zone=self.zone, text=True),
            )
        return self.lines[key]

    def _frame(self, member, language, has_meetings, has_actions):
        key = (language, has_meetings, has_actions)
        if key not in self.frames:
            # Kept beside the network's news it shows, under the same rule (network.kept_counts): every batch of
            # every worker this week uses it, until a project, a member or a signature changes.
            self.frames[key] = cached_figure(
                f"weekly_news_frame:{self.week}:{self.today}:{self.zone}:{language}:{has_meetings}:{has_actions}",
                lambda: self._write_frame(member, has_meetings, has_actions),
            )
        return self.frames[key]

    def _write_frame(self, member, has_meetings, has_actions):
        # Written for this member's address (so in their language) with markers for everything that is theirs.
        message = services.render_email(
            template=TEMPLATE,
            context={"member": SimpleNamespace(display_name=NAME), "meetings": has_meetings,
                     "actions": has_actions, "meeting_items": mark_safe(MEETINGS),  # noqa: S308 - a fixed marker
                     "action_items": mark_safe(ACTIONS), "today": self.today, **self.news},  # noqa: S308
            to=[member.email], preference=PREFERENCE, member_id=member.pk,
        )
        url, _ = self.unsubscribe(member_id=member.pk, preference=PREFERENCE)
        return message.subject, message.body, message.alternatives[0][0], url

    def email(self, member, meetings, actions):
        language = services.recipient_language(to=[member.email])  # as render_email would choose
        subject, text, html, frame_url = self._frame(member, language, bool(meetings), bool(actions))
        url, headers = self.unsubscribe(member_id=member.pk, preference=PREFERENCE)
        meeting_items = [self._item(language, "meeting", m) for m in meetings]
        action_items = [self._item(language, "action", a) for a in actions]
        text = (text.replace(MEETINGS, "".join(t for _, t in meeting_items))
                .replace(ACTIONS, "".join(t for _, t in action_items))
                .replace(frame_url, url).replace(NAME, member.display_name))
        html = (html.replace(MEETINGS, "".join(h for h, _ in meeting_items))
                .replace(ACTIONS, "".join(h for h, _ in action_items))
                .replace(frame_url, url).replace(NAME, conditional_escape(member.display_name)))
        message = EmailMultiAlternatives(subject=subject, body=text, to=[member.email],
                                         headers={"Date": self.date, **headers})
        message.attach_alternative(html, "text/html")
        return message


def plan_weekly_digest(now=None):
    now = now or timezone.now()
    object_id, occasion = week_key(now)
    return services.schedule(kind=Kind.WEEKLY_DIGEST, object_id=object_id, occasion=occasion, due_at=now)

def weekly_recipients(object_id, occasion):
    from network.models import Member

    return Member.objects.active().not_erased().only(
        "pk", "email", "is_active", "wants_weekly_digest", "display_name"
    )

