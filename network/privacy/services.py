"""A member's own data: everything held about them, and erasing it.

Both walk Member's reverse relations (Member._meta.related_objects), so a model added later that points at a
member is in their download without anyone remembering to add it, and its text is scrubbed of their details.
"""

import datetime as dt
import decimal
import re
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FORMER_MEMBER_NAME = "A former member"
REMOVED = "[removed]"

# Never in a download, whatever model they are on: they would let someone into the account or its feeds.
NEVER_INCLUDE_FIELDS = {"password", "token", "secret", "key", "session_key", "session_data", "otp", "code"}
NEVER_INCLUDE_PARTS = ("password", "token", "secret", "_key", "_hash")

# Relations whose rows hold other people's details, not the member's: the download says how many, not what.
COUNT_ONLY_RELATIONS = {
    ("network", "invitation", "invited_by"),  # the names and addresses of people this member invited
    ("admin", "logentry", "user"),  # a lead's changes in the admin, which name the people and things changed
}


class CannotErase(Exception):
    """The account cannot be erased here (for example the site's superuser must ask another administrator)."""


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


# --- Erasure ------------------------------------------------------------------------------------------------

def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _delete(model_label, *conditions, **filters):
    model = _model(model_label)
    if model is not None:
        model._default_manager.filter(*conditions, **filters).delete()


def _blank(model_label, values, **filters):
    model = _model(model_label)
    if model is not None:
        fields = {f.name for f in model._meta.concrete_fields}
        model._default_manager.filter(**filters).update(**{k: v for k, v in values.items() if k in fields})


def personal_identifiers(member):
    """What would identify the member if it were left in any text: name, email addresses, phone, address."""
    Member = get_user_model()
    emails = {member.email} if member.email else set()
    email_model = _model("account.EmailAddress")
    if email_model is not None:
        emails |= set(email_model.objects.filter(user=member).values_list("email", flat=True))
    found = {"emails": sorted(e for e in emails if e), "names": [], "phones": [], "addresses": []}
    name = (member.display_name or "").strip()
    # A name shared with another member cannot be told apart in free text, so it is only removed where linked.
    if len(name) >= 4 and not Member.objects.exclude(pk=member.pk).filter(display_name__iexact=name).exists():
        found["names"].append(name)
    phone = (member.phone or "").strip()
    if sum(ch.isdigit() for ch in phone) >= 6:
        found["phones"].append(phone)
        digits = re.sub(r"\D", "", phone)
        if digits != phone:
            found["phones"].append(digits)
    address = (member.postal_address or "").strip()
    if address:
        found["addresses"].append(address)
        first_line = address.splitlines()[0].strip().rstrip(",")
        if len(first_line) >= 8 and first_line != address:
            found["addresses"].append(first_line)
    return found


def _patterns(identifiers):
    patterns = [(re.compile(re.escape(e), re.IGNORECASE), REMOVED) for e in identifiers["emails"]]
    patterns += [(re.compile(re.escape(p)), REMOVED) for p in identifiers["phones"]]
    patterns += [(re.compile(re.escape(a), re.IGNORECASE), REMOVED) for a in identifiers["addresses"]]
    patterns += [
        (re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)", re.IGNORECASE), FORMER_MEMBER_NAME.lower())
        for n in identifiers["names"]
    ]
    return patterns


