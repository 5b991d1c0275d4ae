"""Build the meeting emails (a text and an HTML part each). Sending is the tasks' job."""

from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import ical

ICS_TYPE = "text/calendar"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def render(*, template, context, to, attachments=()):
    context = {
        "network_name": settings.NETWORK_NAME,
        "site_url": settings.SITE_URL,
        "contact_email": settings.NETWORK_CONTACT_EMAIL,
        **context,
    }
    subject = " ".join(render_to_string(f"meetings/email/{template}_subject.txt", context).split())
    text = render_to_string(f"meetings/email/{template}.txt", context)
    html = render_to_string(f"meetings/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers={"Date": formatdate(localtime=True)})
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def _meeting_context(meeting):
    return {
        "meeting": meeting,
        "meeting_url": absolute(meeting.get_absolute_url()),
        "calendar_url": absolute(reverse("meetings:ics", kwargs={"pk": meeting.pk})),
    }


def invitation_email(invitation):
    meeting = invitation.meeting
    ics = ical.meeting_ics(meeting, with_online_link=True)
    return render(
        template="invitation",
        context={"member": invitation.member, **_meeting_context(meeting),
                 "agenda": list(meeting.agenda_items.select_related("presenter"))},
        to=[invitation.member.email],
        attachments=[(ical.ics_filename(meeting), ics, f"{ICS_TYPE}; method=PUBLISH")],
    )


def changed_email(invitation):
    meeting = invitation.meeting
    ics = ical.meeting_ics(meeting, with_online_link=True)
    return render(
        template="changed",
        context={"member": invitation.member, **_meeting_context(meeting)},
        to=[invitation.member.email],
        attachments=[(ical.ics_filename(meeting), ics, f"{ICS_TYPE}; method=PUBLISH")],
    )


def cancellation_email(invitation):
    meeting = invitation.meeting
    ics = ical.meeting_ics(meeting, with_online_link=False, method="CANCEL")
    return render(
        template="cancelled",
        context={"member": invitation.member, **_meeting_context(meeting)},
        to=[invitation.member.email],
        attachments=[(ical.ics_filename(meeting), ics, f"{ICS_TYPE}; method=CANCEL")],
    )


def place_offered_email(invitation):
    return render(
        template="place_offered",
        context={"member": invitation.member, **_meeting_context(invitation.meeting)},
        to=[invitation.member.email],
    )


def minutes_digest_email(invitation, *, minutes, actions):
    return render(
        template="minutes_digest",
        context={"member": invitation.member, "minutes": minutes, "actions": actions,
                 **_meeting_context(invitation.meeting)},
        to=[invitation.member.email],
    )


def suggestion_answer_email(suggestion):
    return render(
        template="suggestion_answer",
        context={"member": suggestion.suggested_by, "suggestion": suggestion,
                 **_meeting_context(suggestion.meeting)},
        to=[suggestion.suggested_by.email],
    )
