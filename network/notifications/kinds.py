"""The kinds of email the engine sends, registered once when the app is ready."""

from . import digest
from .models import Kind
from .registry import KindHandler, register

register(
    KindHandler(
        kind=Kind.WEEKLY_DIGEST,
        preference="wants_weekly_digest",
        recipients=digest.weekly_recipients,
        build_messages=digest.build_weekly_digests,
    )
)
