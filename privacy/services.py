"""A member's own data: everything held about them, and erasing it.

The download walks Member's reverse relations (Member._meta.related_objects), so a model added later that points
at a member is in their download without anyone remembering to add it. Erasure lives in erasure.py: a rule for each
model that links to a member, and it refuses to run while one is missing.
"""

import datetime as dt
import decimal
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .erasure import FORMER_MEMBER_NAME, REMOVED, CannotErase, erase_member  # noqa: F401  (the views' names)

# Never in a download, whatever model they are on: they would let someone into the account or its feeds.
NEVER_INCLUDE_FIELDS = {"password", "token", "secret", "key", "session_key", "session_data", "otp", "code"}
NEVER_INCLUDE_PARTS = ("password", "token", "secret", "_key", "_hash")

# Relations whose rows hold other people's details, not the member's: the download says how many, not what.
COUNT_ONLY_RELATIONS = {
    ("network", "joininvitation", "invited_by"),  # the names and addresses of people this member invited
    ("admin", "logentry", "user"),  # a lead's changes in the admin, which name the people and things changed
}


def _never_include(field_name):
    return field_name in NEVER_INCLUDE_FIELDS or any(part in field_name for part in NEVER_INCLUDE_PARTS)


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


def _serialise(obj, member, skip_field=None):
    """One row as a dict of plain values: labels for choices, names for links, nothing secret."""
    Member = get_user_model()
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name == skip_field or _never_include(field.name):
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if related_id is None:
                row[field.name] = None
            elif field.related_model is Member:
                row[field.name] = str(_("you")) if related_id == member.pk else getattr(obj, field.name).display_name
            else:
                row[field.name] = str(getattr(obj, field.name))
            continue
        value = getattr(obj, field.attname)
        if field.choices and value not in (None, ""):
            value = str(getattr(obj, f"get_{field.name}_display")())
        row[field.name] = _plain(value)
    return row


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


def collect_my_data(*, member):
    """Everything held about the member, as a dict ready for json.dumps. Returns (data, number of records)."""
    profile = _serialise(member, member)
    profile["access_needs"] = list(member.access_needs or [])
    profile["groups"] = sorted(member.groups.values_list("name", flat=True))
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
    }
    count = 1
    for relation, app_label, model_name, field_name in member_relations():
        key = relation_key(relation)
        if (app_label, model_name, field_name) in COUNT_ONLY_RELATIONS:
            data[key] = {"count": _rows_for(relation, member).count()}
            continue
        rows = [_serialise(obj, member, skip_field=field_name) for obj in _rows_for(relation, member)]
        data[key] = rows
        count += len(rows)
    return data, count


# --- Erasure: privacy/erasure.py, by structure (a rule for every model that links to a member) ---------

def former_member_label(member):
    """ "a former member, carer": how an erased member appears where the fact of their taking part is kept."""
    from network.models import Role

    role = Role(member.role).label if member.role in Role.values else ""
    return f"{FORMER_MEMBER_NAME.lower()}, {str(role).lower()}" if role else FORMER_MEMBER_NAME.lower()
