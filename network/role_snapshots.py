"""The role a person had when a row about them was made, kept on the row, so figures by role stay true over time:
a member who changes their role later does not rewrite who came, who led or who owned an action back then.

A model lists its people and their snapshot fields in ROLES_THEN ({"member": "role_then"}), mixes in
KeepsRolesThen (filled on save: when the row is made, and when the person on it changes) and uses
RoleSnapshotQuerySet (filled on bulk_create, which skips save()). Nothing else writes these fields.
"""

from django.apps import apps
from django.db import models
from django.db.models import Max, Min, OuterRef, Subquery

from .models import Role


def role_then_field(verbose_name):
    """A snapshot of a main role: blank when there is no person on the row."""
    return models.CharField(verbose_name, max_length=20, choices=Role.choices, blank=True, default="", editable=False)


def _member_model():
    return apps.get_model("network", "Member")


def _known_role(obj, field):
    """The person's role without a query, when the row holds the person with their role loaded."""
    if not field.is_cached(obj):
        return None
    person = field.get_cached_value(obj)
    if person is None or person.pk != getattr(obj, field.attname) or "role" not in person.__dict__:
        return None
    return person.role


def _fill(rows, people):
    """Set the snapshot of each (row, person field) in `people` from the person's role now: one query at most."""
    missing = set()
    for obj, field, _snapshot in people:
        if getattr(obj, field.attname) is not None and _known_role(obj, field) is None:
            missing.add(getattr(obj, field.attname))
    roles = dict(_member_model()._base_manager.filter(pk__in=missing).values_list("pk", "role")) if missing else {}
    for obj, field, snapshot in people:
        person_id = getattr(obj, field.attname)
        role = _known_role(obj, field) if person_id is not None else ""
        setattr(obj, snapshot, role if role is not None else roles.get(person_id, ""))


def _person_fields(model):
    return [(model._meta.get_field(person), snapshot) for person, snapshot in model.ROLES_THEN.items()]


class KeepsRolesThen:
    """Mixin for models with ROLES_THEN. A new row takes each person's role now; a row whose person is changed (an
    action given to someone else) takes the new person's role; anything else leaves the snapshot as it was."""

    ROLES_THEN = {}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._people_then = instance._people_now()
        return instance

    def _people_now(self):
        # Read from __dict__ so a deferred person field is not fetched just to be remembered.
        return {field.attname: self.__dict__.get(field.attname) for field, _snapshot in _person_fields(type(self))}

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        now = self._people_now()
        if fields is not None:
            loaded = getattr(self, "_people_then", {})
            now = {**loaded, **{name: value for name, value in now.items() if name in fields
                                or name.removesuffix("_id") in fields}}
        self._people_then = now

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        loaded = getattr(self, "_people_then", None)
        stale = []
        for field, snapshot in _person_fields(type(self)):
            if update_fields is not None and field.name not in update_fields and field.attname not in update_fields:
                continue  # the person on the row is not being written, so it cannot change
            if self._state.adding or loaded is None:
                changed = not getattr(self, snapshot)  # new (or made by hand with a pk): fill unless given
            else:
                changed = getattr(self, field.attname) != loaded.get(field.attname)
            if changed:
                stale.append((self, field, snapshot))
        _fill([self], stale)
        if update_fields is not None and stale:
            kwargs["update_fields"] = [*update_fields, *(snapshot for _obj, _field, snapshot in stale)]
        super().save(*args, **kwargs)
        self._people_then = self._people_now()


class RoleSnapshotQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Fill the snapshots not given (bulk_create skips save()): one query for the people's roles at most."""
        objs = list(objs)
        fields = _person_fields(self.model)
        _fill(objs, [(obj, field, snapshot) for obj in objs for field, snapshot in fields if not getattr(obj, snapshot)])
        return super().bulk_create(objs, *args, **kwargs)


# --- for data migrations -----------------------------------------------------------------------------------------

FILL_BATCH = 10_000


def fill_from_current_roles(registry, app_label, snapshots, batch=FILL_BATCH):
    """Fill blank snapshots of existing rows from each person's role now, in the database, a range of ids at a time
    (UPDATE ... SET x = (SELECT role ...)); rows are never loaded into Python. snapshots: [(model, person, field)].
    `registry`: the migration's apps. Used by migrations: keep what it does."""
    Member = registry.get_model("network", "Member")
    for model_name, person, snapshot in snapshots:
        rows = registry.get_model(app_label, model_name)._base_manager.filter(
            **{f"{person}__isnull": False, snapshot: ""}
        )
        bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            continue
        role = Subquery(Member._base_manager.filter(pk=OuterRef(person)).values("role")[:1])
        for start in range(bounds["low"], bounds["high"] + 1, batch):
            rows.filter(pk__gte=start, pk__lt=start + batch).update(**{snapshot: role})
