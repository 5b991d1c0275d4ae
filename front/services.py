"""What the front door changes: the time a member last came to their home page."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from .selectors import SEEN_EVERY


def note_home_visit(*, member, now=None):
    """Record the visit, at most once an hour, so the home's "since you last came" stays put while they look
    around. One UPDATE and no signals: no kept count depends on it."""
    now = now or timezone.now()
    if member.last_seen_at is not None and member.last_seen_at > now - SEEN_EVERY:
        return False
    get_user_model().objects.filter(pk=member.pk).update(last_seen_at=now)
    member.last_seen_at = now
    return True
