"""Demo pledge: one published version and signatures from most online members."""

import datetime as dt

from django.utils import timezone

from .models import PledgeSignature, PledgeVersion

PLEDGE_TEXT = """We promise to work together as equals.

- We value what each person brings: what they have lived through, what they know and what they can do.
- We share decisions and we are honest about what can and cannot change.
- We listen, we use plain words and we make it possible for everyone to take part.
- We look back together at how we worked, and we change what did not work.
"""

COMMITMENTS = [
    "I will make sure papers go out in good time and in Easy Read.",
    "I will listen first and speak second.",
    "I will say when I do not understand something.",
    "",
]


def seed(members):
    version, _ = PledgeVersion.objects.get_or_create(
        title="Our co-production pledge",
        defaults={"text": PLEDGE_TEXT, "published_at": timezone.now() - dt.timedelta(days=120)},
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
