"""A member's own data: everything held about them, and erasing it.

The download walks Member's reverse relations (Member._meta.related_objects), so a model added later that points
at a member is in their download without anyone remembering to add it. Erasure lives in erasure.py: a rule for each
model that links to a member, and it refuses to run while one is missing.
"""

import datetime as dt
import decimal
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .erasure import FORMER_MEMBER_NAME, REMOVED, CannotErase, erase_member  # noqa: F401  (the views' names)

# Never in a download, whatever model they are on: they would let someone into the account or its feeds.
NEVER_INCLUDE_FIELDS = {"password", "token", "secret", "key", "session_key", "session_data", "otp", "code"}
NEVER_INCLUDE_PARTS = ("password", "token", "secret", "_key", "_hash")
# How the system keeps its own books (row numbers, flags for the admin, the email engine's retries): not about
# the person, so neither the file nor the page shows them.
INTERNAL_FIELDS = {
    "id", "is_superuser", "is_staff", "is_active", "erased_at", "sequence", "object_id", "occasion", "message_id",
    "attempts", "last_error", "claimed_until",
}
INTERNAL_PARTS = ("_notified_at", "_told_at", "invitation_sent_at")

# Relations whose rows hold other people's details, not the member's: the download says how many, not what.
COUNT_ONLY_RELATIONS = {
    ("network", "joininvitation", "invited_by"),  # the names and addresses of people this member invited
}
# Relations that are the system's own records: a lead's changes in the admin (they name the people and things
# changed), and allauth's copy of the email addresses, given instead as "email_addresses".
LEFT_OUT_RELATIONS = {("admin", "logentry", "user"), ("account", "emailaddress", "user")}
# Rows about the member that point at them only through another row (an expense claim's lines): section's name →
# (app label, model, the paths from the row to the member).
REACHED_THROUGH = {
    "expense_lines": ("involvement", "expenseline", ("claim__member",)),
    "expense_receipts": ("involvement", "receipt", ("line__claim__member",)),
    "involvement_steps": ("involvement", "step", ("record__member", "line__claim__member")),
}

# What the network holds, grouped and worded as the profile page is, then each kind of record in its group: the
# profile's own fields a group shows, and a heading for each kind of record. A kind not named here (one added later)
# still appears, under "Other things we keep", with its model's name.
MY_DATA_GROUPS = [
    ("about", _("About you"), ["display_name", "pronouns", "role", "show_role_in_directory", "email", "date_joined",
                               "last_login", "last_seen_at", "previous_seen_at", "added_by"]),
    ("contact", _("How we contact you"), ["preferred_contact", "phone", "postal_address"]),
    ("access", _("What helps you take part"), ["access_needs", "access_needs_notes", "easy_read"]),
    ("what_i_bring", _("What you bring"), []),
    ("support", _("Support people"), []),
    ("consents", _("What you agree to"), []),
    ("emails", _("Emails we send you"), ["wants_meeting_reminders", "wants_meeting_digests", "wants_weekly_digest"]),
    ("directory", _("The member directory"), ["in_directory"]),
    ("powers", _("Your powers"), []),
    ("pledge", _("The pledge"), []),
    ("projects", _("Your projects"), []),
    ("meetings", _("Your meetings"), []),
    ("actions", _("Your actions"), []),
    ("reflections", _("Your reflections"), []),
    ("involvement", _("Your involvement, payments and expenses"), []),
    ("emails_sent", _("Emails we sent you"), []),
    ("other", _("Other things we keep"), []),
]
RECORD_HEADINGS = {
    "what_i_bring": ("what_i_bring", _("What you know and can do, in your own words, and who may see each")),
    "taking_part": ("what_i_bring", _("The ways you like to take part")),
    "support_people": ("support", _("Your support people, and what each may do")),
    "support_received": ("support", _("What your support people did for you")),
    "supporting": ("support", _("People you support")),
    "support_done": ("support", _("What you did for the people you support")),
    "email_changes": ("contact", _("Changes to your email address")),
    "enquiries": ("contact", _("Messages you sent us")),
    "blockages": ("access", _("What you told us gets in the way of taking part")),
    "invitations_sent": ("about", _("People you invited to join (how many)")),
    "consents": ("consents", _("When you agreed, or stopped agreeing")),
    "power_changes": ("powers", _("Powers a lead gave you, or took back")),
    "pledge_signatures": ("pledge", _("Each time you signed the pledge")),
    "project_memberships": ("projects", _("Projects and your role in them")),
    "meeting_invitations": ("meetings", _("Meetings you were invited to, and your replies")),
    "meeting_attendance": ("meetings", _("Meetings you came to")),
    "meeting_chosen_members": ("meetings", _("Meetings you were chosen for")),
    "meetingseries_chosen_members": ("meetings", _("Series of meetings you were chosen for")),
    "agenda_suggestions": ("meetings", _("Things you suggested for an agenda")),
    "meetings_chaired": ("meetings", _("Meetings you chaired")),
    "calendar_feed": ("meetings", _("Your private calendar link")),
    "exports_made": ("powers", _("Records you downloaded")),
    "review_answers": ("reflections", _("What you said in the yearly review of how we work together")),
    "project_actions": ("actions", _("Things you said you would do")),
    "project_reflections": ("reflections", _("What you said about how a project works")),
    "involvement": ("involvement", _("Time you gave, and what it was worth")),
    "reward_choices": ("involvement", _("How you said you would like to be rewarded")),
    "expense_claims": ("involvement", _("Expenses you claimed")),
    "expense_lines": ("involvement", _("Each expense in your claims")),
    "expense_receipts": ("involvement", _("Receipts you sent")),
    "involvement_steps": ("involvement", _("When your time and expenses were approved or paid")),
    "deliveries": ("emails_sent", _("Each email, and when we sent it")),
}


