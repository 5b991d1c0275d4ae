"""What the power-balance figures count (partnership/figures.py), seeded in the database with INSERT ... SELECT:
an invitation for everyone on each meeting's register, two chairs, a presenter and published minutes for each past
meeting, and actions and project leads spread over the last year (bulk-created rows all carry today's date).
Every row takes the person's role as its role then, as a save would have. Nothing is built row by row in Python.

The SQL is plain enough for PostgreSQL and SQLite (the tests' tiny run).
"""

import time

from django.db import connection

CHAIRS_PER_MEETING = 2
SPREAD_DAYS = 360  # actions and project memberships start over the last year


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _insert(label, columns, select_from, params):
    """INSERT INTO the model's table (columns: {column: SQL expression}) SELECT ... `select_from` (the FROM and
    WHERE). Any other column takes its field's default, so a field added later needs nothing here."""
    from django.apps import apps

    table = apps.get_model(label)._meta
    given, defaults = dict(columns), []
    for field in table.concrete_fields:
        if field.primary_key or field.column in given:
            continue
        if field.has_default() or not field.null:
            given[field.column] = "%s"
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
    names = ", ".join(connection.ops.quote_name(column) for column in given)
    return _run(f"INSERT INTO {table.db_table} ({names}) SELECT {', '.join(given.values())} {select_from}",  # noqa: S608 - names from the model
                [*defaults, *params])


def _people(alias, meeting, k, members):
    """A join condition picking person k (a number, or a column) of a meeting by arithmetic on ids (the members'
    ids are one dense range here)."""
    low, count = (int(n) for n in members)
    return f"{alias}.id = {low} + (({meeting}.id * 37 + {k} * {max(1, count // 7)}) %% {count})"


def seed_power(seeder, meeting_range, member_ids, now):
    """Add the rows for the meetings with ids in `meeting_range` (first, last); returns {kind: rows added}."""
    first, last = meeting_range
    now = connection.ops.adapt_datetimefield_value(now)
    members = (member_ids[0], member_ids[-1] - member_ids[0] + 1)
    counts = {}
    tick = time.perf_counter()
    past = "m.id BETWEEN %s AND %s AND m.starts_at < %s AND m.status = 'published'"

    # Everyone on a meeting's register was invited to it (the big project's replies are already there).
    counts["invitations"] = _insert("meetings.Invitation", {
        "meeting_id": "a.meeting_id", "member_id": "a.member_id", "role_then": "a.role_then",
        "response": "CASE a.status WHEN 'present' THEN 'attending' WHEN 'apologies' THEN 'apologies' ELSE '' END",
        "invited_at": "m.published_at",
    }, "FROM meetings_attendance a JOIN meetings_meeting m ON m.id = a.meeting_id WHERE m.id BETWEEN %s AND %s "
       "AND NOT EXISTS (SELECT 1 FROM meetings_invitation i WHERE i.meeting_id = a.meeting_id "
       "AND i.member_id = a.member_id)", [first, last])
    chair_picks = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(CHAIRS_PER_MEETING))
    counts["meeting chairs"] = _insert("meetings.MeetingChair", {
        "meeting_id": "m.id", "member_id": "p.id", "role_then": "p.role",
    }, f"FROM meetings_meeting m CROSS JOIN ({chair_picks}) j JOIN network_member p "
       f"ON {_people('p', 'm', 'j.k', members)} WHERE {past}", [first, last, now])
    counts["agenda items with a presenter"] = _insert("meetings.AgendaItem", {
        "meeting_id": "m.id", "order": "1", "title": "'What we heard'", "presenter_id": "p.id",
        "presenter_role_then": "p.role",
    }, f"FROM meetings_meeting m JOIN network_member p ON {_people('p', 'm', 3, members)} WHERE {past}",
        [first, last, now])
    counts["published minutes"] = _insert("meetings.Minutes", {
        "meeting_id": "m.id", "text": "'We met and agreed what to do next.'", "published_at": "m.ends_at",
        "published_by_id": "p.id", "publisher_role_then": "p.role",
    }, f"FROM meetings_meeting m JOIN network_member p ON {_people('p', 'm', 5, members)} WHERE {past}",
        [first, last, now])
    seeder.log(f"  power-balance rows (invitations, chairs, presenters, minutes) in {time.perf_counter() - tick:.1f}s")
    return counts


def spread_over_the_year(since_ids, now):
    """Actions and project memberships made in this step get dates over the last year, so the figures' periods
    count them (bulk_create gave them all today). since_ids: {table: first id of this step}."""
    now = connection.ops.adapt_datetimefield_value(now)
    days = f"((id %% {SPREAD_DAYS}) + 1)"
    if connection.vendor == "postgresql":
        shift = f"%s - ({days} * INTERVAL '1 day')"
    else:  # SQLite keeps datetimes as text
        shift = f"datetime(%s, '-' || {days} || ' days')"
    for table, column in (("projects_action", "created_at"), ("projects_projectmembership", "joined_at")):
        _run(f"UPDATE {table} SET {column} = {shift} WHERE id >= %s", [now, since_ids[table]])  # noqa: S608 - fixed names
