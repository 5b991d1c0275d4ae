"""What pages read about the pledge: the current version, a member's standing, the wall and the figures.
Things that change the pledge are in services.py."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from network.kept_counts import cached_figure
from network.paging import lookahead_page

from .models import PledgeSignature, PledgeVersion

# ---- What a member's position is -------------------------------------------------------------------


@dataclass(frozen=True)
class MemberPledgeStatus:
    current_version: PledgeVersion | None
    current_signature: PledgeSignature | None  # standing signature of the current version
    earlier_signature: PledgeSignature | None  # latest standing signature of an earlier version

    @property
    def has_signed_current(self):
        return self.current_signature is not None

    @property
    def should_reaffirm(self):
        """Signed an earlier version, not the current one: invite them to re-affirm."""
        return self.current_version is not None and not self.has_signed_current and self.earlier_signature is not None

    @property
    def latest_signature(self):
        return self.current_signature or self.earlier_signature


def pledge_status(member, *, current_version=None):
    """One query (two without current_version) for everything a page needs to know about a member and the pledge."""
    current = current_version if current_version is not None else PledgeVersion.objects.current()
    if not getattr(member, "is_authenticated", False) or current is None:
        return MemberPledgeStatus(current, None, None)
    signatures = list(
        PledgeSignature.objects.standing()
        .filter(member=member, version__published_at__lte=current.published_at)
        .select_related("version")
        .order_by("-version__published_at", "-version__pk")
    )
    on_current = next((s for s in signatures if s.version_id == current.pk), None)
    earlier = next((s for s in signatures if s.version_id != current.pk), None)
    return MemberPledgeStatus(current, on_current, earlier)


def current_version():
    """The current version, as PledgeVersion.objects.current() finds it, from the kept list of published versions
    (kept until a version changes). Which one is current is decided now, so a version published for a later
    time takes over at that time."""
    versions = cached_figure(
        "pledge.versions",
        lambda: list(PledgeVersion.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")),
    )
    now = timezone.now()
    return next((version for version in versions if version.published_at <= now), None)


def kept_pledge_status(member):
    """pledge_status() for every page's banner: worked out once per member and kept until a signature, version
    or member changes, so an ordinary page asks the database nothing about the pledge."""
    current = current_version()
    if not getattr(member, "is_authenticated", False) or current is None:
        return MemberPledgeStatus(current, None, None)
    return cached_figure(f"pledge.status.{member.pk}.{current.pk}", lambda: pledge_status(member, current_version=current))


def wall_page(version, page_number, per_page):
    """Names and commitments shown on the wall of a version, a page at a time."""
    return lookahead_page(PledgeSignature.objects.on_wall(version), page_number, per_page)


def earlier_versions():
    return PledgeVersion.objects.earlier().order_by("-published_at")


# ---- Figures for the home page, the digest and the admin ------------------------------------------


@dataclass(frozen=True)
class PledgeFigures:
    version: PledgeVersion | None
    current: int  # members standing behind the current version
    earlier_only: int  # members who signed an earlier version and have not yet re-affirmed
    reaffirmed: int  # of `current`, those who had signed an earlier version too
    new_since: int | None  # current-version signatures since `since` (None when not asked)
    withdrawn_since: int | None

    @property
    def total(self):
        """Everyone standing behind some version of the pledge."""
        return self.current + self.earlier_only


def current_signature_count():
    """How many active members stand by the current version: the one figure the home page shows (cached until
    a signature, version or member changes: network.kept_counts)."""
    return cached_figure("pledge.current", _count_current_signatures)


def _count_current_signatures():
    version = PledgeVersion.objects.current()
    return PledgeSignature.objects.counted().filter(version=version).count() if version else 0


def pledge_figures(*, since=None):
    """Counts of members (active ones, signatures not withdrawn), current version kept apart from earlier ones.
    Without `since` (the pledge page) they are cached until a signature, version or member changes."""
    if since is None:
        return cached_figure("pledge.figures", _pledge_figures)
    return _pledge_figures(since=since)


def _pledge_figures(*, since=None):
    version = PledgeVersion.objects.current()
    if version is None:
        return PledgeFigures(None, 0, 0, 0, 0 if since else None, 0 if since else None)
    counted = PledgeSignature.objects.counted()
    on_current = counted.filter(version=version)
    # One pass over the standing signatures: per member, whether they stand by the current version and whether by
    # an earlier one; then the three counts over those members (a query over that grouped query).
    per_member = (
        counted.filter(version__published_at__lte=version.published_at)
        .order_by()
        .values("member_id")
        .annotate(
            on_current=Max(Case(When(version_id=version.pk, then=Value(1)), default=Value(0))),
            on_earlier=Max(Case(When(version__published_at__lt=version.published_at, then=Value(1)), default=Value(0))),
        )
    )
    sql, params = per_member.query.sql_with_params()
    # The inner SQL is the ORM's own, with its values passed separately as parameters.
    sums = 'COALESCE(SUM("on_current"), 0), COALESCE(SUM("on_earlier"), 0), COALESCE(SUM("on_current" * "on_earlier"), 0)'
    totals_sql = f'SELECT {sums} FROM ({sql}) AS "per_member"'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(totals_sql, params)
        current, earlier, both = cursor.fetchone()
    return PledgeFigures(
        version=version,
        current=current,
        earlier_only=earlier - both,
        reaffirmed=both,
        new_since=on_current.filter(signed_at__gte=since).count() if since else None,
        withdrawn_since=PledgeSignature.objects.filter(withdrawn_at__gte=since).count() if since else None,
    )