def _left_out(field_name):
    return (
        field_name in NEVER_INCLUDE_FIELDS or any(part in field_name for part in NEVER_INCLUDE_PARTS)
        or field_name in INTERNAL_FIELDS or any(part in field_name for part in INTERNAL_PARTS)
    )


def _plain(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _values(obj, member, skip_field=None):
    """(field, value) for each field of one row worth showing: labels for choices, names for links, nothing
    secret and nothing internal."""
    Member = get_user_model()
    for field in obj._meta.concrete_fields:
        if field.name == skip_field or _left_out(field.name):
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if related_id is None:
                yield field, None
            elif field.related_model is Member:
                yield field, str(_("you")) if related_id == member.pk else getattr(obj, field.name).display_name
            else:
                yield field, str(getattr(obj, field.name))
            continue
        value = getattr(obj, field.attname)
        if field.choices and value not in (None, ""):
            value = str(getattr(obj, f"get_{field.name}_display")())
        yield field, value


def _serialise(obj, member, skip_field=None):
    """One row as a dict of plain values, ready for JSON."""
    return {field.name: _plain(value) for field, value in _values(obj, member, skip_field)}


def member_relations():
    """Every reverse relation onto Member: (relation, app_label, model_name, field_name)."""
    Member = get_user_model()
    for relation in Member._meta.related_objects:
        model = relation.related_model
        yield relation, model._meta.app_label, model._meta.model_name, relation.field.name


def relation_key(relation):
    """The section's name in the download: the relation's accessor, or model_field where it has none ("+")."""
    accessor = relation.get_accessor_name()
    if accessor and not accessor.endswith("+"):
        return accessor
    return f"{relation.related_model._meta.model_name}_{relation.field.name}"


def _rows_for(relation, member):
    model = relation.related_model
    rows = model._default_manager.filter(**{relation.field.name: member})
    links = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name != relation.field.name]
    return rows.select_related(*links).order_by("pk") if links else rows.order_by("pk")


def _powers_held(member):
    from network.models import Power

    held = member.powers()
    return [str(label) for value, label in Power.choices if value in held]


def _email_addresses(member):
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=member).order_by("-primary", "email")
    ]


def _reached_through(model, paths, member):
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{path: member})
    links = [f.name for f in model._meta.concrete_fields if f.is_relation]
    return list(model._default_manager.filter(query).select_related(*links).order_by("pk"))


