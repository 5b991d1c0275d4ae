"""The place features plug in when a meeting's register changes: involvement registers "keep each person's record
of time given in step with who was present". meetings imports no feature above it.

Called inside the transaction that records the register (the meeting's row is locked), after its rows are written:
the register is written in bulk, so Django's save signals do not fire for it."""

_LISTENERS = []


def when_the_register_changes(listener):
    """listener(meeting, by=...): called after the register of `meeting` was started, corrected or marked, or its
    times changed (`by` is the lead who did it, or None)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def register_changed(meeting, by=None):
    for listener in _LISTENERS:
        listener(meeting, by=by)
