"""Writes for the framework, the review and recognition."""

from pathlib import PurePosixPath

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.refusals import Refusal
from projects.models import Action

from . import figures, framework
from .models import Commitment, Criterion, Recognition, Review, ReviewAnswer


class PartnershipRefusal(Refusal):
    pass


class NotEveryCriterionMet(PartnershipRefusal):
    message = _("The project does not meet every criterion for this stage yet, so it cannot be recognised.")


class AlreadyRecognised(PartnershipRefusal):
    message = _("The project has already been recognised for this stage.")


def add_evidence(*, project, stage, by, form):
    evidence = form.save(commit=False)
    evidence.project, evidence.stage, evidence.added_by = project, stage, by
    if evidence.file:
        evidence.original_name = PurePosixPath(evidence.file.name).name[:200]
    evidence.save()
    return evidence


def recognise(*, project, stage, by, note=""):
    """A dated recognition that the project met every criterion of the stage. Refused when it does not (yet)."""
    if not framework.meets_every_criterion(project, stage):
        raise NotEveryCriterionMet()
    try:
        with transaction.atomic():
            return Recognition.objects.create(project=project, stage=stage, recognised_by=by, note=note)
    except IntegrityError:
        raise AlreadyRecognised() from None


class ReviewClosed(PartnershipRefusal):
    message = _("This review has closed, so answers can no longer be added. Thank you for looking.")


class ReviewStillOpen(PartnershipRefusal):
    message = _("Close the review to answers first: then everyone's views can be shown side by side.")


def open_review(*, title, period_start, period_end, by):
    return Review.objects.create(title=title, period_start=period_start, period_end=period_end, opened_by=by)


def save_answers(*, review, member, answers):
    """Keep a member's answers to a review: a rating and words per question; a question left empty is not kept."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if not review.is_open:
            raise ReviewClosed()
        saved = 0
        for question_id, (rating, text) in answers.items():
            if rating is None and not text:
                ReviewAnswer.objects.filter(review=review, member=member, question_id=question_id).delete()
                continue
            answer, created = ReviewAnswer.objects.get_or_create(
                review=review, member=member, question_id=question_id, defaults={"rating": rating, "text": text})
            if not created and (answer.rating, answer.text) != (rating, text):
                answer.rating, answer.text, answer.answered_at = rating, text, timezone.now()
                answer.save(update_fields=["rating", "text", "answered_at"])
            saved += 1
        return saved


def close_review(*, review, by):
    updated = Review.objects.filter(pk=review.pk, closed_at__isnull=True).update(closed_at=timezone.now(), closed_by=by)
    if not updated:
        raise ReviewClosed()


def write_summary(*, review, summary):
    if review.is_open:
        raise ReviewStillOpen()
    Review.objects.filter(pk=review.pk).update(summary=summary)


def add_commitment(*, review, weakness, what, criterion, owner, due, by):
    """A commitment of the plan: an action for its owner (in My actions, with reminders) and the criterion it should
    move, with the criterion's figure for the review's period kept to compare with at the next review."""
    from . import review as review_reads

    if review.is_open:
        raise ReviewStillOpen()
    percent = None
    if criterion is not None and criterion.how == Criterion.How.COMPUTED:
        percent = figures.share(figures.balance(review_reads.period_of(review)), criterion.figure, criterion.role)
    with transaction.atomic():
        action = Action.objects.create(what=what, owner=owner, due=due, created_by=by, for_the_network_plan=True)
        return Commitment.objects.create(review=review, weakness=weakness, criterion=criterion, action=action,
                                         percent_at_review=percent)
