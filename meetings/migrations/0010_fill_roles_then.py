"""Existing replies, attendance, agenda items and minutes take each person's role now, because it is the best we
know: the role a person had before this migration was never kept. Rows made from here on keep the role of the
moment they are made (network/role_snapshots.py), so a later change of role no longer rewrites them.

Done in the database a range of ids at a time (UPDATE ... SET role_then = (SELECT role ...)), one commit per range,
never loading rows into Python. Rows without a person (a guest presenter, unpublished minutes) stay blank."""

from django.db import migrations

from network.role_snapshots import fill_from_current_roles

SNAPSHOTS = [
    ("Invitation", "member", "role_then"),
    ("Attendance", "member", "role_then"),
    ("AgendaItem", "presenter", "presenter_role_then"),
    ("Minutes", "published_by", "publisher_role_then"),
]


def fill(apps, schema_editor):
    fill_from_current_roles(apps, "meetings", SNAPSHOTS)


class Migration(migrations.Migration):
    atomic = False  # one commit per range of ids: no long lock over a large attendance table

    dependencies = [
        ("meetings", "0009_roles_then"),
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, atomic=False),
    ]
