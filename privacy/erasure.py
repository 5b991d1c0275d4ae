"""Erasing a member's account by structure, never by searching text.

Every model with a link to Member has a rule in ERASURE_RULES, link by link: keep the row (it shows the person as
"a former member, <role>" so counts stay true), blank named fields of the rows linked to them, or delete those rows.
Other people's free text is never searched, so a member called "Meeting" or living at "notifications.tasks"
renames nothing. A model that gains a link to Member without a rule makes erasure refuse loudly (and a test fail).

The table is keyed by "app_label.model" so each app's part can later move into a hook of its own.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FORMER_MEMBER_NAME = "A former member"
REMOVED = "[removed]"


class CannotErase(Exception):
    """The account cannot be erased here; the message says why, in words for the person."""


# --- what can happen to the rows linked to the person ------------------------------------------------------------

class Keep:
    """The row stays linked to the person, who now shows as "a former member": it holds nothing of theirs."""

    def fields(self):
        return ()

    def apply(self, rows, member):
        pass


class Blank:
    """Keep the row (counts need it), but blank the fields that are the person's own words or needs."""

    def __init__(self, **values):
        self.values = values

    def fields(self):
        return tuple(self.values)

    def apply(self, rows, member):
        rows.update(**self.values)


class Delete:
    """The row exists only because of the person: it goes (only the rows matching `where`, if given)."""

    def __init__(self, **where):
        self.where = where

    def fields(self):
        return tuple(name.split("__")[0] for name in self.where)

    def apply(self, rows, member):
        rows.filter(**self.where).delete()


class Call:
    """Something a plain rule cannot say, done by the app's own service (for example giving up a meeting place)."""

    def __init__(self, function):
        self.function = function

    def fields(self):
        return ()

    def apply(self, rows, member):
        self.function(rows, member)


class Rule:
    """One model's rule: an action (or a tuple of actions, in order) for each of its links to Member, and `also`
    for rows that refer to the person other than by a link (an email address they typed, a session)."""

    def __init__(self, *, also=None, **links):
        self.links = {name: action if isinstance(action, tuple) else (action,) for name, action in links.items()}
        self.also = also


KEEP = Keep()
DELETE = Delete()


# --- the steps a plain rule cannot say -----------------------------------------------------------------------------

def _meeting_invitations(rows, member):
    from meetings.services import withdraw_invitations

    # Meetings still to come: the invitation goes and any place they held goes to the waiting list.
    withdraw_invitations(member=member)
    # Meetings that happened: the reply stays for the figures, without what they told us they need.
    rows.update(access_needs=[], access_needs_notes="")


def _q_email(addresses, field="email"):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def _invitations_to_their_addresses(member, addresses):
    apps.get_model("network", "Invitation").objects.filter(_q_email(addresses)).delete()


def _enquiries_from_their_addresses(member, addresses):
    apps.get_model("network", "Enquiry").objects.filter(_q_email(addresses)).delete()


