"""Reads for expense claims and for what waits for approval or payment (involvement/views_claims.py)."""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from meetings.models import Attendance, Meeting
from network.models import Member
from projects.models import Project, ProjectMembership

from ..models import ExpenseClaim, ExpenseLine, InvolvementRecord, Receipt, Status, Step

CLAIMS_PER_PAGE = 10
ITEMS_PER_PAGE = 20
# A claim can be for a meeting up to a year ago, or one coming soon (a train ticket bought before).
CLAIMABLE_BACK = dt.timedelta(days=366)
CLAIMABLE_AHEAD = dt.timedelta(days=31)


def claimable_for(member):
    """(meetings, projects) a person can claim for: meetings they were invited to (once the register is taken, only
    those it says they came to), projects they are active in."""
    now = timezone.now()
    register_taken = Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
    came = Exists(Attendance.objects.filter(meeting=OuterRef("pk"), member=member, status=Attendance.Status.PRESENT))
    meetings = Meeting.objects.filter(
        invitations__member=member, starts_at__gte=now - CLAIMABLE_BACK, starts_at__lte=now + CLAIMABLE_AHEAD,
    ).filter(~register_taken | came).exclude(status=Meeting.Status.DRAFT).order_by("-starts_at").only(
        "pk", "title", "starts_at"
    )
    projects = Project.objects.filter(
        memberships__member=member, memberships__status=ProjectMembership.Status.ACTIVE
    ).order_by("title").only("pk", "title")
    return list(meetings), list(projects)


def _lines_with_history():
    steps = Step.objects.select_related("by").order_by("at", "pk")
    return ExpenseLine.objects.prefetch_related("receipts", Prefetch("steps", queryset=steps)).order_by("spent_on", "pk")


def claims_of(member, *, page_number):
    claims = ExpenseClaim.objects.filter(member=member).select_related("meeting", "project").prefetch_related(
        Prefetch("lines", queryset=_lines_with_history())
    ).order_by("-made_at", "-pk")
    return Paginator(claims, CLAIMS_PER_PAGE).get_page(page_number)


def claim(pk):
    """One claim with everything its page shows, or None."""
    return ExpenseClaim.objects.select_related("member", "made_by", "meeting", "project").prefetch_related(
        Prefetch("lines", queryset=_lines_with_history())
    ).filter(pk=pk).first()


def receipt(pk):
    return Receipt.objects.select_related("line__claim").filter(pk=pk).first()


def line(pk):
    return ExpenseLine.objects.select_related("claim").filter(pk=pk).first()


def record(pk):
    return InvolvementRecord.objects.filter(pk=pk).first()


def _lines_in(status):
    return ExpenseLine.objects.filter(status=status).select_related(
        "claim__member", "claim__meeting", "claim__project", "replaces"
    ).prefetch_related("receipts").order_by("spent_on", "pk")


def _records_in(status):
    # Only what is owed money: a record with nothing owed (expenses only, or a level with no payment) waits for no one.
    return InvolvementRecord.objects.filter(status=status, amount_pence__gt=0).select_related(
        "member", "activity", "level"
    ).order_by("on", "pk")


def for_money_handlers(*, to_pay, line_page, record_page):
    """What waits for approval (to_pay False) or, once approved, for payment: a page of claims' lines and a page of
    involvement payments."""
    status = Status.APPROVED if to_pay else Status.WAITING
    return {
        "lines": Paginator(_lines_in(status), ITEMS_PER_PAGE).get_page(line_page),
        "records": Paginator(_records_in(status), ITEMS_PER_PAGE).get_page(record_page),
    }


def offline_members():
    return Member.objects.offline().active().order_by("display_name").only(
        "pk", "display_name"
    )


def claims_news_for(member):
    """For a member's home: how many of their claim lines wait, are approved (not paid) and were paid lately."""
    lately = timezone.now() - dt.timedelta(days=60)
    return ExpenseLine.objects.filter(claim__member=member).aggregate(
        waiting=Count("pk", distinct=True, filter=Q(status=Status.WAITING)),
        approved=Count("pk", distinct=True, filter=Q(status=Status.APPROVED)),
        paid_lately=Count("pk", distinct=True,
                          filter=Q(status=Status.PAID, steps__outcome=Step.Outcome.PAID, steps__at__gte=lately)),
    )
