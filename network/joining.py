"""The place features plug in when someone joins late: an offline member added after a meeting was published, or
brought into a project. meetings registers "invite them to every upcoming meeting they now belong to"; the member
core imports no feature.

Called inside the transaction that adds the person; what a listener queues goes out after it commits."""

_LISTENERS = []


def when_offline_members_join(listener):
    """listener(member_ids): called with the ids of offline members who have just joined the network or a project."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def offline_members_joined(member_ids):
    member_ids = [pk for pk in member_ids if pk is not None]
    if not member_ids:
        return
    for listener in _LISTENERS:
        listener(member_ids)