def _records(member):
    """(key, model, the link to the member left out of each row, rows or a count) for each kind of record about the
    member, in the order of Member's links, then those reached through another row."""
    for relation, app_label, model_name, field_name in member_relations():
        if (app_label, model_name, field_name) in LEFT_OUT_RELATIONS:
            continue
        key = relation_key(relation)
        if (app_label, model_name, field_name) in COUNT_ONLY_RELATIONS:
            yield key, relation.related_model, field_name, _rows_for(relation, member).count()
        else:
            yield key, relation.related_model, field_name, list(_rows_for(relation, member))
    for key, (app_label, model_name, paths) in REACHED_THROUGH.items():
        model = apps.get_model(app_label, model_name)
        yield key, model, None, _reached_through(model, paths, member)


def collect_my_data(*, member):
    """Everything held about the member, as a dict ready for json.dumps. Returns (data, number of records)."""
    profile = dict(_serialise(member, member))
    profile["access_needs"] = list(member.access_needs or [])
    profile["powers"] = _powers_held(member)
    data = {
        "about_this_file": {
            "network": settings.NETWORK_NAME,
            "made_at": timezone.localtime().isoformat(),
            "what_it_is": str(
                _("Everything the network holds about you. Each section is one kind of record; each record lists "
                  "what we keep. Passwords and secret links are never included.")
            ),
        },
        "profile": profile,
        "email_addresses": _email_addresses(member),
    }
    count = 1
    for key, _model, link, rows in _records(member):
        if isinstance(rows, int):
            data[key] = {"count": rows}
            continue
        data[key] = [_serialise(obj, member, skip_field=link) for obj in rows]
        count += len(rows)
    return data, count


# --- The same, as a page a person can read and print --------------------------------------------------------------

def _readable(field, value):
    """A value in words: yes or no, dates written out, access needs by name; None when there is nothing to say."""
    from django.utils.formats import date_format

    from network.models import AccessNeed

    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return str(_("Yes")) if value else str(_("No"))
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y, g:i a")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, list):
        labels = dict(AccessNeed.choices) if field.name == "access_needs" else {}
        return ", ".join(str(labels.get(item, item)) for item in value)
    return str(_plain(value))


def _lines(obj, member, skip_field=None, names=None):
    """[(label, words)] for one row, leaving out what has nothing to say."""
    pairs = list(_values(obj, member, skip_field))
    if names is not None:
        by_name = {field.name: (field, value) for field, value in pairs}
        pairs = [by_name[name] for name in names if name in by_name]
    lines = []
    for field, value in pairs:
        words = _readable(field, value)
        if words is not None:
            lines.append((capfirst(field.verbose_name), words))
    return lines


def readable_my_data(*, member):
    """What the network holds about the member, in words, grouped as their profile page is: a list of
    {"key", "heading", "lines": [(label, words)], "sections": [{"heading", "records": [[(label, words)]], "count"}]}."""
    groups = {key: {"key": key, "heading": heading, "lines": _lines(member, member, names=names) if names else [],
                    "sections": []}
              for key, heading, names in MY_DATA_GROUPS}
    groups["about"]["lines"] += [(_("Email address"), a["email"]) for a in _email_addresses(member)
                                 if a["email"] != member.email]
    groups["powers"]["lines"].append((_("Powers you have now"), ", ".join(_powers_held(member)) or _("None")))
    for key, model, link, rows in _records(member):
        group, heading = RECORD_HEADINGS.get(key, ("other", capfirst(model._meta.verbose_name_plural)))
        if isinstance(rows, int):
            groups[group]["sections"].append({"key": key, "heading": heading, "records": [], "count": rows})
        else:
            lines = [_lines(obj, member, skip_field=link) for obj in rows]
            groups[group]["sections"].append({"key": key, "heading": heading, "records": lines, "count": len(lines)})
    order = list(RECORD_HEADINGS)
    for group in groups.values():
        group["sections"].sort(key=lambda section: order.index(section["key"]) if section["key"] in order else len(order))
    return [group for group in groups.values() if group["key"] != "other" or group["sections"]]


# --- Erasure: privacy/erasure.py, by structure (a rule for every model that links to a member) ---------

def former_member_label(member):
    """ "a former member, carer": how an erased member appears where the fact of their taking part is kept."""
    from network.models import Role

    role = Role(member.role).label if member.role in Role.values else ""
    return f"{FORMER_MEMBER_NAME.lower()}, {str(role).lower()}" if role else FORMER_MEMBER_NAME.lower()
