"""What the front door changes: the time a member last came to their home page."""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from .selectors import SEEN_EVERY


def note_home_visit(*, member, now=None):
    """Record the visit; a visit within the hour of the last is the same visit, so "what changed since you last
    came" stays put while they look around and come back. One UPDATE and no signals: no kept count depends on it."""
    now = now or timezone.now()
    if member.last_seen_at is not None and member.last_seen_at > now - SEEN_EVERY:
        return False
    get_user_model().objects.filter(pk=member.pk).update(previous_seen_at=F("last_seen_at"), last_seen_at=now)
    member.previous_seen_at, member.last_seen_at = member.last_seen_at, now
    return True