def _sessions_of(member):
    """Sessions signed in as the person, or half-way through signing in as them (a login code sent to them)."""
    mine = str(member.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        pending = data.get("account_login") or {}
        if str(data.get("_auth_user_id")) == mine or str(pending.get("user_pk")) == mine:
            yield session.session_key


def end_sessions(member, addresses=()):
    """Sign the person out everywhere. Through the session engine, so a cached copy of the session goes too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in list(_sessions_of(member)):
        store(session_key=key).delete()


# --- the table -------------------------------------------------------------------------------------------------------

ERASURE_RULES = {
    # Django and allauth
    "admin.logentry": Rule(user=KEEP),  # a lead's record of their changes; entries *about* the person: below
    "account.emailaddress": Rule(user=DELETE),  # their addresses (and, with them, pending confirmations)
    "sessions.session": Rule(also=end_sessions),  # signed in, or waiting for a login code
    # network
    "network.member": Rule(added_by=Blank(added_by=None)),  # offline members they added go back to all leads
    "network.consent": Rule(member=DELETE, recorded_by=KEEP),
    "network.powerchange": Rule(member=KEEP, changed_by=KEEP),  # who could do what stays known
    "network.emailchange": Rule(member=DELETE, changed_by=KEEP),  # their own changes may hold an old address
    "network.invitation": Rule(accepted_by=DELETE, invited_by=KEEP, also=_invitations_to_their_addresses),
    "network.networkpage": Rule(updated_by=KEEP),
    "network.enquiry": Rule(sent_by=DELETE, answered_by=KEEP, also=_enquiries_from_their_addresses),
    # What they shared to be shown without a name stays in "you said, we did"; the rest goes.
    "network.blockage": Rule(raised_by=Delete(may_share=False), answered_by=KEEP),
    # meetings
    "meetings.meeting": Rule(created_by=KEEP, chosen_members=KEEP),
    "meetings.agendaitem": Rule(presenter=Blank(presenter_name="")),  # the link shows "a former member"
    "meetings.invitation": Rule(member=Call(_meeting_invitations)),
    "meetings.attendance": Rule(member=KEEP),
    "meetings.minutes": Rule(published_by=KEEP),
    "meetings.agendasuggestion": Rule(
        suggested_by=(Delete(status="waiting"), Blank(details="")), answered_by=KEEP
    ),
    "meetings.calendarfeed": Rule(member=DELETE),
    # notifications
    "notifications.delivery": Rule(member=DELETE, requested_by=KEEP),
    # projects
    "projects.project": Rule(created_by=KEEP),
    "projects.projectmembership": Rule(member=Blank(why_involved="", contribution=""), decided_by=KEEP),
    "projects.stagechecklistitem": Rule(done_by=KEEP),
    "projects.stagechange": Rule(changed_by=KEEP),
    "projects.action": Rule(owner=KEEP, created_by=KEEP),
    "projects.impactrecord": Rule(recorded_by=KEEP),
    "projects.reflection": Rule(member=Blank(comment="")),
    "exports.exportaudit": Rule(who=KEEP),
    # pledges
    "pledges.pledgesignature": Rule(member=Blank(commitment="", show_on_wall=False)),
}

# The person's own row: every field is named, kept or given its erased value (a callable is called at erasure).
MEMBER_KEPT = {"id", "role", "preferred_contact", "date_joined"}
MEMBER_ERASED = {
    "email": None,
    "display_name": FORMER_MEMBER_NAME,
    "pronouns": "",
    "phone": "",
    "postal_address": "",
    "access_needs": list,
    "access_needs_notes": "",
    "wants_meeting_reminders": False,
    "wants_meeting_digests": False,
    "wants_weekly_digest": False,
    "in_directory": False,
    "show_role_in_directory": False,
    "added_by": None,
    "is_active": False,
    "is_staff": False,
    "is_superuser": False,
    "last_login": None,
    "password": None,  # made unusable
    "erased_at": timezone.now,
}


def member_links():
    """(model label, field name) for every link to Member from any installed model, many-to-many included."""
    Member = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is Member:
                if field.concrete or field.many_to_many:
                    yield model._meta.label_lower, field.name


def rule_problems():
    """Everything wrong with the table, in words: a link with no rule, a rule for a model or field that is not there."""
    problems = []
    links = set(member_links())
    for label, name in sorted(links):
        if label not in ERASURE_RULES:
            problems.append(f"{label} links to Member ({name}) but has no erasure rule")
        elif name not in ERASURE_RULES[label].links:
            problems.append(f"{label}.{name} links to Member but its erasure rule does not say what to do with it")
    for label, rule in ERASURE_RULES.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            problems.append(f"the erasure rule for {label} names a model that does not exist")
            continue
        for name, actions in rule.links.items():
            if (label, name) not in links:
                problems.append(f"the erasure rule for {label} names {name}, which is not a link to Member")
            for field in (f for action in actions for f in action.fields()):
                try:
                    model._meta.get_field(field)
                except FieldDoesNotExist:
                    problems.append(f"the erasure rule for {label}.{name} names {field}, which {label} does not have")
    Member = get_user_model()
    named = MEMBER_KEPT | set(MEMBER_ERASED)
    for field in Member._meta.concrete_fields:
        if field.name not in named:
            problems.append(f"Member.{field.name} is neither kept nor erased")
    for name in named - {f.name for f in Member._meta.concrete_fields}:
        problems.append(f"Member has no field {name}, which erasure names")
    return problems


def check_rules():
    problems = rule_problems()
    if problems:
        raise ImproperlyConfigured("Erasure is not set up for every model: " + "; ".join(problems))


# --- admin log entries about the person's rows --------------------------------------------------------------------

def _rows_linked_to(member):
    """{model: set of pks} of every row linked to the person (their own row included, other members not)."""
    linked = {get_user_model(): {member.pk}}
    for label, rule in ERASURE_RULES.items():
        model = apps.get_model(label)
        if model is get_user_model():
            continue
        pks = set()
        for name in rule.links:
            pks |= set(model._default_manager.filter(**{name: member}).values_list("pk", flat=True))
        if pks:
            linked.setdefault(model, set()).update(pks)
    return linked


def _log_entries_about(linked):
    """[(log entry, model, pk, how the row read then)]: the entries naming the person's rows, read before erasure."""
    found = []
    for model, pks in linked.items():
        content_type = ContentType.objects.get_for_model(model)
        ids, entries = sorted(str(pk) for pk in pks), []
        for start in range(0, len(ids), 500):  # a long-standing member may have thousands of rows of one kind
            entries += LogEntry.objects.filter(content_type=content_type, object_id__in=ids[start:start + 500]).only(
                "pk", "object_id", "object_repr"
            )
        if not entries:
            continue
        then = {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=[e.object_id for e in entries])}
        found += [(entry, model, entry.object_id, then.get(entry.object_id)) for entry in entries]
    return found


