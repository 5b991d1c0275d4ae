"""Demo pledge: an earlier and a current version; most online members signed the first, some re-affirmed the second."""

import datetime as dt

from django.utils import timezone

from .models import PledgeSignature, PledgeVersion

PLEDGE_TEXT = """We promise to work together as equals.

- We value what each person brings: what they have lived through, what they know and what they can do.
- We share decisions and we are honest about what can and cannot change.
- We listen, we use plain words and we make it possible for everyone to take part.
- We look back together at how we worked, and we change what did not work.
"""

EASY_READ_TEXT = """We work together as equals.
We value what each person brings.
We make decisions together.
We are honest about what can change.
We listen to each other.
We use plain words.
Everyone can take part.
We look back at how we worked.
We change what did not work.
"""

UPDATED_EASY_READ_TEXT = EASY_READ_TEXT + "The people a decision is about can always take part.\n"

COMMITMENTS = [
    "I will make sure papers go out in good time and in Easy Read.",
    "I will listen first and speak second.",
    "I will say when I do not understand something.",
    "",
]


UPDATED_TEXT = PLEDGE_TEXT + """- We make sure the people most affected by a decision are in the room, or can take part another way.
"""

UPDATED_WHAT_CHANGED = "We added a promise that the people most affected by a decision can always take part."


def seed(members):
    version, _ = PledgeVersion.objects.get_or_create(
        title="Our co-production pledge",
        defaults={"text": PLEDGE_TEXT, "easy_read_text": EASY_READ_TEXT,
                  "published_at": timezone.now() - dt.timedelta(days=120)},
    )
    for index, member in enumerate(m for m in members if m.email):
        if index % 5 == 4:
            continue  # not everyone has signed yet
        PledgeSignature.objects.get_or_create(
            member=member,
            version=version,
            defaults={
                "commitment": COMMITMENTS[index % len(COMMITMENTS)],
                "show_on_wall": index % 3 != 0,
                "signed_at": version.published_at + dt.timedelta(days=index),
            },
        )

    _seed_update(members)


def _seed_update(members):
    """A newer version ten days ago: about half have re-affirmed, so the demo member sees the re-affirm banner."""
    update, _ = PledgeVersion.objects.get_or_create(
        title="Our co-production pledge (updated)",
        defaults={
            "text": UPDATED_TEXT,
            "easy_read_text": UPDATED_EASY_READ_TEXT,
            "what_changed": UPDATED_WHAT_CHANGED,
            "published_at": timezone.now() - dt.timedelta(days=10),
        },
    )
    online = [m for m in members if m.email]
    for index, member in enumerate(online):
        if index == 1 or index % 5 == 4 or index % 2 == 1:
            continue  # the demo member (second) and others have not re-affirmed yet
        PledgeSignature.objects.get_or_create(
            member=member,
            version=update,
            defaults={
                "commitment": COMMITMENTS[(index + 1) % len(COMMITMENTS)],
                "show_on_wall": index % 3 != 0,
                "signed_at": update.published_at + dt.timedelta(hours=index * 5),
            },
        )
    # One person withdrew: kept, dated, no longer counted.
    if len(online) > 6:
        PledgeSignature.objects.filter(member=online[6], withdrawn_at__isnull=True).update(
            withdrawn_at=update.published_at + dt.timedelta(days=2)
        )
