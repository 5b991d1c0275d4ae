"""The weekly network news, sent through the ledger (notifications) to every member who wants it."""

from notifications.models import Kind
from notifications.registry import KindHandler, register

from . import weekly_news

register(
    KindHandler(
        kind=Kind.WEEKLY_DIGEST,
        preference="wants_weekly_digest",
        recipients=weekly_news.weekly_recipients,
        build_messages=weekly_news.build_weekly_digests,
    )
)
