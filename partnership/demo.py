"""Demo 'Is power shared': who chaired the past network meetings (a service user and the lead co-chair one; a carer
and a volunteer the other), and last year's review of partnership working, answered by four members with a rating
and words, closed with a summary and one commitment of the plan (an action in the lead's My actions).

People and project memberships made this month are dated a year back, so the figures count them.
Idempotent: chairs are recorded only for meetings with none; the review is keyed by its title. No emails are sent.
"""

import datetime as dt

from django.utils import timezone

from meetings import services as meetings_services
from meetings.models import Meeting
from network.models import Role

from . import figures, services
from .models import Criterion, Review, ReviewQuestion

REVIEW_TITLE = "Our review of partnership working this year"
SUMMARY = ("We listen well and people feel welcome. Service users and carers should chair more of our meetings, "
           "and we should share papers earlier so everyone can read them before we decide.")
# (a member's role, rating, words): what four members said about the first question of each principle.
ANSWERS = [
    (Role.SERVICE_USER, 4, "I feel listened to. I would like to chair a meeting with support."),
    (Role.CARER, 3, "Papers come late, so it is hard to take part properly."),
    (Role.STAFF, 4, "We ask people early now, but staff still chair most meetings."),
    (Role.VOLUNTEER, 5, "Everyone is friendly and it is easy to speak up."),
]


def _a_year_of_history(members):
    """The demo network has been going for a year: people and project memberships made this month (when the demo was
    built) are dated a year back, so the figures, which count months that have ended, include them."""
    from network.kept_counts import figures_changed
    from network.models import Member
    from projects.models import ProjectMembership

    this_month = timezone.localdate().replace(day=1)
    year_ago = timezone.now() - dt.timedelta(days=365)
    Member.objects.filter(pk__in=[m.pk for m in members], date_joined__date__gte=this_month).update(
        date_joined=year_ago)
    ProjectMembership.objects.filter(member__in=members, joined_at__date__gte=this_month).update(joined_at=year_ago)
    figures_changed()  # a bulk update sends no signals


def _first_of_role(members, role, but=()):
    return next((m for m in members if m.role == role and m not in but), None)


def _chairs(members):
    lead = members[0]
    past = list(Meeting.objects.filter(project__isnull=True, status=Meeting.Status.PUBLISHED,
                                       starts_at__lt=timezone.now()).order_by("starts_at"))
    pairs = [
        [_first_of_role(members, Role.SERVICE_USER, but=[lead]), lead],
        [_first_of_role(members, Role.CARER), _first_of_role(members, Role.VOLUNTEER)],
    ]
    for meeting, pair in zip(past, pairs, strict=False):
        chosen = [person for person in pair if person is not None]
        if chosen and not meeting.chairs.exists():
            meetings_services.record_chairs(meeting, chosen, by=lead)


def _review(members):
    lead = members[0]
    if Review.objects.filter(title=REVIEW_TITLE).exists():
        return
    period = figures.default_period()
    review = services.open_review(title=REVIEW_TITLE, period_start=period.start, period_end=period.end, by=lead)
    questions = list(ReviewQuestion.objects.filter(in_use=True).order_by("principle__order", "order", "pk"))
    first_each = {}
    for question in questions:
        first_each.setdefault(question.principle_id, question)
    for role, rating, text in ANSWERS:
        person = _first_of_role(members, role, but=[lead]) or lead
        services.save_answers(review=review, member=person,
                              answers={question.pk: (rating, text) for question in first_each.values()})
    services.close_review(review=review, by=lead)
    review.refresh_from_db()
    services.write_summary(review=review, summary=SUMMARY)
    criterion = Criterion.objects.filter(how=Criterion.How.COMPUTED, figure="chairs").first()
    services.add_commitment(
        review=review, weakness="Staff chair most network meetings.",
        what="Offer chairing training to service users and carers, and pair each new chair with an experienced one.",
        criterion=criterion, owner=lead, due=timezone.localdate() + dt.timedelta(days=120), by=lead,
    )


def seed(members):
    _a_year_of_history(members)
    _chairs(members)
    _review(members)
