"""The delivery engine: plan what is due, fan it out into ledger rows, send each row exactly once.

Exactly once, in practice: every (member, kind, object, occasion) has one Delivery row (a unique constraint). A
sender claims a batch of rows with a short lease (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL), opens one mail
connection, and marks each row sent with a single-row UPDATE right after the mail server accepts it. A worker
killed mid-batch leaves its unsent rows pending; when the lease runs out the next scan sends them. The only
window for a duplicate is between the server's "250 OK" and that UPDATE's commit (well under a millisecond): one
message per kill at most, and the resend carries the same Message-ID so mail clients recognise it.

Those single-row commits do not wait for the disk (synchronous_commit off, for the sender's own commits only): a
commit is seen by every other worker at once, so a killed worker changes nothing; only PostgreSQL itself crashing
in the next fraction of a second could forget a mark, and then that one message goes again with its Message-ID.
"""

import datetime as dt
import functools
import hashlib
import hmac
import logging
import re
import secrets
import smtplib
from contextlib import contextmanager
from contextvars import ContextVar
from email.utils import formatdate

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation

from . import mime
from .models import Delivery, DueNotification
from .registry import handler_for, sent_listeners

log = logging.getLogger(__name__)


def lease():
    # A claimed batch is someone else's for this long; far below Redis's visibility timeout (1 hour).
    return dt.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)

BATCH_SIZE = 200
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class TransientMailError(Exception):
    """The mail server could not take messages just now; the task retries with backoff."""


# --- planning --------------------------------------------------------------------------------------------------

def schedule(*, kind, object_id, occasion, due_at):
    """Record that something is due. A time change moves it, unless it has already gone out."""
    due, created = DueNotification.objects.get_or_create(
        kind=kind, object_id=object_id, occasion=occasion, defaults={"due_at": due_at}
    )
    if not created and due.processed_at is None and due.due_at != due_at:
        DueNotification.objects.filter(pk=due.pk, processed_at__isnull=True).update(due_at=due_at)
    return due


def message_id_for(*, kind, object_id, occasion, member_id, address=""):
    """Stable per ledger row, so a resend after a crash is recognisably the same message. No personal data."""
    key = f"{kind}:{object_id}:{occasion}:{member_id if member_id is not None else address}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), key, hashlib.sha256).hexdigest()[:32]
    domain = settings.NETWORK_CONTACT_EMAIL.rpartition("@")[2] or "coproduction.invalid"
    return f"<{digest}.{kind}@{domain}>"