def _scrub_value(value, patterns):
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_scrub_value(item, patterns) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, patterns) for key, item in value.items()}
    return value


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
NOT_SCRUBBED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def text_columns():
    """(model, field) for every text, email and JSON column in the database."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and not field.is_relation:
                yield model, field


def scrub_identifiers(*, identifiers, except_model=None):
    """Replace the member's details wherever they appear in any text column. Returns how many rows changed."""
    patterns = _patterns(identifiers)
    needles = identifiers["emails"] + identifiers["phones"] + identifiers["addresses"] + identifiers["names"]
    if not needles:
        return 0
    changed = 0
    for model, field in text_columns():
        if model is except_model or model._meta.label_lower in NOT_SCRUBBED:
            continue
        query = Q()
        for needle in needles:
            query |= Q(**{f"{field.name}__icontains": needle})
        for obj in model._default_manager.filter(query).only("pk", field.attname):
            old = getattr(obj, field.attname)
            new = _scrub_value(old, patterns)
            if isinstance(new, str) and getattr(field, "max_length", None):
                new = new[: field.max_length]
            if new != old:
                model._default_manager.filter(pk=obj.pk).update(**{field.attname: new})
                changed += 1
    return changed


def end_sessions(member):
    """Sign the member out everywhere (database sessions; other engines expire, and the account is inactive)."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(member.pk):
            session.delete()


def _anonymise_member(member):
    keep = {"role", "preferred_contact", "password", "date_joined"}
    for field in member._meta.concrete_fields:
        if field.name in keep or field.primary_key or field.is_relation:
            continue
        if isinstance(field, models.EmailField):
            setattr(member, field.attname, None)
        elif isinstance(field, models.JSONField):
            setattr(member, field.attname, field.get_default())
        elif isinstance(field, (models.CharField, models.TextField)) and field.blank:
            setattr(member, field.attname, "")
        elif isinstance(field, models.BooleanField):
            setattr(member, field.attname, False)
        elif isinstance(field, models.DateTimeField) and field.null:
            setattr(member, field.attname, None)
    for field in member._meta.concrete_fields:
        if field.is_relation and field.null:
            setattr(member, field.attname, None)
    member.display_name = FORMER_MEMBER_NAME
    member.email = None
    member.is_active = False
    member.set_unusable_password()
    member.save()
    member.groups.clear()
    member.user_permissions.clear()


@transaction.atomic
def erase_member(*, member):
    """Erase the member's personal data; keep the fact of their participation as "a former member, <role>".

    Raises CannotErase for a superuser (another administrator must take their powers away first).
    """
    if member.is_superuser:
        raise CannotErase(_("An administrator's account cannot be erased here. Ask another administrator."))
    identifiers = personal_identifiers(member)
    email_filter = Q()
    for email in identifiers["emails"]:
        email_filter |= Q(email__iexact=email)

    # Gone: the record exists only because of the person.
    _delete("network.Consent", member=member)
    _delete("notifications.Delivery", member=member)
    _delete("meetings.CalendarFeed", member=member)
    _delete("account.EmailAddress", user=member)
    _delete("network.Enquiry", sent_by=member)
    _delete("network.Blockage", raised_by=member, may_share=False)
    if identifiers["emails"]:
        _delete("network.Enquiry", email_filter)
        _delete("network.Invitation", email_filter)
    _delete("network.Invitation", accepted_by=member)

    # Kept, without the personal part: counts and project records stay true.
    _blank("meetings.Invitation", {"access_needs": [], "access_needs_notes": ""}, member=member)
    _blank("projects.Reflection", {"comment": ""}, member=member)
    _blank("pledges.PledgeSignature", {"commitment": "", "show_on_wall": False}, member=member)
    _blank("projects.ProjectMembership", {"why_involved": "", "contribution": ""}, member=member)

    Member = get_user_model()
    scrub_identifiers(identifiers=identifiers, except_model=Member)
    _anonymise_member(member)
    end_sessions(member)
    return member


def is_former_member(member):
    return member is not None and not member.is_active and member.email is None and (
        member.display_name == FORMER_MEMBER_NAME
    )


def former_member_label(member):
    """ "a former member, carer": how an erased member appears where the fact of their taking part is kept."""
    from network.models import Role

    role = Role(member.role).label if member.role in Role.values else ""
    return f"{FORMER_MEMBER_NAME.lower()}, {str(role).lower()}" if role else FORMER_MEMBER_NAME.lower()
