"""Things that change the pledge: signing, re-affirming, withdrawing, publishing; and the figures everyone reads."""

import logging
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Max, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.figures import cached_figure, figures_changed

from .models import PledgeSignature, PledgeVersion

logger = logging.getLogger(__name__)


class PledgeError(Exception):
    """A refusal with a message a member can read."""

    message = ""

    def __str__(self):
        return str(self.message)


class NoCurrentPledge(PledgeError):
    message = _("There is no pledge to sign at the moment.")


class PledgeChanged(PledgeError):
    message = _("The pledge changed while you were reading it. Please read the new version and try again.")


class AlreadySigned(PledgeError):
    message = _("You have already taken this pledge. Thank you.")

    def __init__(self, signature=None):
        super().__init__()
        self.signature = signature


class NothingToWithdraw(PledgeError):
    message = _("You have not signed the pledge, so there is nothing to withdraw.")


class NotSigned(PledgeError):
    message = _("You have not taken the current pledge yet.")


class AlreadyPublished(PledgeError):
    message = _("This version is already published.")


WITHDRAWN_MESSAGE = _("Your signature has been withdrawn. It is no longer counted or shown. You can sign again at any time.")
WALL_SHOWN_MESSAGE = _("Your name and commitment are now on the pledge wall.")
WALL_HIDDEN_MESSAGE = _("Your name is no longer on the pledge wall. You are still counted as having signed.")
NO_CERTIFICATE_MESSAGE = _("You will get a certificate once you have taken the pledge.")


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


# ---- Signing, re-affirming, withdrawing -----------------------------------------------------------


def _existing_signature(*, member, version):
    # Locks the row when there is one; when there is none, the unique constraint settles any race.
    return PledgeSignature.objects.select_for_update().filter(member=member, version=version).first()


@transaction.atomic
def sign_pledge(*, member, version, commitment="", show_on_wall=False):
    """Sign (or re-affirm) the current pledge. A signature withdrawn earlier from this version is renewed."""
    current = PledgeVersion.objects.current()
    if current is None:
        raise NoCurrentPledge()
    if version.pk != current.pk:
        raise PledgeChanged()
    commitment = (commitment or "").strip()
    signature = _existing_signature(member=member, version=current)
    if signature is not None and signature.is_standing:
        raise AlreadySigned(signature)
    if signature is not None:
        signature.signed_at = timezone.now()
        signature.withdrawn_at = None
        signature.commitment = commitment
        signature.show_on_wall = show_on_wall
        signature.save(update_fields=["signed_at", "withdrawn_at", "commitment", "show_on_wall"])
    else:
        try:
            with transaction.atomic():
                signature = PledgeSignature.objects.create(
                    member=member, version=current, commitment=commitment, show_on_wall=show_on_wall
                )
        except IntegrityError as error:
            # Another request from the same member got there first (a double click, two tabs).
            raise AlreadySigned() from error
    signature_id = signature.pk
    transaction.on_commit(lambda: send_signature_confirmation(signature_id=signature_id))
    return signature


@transaction.atomic
def set_wall_choice(*, member, show_on_wall):
    """Show or hide my name and commitment on the wall of the current version."""
    current = PledgeVersion.objects.current()
    signature = _existing_signature(member=member, version=current) if current else None
    if signature is None or not signature.is_standing:
        raise NotSigned()
    signature.show_on_wall = show_on_wall
    signature.save(update_fields=["show_on_wall"])
    return signature


@transaction.atomic
def withdraw_signature(*, member):
    """Withdraw from the pledge: every standing signature is kept, dated, and no longer counted or shown."""
    standing = list(PledgeSignature.objects.standing().filter(member=member).select_for_update())
    if not standing:
        raise NothingToWithdraw()
    now = timezone.now()
    PledgeSignature.objects.filter(pk__in=[s.pk for s in standing]).update(withdrawn_at=now)
    figures_changed()
    return len(standing)


@transaction.atomic
def withdraw_signatures(*, signatures):
    """A lead withdraws signatures on someone's behalf (an offline member who asked by phone)."""
    withdrawn = PledgeSignature.objects.filter(pk__in=[s.pk for s in signatures]).standing().update(
        withdrawn_at=timezone.now()
    )
    figures_changed()
    return withdrawn


@transaction.atomic
def publish_version(*, version, when=None):
    version = PledgeVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise AlreadyPublished()
    version.published_at = when or timezone.now()
    version.save(update_fields=["published_at"])
    return version


# ---- The confirmation email -----------------------------------------------------------------------


def send_signature_confirmation(*, signature_id):
    """Text and HTML email thanking the member. A mail failure is logged; the signature stands."""
    signature = (
        PledgeSignature.objects.select_related("member", "version").filter(pk=signature_id).standing().first()
    )
    if signature is None or not signature.member.email:
        return False
    context = {
        "signature": signature,
        "member": signature.member,
        "version": signature.version,
        "reaffirmed": signature.is_reaffirmation,
        "network_name": settings.NETWORK_NAME,
        "pledge_url": settings.SITE_URL + reverse("pledges:pledge"),
        "certificate_url": settings.SITE_URL + reverse("pledges:certificate", args=[signature.pk]),
        "withdraw_url": settings.SITE_URL + reverse("pledges:withdraw"),
    }
    subject = render_to_string("pledges/email/signed_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("pledges/email/signed.txt", context),
        to=[signature.member.email],
    )
    message.attach_alternative(render_to_string("pledges/email/signed.html", context), "text/html")
    try:
        message.send()
    except (SMTPException, OSError):
        logger.exception("Pledge confirmation email failed for signature %s", signature_id)
        return False
    return True


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
    a signature, version or member changes: network.figures)."""
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