def queue(*, kind, object_id, occasion, members=(), addresses=(), meeting_id=None, requested_by=None):
    """Create one ledger row per member (skipping, with a reason, those who must not get it) and one per address
    of someone who is not a member. Idempotent."""
    handler = handler_for(kind)
    if meeting_id is None and handler.meeting_of:
        meeting_id = handler.meeting_of(object_id)
    now = timezone.now()
    rows = []
    for member in members:
        reason = ""
        if not member.is_active:
            reason = Delivery.SkipReason.INACTIVE
        elif not member.email:
            reason = Delivery.SkipReason.NO_EMAIL
        elif handler.preference and not getattr(member, handler.preference):
            reason = Delivery.SkipReason.OPTED_OUT
        rows.append(
            Delivery(
                member_id=member.pk, kind=kind, object_id=object_id, occasion=occasion, meeting_id=meeting_id,
                status=Delivery.Status.SKIPPED if reason else Delivery.Status.PENDING, skip_reason=reason,
                message_id=message_id_for(kind=kind, object_id=object_id, occasion=occasion, member_id=member.pk),
                created_at=now, requested_by=requested_by,
            )
        )
    for address in dict.fromkeys(a.strip() for a in addresses if a and a.strip()):
        rows.append(
            Delivery(
                member_id=None, to_address=address, kind=kind, object_id=object_id, occasion=occasion,
                meeting_id=meeting_id, message_id=message_id_for(kind=kind, object_id=object_id, occasion=occasion,
                                                                 member_id=None, address=address),
                created_at=now, requested_by=requested_by,
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    offline = [r.member_id for r in rows if r.skip_reason == Delivery.SkipReason.NO_EMAIL]
    if offline and handler.on_offline:
        handler.on_offline(object_id, occasion, offline)
    return sum(1 for r in rows if r.status == Delivery.Status.PENDING)


def queue_for_recipients(*, kind, object_id, occasion):
    """Queue a kind for everyone its handler says should get it: its members and any other addresses."""
    handler = handler_for(kind)
    addresses = handler.addresses(object_id, occasion) if handler.addresses else ()
    return queue(kind=kind, object_id=object_id, occasion=occasion, members=handler.recipients(object_id, occasion),
                 addresses=addresses)


def fan_out_due(*, now=None, limit=50):
    """Turn every due, unprocessed DueNotification into ledger rows. Safe with many scanners at once."""
    now = now or timezone.now()
    with transaction.atomic():
        dues = list(
            DueNotification.objects.select_for_update(skip_locked=True)
            .filter(processed_at__isnull=True, due_at__lte=now)
            .order_by("due_at")[:limit]
        )
        for due in dues:
            handler = handler_for(due.kind)
            if handler.is_stale(due.object_id, due.occasion, now):
                due.outcome = "too late: not sent"
            else:
                count = queue_for_recipients(kind=due.kind, object_id=due.object_id, occasion=due.occasion)
                due.outcome = f"queued {count}"
            due.processed_at = now
            due.save(update_fields=["processed_at", "outcome"])
    return len(dues)


# --- sending ---------------------------------------------------------------------------------------------------

def _claim(limit, now):
    with transaction.atomic():
        ids = list(
            Delivery.objects.claimable(now)
            .select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Delivery.objects.filter(id__in=ids).update(claimed_until=now + lease(), attempts=F("attempts") + 1)
    return ids


class _Lease:
    """A claimed batch stays this sender's while it is sending: the lease is renewed a third of the way through,
    so a slow batch (a busy machine, a slow mail server) is never taken over by another worker half-sent. If some
    rows were taken over anyway (this sender stalled past its lease), it stops: they are someone else's now."""

    def __init__(self, ids, until):
        self.ids, self.until = ids, until
        self.renew_at = until - lease() * 2 / 3

    def still_ours(self, remaining):
        """`remaining` gives the ids not sent yet; asked only when the lease is due to be renewed."""
        now = timezone.now()
        if now < self.renew_at:
            return True
        pending = Delivery.objects.filter(id__in=remaining(), status=Delivery.Status.PENDING)
        until = now + lease()
        renewed = pending.filter(claimed_until=self.until).update(claimed_until=until)
        self.until, self.renew_at = until, now + lease() / 3
        return renewed == pending.count()


def _mark(delivery, **fields):
    # One single-row UPDATE in autocommit: the ledger records the send the moment the server accepted it.
    if delivery.to_address and handler_for(delivery.kind).forget_address_once_sent:
        fields["to_address"] = ""
    fields["claimed_until"] = None
    names = tuple(sorted(fields))
    values = [Delivery._meta.get_field(name).get_db_prep_save(fields[name], db_connection) for name in names]
    with db_connection.cursor() as cursor:
        cursor.execute(_mark_sql(names, db_connection.vendor), [*values, delivery.pk])


@functools.lru_cache(maxsize=32)
def _mark_sql(names, vendor):
    # The UPDATE the ORM would write for these fields, written once: writing it again for each of the weekly news's
    # emails was a sixth of a worker's time.
    quote = db_connection.ops.quote_name
    sets = ", ".join(f"{quote(Delivery._meta.get_field(name).column)} = %s" for name in names)
    table, key = quote(Delivery._meta.db_table), quote(Delivery._meta.pk.column)
    return f"UPDATE {table} SET {sets} WHERE {key} = %s"  # noqa: S608 - the model's own quoted names, values bound


@contextmanager
def _marks_without_waiting_for_the_disk():
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def send_pending(*, limit=BATCH_SIZE, now=None):
    """Send one claimed batch over one mail connection. Returns how many went out."""
    now = now or timezone.now()
    ids = _claim(limit, now)
    if not ids:
        return 0
    with _marks_without_waiting_for_the_disk():
        return _send_claimed(ids, now, _Lease(ids, now + lease()))


def _send_claimed(ids, now, held):
    deliveries = list(Delivery.objects.filter(id__in=ids).select_related("member").order_by("id"))
    # Each email is written in its recipient's language: known here for the whole batch, with no query per email.
    languages = _languages.set({d.address.lower(): _language_of(d.member) for d in deliveries if d.address})
    try:
        messages = _build(deliveries, now)
    finally:
        _languages.reset(languages)
    return _send(deliveries, ids, messages, held)


def _build(deliveries, now):
    messages = {}
    by_kind = {}
    for delivery in deliveries:
        by_kind.setdefault(delivery.kind, []).append(delivery)
    for kind, group in by_kind.items():
        handler = handler_for(kind)
        fresh = [d for d in group if not handler.is_stale(d.object_id, d.occasion, now)]
        for d in set(group) - set(fresh):
            _mark(d, status=Delivery.Status.SKIPPED, skip_reason=Delivery.SkipReason.STALE)
        messages.update(handler.build_messages(fresh) if fresh else {})
    return messages


def _send(deliveries, ids, messages, held=None):
    sent, went = 0, []
    connection = get_connection()
    boundary = f"=={secrets.token_hex(12)}=="
    try:
        connection.open()
        for index, delivery in enumerate(deliveries):
            if delivery.pk not in messages:
                continue
            if held and not held.still_ours(lambda: [d.pk for d in deliveries[index:]]):  # noqa: B023 - used at once
                log.warning("notifications: a batch's lease ran out while sending; another sender has the rest")
                break
            message = messages[delivery.pk]
            if message is None:
                _mark(delivery, status=Delivery.Status.SKIPPED, skip_reason=Delivery.SkipReason.NOTHING_NEW)
                continue
            message.connection = connection
            message.extra_headers["Message-ID"] = delivery.message_id
            try:
                _send_one(message, connection, boundary)
            except smtplib.SMTPRecipientsRefused as exc:
                if all(code >= 500 for code, _ in exc.recipients.values()):
                    _mark(delivery, status=Delivery.Status.FAILED, skip_reason=Delivery.SkipReason.BOUNCED,
                          last_error=str(exc)[:300])
                    continue
                Delivery.objects.filter(id__in=ids, status=Delivery.Status.PENDING).update(
                    claimed_until=None, last_error=str(exc)[:300]
                )
                raise TransientMailError(str(exc)) from exc
            except (smtplib.SMTPException, OSError) as exc:
                # The server is refusing for now: release the rest of the batch for a retry.
                Delivery.objects.filter(id__in=ids, status=Delivery.Status.PENDING).update(
                    claimed_until=None, last_error=str(exc)[:300]
                )
                raise TransientMailError(str(exc)) from exc
            _mark(delivery, status=Delivery.Status.SENT, sent_at=timezone.now())
            sent += 1
            went.append(delivery)
    except (smtplib.SMTPException, OSError) as exc:  # failure to connect at all
        Delivery.objects.filter(id__in=ids, status=Delivery.Status.PENDING).update(
            claimed_until=None, last_error=str(exc)[:300]
        )
        raise TransientMailError(str(exc)) from exc
    finally:
        try:
            connection.close()
        except Exception:  # noqa: S110 - closing a broken connection must not hide the real error
            pass
        for listener in sent_listeners() if went else ():
            listener(went)
    log.info("notifications: sent %s of %s claimed", sent, len(ids))
    return sent


def _send_one(message, connection, boundary):
    # Over SMTP a plain text-and-HTML email is written straight to bytes (notifications/mime.py); anything else,
    # or any other backend (the tests' outbox), goes through Django as it always did.
    raw = mime.as_bytes(message, boundary=boundary) if isinstance(connection, SMTPBackend) else None
    if raw is None:
        message.send()
    else:
        connection.connection.sendmail(*mime.envelope(message, connection), raw)


def resend(*, delivery, requested_by):
    """A lead sends one person the same email again, on purpose: a new ledger row for a new occasion."""
    if delivery.member is None and not delivery.to_address:
        return None  # the address was forgotten once the email went: nothing to send to
    occasion = f"{delivery.occasion}-again-{timezone.now():%Y%m%d%H%M%S}"[:40]
    queue(kind=delivery.kind, object_id=delivery.object_id, occasion=occasion,
          members=[delivery.member] if delivery.member else [],
          addresses=[] if delivery.member else [delivery.to_address],
          meeting_id=delivery.meeting_id, requested_by=requested_by)
    return Delivery.objects.get(member=delivery.member, to_address="" if delivery.member else delivery.to_address,
                                kind=delivery.kind, object_id=delivery.object_id, occasion=occasion)


# --- building messages -----------------------------------------------------------------------------------------

TEXT_FOOTER = "notifications/email/footer.txt"


def unsubscribe_token(*, member_id, preference):
    return signing.dumps({"m": member_id, "p": preference}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return data["m"], data["p"]


def absolute_url(name_or_path, *args, **kwargs):
    """The full address of a page, for emails and calendars: a path ("/meetings/3/") or a URL name and its
    arguments ("meetings:detail", pk=3), on the site's address (SITE_URL)."""
    path = name_or_path if name_or_path.startswith("/") else reverse(name_or_path, args=args or None,
                                                                          kwargs=kwargs or None)
    return f"{settings.SITE_URL}{path}"


# A signed token's letters (URL-safe base64, ":" between its parts, "." before a compressed one) are their own
# quoting in a path, so its address is the route's with the token in its place: looking the route up again for
# every email of the weekly news took a tenth of a worker's time.
_TOKEN = re.compile(r"[A-Za-z0-9_.:-]+")
_TOKEN_PLACE = "0token0"  # noqa: S105 - where the token goes, not a secret


@functools.lru_cache(maxsize=16)
def _unsubscribe_route(script_prefix, urlconf):
    return reverse("notifications:unsubscribe", args=[_TOKEN_PLACE], urlconf=urlconf).partition(_TOKEN_PLACE)


def unsubscribe_headers(*, member_id, preference):
    """The one-click unsubscribe link for one kind of email (RFC 2369 and RFC 8058 headers)."""
    return unsubscribe_links()(member_id=member_id, preference=preference)


def unsubscribe_links():
    """unsubscribe_headers with the route looked up once, for writing many emails in a row (the weekly news)."""
    before, _, after = _unsubscribe_route(get_script_prefix(), get_urlconf())

    def headers(*, member_id, preference):
        token = unsubscribe_token(member_id=member_id, preference=preference)
        if _TOKEN.fullmatch(token):
            url = f"{settings.SITE_URL}{before}{token}{after}"
        else:
            url = absolute_url("notifications:unsubscribe", token)
        return url, {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

    return headers


def render_text(template_name, context):
    """A subject or a plain-text body: nothing HTML-escaped (a title "carers' voices" stays as it is), whatever
    the template says, because plain text is not HTML."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


# The recipients' languages while a batch is being written (address -> language code).
_languages = ContextVar("notifications_recipient_languages", default=None)


def _language_of(member):
    return (getattr(member, "language", "") if member else "") or settings.LANGUAGE_CODE


def recipient_language(*, to):
    """The language to write to this person in: the one they chose, else the site's. Never the language of
    whoever's request happened to send it (a lead reading the site in Welsh sends English to English readers).
    Known for each batch send_pending writes (no query per email); outside a batch, the site's language."""
    known = _languages.get() or {}
    return known.get(to[0].lower(), settings.LANGUAGE_CODE) if len(to) == 1 and to[0] else settings.LANGUAGE_CODE


def render_email(*, template, context, to, preference=None, member_id=None, attachments=(), subject=None,
                 reply_to=None):
    """A message with a plain-text and an HTML part, and one-click unsubscribe headers where it can be turned off.
    The subject comes from `<template>_subject.txt` unless given. Written in the recipient's language."""
    with translation.override(recipient_language(to=to)):
        return _render_email(template=template, context=context, to=to, preference=preference,
                             member_id=member_id, attachments=attachments, subject=subject, reply_to=reply_to)


def _render_email(*, template, context, to, preference, member_id, attachments, subject, reply_to):
    context = {"network_name": settings.NETWORK_NAME, "site_url": settings.SITE_URL,
               "contact_email": settings.NETWORK_CONTACT_EMAIL, **context}
    headers = {"Date": formatdate(localtime=True)}
    if preference and member_id:
        context["unsubscribe_url"], list_headers = unsubscribe_headers(member_id=member_id, preference=preference)
        headers.update(list_headers)
    context["preferences_url"] = absolute_url("notifications:preferences")
    subject = " ".join((subject or render_text(f"{template}_subject.txt", context)).split())
    # Every plain-text email ends with the same footer, as every HTML one ends with the base layout's.
    text = render_text(f"{template}.txt", context).rstrip() + "\n" + render_text(TEXT_FOOTER, context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def notify(*, kind, object_id, occasion, members=(), addresses=(), meeting_id=None):
    """Queue one email per member (and per other address) in the ledger and have it sent once the transaction
    commits."""
    from .tasks import send_pending_deliveries

    queued = queue(kind=kind, object_id=object_id, occasion=occasion, members=members, addresses=addresses,
                   meeting_id=meeting_id)
    if queued:
        send_pending_deliveries.delay_on_commit()
    return queued


def queue_once(model, pk, *, marker, kind, occasion, ready=None, exclude=None, also=None):
    """For a task that can run twice: lock the row the email is about and, unless its `marker` is already set,
    queue the email for everyone the kind's handler names, set the marker (and any `also` fields) and send.
    `occasion` may be a function of the locked row.
    Returns how many emails were queued (0 on a second run)."""
    from .tasks import send_pending_deliveries

    with transaction.atomic():
        rows = model.objects.select_for_update().filter(pk=pk, **{f"{marker}__isnull": True}, **(ready or {}))
        row = rows.exclude(**exclude).first() if exclude else rows.first()
        if row is None:
            return 0
        if callable(occasion):  # one occasion per time the row asks for the email again (a re-sent invitation)
            occasion = occasion(row)
        queued = queue_for_recipients(kind=kind, object_id=pk, occasion=occasion)
        fields = {marker: timezone.now(), **(also or {})}
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=list(fields))
    _send_now(retry=send_pending_deliveries.delay_on_commit)
    return queued


def queue_and_send(*, kind, object_id, occasion):
    """For a step in a person's request (after its commit), not a task: queue the kind for its recipients and send
    at once. If the mail server is not taking messages, the rows wait for the next scan (within a minute)."""
    queued = queue_for_recipients(kind=kind, object_id=object_id, occasion=occasion)
    if queued:
        _send_now()
    return queued


def _send_now(retry=None):
    # If the mail server is not taking messages (or this process stops here), the rows stay pending and the retry
    # (or the next scan, within a minute) sends them later, each once.
    try:
        send_pending()
    except TransientMailError:
        log.warning("notifications: the mail server is not taking messages; they wait for a retry")
        if retry:
            retry()
    else:
        if retry and Delivery.objects.claimable().exists():
            retry()