def _rename_log_entries(found, member):
    """An entry about a row that is gone, or about the person themselves, keeps no name or details; an entry about
    a kept row is renamed as the row now reads, if it was named as the row read through the person."""
    Member = get_user_model()
    for entry, model, object_id, then in found:
        row = model._default_manager.filter(pk=object_id).first()
        if model is Member or row is None:
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=FORMER_MEMBER_NAME if row is not None else REMOVED, change_message=""
            )
        elif entry.object_repr == then and str(row) != then:
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=str(row)[:200])


# --- erasing ---------------------------------------------------------------------------------------------------------

def _their_addresses(member):
    addresses = {member.email} if member.email else set()
    addresses |= set(apps.get_model("account", "EmailAddress").objects.filter(user=member).values_list("email", flat=True))
    return sorted(a for a in addresses if a)


def _erase_member_row(member):
    for name, value in MEMBER_ERASED.items():
        if name == "password":
            member.set_unusable_password()
        else:
            setattr(member, name, value() if callable(value) else value)
    member.save()
    _withdraw_powers(member)
    member.groups.clear()
    member.user_permissions.clear()


def _withdraw_powers(member):
    """An erased account holds no power; the withdrawal is recorded like any other."""
    from network.models import PowerChange

    PowerChange.objects.bulk_create(
        PowerChange(member=member, power=power, granted=False, note="Account erased") for power in member.powers()
    )
    member.forget_powers_cache()


def refusal(member):
    """Why this account cannot be erased, or None."""
    if member.erased_at is not None:
        return _("This account has already been erased.")
    if member.is_superuser:
        return _("An administrator's account cannot be erased here. Ask another administrator.")
    return None


@transaction.atomic
def erase_member(*, member):
    """Erase the person's data; keep the fact of their taking part as "a former member, <role>". All or nothing.

    Raises CannotErase, with words to show the person, when the account cannot be erased here.
    """
    check_rules()
    member = get_user_model().objects.select_for_update().get(pk=member.pk)
    reason = refusal(member)
    if reason:
        raise CannotErase(reason)
    addresses = _their_addresses(member)
    log_entries = _log_entries_about(_rows_linked_to(member))
    for label, rule in ERASURE_RULES.items():
        model = apps.get_model(label)
        for name, actions in rule.links.items():
            for action in actions:
                action.apply(model._default_manager.filter(**{name: member}), member)
        if rule.also:
            rule.also(member, addresses)
    _erase_member_row(member)
    _rename_log_entries(log_entries, member)
    return member
