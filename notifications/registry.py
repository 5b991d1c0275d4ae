"""Each kind of email says who gets it, what it says and when it is too late; the engine does the rest."""

from collections.abc import Callable
from dataclasses import dataclass

_HANDLERS: dict[str, "KindHandler"] = {}


@dataclass(frozen=True)
class KindHandler:
    kind: str
    # Member attribute that must be True for them to want this email (None: always wanted, e.g. a cancellation).
    preference: str | None
    # (object_id, occasion) -> QuerySet of members who should get it (offline members included: they are skipped).
    recipients: Callable
    # (list of Delivery with .member loaded) -> {delivery_id: EmailMultiAlternatives or None for "nothing new"}
    build_messages: Callable
    # (object_id, occasion, now) -> True when sending now would be pointless (the meeting is over).
    is_stale: Callable = lambda object_id, occasion, now: False
    # Optional: (object_id, occasion, offline_member_ids) -> called once per fan-out that found offline members.
    on_offline: Callable | None = None
    # Optional: (object_id, occasion) -> addresses of people who are not members (an invited person, the network's
    # own address when there is no lead yet); each gets a ledger row of its own.
    addresses: Callable | None = None
    # Optional: (object_id) -> the meeting this email is about, shown in the admin and deleted with it.
    meeting_of: Callable | None = None
    # True when the address must not be kept once the email has gone (the address an email change replaced).
    forget_address_once_sent: bool = False


def register(handler: KindHandler):
    _HANDLERS[handler.kind] = handler
    return handler


def handler_for(kind) -> KindHandler:
    return _HANDLERS[kind]


def handlers():
    return list(_HANDLERS.values())


_PLANNERS: list[Callable] = []


def register_planner(plan: Callable):
    """A function run at every scan that makes what has become due (for example meeting reminders)."""
    if plan not in _PLANNERS:
        _PLANNERS.append(plan)
    return plan


def planners():
    return list(_PLANNERS)


_SENT_LISTENERS: list[Callable] = []


def when_sent(listener: Callable):
    """listener(deliveries): called after each batch with the ledger rows that just went out (a feature that sends
    a copy to someone else, for example a member's support person, queues its own rows then)."""
    if listener not in _SENT_LISTENERS:
        _SENT_LISTENERS.append(listener)
    return listener


def sent_listeners():
    return list(_SENT_LISTENERS)
