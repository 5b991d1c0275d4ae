"""Erasing a member's account by structure, never by searching text.

Every model with a link to Member has a rule in ERASURE_RULES, link by link: keep the row (it shows the person as
"a former member, <role>" so counts stay true), blank named fields of the rows linked to them, or delete those rows.
Other people's free text is never searched, so a member called "Meeting" or living at "notifications.tasks"
renames nothing. A model that gains a link to Member without a rule makes erasure refuse loudly (and a test fail).

Each app says what happens to its own rows in <app>/personal_data.py, with the words of network/personal_data.py;
privacy finds them when it is ready, and names no feature's model itself.
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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.personal_data import DELETE, KEEP, RULES, Blank, Call, Delete, Keep, Rule, register  # noqa: F401
from network.refusals import Refusal

FORMER_MEMBER_NAME = "A former member"
REMOVED = "[removed]"


class CannotErase(Refusal):
    """The account cannot be erased here; the message says why, in words for the person."""


# --- the steps a plain rule cannot say -----------------------------------------------------------------------------

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

# Each app registers the rules for its own models in <app>/personal_data.py (found when privacy is ready); privacy
# adds those of Django, allauth and the infrastructure below network.
ERASURE_RULES = RULES
register({
    "admin.logentry": Rule(user=KEEP),  # a lead's record of their changes; entries *about* the person: below
    "account.emailaddress": Rule(user=DELETE),  # their addresses (and, with them, pending confirmations)
    "sessions.session": Rule(also=end_sessions),  # signed in, or waiting for a login code
    "notifications.delivery": Rule(member=DELETE, requested_by=KEEP),
    "exports.exportaudit": Rule(who=KEEP),
})

# The person's own row: every field is named, kept or given its erased value (a callable is called at erasure).
MEMBER_KEPT = {"id", "role", "preferred_contact", "date_joined", "supporter_only"}  # a supporter is never counted
MEMBER_ERASED = {
    "email": None,
    "display_name": FORMER_MEMBER_NAME,
    "pronouns": "",
    "phone": "",
    "postal_address": "",
    "access_needs": list,
    "access_needs_notes": "",
    "easy_read": False,
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
    "last_seen_at": None,
    "previous_seen_at": None,
    "language": "",
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
