"""Reads for the yearly review of partnership working: its questions by principle, each role's view side by side
(with the anonymity rules of the figures), the figures of its period, and for each commitment of the last plan
whether its criterion moved."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from . import figures as balance
from .models import Review, ReviewAnswer, ReviewQuestion


def questions():
    return list(ReviewQuestion.objects.filter(in_use=True).select_related("principle"))


def by_principle(items, principle_of=lambda item: item.principle):
    grouped = {}
    for item in items:
        grouped.setdefault(principle_of(item).pk, (principle_of(item), []))[1].append(item)
    return list(grouped.values())


def own_answers(review, member):
    return {answer.question_id: answer for answer in ReviewAnswer.objects.filter(review=review, member=member)}


def answer_count(review):
    return ReviewAnswer.objects.filter(review=review).values("member").distinct().count()


def views_side_by_side(review, asked):
    """For each question: each role's average rating (1 to 5) and comments, shown only from at least THRESHOLD
    people and never where a hidden role could be worked out. One query for the ratings, one for the comments."""
    cells = defaultdict(dict)
    for row in (ReviewAnswer.objects.filter(review=review, rating__isnull=False).order_by()
                .values("question", "role_then").annotate(total=Sum("rating"), n=Count("pk"))):
        cells[row["question"]][row["role_then"]] = (Decimal(row["total"]), row["n"])
    rows = {}
    for question in asked:
        found = cells.get(question.pk, {})
        row = balance.Row(
            cells={role.value: balance.Cell(*found.get(role.value, (Decimal(0), 0))) for role in balance.ROLES},
            total=sum((total for total, _n in found.values()), Decimal(0)),
            people=sum(n for _total, n in found.values()),
        )
        balance.protect(row)
        rows[question.pk] = {
            "everyone": _average(row.total, row.people) if row.shown else None,
            "people": row.people,
            "roles": [
                {"role": role.label, "average": _average(row.cells[role.value].count, row.cells[role.value].people)
                 if row.cells[role.value].shown else None}
                for role in balance.ROLES
            ],
            "shown_roles": {role for role, cell in row.cells.items() if cell.shown},
        }
    # Comments are shown under their role only where that role's figure is shown; the others together, unlabelled
    # and in no particular order, only when the hidden roles cover at least THRESHOLD people (the rule guarantees
    # it whenever anything is hidden from a row that is shown at all).
    comments = defaultdict(lambda: defaultdict(list))
    for question, role, text in (ReviewAnswer.objects.filter(review=review).exclude(text="")
                                 .order_by("question", "role_then", "pk").values_list("question", "role_then", "text")):
        row = rows.get(question)
        if row is None or row["everyone"] is None:
            continue
        comments[question][role if role in row["shown_roles"] else ""].append(text)
    label = dict(balance.Role.choices)
    for question in asked:
        found = comments.get(question.pk, {})
        rows[question.pk]["comments"] = [
            {"role": label[role], "texts": found[role]} for role in label if role in found
        ] + ([{"role": "", "texts": sorted(found[""])}] if "" in found else [])
    return rows


def _average(total, n):
    return (Decimal(total) / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if n else None


def period_of(review):
    return balance.Period(review.period_start.replace(day=1), review.period_end)


def commitments_with_progress(review):
    """The review's commitments, each with its criterion's figure then and now (the period of the next review, or
    the last twelve months), so the next review shows whether the criterion moved."""
    commitments = list(review.commitments.select_related("criterion", "action", "action__owner"))
    later = Review.objects.filter(period_start__gt=review.period_start).order_by("period_start").first()
    period = period_of(later) if later else balance.default_period()
    figures = balance.balance(period) if any(c.criterion and c.criterion.how == "computed" for c in commitments) else None
    for commitment in commitments:
        commitment.percent_now = None
        commitment.moved = None
        criterion = commitment.criterion
        if figures and criterion and criterion.how == "computed":
            commitment.percent_now = balance.share(figures, criterion.figure, criterion.role)
            if commitment.percent_now is not None and commitment.percent_at_review is not None:
                better = commitment.percent_now - commitment.percent_at_review
                commitment.moved = better if criterion.comparison == "at_least" else -better
    return commitments, period


def earlier_commitments(review):
    """The commitments of the review before this one, with whether their criteria moved since."""
    earlier = Review.objects.filter(period_start__lt=review.period_start).order_by("-period_start").first()
    if earlier is None:
        return None, []
    commitments, _period = commitments_with_progress(earlier)
    return earlier, commitments


def open_reviews_for(member):
    return Review.objects.filter(closed_at__isnull=True).exclude(
        Q(answers__member=member)).distinct()




IMPACT_ON_THE_REPORT = 50


def impact_in(review):
    """The impact recorded in the review's period, with its "you said, we did", newest first (at most 50)."""
    from projects.models import ImpactRecord

    return list(
        ImpactRecord.objects.filter(happened_on__range=(review.period_start, review.period_end))
        .select_related("project").prefetch_related("you_said_we_did").order_by("-happened_on", "-pk")[
            :IMPACT_ON_THE_REPORT]
    )
